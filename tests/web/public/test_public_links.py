import datetime
import itertools
import shutil
from urllib.parse import quote, urlsplit

import pytest
import time_machine
from django.core import signing
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relationships.models import (
    Actor,
    Consent,
    Content,
    ContentStatus,
    DeliveryStatus,
    Sequence,
    StageKey,
    Step,
)
from relationships.nurture.enrollment import enroll
from relationships.selfservice.links import PROSPECT_CHOICES, prospect_links
from relationships.selfservice.tokens import make_token
from relationships.web.public import views as public
from relationships.web.ratelimit import client_ip
from tests.conftest import need
from tests.support.factories import ProspectFactory, WorkspaceFactory, stage

PAGES = list(PROSPECT_CHOICES)
ACTIONS = ["talk", "not_now", "less_often"]
ONE_CLICK = "List-Unsubscribe=One-Click"
FORM = "application/x-www-form-urlencoded"
_names = itertools.count()


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def prospect(workspace):
    """A prospect in Exploring with three nurture emails queued, as often as the cap allows."""
    workspace.send_days = [1, 2, 3, 4, 5, 6, 7]
    workspace.save(update_fields=["send_days"])
    prospect = ProspectFactory(
        workspace=workspace, name="Ana Reyes", stage=stage(workspace, StageKey.EXPLORING)
    )
    sequence = Sequence.objects.create(
        workspace=workspace,
        name=f"Sequence {next(_names)}",
        entry_stage=stage(workspace, StageKey.EXPLORING),
    )
    for position in range(3):
        content = Content.objects.create(
            workspace=workspace,
            title=f"Value {next(_names)}",
            subject="Something useful",
            body="One idea for you.",
            status=ContentStatus.APPROVED,
        )
        Step.objects.create(sequence=sequence, position=position, content=content)
    enroll(prospect, sequence)
    return prospect


def url(purpose: str, prospect=None, *, token: str | None = None) -> str:
    return reverse(f"public:{purpose}", kwargs={"token": token or make_token(prospect.pk, purpose)})


def snapshot(prospect) -> tuple:
    """Everything a click could change."""
    prospect.refresh_from_db()
    return (
        prospect.stage_id,
        prospect.consent,
        prospect.nurture_spacing,
        prospect.needs_attention,
        prospect.revisit_on,
        list(prospect.deliveries.values_list("pk", "status", "due_at")),
        list(prospect.enrollments.values_list("pk", "state")),
        prospect.interactions.count(),
        prospect.stage_changes.count(),
    )


def queued(prospect) -> int:
    return prospect.deliveries.filter(status=DeliveryStatus.SCHEDULED).count()


def csrf_post(client: Client, path: str, data: dict | None = None):
    """Post as a browser does: load the page first, send its CSRF token back."""
    page = client.get(path)
    assert page.status_code == 200
    token = client.cookies["csrftoken"].value
    return client.post(path, {"csrfmiddlewaretoken": token, **(data or {})})


# ---- GET shows, never acts ----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("purpose", PAGES)
def test_a_get_shows_a_page_and_changes_nothing(client, prospect, purpose):
    before = snapshot(prospect)
    for method in (client.get, client.head):
        response = method(url(purpose, prospect))
        assert response.status_code == 200
    assert snapshot(prospect) == before
    page = client.get(url(purpose, prospect)).content.decode()
    assert prospect.workspace.name in page
    assert "<button" in page and 'method="post"' in page
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"].startswith("noindex")


@pytest.mark.django_db
def test_every_link_in_a_nurture_email_opens_its_page(client, prospect):
    links = prospect_links(prospect.pk, absolute=True)
    assert set(links) == {f"{purpose}_url" for purpose in PAGES}
    for link in links.values():
        assert client.get(urlsplit(link).path).status_code == 200


