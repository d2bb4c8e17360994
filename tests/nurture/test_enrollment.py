import datetime
import itertools

import pytest
import time_machine
from django.utils import timezone

from relationships.models import (
    Actor,
    Consent,
    DeliveryStatus,
    Enrollment,
    EnrollmentState,
    StageKey,
)
from relationships.nurture.enrollment import enroll, reschedule_queued
from relationships.people.consent import confirm_consent, unsubscribe
from relationships.people.prospects import create_prospect
from relationships.people.replies import record_reply
from relationships.people.stages import move_stage
from tests.support.factories import DiagnosisFactory, ProspectFactory, SequenceFactory, stage

# A Tuesday, inside the default Tue–Thu 09:00–11:00 window in London (GMT in March).
TUESDAY = datetime.datetime(2026, 3, 10, 9, 30, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(TUESDAY, tick=False) as traveller:
        yield traveller


def statuses(prospect):
    return sorted(prospect.deliveries.values_list("status", flat=True))


def test_entering_a_stage_enrolls_in_its_sequences_after_commit(workspace):
    welcome = SequenceFactory(workspace=workspace, steps=[DAY * 0, DAY * 7, DAY * 14])
    prospect = create_prospect(
        workspace, name="Ada", email="ada@example.org", consent=Consent.CONFIRMED
    )
    enrollment = Enrollment.objects.get(prospect=prospect, sequence=welcome)
    assert enrollment.state == EnrollmentState.ACTIVE
    due = list(prospect.deliveries.order_by("due_at").values_list("due_at", flat=True))
    assert len(due) == 3
    assert due[0] >= TUESDAY
    assert due[1] - due[0] >= DAY * 7


def test_no_consent_no_enrollment_until_consent_is_confirmed(workspace, coach):
    SequenceFactory(workspace=workspace)
    prospect = create_prospect(workspace, name="Ada", email="ada@example.org")
    assert not prospect.enrollments.exists()
    confirm_consent(prospect, how="Asked at the spring workshop", user=coach)
    prospect.refresh_from_db()
    assert prospect.consent == Consent.CONFIRMED
    assert "spring workshop" in prospect.consent_note
    assert prospect.enrollments.get().state == EnrollmentState.ACTIVE
    assert prospect.interactions.filter(summary__contains="Consent confirmed").exists()


def test_a_coach_must_say_how_consent_was_given(workspace):
    from relationships.errors import BridgeError

    prospect = ProspectFactory(workspace=workspace, consent=Consent.PENDING)
    with pytest.raises(BridgeError, match="how they gave consent"):
        confirm_consent(prospect, how="  ")


def test_a_coach_cannot_re_subscribe_someone_who_said_stop(workspace):
    from relationships.errors import BridgeError

    prospect = ProspectFactory(workspace=workspace, consent=Consent.UNSUBSCRIBED)
    with pytest.raises(BridgeError, match="only they can opt in"):
        confirm_consent(prospect, how="They told me at a party")


def test_enrolling_twice_keeps_one_open_enrollment(workspace):
    sequence = SequenceFactory(workspace=workspace)
    prospect = ProspectFactory(workspace=workspace)
    first = enroll(prospect, sequence)
    again = enroll(prospect, sequence)
    assert first.pk == again.pk
    assert prospect.deliveries.count() == 3


def test_leaving_the_entry_stage_exits_and_cancels_queued_mail(workspace):
    sequence = SequenceFactory(workspace=workspace)
    prospect = ProspectFactory(workspace=workspace)
    enroll(prospect, sequence)
    move_stage(prospect, to=stage(workspace, StageKey.EXPLORING), actor=Actor.COACH)
    enrollment = prospect.enrollments.get(sequence=sequence)
    assert enrollment.state == EnrollmentState.EXITED
    assert enrollment.reason == "Moved to Exploring"
    assert statuses(prospect) == [DeliveryStatus.CANCELLED] * 3


def test_entering_the_next_stage_enrolls_in_its_sequence(workspace):
    exploring = stage(workspace, StageKey.EXPLORING)
    later = SequenceFactory(workspace=workspace, entry_stage=exploring)
    prospect = ProspectFactory(workspace=workspace)
    move_stage(prospect, to=exploring, actor=Actor.COACH)
    assert prospect.enrollments.get().sequence == later


def test_a_sequence_that_keeps_going_across_stages_is_not_exited(workspace):
    sequence = SequenceFactory(workspace=workspace, exit_on_stage_leave=False)
    prospect = ProspectFactory(workspace=workspace)
    enroll(prospect, sequence)
    move_stage(prospect, to=stage(workspace, StageKey.EXPLORING), actor=Actor.COACH)
    assert prospect.enrollments.get().state == EnrollmentState.ACTIVE


@pytest.mark.parametrize("key", [StageKey.CLIENT, StageKey.NOT_A_FIT])
def test_an_outcome_exits_every_sequence(workspace, key):
    sequence = SequenceFactory(workspace=workspace, exit_on_stage_leave=False)
    prospect = ProspectFactory(workspace=workspace)
    DiagnosisFactory(prospect=prospect)
    enroll(prospect, sequence)
    move_stage(prospect, to=stage(workspace, key), actor=Actor.COACH)
    assert prospect.enrollments.get().state == EnrollmentState.EXITED
    assert statuses(prospect) == [DeliveryStatus.CANCELLED] * 3


def test_not_now_pauses_and_the_revisit_date_resumes_only_unsent_steps(workspace, clock):
    from relationships.people.revisits import resume_due_revisits

    sequence = SequenceFactory(workspace=workspace)
    prospect = ProspectFactory(workspace=workspace)
    enroll(prospect, sequence)
    first = prospect.deliveries.order_by("due_at").first()
    type(first).objects.filter(pk=first.pk).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now()
    )
    revisit = datetime.date(2026, 6, 1)
    move_stage(
        prospect, to=stage(workspace, StageKey.NOT_NOW), actor=Actor.PROSPECT, revisit_on=revisit
    )
    enrollment = prospect.enrollments.get()
    assert (enrollment.state, enrollment.paused_until) == (EnrollmentState.PAUSED, revisit)
    assert statuses(prospect) == [DeliveryStatus.CANCELLED] * 2 + [DeliveryStatus.SENT]

    clock.move_to(datetime.datetime(2026, 6, 2, 8, tzinfo=datetime.UTC))
    assert resume_due_revisits() == 1
    enrollment.refresh_from_db()
    assert enrollment.state == EnrollmentState.ACTIVE
    assert statuses(prospect) == [DeliveryStatus.SCHEDULED] * 2 + [DeliveryStatus.SENT]
    assert all(
        d.due_at >= timezone.now()
        for d in prospect.deliveries.filter(status=DeliveryStatus.SCHEDULED)
    )


