import datetime
import itertools

import pytest
import time_machine
from django.utils import timezone

from relationships.errors import BridgeError
from relationships.models import (
    Actor,
    Consent,
    Content,
    ContentStatus,
    Delivery,
    DeliveryStatus,
    Enrollment,
    EnrollmentState,
    InteractionKind,
    Sequence,
    StageKey,
    Step,
)
from relationships.nurture.enrollment import enroll
from relationships.people.prospects import mark_handled
from relationships.people.stages import move_stage
from relationships.selfservice import actions as self_service
from relationships.selfservice.actions import EmailState, add_months
from tests.support.factories import ProspectFactory, stage

UTC = datetime.UTC
_names = itertools.count()


def sequence_for(workspace, key, *, steps=3, delay=datetime.timedelta(days=1), **extra):
    """An active sequence entered at stage `key`, with approved value content."""
    sequence = Sequence.objects.create(
        workspace=workspace,
        name=f"Sequence {next(_names)}",
        entry_stage=stage(workspace, key),
        **extra,
    )
    for position in range(steps):
        content = Content.objects.create(
            workspace=workspace,
            title=f"Value {next(_names)}",
            subject="Something useful",
            body="Hi {{ first_name }}, here is one idea.",
            status=ContentStatus.APPROVED,
        )
        Step.objects.create(sequence=sequence, position=position, content=content, delay=delay)
    return sequence


def nurtured(workspace, key=StageKey.NEEDS_HELP, **extra):
    """A prospect in stage `key`, enrolled in that stage's sequence with mail queued."""
    prospect = ProspectFactory(workspace=workspace, stage=stage(workspace, key))
    enrollment = enroll(prospect, sequence_for(workspace, key, **extra))
    assert enrollment.deliveries.filter(status=DeliveryStatus.SCHEDULED).count() == 3
    return prospect, enrollment


def statuses(enrollment) -> set[str]:
    return set(enrollment.deliveries.values_list("status", flat=True))


def notes(prospect) -> list[str]:
    return list(
        prospect.interactions.filter(kind=InteractionKind.NOTE).values_list("summary", flat=True)
    )


# ---- I'd like to talk ---------------------------------------------------------------------


@pytest.mark.django_db
def test_asking_to_talk_stops_all_mail_flags_the_coach_and_moves_them_into_conversation(
    workspace, django_capture_on_commit_callbacks
):
    prospect, enrollment = nurtured(workspace)
    with django_capture_on_commit_callbacks(execute=True):
        change = self_service.ask_to_talk(prospect, note="Evenings are best.")
    prospect.refresh_from_db()
    assert prospect.stage.key == StageKey.IN_CONVERSATION
    assert (change.actor, change.from_stage.key) == (Actor.PROSPECT, StageKey.NEEDS_HELP)
    assert prospect.needs_attention and prospect.attention_reason == "Asked to talk"
    assert statuses(enrollment) == {DeliveryStatus.CANCELLED}
    [summary] = notes(prospect)
    assert "I'd like to talk" in summary and "Evenings are best." in summary


@pytest.mark.django_db
def test_sequences_of_the_stage_they_talk_their_way_into_wait_for_the_coach(
    workspace, django_capture_on_commit_callbacks
):
    prospect, _ = nurtured(workspace, StageKey.EXPLORING)
    sequence_for(workspace, StageKey.IN_CONVERSATION)
    with django_capture_on_commit_callbacks(execute=True):
        self_service.ask_to_talk(prospect)
    joined = Enrollment.objects.get(prospect=prospect, sequence__entry_stage__key="in_conversation")
    assert joined.state == EnrollmentState.PAUSED
    assert statuses(joined) == {DeliveryStatus.CANCELLED}


@pytest.mark.django_db
def test_clicking_talk_twice_moves_once_and_notes_once(
    workspace, django_capture_on_commit_callbacks
):
    prospect, _ = nurtured(workspace)
    with django_capture_on_commit_callbacks(execute=True):
        assert self_service.ask_to_talk(prospect) is not None
        assert self_service.ask_to_talk(prospect) is None
    assert prospect.stage_changes.filter(actor=Actor.PROSPECT).count() == 1
    assert len(notes(prospect)) == 1