@pytest.mark.django_db
def test_a_page_shows_only_the_prospect_its_token_names(client, prospect):
    other = ProspectFactory(name="Zed Other", workspace=WorkspaceFactory(name="Elsewhere Ltd"))
    page = client.get(url("preferences", prospect)).content.decode()
    assert prospect.workspace.name in page and "Elsewhere" not in page
    page = client.get(url("preferences", other)).content.decode()
    assert "Elsewhere Ltd" in page and prospect.workspace.name not in page
    page = client.post(url("talk", other)).content.decode()
    assert "Thank you, Zed" in page and "Ana" not in page


@pytest.mark.django_db
def test_the_unsubscribe_page_offers_less_often_without_getting_in_the_way(client, prospect):
    page = client.get(url("unsubscribe", prospect)).content.decode()
    assert page.index("Stop these emails</button>") < page.index("less often instead")
    assert reverse("public:less_often", kwargs={"token": "X"}).split("X")[0] in page


# ---- RFC 8058 one-click unsubscribe -------------------------------------------------------


@pytest.mark.django_db
def test_one_click_unsubscribe_works_without_cookies_or_csrf_and_twice(prospect):
    provider = Client(enforce_csrf_checks=True)
    path = url("unsubscribe", prospect)
    for _ in range(2):
        response = provider.post(path, ONE_CLICK, content_type=FORM)
        assert response.status_code == 200
        assert not response.has_header("Location")
        assert b"unsubscribed" in response.content
    prospect.refresh_from_db()
    assert prospect.consent == Consent.UNSUBSCRIBED
    assert "one-click" in prospect.consent_note
    assert queued(prospect) == 0
    assert set(prospect.deliveries.values_list("status", flat=True)) == {DeliveryStatus.CANCELLED}


@pytest.mark.django_db
def test_the_unsubscribe_button_works_in_one_click_too(prospect):
    response = Client(enforce_csrf_checks=True).post(url("unsubscribe", prospect))
    assert response.status_code == 200
    prospect.refresh_from_db()
    assert prospect.consent == Consent.UNSUBSCRIBED
    assert "unsubscribe page" in prospect.consent_note


@pytest.mark.django_db
def test_an_unsubscribe_link_keeps_working_for_years(prospect):
    path = url("unsubscribe", prospect)
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=5 * 365)
    with time_machine.travel(later):
        assert Client().post(path, ONE_CLICK, content_type=FORM).status_code == 200
    prospect.refresh_from_db()
    assert prospect.consent == Consent.UNSUBSCRIBED


# ---- The other choices keep CSRF protection -----------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("purpose", ACTIONS)
def test_other_choices_refuse_a_post_without_a_csrf_token(prospect, purpose):
    before = snapshot(prospect)
    response = Client(enforce_csrf_checks=True).post(url(purpose, prospect))
    assert response.status_code == 403
    assert snapshot(prospect) == before


