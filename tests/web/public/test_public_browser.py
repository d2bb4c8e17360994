"""A prospect goes through every public page in a real Chromium, on a phone and on a desktop.

Screenshots land in test-output/screenshots/ (CI keeps test-output/), named
<page>-<phone|desktop>.png, so a person can look at what prospects see.
"""

import datetime
import http.server
import os
import re
import shutil
import threading

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from relationships.models import (
    Actor,
    Consent,
    Content,
    ContentStatus,
    Delivery,
    DeliveryStatus,
    Prospect,
    Role,
    Sequence,
    StageKey,
    Step,
)
from relationships.nurture.dispatch import claim_due
from relationships.nurture.enrollment import enroll
from relationships.nurture.sending import send_claimed
from relationships.selfservice.embed import embed_snippets
from relationships.selfservice.tokens import make_token
from tests.conftest import need
from tests.support.factories import MembershipFactory, ProspectFactory, UserFactory, stage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
SCREENSHOTS = django_settings.BASE_DIR / "test-output" / "screenshots"


@pytest.fixture(scope="module")
def chromium():
    executable = shutil.which("chromium")
    if executable is None:
        need("Chromium is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need("Playwright is not installed")
    # Playwright's sync API keeps an event loop on this thread; the ORM calls in the
    # tests are synchronous all the same.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=executable, args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request):
    return request.param


@pytest.fixture
def page(chromium, viewport):
    context = chromium.new_context(
        viewport=VIEWPORTS[viewport], timezone_id="America/New_York", locale="en-GB"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    # Every prospect-facing page is watched for Content-Security-Policy violations:
    # Chromium reports each one on the console, and a page that needs one is broken.
    violations = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.csp_violations = violations
    yield page
    context.close()
    assert violations == [], f"CSP violations on a prospect's page: {violations}"


@pytest.fixture(autouse=True)
def site(live_server, settings):
    settings.SITE_URL = live_server.url
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()
    mail.outbox = []
    return live_server.url


@pytest.fixture
def branded(workspace):
    workspace.name = "Northstar Coaching"
    workspace.sender_name = "Sam Rivers"
    workspace.accent_color = "#7a2e8e"
    workspace.booking_url = "https://cal.example/sam"
    workspace.send_days = [1, 2, 3, 4, 5, 6, 7]
    workspace.save()
    owner = UserFactory(email="sam@northstar.example")
    MembershipFactory(user=owner, workspace=workspace, role=Role.OWNER)
    return workspace


def sequence_for(workspace, key):
    sequence = Sequence.objects.create(
        workspace=workspace, name=f"Sequence for {key}", entry_stage=stage(workspace, key)
    )
    subjects = [
        ("A five-minute weekly review", ["planning"]),
        ("How much energy does your week take?", ["energy"]),
        ("Saying no, kindly", ["boundaries"]),
    ]
    for position, (subject, topics) in enumerate(subjects):
        content = Content.objects.create(
            workspace=workspace,
            title=subject,
            subject=subject,
            body="One idea for you.",
            topics=topics,
            status=ContentStatus.APPROVED,
        )
        Step.objects.create(
            sequence=sequence,
            position=position,
            content=content,
            delay=datetime.timedelta(days=3),
        )
    return sequence


@pytest.fixture
def ana(branded):
    prospect = ProspectFactory(
        workspace=branded,
        name="Ana Reyes",
        email="ana@example.org",
        stage=stage(branded, StageKey.EXPLORING),
    )
    enroll(prospect, sequence_for(branded, StageKey.EXPLORING))
    return prospect


class CoachWebsite:
    """The coach's own website: a real server on another site than Bridge's.

    Real, not a Playwright route: Chromium lets a page reach a server on this
    machine only from a page that is itself served from here (Local Network Access).
    127.0.0.1 is another site than Bridge's localhost.
    """

    def __init__(self):
        self.pages: dict[str, str] = {}
        pages = self.pages

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = pages.get(self.path, "").encode()
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def publish(self, path: str, snippet: str) -> str:
        self.pages[path] = (
            "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            "<title>Sam Rivers Coaching</title></head>"
            "<body style='font-family:Georgia,serif;margin:1rem;background:#fffdf7'>"
            "<h1>Sam Rivers Coaching</h1><p>Get my short, useful newsletter:</p>"
            f"{snippet}</body></html>"
        )
        return self.origin + path


@pytest.fixture
def coach_website():
    website = CoachWebsite()
    yield website
    website.server.shutdown()
    website.server.server_close()


def link(name: str, prospect, purpose: str | None = None) -> str:
    token = make_token(prospect.pk, purpose or name)
    return django_settings.SITE_URL + reverse(f"public:{name}", kwargs={"token": token})


def shot(page, name: str, viewport: str) -> None:
    page.screenshot(path=SCREENSHOTS / f"{name}-{viewport}.png", full_page=True)


def fits_the_screen(page) -> bool:
    """Nothing sticks out sideways: readable on a phone without scrolling left and right."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def send_outbox() -> None:
    claim = claim_due(limit=100)
    send_claimed(claim.ids, claim.token)


# ---- sign up, confirm ---------------------------------------------------------------------


def test_a_visitor_signs_up_on_the_hosted_page_and_confirms_from_the_email(page, viewport, branded):
    sequence_for(branded, StageKey.NEEDS_HELP)
    join = django_settings.SITE_URL + reverse("public:signup", kwargs={"slug": branded.slug})
    page.goto(join)
    page.get_by_role("heading", name="Stay in touch with Northstar Coaching").wait_for()
    assert fits_the_screen(page)
    shot(page, "signup", viewport)

    page.get_by_label("Your name").fill("Ana Reyes")
    page.get_by_label("Your email").fill("ana at example")
    page.get_by_label("What would you like help with?").fill("Getting my evenings back.")
    page.get_by_role("button", name="Sign up").click()
    page.get_by_text("doesn't look like an email address").wait_for()
    # Nothing they typed is lost.
    assert page.get_by_label("Your name").input_value() == "Ana Reyes"
    assert page.get_by_label("What would you like").input_value() == "Getting my evenings back."
    shot(page, "signup-error", viewport)

    page.get_by_label("Your email").fill("ana@example.org")
    page.get_by_role("button", name="Sign up").click()
    page.get_by_role("heading", name="Check your inbox").wait_for()
    shot(page, "signup-done", viewport)

    prospect = Prospect.objects.get(email="ana@example.org")
    assert prospect.consent == Consent.PENDING
    assert prospect.timezone == "America/New_York"  # from the browser, via the hidden field
    send_outbox()
    [message] = mail.outbox
    confirm = re.search(r"(http://\S+/p/confirm/\S+/)", message.body).group(1)

    page.goto(confirm)
    page.get_by_role("heading", name="One more click").wait_for()
    shot(page, "confirm", viewport)
    prospect.refresh_from_db()
    assert prospect.consent == Consent.PENDING  # opening the link alone confirms nothing
    page.get_by_role("button", name="Yes, send me emails").click()
    page.get_by_role("heading", name="You're in, Ana").wait_for()
    shot(page, "confirmed", viewport)
    prospect.refresh_from_db()
    assert prospect.consent == Consent.CONFIRMED
    assert prospect.stage.key == StageKey.NEEDS_HELP
    assert prospect.deliveries.filter(status=DeliveryStatus.SCHEDULED).count() == 3


def test_the_sign_up_form_works_with_the_keyboard_alone(page, viewport, branded):
    page.goto(django_settings.SITE_URL + reverse("public:signup", kwargs={"slug": branded.slug}))
    order = []
    for _ in range(4):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.id || document.activeElement.type"))
    assert order == ["name", "email", "help", "submit"]
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.type("Ben Hartley")
    page.keyboard.press("Tab")
    page.keyboard.type("ben@example.org")
    shot(page, "signup-keyboard", viewport)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Check your inbox").wait_for()
    assert Prospect.objects.filter(email="ben@example.org", name="Ben Hartley").exists()


def test_the_form_and_the_iframe_work_from_the_coachs_own_website(
    page, viewport, branded, coach_website
):
    branded.embed_origins = coach_website.origin
    branded.save(update_fields=["embed_origins"])
    snippets = embed_snippets(branded)

    page.goto(coach_website.publish("/iframe", snippets.iframe_html))
    frame = page.frame_locator("iframe")
    frame.get_by_label("Your name").fill("Chloé Martin")
    frame.get_by_label("Your email").fill("chloe@example.org")
    shot(page, "embed-iframe", viewport)
    frame.get_by_role("button", name="Sign up").click()
    frame.get_by_role("heading", name="Check your inbox").wait_for()
    shot(page, "embed-iframe-done", viewport)

    page.goto(coach_website.publish("/form", snippets.form_html))
    page.get_by_label("Your name").fill("Diego Alvarez")
    page.get_by_label("Your email").fill("diego@example.org")
    shot(page, "embed-form", viewport)
    page.get_by_role("button", name="Sign up").click()
    page.get_by_role("heading", name="Check your inbox").wait_for()
    assert page.url.startswith(django_settings.SITE_URL)
    shot(page, "embed-form-done", viewport)

    made = Prospect.objects.filter(workspace=branded).order_by("email")
    assert [(p.email, p.consent) for p in made] == [
        ("chloe@example.org", Consent.PENDING),
        ("diego@example.org", Consent.PENDING),
    ]


def test_another_site_cannot_frame_the_sign_up_page_once_the_coach_lists_theirs(
    page, viewport, branded, coach_website
):
    branded.embed_origins = "https://www.somewhere-else.example"
    branded.save(update_fields=["embed_origins"])
    refused = []
    page.on("console", lambda message: refused.append(message.text))
    page.goto(coach_website.publish("/", embed_snippets(branded).iframe_html))
    page.wait_for_timeout(1000)
    # Chromium refused to render it: no frame holds the sign-up form.
    assert all(frame.locator("#email").count() == 0 for frame in page.frames)
    assert any("frame-ancestors" in text for text in refused), refused
    # That refusal is the point of this test; any other violation still fails it.
    page.csp_violations[:] = [v for v in page.csp_violations if "frame-ancestors" not in v]


# ---- the links in every email -------------------------------------------------------------


def test_where_are_you_right_now_puts_a_prospect_who_wants_to_talk_in_front_of_the_coach(
    page, viewport, ana
):
    page.goto(link("where", ana))
    page.get_by_role("heading", name="Where are you right now?").wait_for()
    assert fits_the_screen(page)
    shot(page, "where", viewport)
    assert not page.get_by_label("Times that suit you").is_visible()
    page.get_by_label("I'd like to talk it through").check()
    page.get_by_label("What would you like to talk about?").fill("Saying no at work.")
    page.get_by_label("Times that suit you").fill("Weekday mornings")
    assert page.get_by_label("Your time zone").input_value() == "America/New_York"
    shot(page, "where-talk", viewport)
    page.get_by_role("button", name="Send my answer").click()
    page.get_by_role("heading", name="Thank you, Ana").wait_for()
    shot(page, "where-done", viewport)

    ana.refresh_from_db()
    assert ana.stage.key == StageKey.IN_CONVERSATION
    assert ana.stage_changes.get().actor == Actor.PROSPECT
    assert ana.needs_attention and ana.timezone == "America/New_York"
    assert not ana.deliveries.filter(status=DeliveryStatus.SCHEDULED).exists()
    [note] = mail.outbox
    assert note.subject == "Ana Reyes would like to talk"


def test_asking_to_talk_offers_the_booking_link_and_a_short_form(page, viewport, ana):
    page.goto(link("talk", ana))
    booking = page.get_by_role("link", name="Choose a time in Sam Rivers's calendar")
    assert booking.get_attribute("href") == "https://cal.example/sam"
    assert fits_the_screen(page)
    shot(page, "talk", viewport)
    page.get_by_label("What would you like to talk about?").fill("Where to start.")
    page.get_by_role("button", name="Yes, I'd like to talk").click()
    page.get_by_role("heading", name="Thank you, Ana").wait_for()
    shot(page, "talk-done", viewport)
    assert len(mail.outbox) == 1


def test_the_preference_center_changes_queued_mail_at_once(page, viewport, ana):
    page.goto(link("preferences", ana))
    page.get_by_role("heading", name="Your email preferences").wait_for()
    assert fits_the_screen(page)
    shot(page, "preferences", viewport)

    until = timezone.localdate() + datetime.timedelta(days=30)
    page.get_by_label("Pause until a day I choose").check()
    page.get_by_label("Emails may start again on").fill(until.isoformat())
    page.get_by_role("button", name="Save how often").click()
    page.get_by_text("Saved.").wait_for()
    shot(page, "preferences-saved", viewport)
    ana.refresh_from_db()
    assert ana.paused_until == until
    start = datetime.datetime.combine(until, datetime.time(0), ana.zone)
    queued = ana.deliveries.filter(status=DeliveryStatus.SCHEDULED)
    assert queued.count() == 3 and all(d.due_at >= start for d in queued)

    page.get_by_label("Energy").uncheck()
    page.get_by_role("button", name="Save topics").click()
    page.get_by_text("Saved.").wait_for()
    ana.refresh_from_db()
    assert ana.muted_topics == ["energy"]
    assert ana.deliveries.filter(status=DeliveryStatus.SCHEDULED).count() == 2


def test_whats_coming_lets_them_skip_one_and_say_what_was_useful(page, viewport, ana):
    first = ana.deliveries.order_by("due_at").first()
    Delivery.objects.filter(pk=first.pk).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now() - datetime.timedelta(days=2)
    )
    page.goto(link("coming", ana, "preferences"))
    page.get_by_role("heading", name="What's coming").wait_for()
    assert fits_the_screen(page)
    shot(page, "coming", viewport)
    page.get_by_role("button", name="Skip this one").first.click()
    page.get_by_text("Done: we won't send you that one.").wait_for()
    assert ana.deliveries.filter(status=DeliveryStatus.SKIPPED).count() == 1
    page.get_by_role("button", name="Yes", exact=True).click()
    page.get_by_text("Thank you for telling us.").wait_for()
    shot(page, "coming-done", viewport)
    first.refresh_from_db()
    assert first.useful is True


def test_unsubscribing_takes_one_click_and_offers_less_often_first(page, viewport, ana):
    page.goto(link("unsubscribe", ana))
    page.get_by_role("heading", name="Stop these emails?").wait_for()
    shot(page, "unsubscribe", viewport)
    page.get_by_role("button", name="Stop these emails").click()
    page.get_by_role("heading", name="You're unsubscribed").wait_for()
    shot(page, "unsubscribed", viewport)
    ana.refresh_from_db()
    assert ana.consent == Consent.UNSUBSCRIBED
    assert not ana.deliveries.filter(status=DeliveryStatus.SCHEDULED).exists()


def test_a_broken_link_gets_a_friendly_page(page, viewport, ana):
    response = page.goto(django_settings.SITE_URL + "/p/where/not-a-real-token/")
    assert response.status == 400
    page.get_by_role("heading", name="This link doesn't work").wait_for()
    shot(page, "bad-link", viewport)
