"""The prospect's own pages: where they are, asking to talk, preferences, and what's coming.

Every choice is checked for what it does to the mail already queued.
"""

import datetime
import itertools
from email.utils import parseaddr

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from relationships.models import (
    Actor,
    Consent,
    Content,
    ContentStatus,
    Delivery,
    DeliveryStatus,
    EnrollmentState,
    Interaction,
    Role,
    Sequence,
    StageKey,
    Step,
)
from relationships.nurture.dispatch import claim_due
from relationships.nurture.enrollment import enroll
from relationships.nurture.sending import send_claimed
from relationships.selfservice import actions as self_service
from relationships.selfservice import preferences as prefs
from relationships.selfservice.tokens import make_token
from relationships.web.public import views as public
from relationships.web.public.queries import coming_up
from relationships.workspaces.branding import branding, readable_accent
from tests.support.factories import (
    DiagnosisFactory,
    MembershipFactory,
    ProspectFactory,
    UserFactory,
    WorkspaceFactory,
    stage,
)

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
TUESDAY = datetime.datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
DAY = datetime.timedelta(days=1)
TOPICS = [["habits"], ["energy"], ["habits", "energy"], []]
_names = itertools.count()


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def mail_in_memory(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://bridge.example.com"


@pytest.fixture
def clock():
    with time_machine.travel(TUESDAY, tick=False) as traveller:
        yield traveller


def sequence_for(workspace, key, *, topics=TOPICS, delay=DAY):
    sequence = Sequence.objects.create(
        workspace=workspace, name=f"Sequence {next(_names)}", entry_stage=stage(workspace, key)
    )
    for position, names in enumerate(topics):
        content = Content.objects.create(
            workspace=workspace,
            title=f"Idea {next(_names)}",
            subject=f"Idea {position + 1} for you, {{{{ first_name }}}}",
            body="One idea for you.",
            topics=names,
            status=ContentStatus.APPROVED,
        )
        Step.objects.create(sequence=sequence, position=position, content=content, delay=delay)
    return sequence


@pytest.fixture
def coach(workspace):
    user = UserFactory(email="sam@practice.example", first_name="Sam")
    MembershipFactory(user=user, workspace=workspace, role=Role.OWNER)
    return user


@pytest.fixture
def prospect(workspace, clock, coach):
    """Ana, exploring, with four emails queued (on habits, energy, both, and none)."""
    workspace.send_days = [1, 2, 3, 4, 5, 6, 7]
    workspace.save(update_fields=["send_days"])
    prospect = ProspectFactory(
        workspace=workspace,
        name="Ana Reyes",
        email="ana@example.org",
        stage=stage(workspace, StageKey.EXPLORING),
    )
    enroll(prospect, sequence_for(workspace, StageKey.EXPLORING))
    assert queued(prospect).count() == 4
    return prospect


def url(name: str, prospect, purpose: str | None = None) -> str:
    purpose = purpose or name
    return reverse(f"public:{name}", kwargs={"token": make_token(prospect.pk, purpose)})


def pref_url(name: str, prospect) -> str:
    return url(name, prospect, "preferences")


def queued(prospect):
    return Delivery.objects.filter(prospect=prospect, status=DeliveryStatus.SCHEDULED)


def due_times(prospect) -> list[datetime.datetime]:
    return list(queued(prospect).order_by("due_at").values_list("due_at", flat=True))


def browser() -> Client:
    return Client(enforce_csrf_checks=True)


def csrf_post(client: Client, page: str, path: str, data: dict | None = None, **extra):
    """Post as a browser does: load the page first, send its CSRF token back."""
    assert client.get(page).status_code == 200
    token = client.cookies["csrftoken"].value
    return client.post(path, {"csrfmiddlewaretoken": token, **(data or {})}, **extra)


def snapshot(prospect) -> tuple:
    prospect.refresh_from_db()
    return (
        prospect.stage_id,
        prospect.consent,
        prospect.nurture_spacing,
        prospect.paused_until,
        prospect.muted_topics,
        prospect.needs_attention,
        prospect.timezone,
        list(prospect.deliveries.values_list("pk", "status", "due_at", "useful")),
        list(prospect.enrollments.values_list("pk", "state")),
        prospect.interactions.count(),
        prospect.stage_changes.count(),
    )


# ---- Where are you right now? -------------------------------------------------------------


def test_the_where_page_asks_and_a_get_changes_nothing(client, prospect):
    before = snapshot(prospect)
    page = client.get(url("where", prospect)).content.decode()
    for readiness in self_service.READINESS:
        assert readiness.sentence.replace("'", "&#x27;") in page or readiness.sentence in page
    assert 'value="myself" checked' in page  # they are exploring: that is what they told us
    assert snapshot(prospect) == before


@pytest.mark.parametrize(
    ("answer", "key"),
    [("looking", StageKey.NEEDS_HELP), ("myself", StageKey.EXPLORING)],
)
def test_looking_around_or_working_on_it_moves_them_as_their_own_choice(
    prospect, answer, key, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = csrf_post(
            browser(), url("where", prospect), url("where", prospect), {"answer": answer}
        )
    assert response.status_code == 200 and b"Thanks for telling us" in response.content
    prospect.refresh_from_db()
    assert prospect.stage.key == key
    assert not prospect.needs_attention
    if key == StageKey.EXPLORING:
        assert not prospect.stage_changes.exists()
        assert "I'm working on it myself" in prospect.interactions.get().summary
        assert queued(prospect).count() == 4
    else:
        change = prospect.stage_changes.get()
        assert (change.actor, change.to_stage.key) == (Actor.PROSPECT, StageKey.NEEDS_HELP)
        assert queued(prospect).count() == 0  # the Exploring sequence ended with the stage
    assert not mail.outbox


def test_talk_it_through_holds_automation_and_tells_the_coach(
    prospect, coach, django_capture_on_commit_callbacks
):
    data = {
        "answer": "talk",
        "note": "Saying no at work.",
        "times": "Weekday mornings",
        "timezone": "America/New_York",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = csrf_post(browser(), url("where", prospect), url("where", prospect), data)
    assert b"Thank you, Ana" in response.content
    prospect.refresh_from_db()
    assert prospect.stage.key == StageKey.IN_CONVERSATION
    assert prospect.stage_changes.get().actor == Actor.PROSPECT
    assert prospect.needs_attention and prospect.attention_reason == self_service.ASKED_TO_TALK
    assert prospect.timezone == "America/New_York"
    assert queued(prospect).count() == 0
    note = prospect.interactions.get().summary
    assert "I'd like to talk it through" in note and "Saying no at work." in note
    assert "Times that suit them (America/New_York): Weekday mornings" in note
    [message] = mail.outbox
    assert message.to == ["sam@practice.example"]
    assert message.subject == "Ana Reyes would like to talk"
    assert parseaddr(message.reply_to[0])[1] == "ana@example.org"
    assert "Saying no at work." in message.body and f"/prospects/{prospect.pk}/" in message.body


def test_ready_to_start_moves_them_to_ready_without_a_diagnosis_and_flags_diagnose_next(
    prospect, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        self_service.declare_readiness(prospect, answer="ready")
    prospect.refresh_from_db()
    assert prospect.stage.key == StageKey.READY
    assert prospect.stage_changes.get().actor == Actor.PROSPECT
    assert prospect.diagnose_next
    assert prospect.needs_attention and prospect.attention_reason == self_service.SAID_READY
    assert queued(prospect).count() == 0
    assert EnrollmentState.ACTIVE not in set(prospect.enrollments.values_list("state", flat=True))
    [message] = mail.outbox
    assert message.subject == "Ana Reyes says they're ready to start"
    assert self_service.email_preferences(prospect).asked_to_talk


def test_ready_with_a_diagnosis_does_not_ask_for_another(prospect):
    DiagnosisFactory(prospect=prospect)
    self_service.declare_readiness(prospect, answer="ready")
    prospect.refresh_from_db()
    assert prospect.stage.key == StageKey.READY and not prospect.diagnose_next


def test_saying_the_same_twice_writes_one_note_and_one_email(
    prospect, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            self_service.declare_readiness(prospect, answer="ready", about="Let's go")
    assert len(mail.outbox) == 1
    assert prospect.interactions.count() == 1


@pytest.mark.parametrize("key", [StageKey.CLIENT, StageKey.NOT_A_FIT])
def test_outcome_stages_stay_the_coachs_the_coach_gets_a_note(workspace, clock, key):
    prospect = ProspectFactory(workspace=workspace, stage=stage(workspace, key))
    self_service.declare_readiness(prospect, answer="looking")
    prospect.refresh_from_db()
    assert prospect.stage.key == key and not prospect.stage_changes.exists()
    assert "I'm just looking around" in prospect.interactions.get().summary


def test_someone_parked_in_not_now_who_says_they_are_working_on_it_is_back(
    prospect, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        self_service.not_now(prospect)
    assert queued(prospect).count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        self_service.declare_readiness(prospect, answer="myself")
    prospect.refresh_from_db()
    assert prospect.stage.key == StageKey.EXPLORING and prospect.revisit_on is None
    assert queued(prospect).count() == 4  # their parked mail resumes


def test_a_where_form_error_keeps_what_they_typed(prospect):
    data = {"note": "About my team", "times": "Fridays", "timezone": "Mars/Olympus"}
    response = csrf_post(browser(), url("where", prospect), url("where", prospect), data)
    page = response.content.decode()
    assert "Choose the sentence that fits best." in page
    assert "About my team</textarea>" in page and 'value="Fridays"' in page
    assert prospect.interactions.count() == 0


def test_a_where_post_without_csrf_is_refused(prospect):
    before = snapshot(prospect)
    assert browser().post(url("where", prospect), {"answer": "ready"}).status_code == 403
    assert snapshot(prospect) == before


# ---- Ask to talk --------------------------------------------------------------------------


def test_the_talk_page_offers_the_booking_link_when_there_is_one(client, prospect):
    assert b"calendar" not in client.get(url("talk", prospect)).content
    prospect.workspace.booking_url = "https://cal.example/sam"
    prospect.workspace.save(update_fields=["booking_url"])
    page = client.get(url("talk", prospect)).content.decode()
    assert 'href="https://cal.example/sam"' in page and 'rel="noopener noreferrer"' in page
    assert "Europe/London</option>" in page  # their time zone, preselected


def test_asking_to_talk_logs_it_pauses_and_emails_the_coach_once(
    prospect, coach, django_capture_on_commit_callbacks
):
    other_coach = UserFactory(email="kim@practice.example")
    MembershipFactory(user=other_coach, workspace=prospect.workspace, role=Role.COACH)
    assistant = UserFactory(email="assistant@practice.example")
    MembershipFactory(user=assistant, workspace=prospect.workspace, role=Role.ASSISTANT)
    data = {"note": "My evenings.", "times": "After 6pm", "timezone": "Asia/Tokyo"}
    client = browser()
    with django_capture_on_commit_callbacks(execute=True):
        response = csrf_post(client, url("talk", prospect), url("talk", prospect), data)
        again = client.post(
            url("talk", prospect),
            {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"].value},
        )
    assert response.status_code == again.status_code == 200
    assert b"Thank you, Ana" in response.content
    prospect.refresh_from_db()
    assert prospect.timezone == "Asia/Tokyo"
    assert prospect.stage.key == StageKey.IN_CONVERSATION and prospect.needs_attention
    assert queued(prospect).count() == 0
    [note] = Interaction.objects.filter(prospect=prospect)
    assert "My evenings." in note.summary and "(Asia/Tokyo): After 6pm" in note.summary
    [message] = mail.outbox
    assert sorted(message.to) == ["kim@practice.example", "sam@practice.example"]
    html = message.alternatives[0][0]
    assert "My evenings." in html and "Asia/Tokyo" in html


def test_a_talk_form_error_keeps_what_they_typed(prospect):
    data = {"note": "Keep me", "times": "x" * 600}
    response = csrf_post(browser(), url("talk", prospect), url("talk", prospect), data)
    page = response.content.decode()
    assert "Could you say it a little shorter?" in page
    assert "Keep me</textarea>" in page and 'value="' + "x" * 600 + '"' in page
    prospect.refresh_from_db()
    assert not prospect.needs_attention


def test_the_coach_is_told_even_without_members_through_the_sender_address(workspace, clock):
    prospect = ProspectFactory(workspace=workspace)
    assert self_service.coach_addresses(prospect) == [workspace.sender_email]


# ---- How often ----------------------------------------------------------------------------


def post_frequency(prospect, **data):
    return csrf_post(
        browser(),
        pref_url("preferences", prospect),
        pref_url("preferences_frequency", prospect),
        data,
    )


def test_less_often_respaces_queued_mail_at_once(prospect):
    cap = datetime.timedelta(days=prospect.workspace.frequency_cap_days)
    response = post_frequency(prospect, frequency="less")
    assert response.status_code == 302 and response["Location"].endswith("?saved=frequency")
    prospect.refresh_from_db()
    assert prospect.nurture_spacing == 2
    times = due_times(prospect)
    assert len(times) == 4
    assert all(b - a >= 2 * cap for a, b in itertools.pairwise(times))
    page = Client().get(response["Location"]).content.decode()
    assert "Saved." in page and 'value="less" checked' in page


def test_back_to_as_they_come_brings_mail_forward_again(prospect):
    before = due_times(prospect)
    post_frequency(prospect, frequency="less")
    assert due_times(prospect)[-1] > before[-1]
    post_frequency(prospect, frequency="normal")
    prospect.refresh_from_db()
    assert prospect.nurture_spacing == 1
    assert due_times(prospect) == before


def test_pausing_until_a_day_moves_every_queued_email_past_it(prospect):
    until = datetime.date(2026, 4, 20)
    post_frequency(prospect, frequency="pause", until="2026-04-20")
    prospect.refresh_from_db()
    assert prospect.paused_until == until
    start = datetime.datetime.combine(until, datetime.time(0), prospect.zone)
    assert queued(prospect).count() == 4
    assert all(due >= start for due in due_times(prospect))
    preferences = self_service.email_preferences(prospect)
    assert (preferences.state, preferences.paused_until) == ("paused", until)
    assert "20 April 2026" in prospect.interactions.get().summary

    post_frequency(prospect, frequency="normal")
    assert due_times(prospect)[0] < start  # resuming brings them back now


def test_mail_queued_during_a_pause_is_held_at_send_time(prospect, clock):
    prefs.set_frequency(prospect, choice="pause", until=datetime.date(2026, 3, 20))
    # Something queues mail due now anyway (a coach moved them, a sequence started...).
    Delivery.objects.filter(prospect=prospect).update(due_at=TUESDAY)
    claim = claim_due(limit=10)
    report = send_claimed(claim.ids, claim.token)
    assert report.sent == 0 and report.rescheduled == 4
    assert not mail.outbox
    held = Delivery.objects.filter(prospect=prospect)
    assert {d.reason for d in held} == {prefs.MOVED_FOR_PAUSE}
    start = datetime.datetime(2026, 3, 20, tzinfo=prospect.zone)
    assert all(d.due_at >= start for d in held)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"frequency": "pause"}, "Choose the day our emails may start again."),
        ({"frequency": "pause", "until": "2026-03-10"}, "Choose a day after today."),
        ({"frequency": "pause", "until": "2028-01-01"}, "Choose a day within the next year."),
        ({"frequency": "pause", "until": "next tuesday"}, "Choose a day, like"),
        ({"frequency": "sometimes"}, "Choose how often"),
    ],
)
def test_a_frequency_error_says_why_and_keeps_what_they_typed(prospect, data, message):
    before = snapshot(prospect)
    response = post_frequency(prospect, **data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page.replace("&#x27;", "'")
    if "until" in data:
        assert f'value="{data["until"]}"' in page
    assert snapshot(prospect) == before


# ---- Which topics -------------------------------------------------------------------------


def post_topics(prospect, topics):
    return csrf_post(
        browser(),
        pref_url("preferences", prospect),
        pref_url("preferences_topics", prospect),
        {"topics": topics},
    )


def subjects(deliveries) -> set[str]:
    return {d.step.content.subject for d in deliveries.select_related("step__content")}


def test_the_preference_page_offers_the_topics_of_the_emails_sent(client, prospect):
    page = client.get(pref_url("preferences", prospect)).content.decode()
    assert 'value="energy" checked' in page and 'value="habits" checked' in page


def test_turning_a_topic_off_skips_its_queued_mail_at_once_and_back_on_restores_it(prospect):
    response = post_topics(prospect, ["habits"])
    assert response.status_code == 302
    prospect.refresh_from_db()
    assert prospect.muted_topics == ["energy"]
    skipped = Delivery.objects.filter(prospect=prospect, status=DeliveryStatus.SKIPPED)
    # Only the email about energy alone; the one also about habits still comes.
    assert subjects(skipped) == {"Idea 2 for you, {{ first_name }}"}
    assert skipped.get().reason == "Topic they turned off: energy"
    assert queued(prospect).count() == 3
    page = Client().get(pref_url("preferences", prospect)).content.decode()
    assert 'value="energy">' in page and 'value="habits" checked' in page

    post_topics(prospect, ["habits", "energy"])
    prospect.refresh_from_db()
    assert prospect.muted_topics == []
    assert queued(prospect).count() == 4


def test_unticking_everything_keeps_only_mail_without_topics(prospect):
    post_topics(prospect, [])
    assert queued(prospect).count() == 1


def test_topic_names_that_are_not_offered_are_ignored(prospect):
    post_topics(prospect, ["habits", "energy", "<script>", "x" * 500])
    prospect.refresh_from_db()
    assert prospect.muted_topics == [] and not prospect.interactions.exists()


def test_a_muted_topic_is_skipped_at_send_time_even_if_queued_later(prospect, clock):
    prefs.set_topics(prospect, wanted=["habits"])
    Delivery.objects.filter(prospect=prospect).update(
        status=DeliveryStatus.SCHEDULED, reason="", due_at=TUESDAY
    )
    claim = claim_due(limit=10)
    report = send_claimed(claim.ids, claim.token)
    assert report.skipped == 1 and report.skipped + report.rescheduled + report.sent == 4
    skipped = Delivery.objects.get(prospect=prospect, status=DeliveryStatus.SKIPPED)
    assert skipped.reason == "Topic they turned off: energy"


# ---- What's coming ------------------------------------------------------------------------


def test_whats_coming_lists_the_next_subjects_on_the_prospects_clock(client, prospect):
    prospect.timezone = "America/Los_Angeles"
    prospect.save(update_fields=["timezone"])
    upcoming = coming_up(prospect)
    assert [e.subject for e in upcoming][:2] == ["Idea 1 for you, Ana", "Idea 2 for you, Ana"]
    assert all(e.when.tzinfo.key == "America/Los_Angeles" for e in upcoming)
    page = client.get(pref_url("coming", prospect)).content.decode()
    assert "Idea 1 for you, Ana" in page
    assert upcoming[0].when.strftime("%A %-d %B, %H:%M") in page
    assert "America/Los_Angeles" in page
    assert page.count(">Skip this one<") == 4


def test_skip_this_one_cancels_that_email_with_the_reason(prospect):
    first = queued(prospect).order_by("due_at").first()
    response = csrf_post(
        browser(), pref_url("coming", prospect), pref_url("coming", prospect), {"skip": first.pk}
    )
    assert response.status_code == 302 and response["Location"].endswith("?done=skipped")
    first.refresh_from_db()
    assert (first.status, first.reason) == (DeliveryStatus.SKIPPED, prefs.SKIPPED_BY_THEM)
    assert queued(prospect).count() == 3
    assert prefs.skip_delivery(prospect, first.pk) is True  # twice is fine


def test_a_skip_can_be_undone_until_the_emails_time(prospect):
    # Issue 15: the prospect can undo "Skip this one".
    first, second = queued(prospect).order_by("due_at")[:2]
    path = pref_url("coming", prospect)
    csrf_post(browser(), path, path, {"skip": first.pk})
    page = Client().get(path).content.decode()
    assert "You skipped" in page and ">Send it after all<" in page

    response = csrf_post(browser(), path, path, {"unskip": first.pk})

    assert response.status_code == 302 and response["Location"].endswith("?done=unskipped")
    first.refresh_from_db()
    assert (first.status, first.reason, first.skipped_at) == (DeliveryStatus.SCHEDULED, "", None)
    assert "You skipped" not in Client().get(path).content.decode()
    # Its time passed: it stays skipped.
    prefs.skip_delivery(prospect, second.pk)
    Delivery.objects.filter(pk=second.pk).update(due_at=timezone.now() - datetime.timedelta(1))
    assert prefs.unskip_delivery(prospect, second.pk) is False


def test_an_email_already_on_its_way_cannot_be_skipped(prospect):
    first = queued(prospect).order_by("due_at").first()
    Delivery.objects.filter(pk=first.pk).update(status=DeliveryStatus.CLAIMED)
    assert prefs.skip_delivery(prospect, first.pk) is False
    first.refresh_from_db()
    assert first.status == DeliveryStatus.CLAIMED


def test_nobody_can_skip_or_rate_someone_elses_email(prospect, workspace):
    other = ProspectFactory(workspace=WorkspaceFactory())
    enroll(other, sequence_for(other.workspace, StageKey.NEEDS_HELP))
    theirs = Delivery.objects.filter(prospect=other).first()
    Delivery.objects.filter(pk=theirs.pk)
    before = snapshot(other)
    path = pref_url("coming", prospect)
    for data in (
        {"skip": theirs.pk},
        {"unskip": theirs.pk},
        {"delivery": theirs.pk, "useful": "yes"},
    ):
        response = csrf_post(browser(), path, path, data)
        assert response.status_code == 404
        assert b"Idea" not in response.content
    assert snapshot(other) == before


def test_was_this_useful_is_recorded_as_a_signal_and_never_triggers_mail(prospect, clock):
    sent = queued(prospect).order_by("due_at").first()
    Delivery.objects.filter(pk=sent.pk).update(status=DeliveryStatus.SENT, sent_at=TUESDAY)
    before = [(d[0], d[1], d[2]) for d in snapshot(prospect)[7]]
    path = pref_url("coming", prospect)
    page = Client().get(path).content.decode()
    assert "Was this useful?" in page and "Emails you've had" in page
    response = csrf_post(browser(), path, path, {"delivery": sent.pk, "useful": "no"})
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.useful is False and sent.useful_at == TUESDAY
    csrf_post(browser(), path, path, {"delivery": sent.pk, "useful": "yes"})
    sent.refresh_from_db()
    assert sent.useful is True
    # Nothing else moved: no new mail, no new times, no note.
    assert [(d[0], d[1], d[2]) for d in snapshot(prospect)[7]] == before
    assert not prospect.interactions.exists()
    assert 'aria-pressed="true">Yes' in Client().get(path).content.decode()


def test_a_planned_email_cannot_be_rated_and_a_sent_one_cannot_be_skipped(prospect):
    planned = queued(prospect).first()
    with pytest.raises(prefs.NotTheirs):
        prefs.record_useful(prospect, planned.pk, useful=True)
    Delivery.objects.filter(pk=planned.pk).update(status=DeliveryStatus.SENT)
    assert prefs.skip_delivery(prospect, planned.pk) is False


# ---- Guards on every page -----------------------------------------------------------------


def test_a_filled_honeypot_on_a_link_page_changes_nothing(prospect):
    before = snapshot(prospect)
    response = csrf_post(
        browser(), url("talk", prospect), url("talk", prospect), {"note": "hi", "website": "x"}
    )
    assert response.status_code == 400
    assert snapshot(prospect) == before


def test_posts_are_rate_limited_per_prospect_from_any_address(prospect, monkeypatch):
    monkeypatch.setattr(public, "PROSPECT_POSTS_PER_MINUTE", 2)
    path = pref_url("coming", prospect)
    answers = [
        Client(REMOTE_ADDR=f"198.51.100.{n}").post(path, {"skip": "1"}).status_code
        for n in range(3)
    ]
    assert answers[:2] != [429, 429] and answers[2] == 429
    assert Client(REMOTE_ADDR="198.51.100.9").get(path).status_code == 200


def test_pages_wear_the_workspaces_branding(client, prospect):
    workspace = prospect.workspace
    workspace.logo_url = "https://cdn.example/logo.png"
    workspace.accent_color = "#7A2E8E"
    workspace.save(update_fields=["logo_url", "accent_color"])
    page = client.get(url("where", prospect)).content.decode()
    assert '<img src="https://cdn.example/logo.png"' in page
    assert "--accent: #7a2e8e;" in page


@pytest.mark.parametrize("colour", ["#ffff00", "#f0f0f0", "#7fffd4", "not a colour", ""])
def test_an_accent_too_light_to_read_is_darkened_until_it_is(colour):
    from relationships.workspaces.branding import MIN_CONTRAST, PAPER, contrast

    accent = readable_accent(colour)
    assert contrast(accent, PAPER) >= MIN_CONTRAST
    assert contrast(accent, "#ffffff") >= MIN_CONTRAST


def test_a_logo_that_is_not_a_web_address_is_left_out(workspace):
    workspace.logo_url = "javascript:alert(1)"
    assert branding(workspace).logo_url == ""


def test_every_nurture_email_links_to_the_where_page(prospect, clock):
    clock.move_to(TUESDAY + datetime.timedelta(hours=1, minutes=30))  # 09:30 in London
    Delivery.objects.filter(prospect=prospect).update(due_at=TUESDAY)
    claim = claim_due(limit=10)
    send_claimed(claim.ids, claim.token)
    [message] = mail.outbox
    assert "Where are you right now? https://bridge.example.com/p/where/" in message.body
    assert "https://bridge.example.com/p/preferences/" in message.body
    html = message.alternatives[0][0]
    assert "/p/where/" in html and "like to talk" in html


def test_a_prospect_who_stopped_sees_nothing_coming_and_no_choices(client, prospect):
    self_service.stop(prospect)
    page = client.get(pref_url("coming", prospect)).content.decode()
    assert "You're unsubscribed" in page and "Skip this one" not in page
    prefs_page = client.get(pref_url("preferences", prospect)).content.decode()
    assert "sign up again" in prefs_page and "Save how often" not in prefs_page
    assert prospect.consent == Consent.UNSUBSCRIBED


@pytest.mark.django_db
def test_public_pages_name_an_icon_and_favicon_ico_answers(client, workspace):
    # Issue 15, defect 11: every public page view cost a 404 for /favicon.ico.
    page = client.get(reverse("public:signup", args=[workspace.slug])).content.decode()
    assert '<link rel="icon" href="/static/bridge/favicon.svg"' in page
    assert finders.find("bridge/favicon.svg")
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/bridge/favicon.svg"
