"""Signing up with double opt-in: the hosted page, the embeddable form, the confirmation link."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from relationships.models import (
    Actor,
    Consent,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    EnrollmentState,
    Prospect,
    Role,
    StageKey,
)
from relationships.nurture.dispatch import claim_due
from relationships.nurture.sending import send_claimed
from relationships.selfservice import signup
from relationships.selfservice.embed import embed_snippets
from relationships.selfservice.signup import SignupOutcome
from relationships.selfservice.tokens import make_token
from relationships.web.public import views as public
from tests.support.factories import (
    MembershipFactory,
    ProspectFactory,
    SequenceFactory,
    UserFactory,
    WorkspaceFactory,
    stage,
)

pytestmark = pytest.mark.django_db

MONDAY = datetime.datetime(2026, 3, 9, 10, tzinfo=datetime.UTC)
PERSON = {"name": "Ana Reyes", "email": "Ana@Example.org", "help": "Evenings back, please."}


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
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def welcome(workspace):
    """A sequence for Needs help, so confirming has something to enroll in."""
    workspace.send_days = [1, 2, 3, 4, 5, 6, 7]
    workspace.save(update_fields=["send_days"])
    return SequenceFactory(workspace=workspace, steps=[datetime.timedelta(0)] * 2)


def join_url(workspace, **query) -> str:
    path = reverse("public:signup", kwargs={"slug": workspace.slug})
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def site_url(workspace) -> str:
    return reverse("public:signup_from_site", kwargs={"slug": workspace.slug})


def confirm_url(prospect) -> str:
    return reverse("public:confirm_signup", kwargs={"token": make_token(prospect.pk, "confirm")})


def post_signup(workspace, data=None, *, ip="203.0.113.10", **headers):
    """Post the form on the coach's website (no CSRF token, as a real one has none)."""
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR=ip)
    return client.post(site_url(workspace), {**PERSON, **(data or {})}, **headers)


def send_outbox() -> list:
    """Run the outbox once: what it sends lands in mail.outbox."""
    claim = claim_due(limit=100)
    send_claimed(claim.ids, claim.token)
    return list(mail.outbox)