@pytest.mark.django_db
def test_talk_pauses_mail_and_moves_them_as_their_own_choice(
    prospect, django_capture_on_commit_callbacks
):
    browser = Client(enforce_csrf_checks=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = csrf_post(browser, url("talk", prospect), {"note": "Mornings suit me."})
    assert response.status_code == 200
    assert b"Thank you" in response.content
    prospect.refresh_from_db()
    assert prospect.stage.key == StageKey.IN_CONVERSATION
    assert prospect.stage_changes.get().actor == Actor.PROSPECT
    assert prospect.needs_attention
    assert queued(prospect) == 0
    assert "Mornings suit me." in prospect.interactions.get().summary


@pytest.mark.django_db
def test_not_now_parks_them_and_cancels_queued_mail(prospect, django_capture_on_commit_callbacks):
    browser = Client(enforce_csrf_checks=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = csrf_post(browser, url("not_now", prospect))
    assert response.status_code == 200
    prospect.refresh_from_db()
    assert prospect.stage.key == StageKey.NOT_NOW
    assert prospect.revisit_on is not None
    assert f"{prospect.revisit_on:%B %Y}" in response.content.decode()
    assert prospect.stage_changes.get().actor == Actor.PROSPECT
    assert queued(prospect) == 0


@pytest.mark.django_db
def test_less_often_respaces_queued_mail(prospect):
    before = dict(prospect.deliveries.values_list("pk", "due_at"))
    response = csrf_post(Client(enforce_csrf_checks=True), url("less_often", prospect))
    assert response.status_code == 200
    prospect.refresh_from_db()
    assert prospect.nurture_spacing == 2
    after = dict(prospect.deliveries.values_list("pk", "due_at"))
    assert after != before and all(after[pk] >= before[pk] for pk in before)
    assert queued(prospect) == 3


@pytest.mark.django_db
def test_the_preference_page_posts_each_choice_to_its_own_view(client, prospect):
    page = client.get(url("preferences", prospect)).content.decode()
    assert "You're receiving our emails." in page
    token = make_token(prospect.pk, "preferences")
    frequency = reverse("public:preferences_frequency", kwargs={"token": token})
    assert f'action="{frequency}"' in page
    assert f'action="{url("unsubscribe", prospect)}"' in page
    assert f'href="{url("where", prospect)}"' in page
    assert reverse("public:coming", kwargs={"token": token}) in page
    csrf_post(Client(enforce_csrf_checks=True), url("less_often", prospect))
    page = client.get(url("preferences", prospect)).content.decode()
    assert "less often: at most one every" in page
    Client().post(url("unsubscribe", prospect), ONE_CLICK, content_type=FORM)
    page = client.get(url("preferences", prospect)).content.decode()
    assert "You're unsubscribed" in page and url("unsubscribe", prospect) not in page


@pytest.mark.django_db
def test_the_preference_page_takes_no_posts(prospect):
    response = Client().post(url("preferences", prospect))
    assert response.status_code == 405


# ---- Bad links: a friendly 4xx, never a 500 -----------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("purpose", PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_token_gets_a_friendly_400(prospect, purpose, method):
    token = make_token(prospect.pk, purpose)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    before = snapshot(prospect)
    if purpose == "preferences":
        method = "get"  # a page only: it takes no posts
    response = getattr(Client(), method)(url(purpose, token=tampered))
    assert response.status_code == 400
    assert b"This link doesn" in response.content
    assert snapshot(prospect) == before


@pytest.mark.django_db
@pytest.mark.parametrize("purpose", PAGES)
def test_a_token_made_for_another_purpose_is_refused(prospect, purpose):
    before = snapshot(prospect)
    for other in PAGES:
        if other != purpose:
            path = url(purpose, token=make_token(prospect.pk, other))
            assert Client().get(path).status_code == 400
            if purpose != "preferences":
                assert Client().post(path).status_code == 400
    assert snapshot(prospect) == before


@pytest.mark.django_db
@pytest.mark.parametrize("purpose", [*ACTIONS, "preferences"])
def test_an_expired_token_is_refused(prospect, purpose):
    path = url(purpose, prospect)
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=366)
    with time_machine.travel(later):
        assert Client().get(path).status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("purpose", PAGES)
def test_a_token_for_a_prospect_who_is_gone_gets_a_404(prospect, purpose):
    path = url(purpose, prospect)
    prospect.delete()
    assert Client().get(path).status_code == 404
    assert Client().post(path).status_code in {404, 405}


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", True, -5, 0, 10**30, {"id": 1}, None])
def test_a_signed_token_that_names_no_prospect_is_refused(value):
    token = signing.dumps(value, salt="bridge.link.talk")
    assert Client().get(url("talk", token=token)).status_code in {400, 404}


@pytest.mark.django_db
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    purpose=st.sampled_from(PAGES),
    method=st.sampled_from(["get", "post", "head"]),
    token=st.one_of(
        st.text(min_size=1, max_size=300),
        st.from_regex(r"[A-Za-z0-9_\-:.]{1,120}", fullmatch=True),
        st.integers(min_value=1, max_value=10**6).map(lambda n: make_token(n, "talk")),
    ),
)
def test_no_token_string_makes_any_public_page_fail(purpose, method, token):
    cache.clear()
    response = getattr(Client(), method)(f"/p/{url_prefix(purpose)}/{quote(token, safe='')}/")
    assert response.status_code < 500


