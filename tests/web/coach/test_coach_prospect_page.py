"""A prospect's page: one timeline, quick logging, consent, nurture, moves; adding and editing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from relationships.models import (
    Actor,
    Consent,
    Delivery,
    DeliveryStatus,
    EnrollmentState,
    Interaction,
    InteractionKind,
    Prospect,
    StageKey,
    Tag,
)
from relationships.nurture.enrollment import enroll
from relationships.people.stages import move_stage
from relationships.selfservice.preferences import skip_delivery
from tests.support.factories import (
    DiagnosisFactory,
    InteractionFactory,
    MembershipFactory,
    ProspectFactory,
    SequenceFactory,
    UserFactory,
    stage,
)

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def signed_in(client, coach):
    client.force_login(coach)
    return client


@pytest.fixture
def prospect(workspace):
    return ProspectFactory(workspace=workspace, name="Diego Alvarez", email="diego@example.org")


def detail(client, prospect) -> str:
    return client.get(reverse("coach:prospect", args=[prospect.pk])).content.decode()


def test_the_timeline_merges_everything_newest_first(signed_in, workspace, prospect, coach):
    now = timezone.now()
    hours_ago = lambda hours: now - datetime.timedelta(hours=hours)  # noqa: E731
    move_stage(prospect, to=stage(workspace, StageKey.EXPLORING), actor=Actor.COACH, user=coach)
    prospect.stage_changes.update(at=hours_ago(50))
    InteractionFactory(
        prospect=prospect, kind=InteractionKind.CALL, summary="Chat.", at=hours_ago(40)
    )
    enrollment = enroll(prospect, SequenceFactory(workspace=workspace))
    sent, skipped, _queued = enrollment.deliveries.order_by("step__position")
    Delivery.objects.filter(pk=sent.pk).update(
        status=DeliveryStatus.SENT,
        sent_at=hours_ago(30),
        replied_at=hours_ago(20),
        useful=True,
        useful_at=hours_ago(10),
    )
    Delivery.objects.filter(pk=skipped.pk).update(
        status=DeliveryStatus.SKIPPED, due_at=hours_ago(25), reason="Frequency cap reached"
    )
    DiagnosisFactory(prospect=prospect, desired_outcome="Evenings back.")

    page = detail(signed_in, prospect)
    timeline = page[page.index('<ol class="timeline"') :]

    order = [
        "Diagnosis recorded",
        "Found “",
        "Replied to “",
        "Skipped “",
        "Sent “",
        "Chat.",
        "Moved from Needs help to Exploring",
    ]
    positions = [timeline.index(text) for text in order]
    assert positions == sorted(positions)
    assert "Frequency cap reached" in timeline and "Evenings back." in timeline


def test_a_skip_sits_on_the_timeline_when_they_clicked_not_when_it_was_planned(
    signed_in, workspace, prospect
):
    # Issue 15, defect 4: a skip days ahead showed above today's events.
    enrollment = enroll(
        prospect, SequenceFactory(workspace=workspace, steps=[datetime.timedelta(days=5)])
    )
    planned = enrollment.deliveries.get()
    assert skip_delivery(prospect, planned.pk)
    InteractionFactory(prospect=prospect, kind=InteractionKind.NOTE, summary="Later today.")

    timeline = detail(signed_in, prospect)
    timeline = timeline[timeline.index('<ol class="timeline"') :]
    assert timeline.index("Later today.") < timeline.index("Skipped “")


def test_logging_a_call_adds_it_to_the_timeline(signed_in, prospect, coach):
    response = signed_in.post(
        reverse("coach:prospect_log", args=[prospect.pk]),
        {"kind": "call", "summary": "  Talked about his notice period.  "},
    )
    assert response["Location"] == reverse("coach:prospect", args=[prospect.pk])
    interaction = Interaction.objects.get(prospect=prospect)
    assert (interaction.kind, interaction.summary, interaction.author) == (
        "call",
        "Talked about his notice period.",
        coach,
    )
    page = detail(signed_in, prospect)
    assert "Logged the call with Diego Alvarez." in page


def test_logging_their_reply_pauses_nurture_and_puts_them_in_conversation(
    signed_in, workspace, prospect
):
    # A sequence that may go on in conversation: the reply pauses it.
    enrollment = enroll(prospect, SequenceFactory(workspace=workspace, exit_on_stage_leave=False))
    response = signed_in.post(
        reverse("coach:prospect_log", args=[prospect.pk]),
        {"kind": "reply", "summary": "“I keep saying yes to everything.”"},
        **HTMX,
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="prospect"') and "<html" not in page
    assert "their nurture email is paused" in page
    prospect.refresh_from_db()
    enrollment.refresh_from_db()
    assert prospect.stage.key == StageKey.IN_CONVERSATION
    assert prospect.needs_attention and prospect.attention_reason == "Replied"
    assert enrollment.state == EnrollmentState.PAUSED
    assert Interaction.objects.get(prospect=prospect).kind == InteractionKind.EMAIL_IN


def test_a_log_without_words_keeps_what_was_chosen_and_says_why(signed_in, prospect):
    response = signed_in.post(
        reverse("coach:prospect_log", args=[prospect.pk]),
        {"kind": "meeting", "summary": "   ", "at": "2020-01-01T10:00"},
        **HTMX,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Write a line about what happened." in page
    assert 'id="log_kind_3" checked' in page
    assert 'value="2020-01-01T10:00"' in page
    assert not Interaction.objects.exists()


def test_a_log_in_the_future_or_of_an_unknown_kind_is_refused(signed_in, prospect):
    url = reverse("coach:prospect_log", args=[prospect.pk])
    future = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    page = signed_in.post(url, {"kind": "call", "summary": "x", "at": future}).content.decode()
    assert "That is in the future" in page
    page = signed_in.post(url, {"kind": "telepathy", "summary": "x"}).content.decode()
    assert "Select a valid choice." in page
    assert not Interaction.objects.exists()


def test_today_can_open_the_page_with_the_call_chosen(signed_in, prospect):
    page = signed_in.get(reverse("coach:prospect", args=[prospect.pk]) + "?log=note").content
    assert b'id="log_kind_2" checked' in page


def test_confirming_consent_says_how_and_refuses_without_it(signed_in, prospect):
    prospect.consent = Consent.PENDING
    prospect.save()
    url = reverse("coach:prospect_consent", args=[prospect.pk])
    refused = signed_in.post(url, {"how": ""}, **HTMX).content.decode()
    assert "Say how they gave consent." in refused
    signed_in.post(url, {"how": "Asked for the newsletter on our call"})
    prospect.refresh_from_db()
    assert prospect.consent == Consent.CONFIRMED
    assert prospect.consent_note.startswith("Asked for the newsletter on our call")


def test_someone_who_unsubscribed_cannot_be_opted_in_by_the_coach(signed_in, prospect):
    prospect.consent = Consent.UNSUBSCRIBED
    prospect.save()
    page = detail(signed_in, prospect)
    assert "Only they can opt in again" in page and "Confirm consent" not in page
    response = signed_in.post(
        reverse("coach:prospect_consent", args=[prospect.pk]), {"how": "they said so"}
    )
    assert b"only they can opt in again" in response.content
    prospect.refresh_from_db()
    assert prospect.consent == Consent.UNSUBSCRIBED


def test_pause_and_resume_nurture_from_the_page(signed_in, workspace, prospect):
    enrollment = enroll(prospect, SequenceFactory(workspace=workspace))
    signed_in.post(reverse("coach:prospect_pause", args=[prospect.pk]), {"back": "prospect"})
    enrollment.refresh_from_db()
    assert enrollment.state == EnrollmentState.PAUSED
    page = detail(signed_in, prospect)
    assert "Paused Diego Alvarez&#x27;s nurture email." in page
    assert f'name="enrollment" value="{enrollment.pk}"' in page

    signed_in.post(
        reverse("coach:prospect_resume", args=[prospect.pk]),
        {"back": "prospect", "enrollment": enrollment.pk},
    )
    enrollment.refresh_from_db()
    assert enrollment.state == EnrollmentState.ACTIVE


def test_pausing_one_sequence_leaves_the_others_running(signed_in, workspace, prospect):
    one = enroll(prospect, SequenceFactory(workspace=workspace))
    other = enroll(prospect, SequenceFactory(workspace=workspace))
    assert "Pause all nurture email" in detail(signed_in, prospect)
    response = signed_in.post(
        reverse("coach:prospect_pause", args=[prospect.pk]),
        {"back": "prospect", "enrollment": one.pk},
        **HTMX,
    )
    assert b"Paused Diego Alvarez&#x27;s nurture email." in response.content
    one.refresh_from_db()
    other.refresh_from_db()
    assert (one.state, other.state) == (EnrollmentState.PAUSED, EnrollmentState.ACTIVE)


@pytest.mark.parametrize("action", ["coach:prospect_pause", "coach:prospect_resume"])
def test_naming_another_prospects_enrollment_answers_404(signed_in, workspace, prospect, action):
    other = ProspectFactory(workspace=workspace)
    enrollment = enroll(other, SequenceFactory(workspace=workspace))
    response = signed_in.post(reverse(action, args=[prospect.pk]), {"enrollment": enrollment.pk})
    assert response.status_code == 404
    enrollment.refresh_from_db()
    assert enrollment.state == EnrollmentState.ACTIVE


def test_mark_handled_from_the_page(signed_in, prospect):
    prospect.needs_attention, prospect.attention_reason = True, "Asked to talk"
    prospect.save()
    assert "Needs you:" in detail(signed_in, prospect)
    response = signed_in.post(
        reverse("coach:prospect_handled", args=[prospect.pk]), {"back": "prospect"}, **HTMX
    )
    assert b"Marked Diego Alvarez as handled." in response.content
    assert b"Needs you:" not in response.content


def test_a_refused_move_from_the_page_offers_the_diagnosis(signed_in, workspace, prospect):
    ready = stage(workspace, StageKey.READY)
    response = signed_in.post(
        reverse("coach:prospect_move", args=[prospect.pk]),
        {"stage": ready.pk, "back": "prospect"},
        **HTMX,
    )
    page = response.content.decode()
    assert "Record a diagnosis of Diego Alvarez" in page
    assert f"{reverse('coach:diagnosis', args=[prospect.pk])}?move_to={ready.pk}" in page


def test_the_move_page_works_without_javascript(signed_in, workspace, prospect):
    url = reverse("coach:prospect_move", args=[prospect.pk])
    exploring = stage(workspace, StageKey.EXPLORING)
    form = signed_in.get(url, {"to": exploring.pk}).content.decode()
    assert f'<option value="{exploring.pk}" selected>' in form
    response = signed_in.post(
        url, {"stage": exploring.pk, "reason": "Read every email", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("coach:prospect", args=[prospect.pk])
    prospect.refresh_from_db()
    assert prospect.stage == exploring
    assert prospect.stage_changes.latest().reason == "Read every email"


def test_not_now_from_the_page_needs_a_future_revisit_date(signed_in, workspace, prospect):
    url = reverse("coach:prospect_move", args=[prospect.pk])
    not_now = stage(workspace, StageKey.NOT_NOW)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    page = signed_in.post(
        url, {"stage": not_now.pk, "revisit_on": yesterday.isoformat(), "back": "prospect"}
    ).content.decode()
    assert "The revisit date must be in the future." in page
    assert f'value="{yesterday.isoformat()}"' in page


def test_adding_a_prospect_through_the_service(signed_in, workspace, coach):
    response = signed_in.post(
        reverse("coach:prospect_new"),
        {
            "name": "Julia Souza",
            "email": " Julia@Example.org ",
            "timezone": "America/Sao_Paulo",
            "owner": coach.pk,
            "source": "Referral",
            "tags": "founder, workshop, founder",
            "stage": stage(workspace, StageKey.EXPLORING).pk,
            "consent_how": "Signed up at the March workshop",
        },
    )
    prospect = Prospect.objects.get(workspace=workspace)
    assert response["Location"] == reverse("coach:prospect", args=[prospect.pk])
    assert (prospect.email, prospect.timezone, prospect.owner) == (
        "julia@example.org",
        "America/Sao_Paulo",
        coach,
    )
    assert prospect.stage.key == StageKey.EXPLORING
    assert sorted(t.name for t in prospect.tags.all()) == ["founder", "workshop"]
    assert prospect.consent == Consent.CONFIRMED
    assert prospect.stage_changes.get().from_stage is None


def test_adding_a_duplicate_keeps_everything_typed_and_says_why(signed_in, workspace, prospect):
    response = signed_in.post(
        reverse("coach:prospect_new"),
        {
            "name": "Diego Again",
            "email": "DIEGO@example.org",
            "timezone": "Europe/Madrid",
            "source": "Podcast",
            "tags": "career-change",
            "stage": stage(workspace, StageKey.NEEDS_HELP).pk,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f"diego@example.org is already a prospect in {workspace.name}." in page
    assert 'value="Diego Again"' in page and 'value="Podcast"' in page
    assert 'value="Europe/Madrid"' in page
    assert 'value="career-change"' in page
    assert Prospect.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "diego@example.org", "is already a prospect in"),
        ("email", "not-an-address", "is not a valid email address"),
        ("timezone", "Mars/Olympus", "time zone from the list"),
        ("name", "   ", "Write their name."),
    ],
)
def test_bad_details_get_a_form_error_never_a_500(
    signed_in, workspace, prospect, field, value, message
):
    other = ProspectFactory(workspace=workspace, name="Other One", email="other@example.org")
    data = {"name": "Other One", "email": "other@example.org", "timezone": "", "tags": ""}
    data[field] = value
    response = signed_in.post(reverse("coach:prospect_edit", args=[other.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    other.refresh_from_db()
    assert (other.name, other.email) == ("Other One", "other@example.org")


def test_editing_details_saves_them_and_the_tags(signed_in, workspace, prospect):
    teammate = UserFactory(first_name="Olive", last_name="Owner")
    MembershipFactory(user=teammate, workspace=workspace)
    prospect.tags.add(Tag.objects.create(workspace=workspace, name="old"))
    form = signed_in.get(reverse("coach:prospect_edit", args=[prospect.pk])).content.decode()
    assert 'value="diego@example.org"' in form and 'value="old"' in form

    signed_in.post(
        reverse("coach:prospect_edit", args=[prospect.pk]),
        {
            "name": "Diego A. Alvarez",
            "email": "diego.alvarez@example.org",
            "timezone": "Europe/Madrid",
            "owner": teammate.pk,
            "source": "Podcast",
            "tags": "career-change",
        },
    )
    prospect.refresh_from_db()
    assert (prospect.name, prospect.email, prospect.timezone, prospect.owner, prospect.source) == (
        "Diego A. Alvarez",
        "diego.alvarez@example.org",
        "Europe/Madrid",
        teammate,
        "Podcast",
    )
    assert [t.name for t in prospect.tags.all()] == ["career-change"]


def test_an_owner_from_outside_the_workspace_is_refused(signed_in, prospect):
    outsider = UserFactory()
    response = signed_in.post(
        reverse("coach:prospect_edit", args=[prospect.pk]),
        {"name": "Diego", "email": "diego@example.org", "owner": outsider.pk},
    )
    assert b"Select a valid choice." in response.content
    prospect.refresh_from_db()
    assert prospect.owner is None


@pytest.mark.django_db
def test_the_page_shows_what_they_chose_for_themselves(signed_in, workspace):
    prospect = ProspectFactory(
        workspace=workspace,
        help_request="Getting my evenings back",
        muted_topics=["pricing", "habits"],
        paused_until=datetime.date(2030, 1, 15),
    )
    page = detail(signed_in, prospect)
    assert "Getting my evenings back" in page
    assert "Paused by them until 15 January 2030" in page
    assert "pricing, habits" in page
    ProspectFactory._meta.model.objects.filter(pk=prospect.pk).update(
        paused_until=None, nurture_spacing=2
    )
    assert "Less often (they asked)" in detail(signed_in, prospect)


def revisit_field(page: str) -> str:
    """The revisit date's wrapper tag and its input tag."""
    start = page.index("data-revisit-for")
    wrapper = page[page.rindex("<div", 0, start) : page.index(">", start) + 1]
    name = page.index('name="revisit_on"')
    return wrapper + page[page.rindex("<input", 0, name) : page.index(">", name) + 1]


def test_the_revisit_date_shows_only_for_not_now(signed_in, workspace, prospect):
    # Issue 15, defect 6: after a diagnosis, "move to Ready" showed a pre-filled revisit date.
    DiagnosisFactory(prospect=prospect)
    move = reverse("coach:prospect_move", args=[prospect.pk])
    ready = signed_in.get(f"{move}?to={stage(workspace, StageKey.READY).pk}").content.decode()
    assert " hidden>" in revisit_field(ready)
    assert "value=" not in revisit_field(ready).split("<input")[1]
    not_now = stage(workspace, StageKey.NOT_NOW)
    parked = signed_in.get(f"{move}?to={not_now.pk}").content.decode()
    assert " hidden>" not in revisit_field(parked)
    assert f'data-revisit-for="{not_now.pk}"' in parked
    assert " hidden>" in revisit_field(detail(signed_in, prospect))


def test_a_prospects_time_zone_is_picked_from_a_list_found_by_city(signed_in, prospect):
    page = signed_in.get(reverse("coach:prospect_edit", args=[prospect.pk])).content.decode()
    field = page[page.index('name="timezone"') :]
    field = field[: field.index("</select>")]
    assert "The workspace&#x27;s (" in field and ">London</option>" in field