def confirm_link(message) -> str:
    found = re.search(r"https://bridge\.example\.com(/p/confirm/[^/\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


def signup_mail(prospect) -> list[str]:
    return list(
        Delivery.objects.filter(prospect=prospect, kind__in=signup.SIGNUP_MAIL).values_list(
            "kind", flat=True
        )
    )


# ---- a new address ------------------------------------------------------------------------


def test_signing_up_makes_a_pending_prospect_in_needs_help_and_queues_one_confirmation(
    workspace, welcome, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_signup(workspace, {"tz": "America/Chicago"})
    assert response.status_code == 200
    assert b"Check your inbox" in response.content
    assert b"ana@example.org" in response.content
    prospect = Prospect.objects.get(workspace=workspace)
    assert (prospect.name, prospect.email) == ("Ana Reyes", "ana@example.org")
    assert prospect.consent == Consent.PENDING
    assert prospect.stage.key == StageKey.NEEDS_HELP
    assert prospect.stage_changes.get().actor == Actor.PROSPECT
    assert prospect.help_request == "Evenings back, please."
    assert prospect.timezone == "America/Chicago"
    assert "website" in prospect.source.lower()
    assert signup_mail(prospect) == [DeliveryKind.CONFIRM_SIGNUP]
    # Not a single nurture email until they confirm.
    assert not prospect.enrollments.exists()
    assert not Delivery.objects.filter(kind=DeliveryKind.NURTURE).exists()


def test_the_hosted_page_keeps_csrf_protection(workspace):
    response = Client(enforce_csrf_checks=True).post(join_url(workspace), PERSON)
    assert response.status_code == 403
    assert not Prospect.objects.exists()
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(join_url(workspace))
    assert page.status_code == 200 and b'name="csrfmiddlewaretoken"' in page.content
    token = browser.cookies["csrftoken"].value
    response = browser.post(join_url(workspace), {**PERSON, "csrfmiddlewaretoken": token})
    assert response.status_code == 200 and b"Check your inbox" in response.content
    assert Prospect.objects.get().source == signup.SIGNUP_SOURCE


def test_a_form_error_keeps_what_they_typed(workspace):
    response = post_signup(workspace, {"email": "ana at example"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "doesn&#x27;t look like an email address" in page
    assert 'value="Ana Reyes"' in page and 'value="ana at example"' in page
    assert "Evenings back, please.</textarea>" in page
    assert 'aria-invalid="true"' in page
    assert not Prospect.objects.exists()


def test_an_empty_form_asks_for_name_and_email(workspace):
    page = post_signup(workspace, {"name": "", "email": "", "help": ""}).content.decode()
    assert "Please tell us your name." in page
    assert "We need your email address" in page
    assert not Prospect.objects.exists()


def test_the_honeypot_gets_the_same_answer_and_nothing_happens(workspace):
    response = post_signup(workspace, {"website": "http://spam.example"})
    assert response.status_code == 200 and b"Check your inbox" in response.content
    assert not Prospect.objects.exists()
    assert not Delivery.objects.exists()


def test_an_unknown_sign_up_page_is_a_friendly_404(client):
    response = client.get(reverse("public:signup", kwargs={"slug": "nobody-here"}))
    assert response.status_code == 404
    assert b"couldn" in response.content
    assert post_signup(WorkspaceFactory.build(slug="nobody-here")).status_code == 404


# ---- the same address again ---------------------------------------------------------------


def page_for(response, email: str) -> bytes:
    return response.content.replace(email.strip().lower().encode(), b"EMAIL")


def test_signing_up_again_never_duplicates_or_reveals_who_is_known(workspace, clock):
    first = post_signup(workspace, {"email": "new@example.org"})
    ProspectFactory(workspace=workspace, email="confirmed@example.org", name="Cora")
    ProspectFactory(workspace=workspace, email="stopped@example.org", consent=Consent.UNSUBSCRIBED)
    pages = {
        page_for(post_signup(workspace, {"email": email}, ip=f"198.51.100.{n}"), email)
        for n, email in enumerate(
            ["new@example.org", "NEW@example.org ", "confirmed@example.org", "stopped@example.org"]
        )
    }
    pages.add(page_for(first, "new@example.org"))
    pages.add(page_for(post_signup(workspace, {"email": "other@example.org"}), "other@example.org"))
    assert len(pages) == 1
    assert Prospect.objects.filter(email="new@example.org").count() == 1
    assert Prospect.objects.count() == 4


def test_a_pending_address_gets_the_confirmation_again_at_most_every_ten_minutes(workspace, clock):
    assert signup.sign_up(workspace, name="Ana", email="ana@example.org") == SignupOutcome.CREATED
    prospect = Prospect.objects.get()
    again = signup.sign_up(workspace, name="Someone Else", email="ANA@example.org")
    assert again == SignupOutcome.NOTHING_SENT
    clock.shift(signup.RESEND_AFTER - datetime.timedelta(seconds=1))
    assert signup.sign_up(workspace, name="Ana", email="ana@example.org") == (
        SignupOutcome.NOTHING_SENT
    )
    clock.shift(datetime.timedelta(seconds=2))
    assert signup.sign_up(workspace, name="Ana", email="ana@example.org") == (
        SignupOutcome.CONFIRMATION_SENT
    )
    assert signup_mail(prospect) == [DeliveryKind.CONFIRM_SIGNUP] * 2
    prospect.refresh_from_db()
    assert prospect.name == "Ana"  # a form anyone can post never changes their details


def test_a_confirmed_address_gets_a_quiet_already_on_the_list_note_and_nothing_changes(
    workspace, clock
):
    prospect = ProspectFactory(
        workspace=workspace, name="Cora Diaz", email="cora@example.org", timezone="Asia/Tokyo"
    )
    before = Prospect.objects.values().get(pk=prospect.pk)
    outcome = signup.sign_up(
        workspace, name="Mallory", email="cora@example.org", help_request="x", timezone_name="UTC"
    )
    assert outcome == SignupOutcome.ALREADY_NOTE_SENT
    assert signup.sign_up(workspace, name="M", email="cora@example.org") == (
        SignupOutcome.NOTHING_SENT
    )
    assert Prospect.objects.values().get(pk=prospect.pk) == before
    [message] = send_outbox()
    assert "already on the list" in message.subject
    assert "Hi Cora," in message.body
    assert "/p/preferences/" in message.body
    assert "/p/confirm/" not in message.body


# ---- confirming ---------------------------------------------------------------------------


def test_the_confirmation_email_goes_through_the_outbox_and_its_link_confirms(
    workspace, welcome, clock, django_capture_on_commit_callbacks
):
    post_signup(workspace)
    prospect = Prospect.objects.get()
    [message] = send_outbox()
    assert message.to == ["Ana Reyes <ana@example.org>"]
    assert "Please confirm" in message.subject
    link = confirm_link(message)

    browser = Client(enforce_csrf_checks=True)
    page = browser.get(link)
    assert page.status_code == 200 and b"Yes, send me emails" in page.content
    prospect.refresh_from_db()
    assert prospect.consent == Consent.PENDING  # a mail scanner fetching the link confirms nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(link, {"csrfmiddlewaretoken": browser.cookies["csrftoken"].value})
    assert response.status_code == 200 and b"You're in, Ana" in response.content
    prospect.refresh_from_db()
    assert prospect.consent == Consent.CONFIRMED
    assert "double opt-in" in prospect.consent_note
    assert prospect.stage.key == StageKey.NEEDS_HELP
    enrollment = prospect.enrollments.get()
    assert enrollment.state == EnrollmentState.ACTIVE
    assert enrollment.deliveries.filter(status=DeliveryStatus.SCHEDULED).count() == 2


def test_nothing_is_mailed_as_nurture_before_confirmation(
    workspace, welcome, clock, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_signup(workspace)
    prospect = Prospect.objects.get()
    for _ in range(3):
        clock.shift(datetime.timedelta(days=2))
        send_outbox()
    assert [m.subject for m in mail.outbox] == [f"Please confirm: emails from {workspace.name}"]
    with django_capture_on_commit_callbacks(execute=True):
        signup.confirm_signup(prospect)
    clock.shift(datetime.timedelta(days=1))
    send_outbox()
    assert len(mail.outbox) == 2  # now the first nurture email goes out


def test_the_confirmation_email_does_not_hold_back_the_first_welcome_email(
    workspace, welcome, clock, django_capture_on_commit_callbacks
):
    workspace.send_window_start, workspace.send_window_end = datetime.time(0), datetime.time(23)
    workspace.save(update_fields=["send_window_start", "send_window_end"])
    signup.sign_up(workspace, name="Ana", email="ana@example.org")
    send_outbox()
    with django_capture_on_commit_callbacks(execute=True):
        signup.confirm_signup(Prospect.objects.get())
    first = Delivery.objects.filter(kind=DeliveryKind.NURTURE).order_by("due_at").first()
    assert first.due_at - MONDAY < datetime.timedelta(hours=2)


@pytest.mark.parametrize("zone", ["UTC", "Etc/GMT+3", "Not/AZone", ""])
def test_a_masked_or_unknown_browser_time_zone_leaves_the_workspaces(workspace, zone):
    signup.sign_up(workspace, name="Ana", email="ana@example.org", timezone_name=zone)
    assert Prospect.objects.get().timezone == ""


def test_the_confirmation_link_works_for_seven_days_then_offers_to_sign_up_again(workspace, clock):
    prospect = ProspectFactory(workspace=workspace, consent=Consent.PENDING, name="Ana Reyes")
    link = confirm_url(prospect)
    clock.shift(datetime.timedelta(days=7) - datetime.timedelta(minutes=1))
    assert Client().get(link).status_code == 200
    clock.shift(datetime.timedelta(minutes=2))
    response = Client().get(link)
    assert response.status_code == 400
    page = response.content.decode()
    assert "This link has expired" in page
    assert join_url(workspace) in page
    assert Client().post(link).status_code == 400
    prospect.refresh_from_db()
    assert prospect.consent == Consent.PENDING
    # Someone who did confirm in time and finds the old email later is simply told so.
    Prospect.objects.filter(pk=prospect.pk).update(consent=Consent.CONFIRMED)
    response = Client().get(link)
    assert response.status_code == 200 and b"already confirmed" in response.content


@pytest.mark.parametrize(
    "token",
    [
        "nope",
        "MQ:1abcde:tampered",
        "Ma:1xVXgX:" + "A" * 43,
    ],
)
def test_a_bad_confirmation_link_gets_a_friendly_400(client, token):
    response = client.get(reverse("public:confirm_signup", kwargs={"token": token}))
    assert response.status_code == 400
    assert b"This link doesn" in response.content


def test_a_link_made_for_another_purpose_cannot_confirm(workspace):
    prospect = ProspectFactory(workspace=workspace, consent=Consent.PENDING)
    for purpose in ("talk", "preferences", "unsubscribe", "where"):
        path = reverse("public:confirm_signup", kwargs={"token": make_token(prospect.pk, purpose)})
        assert Client().post(path).status_code == 400
    prospect.refresh_from_db()
    assert prospect.consent == Consent.PENDING


def test_confirming_twice_is_harmless(workspace, welcome, django_capture_on_commit_callbacks):
    prospect = ProspectFactory(workspace=workspace, consent=Consent.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        assert signup.confirm_signup(prospect) is True
        assert signup.confirm_signup(prospect) is False
    assert prospect.enrollments.count() == 1
    page = Client().get(confirm_url(prospect)).content.decode()
    assert "already confirmed" in page


def test_someone_who_unsubscribed_can_opt_back_in_by_their_own_choice(
    workspace, welcome, clock, django_capture_on_commit_callbacks
):
    prospect = ProspectFactory(
        workspace=workspace,
        email="ana@example.org",
        consent=Consent.UNSUBSCRIBED,
        stage=stage(workspace, StageKey.EXPLORING),
    )
    assert signup.sign_up(workspace, name="Ana", email="ana@example.org") == (
        SignupOutcome.CONFIRMATION_SENT
    )
    prospect.refresh_from_db()
    assert prospect.consent == Consent.UNSUBSCRIBED  # nothing changes until they confirm
    [message] = send_outbox()  # the send path lets a confirmation through to them
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(confirm_link(message))
    prospect.refresh_from_db()
    assert prospect.consent == Consent.CONFIRMED
    assert prospect.stage.key == StageKey.EXPLORING


@pytest.mark.parametrize("key", [StageKey.NOT_A_FIT, StageKey.NOT_NOW])
def test_someone_closed_or_parked_who_signs_up_again_comes_back_to_needs_help(
    workspace, welcome, key, django_capture_on_commit_callbacks
):
    prospect = ProspectFactory(
        workspace=workspace,
        consent=Consent.UNSUBSCRIBED,
        stage=stage(workspace, key),
        revisit_on=datetime.date(2030, 1, 1) if key == StageKey.NOT_NOW else None,
    )
    with django_capture_on_commit_callbacks(execute=True):
        signup.confirm_signup(prospect)
    prospect.refresh_from_db()
    assert (prospect.stage.key, prospect.consent) == (StageKey.NEEDS_HELP, Consent.CONFIRMED)
    change = prospect.stage_changes.get()
    assert (change.actor, change.reason) == (Actor.PROSPECT, "Signed up again")
    assert prospect.enrollments.get().state == EnrollmentState.ACTIVE


def test_a_client_who_signs_up_again_stays_a_client(workspace):
    prospect = ProspectFactory(
        workspace=workspace, consent=Consent.UNSUBSCRIBED, stage=stage(workspace, StageKey.CLIENT)
    )
    signup.confirm_signup(prospect)
    prospect.refresh_from_db()
    assert (prospect.stage.key, prospect.consent) == (StageKey.CLIENT, Consent.CONFIRMED)


# ---- rate limits --------------------------------------------------------------------------


def test_sign_ups_are_rate_limited_per_client_address(workspace, monkeypatch):
    monkeypatch.setattr(public, "SIGNUPS_PER_IP", 3)
    answers = [
        post_signup(workspace, {"email": f"p{n}@example.org"}, ip="192.0.2.7").status_code
        for n in range(4)
    ]
    assert answers == [200, 200, 200, 429]
    refused = post_signup(workspace, {"email": "late@example.org"}, ip="192.0.2.7")
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert b"Please wait a moment" in refused.content
    assert post_signup(workspace, {"email": "late@example.org"}, ip="192.0.2.8").status_code == 200
    assert Prospect.objects.count() == 4


def test_sign_ups_are_rate_limited_per_email_address_from_any_client(workspace, monkeypatch):
    monkeypatch.setattr(public, "SIGNUPS_PER_ADDRESS", 2)
    answers = [
        post_signup(workspace, {"email": "Target@Example.org"}, ip=f"198.51.100.{n}").status_code
        for n in range(3)
    ]
    assert answers == [200, 200, 429]
    assert post_signup(workspace, {"email": "else@example.org"}, ip="198.51.100.1").status_code == (
        200
    )
    assert Delivery.objects.filter(prospect__email="target@example.org").count() == 1


# ---- the embeddable form and iframe -------------------------------------------------------


def test_the_hosted_page_refuses_framing_but_its_embed_layout_allows_it(client, workspace):
    page = client.get(join_url(workspace))
    assert page["X-Frame-Options"] == "DENY"
    embedded = client.get(join_url(workspace, embed=1))
    assert not embedded.has_header("X-Frame-Options")
    policy = embedded["Content-Security-Policy"]
    assert "frame-ancestors 'self' http: https:;" in policy + ";"
    assert "script-src 'self';" in policy + ";"
    html = embedded.content.decode()
    assert "csrfmiddlewaretoken" not in html  # no cookie a third-party iframe would lose
    assert f'action="{site_url(workspace)}"' in html and 'name="embed" value="1"' in html
    assert "<header>" not in html


def test_the_embed_is_framed_only_by_the_coachs_sites_once_listed(client, workspace):
    workspace.embed_origins = "https://www.coach.example\nhttps://coach.example/about"
    workspace.save(update_fields=["embed_origins"])
    embedded = client.get(join_url(workspace, embed=1))
    assert "frame-ancestors 'self' https://www.coach.example https://coach.example;" in (
        embedded["Content-Security-Policy"] + ";"
    )
    refused = post_signup(workspace, HTTP_ORIGIN="https://evil.example")
    assert refused.status_code == 403 and not Prospect.objects.exists()
    assert post_signup(workspace, HTTP_ORIGIN="https://www.coach.example").status_code == 200
    own = post_signup(
        workspace, {"email": "b@example.org", "embed": "1"}, HTTP_ORIGIN="http://testserver"
    )
    assert own.status_code == 200 and not own.has_header("X-Frame-Options")
    assert Prospect.objects.count() == 2


def test_the_form_snippet_posts_what_the_sign_up_endpoint_expects(workspace):
    snippets = embed_snippets(workspace)
    action = re.search(r'action="https://bridge\.example\.com([^"]+)"', snippets.form_html)
    assert action and action.group(1) == site_url(workspace)
    names = set(re.findall(r'name="([a-z]+)"', snippets.form_html))
    assert names == {"name", "email", "help", "website"}
    assert 'src="https://bridge.example.com' + join_url(workspace) + '?embed=1"' in (
        snippets.iframe_html
    )
    response = post_signup(workspace, {"name": "Bo", "email": "bo@example.org", "website": ""})
    assert response.status_code == 200 and Prospect.objects.filter(email="bo@example.org").exists()


def test_the_workspace_admin_shows_the_sign_up_page_and_snippets_with_copy_buttons(
    client, workspace, coach
):
    coach.is_staff = True
    coach.save(update_fields=["is_staff"])
    from relationships.workspaces.admin_access import ensure_coach_group

    coach.groups.add(ensure_coach_group())
    client.force_login(coach)
    page = client.get(reverse("admin:relationships_workspace_change", args=[workspace.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "https://bridge.example.com" + join_url(workspace) in html
    assert html.count(">Copy</button>") == 3
    assert "&lt;form action=" in html and "&lt;iframe src=" in html
    for field in ("logo_url", "accent_color", "booking_url", "embed_origins"):
        assert f'name="{field}"' in html


def test_opening_the_websites_form_address_leads_to_the_sign_up_page(client, workspace):
    response = client.get(site_url(workspace))
    assert response.status_code == 302 and response["Location"] == join_url(workspace)


@pytest.mark.django_db
def test_a_sign_up_belongs_to_the_default_coach_or_else_the_first_owner(workspace):
    # Issue 15: new sign-ups showed "No owner yet".
    owner = UserFactory()
    MembershipFactory(user=owner, workspace=workspace, role=Role.OWNER)
    coach = UserFactory()
    MembershipFactory(user=coach, workspace=workspace, role=Role.COACH)
    post_signup(workspace)
    assert Prospect.objects.get(email="ana@example.org").owner == owner

    workspace.default_owner = coach
    workspace.save(update_fields=["default_owner"])
    post_signup(workspace, {"email": "ben@example.org"}, ip="203.0.113.11")
    assert Prospect.objects.get(email="ben@example.org").owner == coach

    # The default coach left: back to the first owner.
    workspace.memberships.filter(user=coach).delete()
    post_signup(workspace, {"email": "cy@example.org"}, ip="203.0.113.12")
    assert Prospect.objects.get(email="cy@example.org").owner == owner