def test_a_reply_pauses_everything_moves_them_into_conversation_and_flags_the_coach(workspace):
    sequence = SequenceFactory(workspace=workspace)
    prospect = ProspectFactory(workspace=workspace)
    enroll(prospect, sequence)
    record_reply(prospect, summary="Thanks, this landed at the right time.")
    prospect.refresh_from_db()
    assert prospect.stage.key == StageKey.IN_CONVERSATION
    assert prospect.needs_attention and prospect.attention_reason == "Replied"
    assert prospect.interactions.get(kind="email_in").summary.startswith("Thanks")
    assert prospect.stage_changes.first().actor == Actor.SYSTEM
    assert prospect.last_touch_at is not None
    assert not prospect.deliveries.filter(status=DeliveryStatus.SCHEDULED).exists()


def test_a_reply_exits_the_sequence_of_the_stage_they_leave_and_pauses_the_rest(workspace):
    bound = SequenceFactory(workspace=workspace)  # stops when they leave Needs help
    lasting = SequenceFactory(workspace=workspace, exit_on_stage_leave=False)
    prospect = ProspectFactory(workspace=workspace)
    enroll(prospect, bound)
    enroll(prospect, lasting)
    record_reply(prospect, summary="Yes, let's talk.")
    states = dict(prospect.enrollments.values_list("sequence_id", "state"))
    assert states == {bound.pk: EnrollmentState.EXITED, lasting.pk: EnrollmentState.PAUSED}


def test_a_reply_does_not_start_the_next_stages_automation(workspace):
    SequenceFactory(workspace=workspace, entry_stage=stage(workspace, StageKey.IN_CONVERSATION))
    prospect = ProspectFactory(workspace=workspace)
    record_reply(prospect, summary="Can we talk?")
    enrollment = prospect.enrollments.get()
    assert enrollment.state == EnrollmentState.PAUSED
    assert not prospect.deliveries.filter(status=DeliveryStatus.SCHEDULED).exists()


def test_unsubscribing_exits_at_once_queued_mail_included_and_is_idempotent(workspace):
    sequence = SequenceFactory(workspace=workspace)
    prospect = ProspectFactory(workspace=workspace)
    enroll(prospect, sequence)
    claimed = prospect.deliveries.first()
    type(claimed).objects.filter(pk=claimed.pk).update(status=DeliveryStatus.CLAIMED)
    assert unsubscribe(prospect) is True
    assert unsubscribe(prospect) is False
    prospect.refresh_from_db()
    assert prospect.consent == Consent.UNSUBSCRIBED
    assert statuses(prospect) == [DeliveryStatus.CANCELLED] * 3
    assert prospect.enrollments.get().state == EnrollmentState.EXITED


def test_the_frequency_cap_holds_across_sequences(workspace):
    one = SequenceFactory(workspace=workspace, steps=[DAY * 0, DAY * 1])
    two = SequenceFactory(workspace=workspace, steps=[DAY * 0, DAY * 1])
    prospect = ProspectFactory(workspace=workspace)
    enroll(prospect, one)
    enroll(prospect, two)
    due = sorted(prospect.deliveries.values_list("due_at", flat=True))
    assert len(due) == 4
    gaps = [b - a for a, b in itertools.pairwise(due)]
    assert min(gaps) >= DAY * workspace.frequency_cap_days


def test_less_often_respaces_queued_mail(workspace):
    sequence = SequenceFactory(workspace=workspace, steps=[DAY * 0, DAY * 0, DAY * 0])
    prospect = ProspectFactory(workspace=workspace)
    enroll(prospect, sequence)
    prospect.nurture_spacing = 2
    prospect.save(update_fields=["nurture_spacing"])
    reschedule_queued(prospect)
    due = sorted(prospect.deliveries.values_list("due_at", flat=True))
    assert min(b - a for a, b in itertools.pairwise(due)) >= DAY * 6


def test_pausing_one_enrollment_leaves_the_others_running(workspace):
    from relationships.nurture.enrollment import pause_enrollments

    one = SequenceFactory(workspace=workspace)
    two = SequenceFactory(workspace=workspace)
    prospect = ProspectFactory(workspace=workspace)
    first = enroll(prospect, one)
    enroll(prospect, two)
    assert pause_enrollments(prospect, reason="Coach", enrollments=[first]) == 1
    states = dict(prospect.enrollments.values_list("sequence_id", "state"))
    assert states == {one.pk: EnrollmentState.PAUSED, two.pk: EnrollmentState.ACTIVE}