@pytest.mark.django_db
def test_pressing_talk_five_times_emails_the_coach_once_and_notes_each_word(
    workspace, coach, mailoutbox, django_capture_on_commit_callbacks
):
    # Issue 15, defect 3: five presses in 13 seconds sent five identical emails.
    prospect, _ = nurtured(workspace)
    for press in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            self_service.request_talk(prospect, about=f"Press {press}", times="Mornings")
    assert len(mailoutbox) == 1
    assert len(notes(prospect)) == 5


@pytest.mark.django_db
def test_asking_again_after_the_coach_handled_it_or_a_day_later_tells_the_coach_again(
    workspace, coach, mailoutbox, django_capture_on_commit_callbacks
):
    prospect, _ = nurtured(workspace)
    start = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        self_service.request_talk(prospect, about="First")
    prospect.refresh_from_db()
    mark_handled(prospect)
    with django_capture_on_commit_callbacks(execute=True):
        self_service.request_talk(prospect, about="After you answered")
    with (
        time_machine.travel(start + datetime.timedelta(days=1, minutes=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        self_service.request_talk(prospect, about="A day on")
    assert len(mailoutbox) == 3


@pytest.mark.django_db
@pytest.mark.parametrize("key", [StageKey.DIAGNOSED, StageKey.CLIENT, StageKey.NOT_A_FIT])
def test_asking_to_talk_from_further_along_pauses_and_flags_without_a_move(workspace, key):
    prospect, enrollment = nurtured(workspace, key)
    assert self_service.ask_to_talk(prospect) is None
    prospect.refresh_from_db()
    assert prospect.stage.key == key
    assert prospect.needs_attention
    assert statuses(enrollment) == {DeliveryStatus.CANCELLED}
    assert not prospect.stage_changes.exists()


@pytest.mark.django_db
def test_asking_to_talk_from_not_now_brings_them_back_without_resuming_parked_mail(
    workspace, django_capture_on_commit_callbacks
):
    prospect, enrollment = nurtured(workspace, StageKey.EXPLORING, exit_on_stage_leave=False)
    with django_capture_on_commit_callbacks(execute=True):
        self_service.not_now(prospect)
    enrollment.refresh_from_db()
    assert enrollment.state == EnrollmentState.PAUSED
    with django_capture_on_commit_callbacks(execute=True):
        self_service.ask_to_talk(prospect)
    prospect.refresh_from_db()
    enrollment.refresh_from_db()
    assert prospect.stage.key == StageKey.IN_CONVERSATION and prospect.revisit_on is None
    # Still held: the coach answers first, then resumes the mail.
    assert (enrollment.state, enrollment.reason) == (EnrollmentState.PAUSED, "Asked to talk")
    assert statuses(enrollment) == {DeliveryStatus.CANCELLED}


# ---- Not now ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_not_now_parks_them_for_three_months_and_cancels_queued_mail(
    workspace, django_capture_on_commit_callbacks
):
    prospect, enrollment = nurtured(workspace, StageKey.EXPLORING)
    with (
        time_machine.travel(datetime.datetime(2026, 3, 10, 12, tzinfo=UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        revisit = self_service.not_now(prospect)
    assert revisit == datetime.date(2026, 6, 10)
    prospect.refresh_from_db()
    enrollment.refresh_from_db()
    assert (prospect.stage.key, prospect.revisit_on) == (StageKey.NOT_NOW, revisit)
    change = prospect.stage_changes.get()
    assert (change.actor, change.from_stage.key) == (Actor.PROSPECT, StageKey.EXPLORING)
    assert "Not now" in change.reason
    assert (enrollment.state, enrollment.paused_until) == (EnrollmentState.PAUSED, revisit)
    assert statuses(enrollment) == {DeliveryStatus.CANCELLED}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("now", "zone", "revisit"),
    [
        # 30 November + 3 months: February has no 30th.
        (
            datetime.datetime(2025, 11, 30, 12, tzinfo=UTC),
            "Europe/London",
            datetime.date(2026, 2, 28),
        ),
        (
            datetime.datetime(2023, 11, 30, 12, tzinfo=UTC),
            "Europe/London",
            datetime.date(2024, 2, 29),
        ),
        # Already 1 February in Auckland while it is still 31 January in UTC.
        (
            datetime.datetime(2026, 1, 31, 23, 30, tzinfo=UTC),
            "Pacific/Auckland",
            datetime.date(2026, 5, 1),
        ),
        (
            datetime.datetime(2026, 1, 31, 23, 30, tzinfo=UTC),
            "America/Denver",
            datetime.date(2026, 4, 30),
        ),
    ],
)
def test_the_revisit_date_is_on_the_prospects_calendar(workspace, now, zone, revisit):
    prospect = ProspectFactory(workspace=workspace, timezone=zone)
    with time_machine.travel(now, tick=False):
        assert self_service.not_now(prospect) == revisit
    prospect.refresh_from_db()
    assert prospect.revisit_on == revisit


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2026, 10, 15), 3, datetime.date(2027, 1, 15)),
        (datetime.date(2026, 12, 31), 12, datetime.date(2027, 12, 31)),
        (datetime.date(2026, 8, 31), 3, datetime.date(2026, 11, 30)),
        (datetime.date(2027, 11, 29), 3, datetime.date(2028, 2, 29)),
    ],
)
def test_add_months_keeps_the_day_or_clamps_to_the_months_end(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.django_db
def test_not_now_again_moves_the_revisit_date_without_another_stage_change(
    workspace, django_capture_on_commit_callbacks
):
    prospect, enrollment = nurtured(workspace, StageKey.EXPLORING)
    with (
        time_machine.travel(datetime.datetime(2026, 3, 10, 12, tzinfo=UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        self_service.not_now(prospect)
    with time_machine.travel(datetime.datetime(2026, 4, 20, 12, tzinfo=UTC), tick=False):
        assert self_service.not_now(prospect) == datetime.date(2026, 7, 20)
    prospect.refresh_from_db()
    enrollment.refresh_from_db()
    assert prospect.stage.key == StageKey.NOT_NOW
    assert prospect.revisit_on == enrollment.paused_until == datetime.date(2026, 7, 20)
    assert prospect.stage_changes.count() == 1
    assert any("20 July 2026" in summary for summary in notes(prospect))


@pytest.mark.django_db
@pytest.mark.parametrize("key", [StageKey.CLIENT, StageKey.NOT_A_FIT])
def test_not_now_never_moves_someone_out_of_an_outcome(workspace, key):
    prospect, enrollment = nurtured(workspace, key)
    self_service.not_now(prospect)
    prospect.refresh_from_db()
    enrollment.refresh_from_db()
    assert prospect.stage.key == key and prospect.revisit_on is None
    assert not prospect.stage_changes.exists()
    assert enrollment.state == EnrollmentState.PAUSED
    assert statuses(enrollment) == {DeliveryStatus.CANCELLED}
    [summary] = notes(prospect)
    assert "Not now" in summary and "paused" in summary


@pytest.mark.django_db
def test_not_now_needs_at_least_a_month(workspace):
    prospect = ProspectFactory(workspace=workspace)
    with pytest.raises(BridgeError):
        self_service.not_now(prospect, months=0)


# ---- Less often ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_less_often_doubles_the_spacing_of_mail_already_queued(workspace):
    # Every day open for sending, so the cap alone sets the spacing.
    workspace.send_days = [1, 2, 3, 4, 5, 6, 7]
    workspace.save(update_fields=["send_days"])
    prospect, enrollment = nurtured(workspace)
    cap = datetime.timedelta(days=workspace.frequency_cap_days)
    before = list(enrollment.deliveries.order_by("due_at").values_list("due_at", flat=True))
    assert min(b - a for a, b in itertools.pairwise(before)) < 2 * cap

    assert self_service.less_often(prospect) is True
    prospect.refresh_from_db()
    assert prospect.nurture_spacing == 2
    after = list(enrollment.deliveries.order_by("due_at").values_list("due_at", flat=True))
    assert statuses(enrollment) == {DeliveryStatus.SCHEDULED}
    assert all(b - a >= 2 * cap for a, b in itertools.pairwise(after))
    assert all(new >= old for old, new in zip(before, after, strict=True))
    assert any("Less often" in summary for summary in notes(prospect))


@pytest.mark.django_db
def test_less_often_twice_changes_nothing_more(workspace):
    prospect, enrollment = nurtured(workspace)
    self_service.less_often(prospect)
    due = list(enrollment.deliveries.values_list("pk", "due_at"))
    assert self_service.less_often(prospect) is False
    assert list(enrollment.deliveries.values_list("pk", "due_at")) == due
    assert len(notes(prospect)) == 1


@pytest.mark.django_db
def test_less_often_leaves_a_wider_spacing_alone(workspace):
    prospect = ProspectFactory(workspace=workspace, nurture_spacing=3)
    assert self_service.less_often(prospect) is False
    prospect.refresh_from_db()
    assert prospect.nurture_spacing == 3


# ---- Stop ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_stop_unsubscribes_and_cancels_queued_mail_once(workspace):
    prospect, enrollment = nurtured(workspace)
    assert self_service.stop(prospect, via="one-click unsubscribe") is True
    assert self_service.stop(prospect, via="one-click unsubscribe") is False
    prospect.refresh_from_db()
    enrollment.refresh_from_db()
    assert prospect.consent == Consent.UNSUBSCRIBED
    assert "one-click" in prospect.consent_note
    assert enrollment.state == EnrollmentState.EXITED
    assert statuses(enrollment) == {DeliveryStatus.CANCELLED}
    assert notes(prospect) == ["Unsubscribed (one-click unsubscribe)."]


# ---- What the preference page shows -------------------------------------------------------


@pytest.mark.django_db
def test_email_preferences_follow_each_choice(workspace, django_capture_on_commit_callbacks):
    prospect, _ = nurtured(workspace, StageKey.EXPLORING)
    assert self_service.email_preferences(prospect).state == EmailState.RECEIVING
    self_service.less_often(prospect)
    assert self_service.email_preferences(prospect).state == EmailState.LESS_OFTEN
    with django_capture_on_commit_callbacks(execute=True):
        revisit = self_service.not_now(prospect)
    prospect.refresh_from_db()
    preferences = self_service.email_preferences(prospect)
    assert (preferences.state, preferences.paused_until) == (EmailState.PAUSED, revisit)
    assert preferences.less_often and not preferences.receiving
    self_service.stop(prospect)
    assert self_service.email_preferences(prospect).state == EmailState.STOPPED


@pytest.mark.django_db
def test_a_prospect_who_asked_to_talk_sees_their_mail_paused(workspace):
    prospect, _ = nurtured(workspace, StageKey.DIAGNOSED)
    assert self_service.email_preferences(prospect).state == EmailState.RECEIVING
    self_service.ask_to_talk(prospect)
    preferences = self_service.email_preferences(prospect)
    assert (preferences.state, preferences.asked_to_talk) == (EmailState.PAUSED, True)
    pending = ProspectFactory(workspace=workspace, consent=Consent.PENDING)
    assert self_service.email_preferences(pending).state == EmailState.NOT_CONFIRMED


@pytest.mark.django_db
def test_move_stage_by_a_coach_is_not_confused_with_the_prospects_own_moves(workspace):
    # The coach's moves stay the coach's: only the link services record Actor.PROSPECT.
    prospect, _ = nurtured(workspace)
    move_stage(prospect, to=stage(workspace, StageKey.EXPLORING), actor=Actor.COACH)
    self_service.ask_to_talk(prospect)
    actors = list(prospect.stage_changes.order_by("at", "pk").values_list("actor", flat=True))
    assert actors == [Actor.COACH, Actor.PROSPECT]
    assert not Delivery.objects.filter(prospect=prospect, status=DeliveryStatus.SCHEDULED).exists()