def url_prefix(purpose: str) -> str:
    return reverse(f"public:{purpose}", kwargs={"token": "T"}).split("/")[2]


# ---- Rate limits --------------------------------------------------------------------------


@pytest.mark.django_db
def test_public_posts_are_rate_limited_per_address(prospect, monkeypatch):
    monkeypatch.setattr(public, "PUBLIC_POSTS_PER_MINUTE", 5)
    flood = Client(REMOTE_ADDR="203.0.113.9")
    answers = [flood.post(url("talk", token="nope")).status_code for _ in range(6)]
    assert answers == [400] * 5 + [429]
    refused = flood.post(url("less_often", prospect))
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert Client(REMOTE_ADDR="198.51.100.7").post(url("less_often", prospect)).status_code == 200
    # Reading pages is never limited.
    assert flood.get(url("talk", prospect)).status_code == 200


@pytest.mark.django_db
def test_a_valid_one_click_unsubscribe_is_honoured_even_from_a_busy_address(prospect, monkeypatch):
    # Mailbox providers post one-click unsubscribes for many people from few addresses.
    monkeypatch.setattr(public, "PUBLIC_POSTS_PER_MINUTE", 3)
    provider = Client(REMOTE_ADDR="192.0.2.1")
    guesses = [provider.post(url("unsubscribe", token=f"guess{n}")).status_code for n in range(4)]
    assert guesses == [400, 400, 400, 429]
    response = provider.post(url("unsubscribe", prospect), ONE_CLICK, content_type=FORM)
    assert response.status_code == 200
    prospect.refresh_from_db()
    assert prospect.consent == Consent.UNSUBSCRIBED


def test_the_limit_counts_the_real_client_behind_our_proxy(rf, settings):
    request = rf.post("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5")
    settings.TRUSTED_PROXIES = []
    assert client_ip(request) == "10.0.0.2"
    # Only from a proxy named in TRUSTED_PROXIES (tests/accounts/test_client_ip.py).
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(request) == "203.0.113.5"
    assert client_ip(rf.get("/", REMOTE_ADDR="2001:db8:1:2:3::9")) == "2001:db8:1:2::/64"


# ---- In a real browser --------------------------------------------------------------------


@pytest.mark.browser
def test_a_prospect_clicks_through_the_pages_in_chromium(live_server, prospect, monkeypatch):
    # A real browser sends Origin and Referer the way our CSRF checks will see them
    # (a no-referrer policy, for one, makes every POST fail with "Origin: null").
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        need("chromium is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need("playwright is not installed")
    # Playwright's sync API keeps an event loop on this thread; the ORM calls below are sync.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 390, "height": 844})
        try:
            page.goto(live_server.url + url("talk", prospect))
            page.get_by_label("What would you like to talk about?").fill("Mornings suit me.")
            page.get_by_role("button", name="Yes, I'd like to talk").click()
            page.get_by_role("heading", name="Thank you, Ana").wait_for()

            page.goto(live_server.url + url("preferences", prospect))
            page.get_by_label("Less often").check()
            page.get_by_role("button", name="Save how often").click()
            page.get_by_text("Saved.").wait_for()

            page.goto(live_server.url + url("unsubscribe", prospect))
            page.get_by_role("button", name="Stop these emails").click()
            page.get_by_role("heading", name="You're unsubscribed").wait_for()
        finally:
            browser.close()
    prospect.refresh_from_db()
    assert prospect.stage.key == StageKey.IN_CONVERSATION
    assert prospect.stage_changes.get().actor == Actor.PROSPECT
    assert prospect.nurture_spacing == 2
    assert prospect.consent == Consent.UNSUBSCRIBED
    assert queued(prospect) == 0
