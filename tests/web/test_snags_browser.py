"""Issue 15 in a real Chromium: the snags a long first sitting found, at phone and desktop sizes.

Screenshots go to test-output/screenshots/snags/<name>-<phone|desktop>.png.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from relationships.models import Consent, Delivery, DeliveryKind, Role, StageKey
from relationships.people.prospects import create_prospect
from relationships.selfservice.actions import ask_to_talk, request_talk
from relationships.selfservice.tokens import make_token
from relationships.workspaces.services import create_workspace
from tests.support.factories import MembershipFactory, SequenceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(settings.BASE_DIR) / "test-output" / "screenshots" / "snags"
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
PASSWORD = "a-calm-coach-pass-42"
LONG_NAME = "Maximiliana" * 18 + "Z"  # 199 characters, no space to break at
LONG_EMAIL = "a" * 60 + "@" + "averyveryverylongdomainnamewithoutbreaks." * 3 + "example"


@pytest.fixture
def practice(db):
    user = get_user_model().objects.create_user(
        "sam", email="sam@northstar.example", password=PASSWORD, first_name="Sam"
    )
    workspace = create_workspace("Northstar Coaching", owner=user, timezone="Europe/London")
    MembershipFactory(workspace=workspace, role=Role.COACH)
    stages = {s.key: s for s in workspace.stages.exclude(key="")}
    return workspace, user, stages


def shoot(page, name: str, size: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{size}.png"), full_page=True)


def sign_in(page, base: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("size", list(SIZES))
def test_a_very_long_name_and_address_never_widen_a_page(browser, live_server, practice, size):
    # Issue 15, defect 5: a 200-character name widened the prospect page to 4,060 px.
    workspace, user, stages = practice
    long = create_prospect(
        workspace,
        name=LONG_NAME,
        email=LONG_EMAIL,
        stage=stages[StageKey.EXPLORING],
        owner=user,
        source="Conference" * 9,
        tags=["tag" * 20],
        consent=Consent.CONFIRMED,
        consent_note="Signed the sheet",
    )
    ask_to_talk(long, note="Talk " + "x" * 300)
    page = browser.new_page(viewport=SIZES[size])
    base = live_server.url
    sign_in(page, base)
    pages = {
        "today": "/",
        "prospects": f"/prospects/?q={long.email[:20]}",
        "prospect": f"/prospects/{long.pk}/",
        "prospect-edit": f"/prospects/{long.pk}/edit/",
        "diagnosis": f"/prospects/{long.pk}/diagnosis/",
        "move": f"/prospects/{long.pk}/move/",
        "pipeline": "/pipeline/",
        "insights": "/insights/",
        "talk": f"/p/talk/{make_token(long.pk, 'talk')}/",
        "where": f"/p/where/{make_token(long.pk, 'where')}/",
        "preferences": f"/p/preferences/{make_token(long.pk, 'preferences')}/",
        "coming": f"/p/coming/{make_token(long.pk, 'preferences')}/",
    }
    wide = {}
    for name, path in pages.items():
        page.goto(base + path)
        shoot(page, f"long-name-{name}", size)
        if page_width(page) > SIZES[size]["width"]:
            wide[name] = page_width(page)
    assert wide == {}


def test_a_drag_reaches_the_last_column_of_the_board_at_1280(browser, live_server, practice):
    # Issue 15, defect 8: Client, Not now and Not a fit were off-screen mid-drag.
    workspace, user, stages = practice
    ana = create_prospect(
        workspace,
        name="Ana Ruiz",
        email="ana@example.org",
        stage=stages[StageKey.NEEDS_HELP],
        owner=user,
        consent=Consent.CONFIRMED,
        consent_note="Form",
    )
    page = browser.new_page(viewport=SIZES["desktop"])
    base = live_server.url
    sign_in(page, base)
    page.goto(f"{base}/pipeline/")
    last = page.locator(".column", has=page.get_by_role("heading", name="Not a fit"))
    assert last.bounding_box()["x"] > SIZES["desktop"]["width"]
    shoot(page, "board-before-drag", "desktop")

    card = page.locator(f"#card-{ana.pk}").bounding_box()
    page.mouse.move(card["x"] + 8, card["y"] + 8)
    page.mouse.down()
    y = card["y"] + 40
    page.mouse.move(card["x"] + 60, y, steps=5)
    # Held at the right edge, the board scrolls until the last column is in view.
    for _ in range(60):
        page.mouse.move(1262, y)
        page.mouse.move(1263, y)
        box = last.bounding_box()
        if box["x"] + box["width"] <= SIZES["desktop"]["width"]:
            break
        page.wait_for_timeout(50)
    box = last.bounding_box()
    assert box["x"] + box["width"] <= SIZES["desktop"]["width"]
    page.mouse.move(box["x"] + box["width"] / 2, y, steps=5)
    page.mouse.up()
    page.locator(".notice-success").wait_for()
    shoot(page, "board-after-drag", "desktop")
    ana.refresh_from_db()
    assert ana.stage.key == StageKey.NOT_A_FIT


@pytest.mark.parametrize("size", list(SIZES))
def test_the_sent_mail_page_lists_and_renders_the_local_runs_mail(
    browser, live_server, practice, settings, tmp_path, size
):
    # Issue 15, defect 13: mail of the local run as .eml files, listed and shown (DEBUG only).
    settings.DEBUG = True
    settings.EMAIL_FILE_PATH = str(tmp_path)
    settings.EMAIL_BACKEND = "relationships.nurture.mail_backends.LocalMailBackend"
    workspace, user, stages = practice
    ana = create_prospect(
        workspace,
        name="Ana Ruiz",
        email="ana@example.org",
        stage=stages[StageKey.NEEDS_HELP],
        owner=user,
        consent=Consent.CONFIRMED,
        consent_note="Form",
    )
    request_talk(ana, about="Could we talk about my week?")
    assert list(tmp_path.glob("*.eml"))
    page = browser.new_page(viewport=SIZES[size])
    base = live_server.url
    sign_in(page, base)
    page.goto(f"{base}/sent-mail/")
    shoot(page, "sent-mail-list", size)
    page.get_by_role("link", name="Ana Ruiz would like to talk").first.click()
    frame = page.frame_locator("iframe.sent-mail-frame")
    assert "Could we talk about my week?" in frame.locator("body").inner_text()
    shoot(page, "sent-mail-message", size)
    assert page_width(page) <= SIZES[size]["width"]


@pytest.mark.parametrize("size", list(SIZES))
def test_bulk_enroll_outside_the_sequences_stage_is_refused_with_the_rule(
    browser, live_server, practice, size
):
    # Issue 15, defect 1: the page showed a schedule the sender would never send.
    workspace, user, stages = practice
    SequenceFactory(workspace=workspace, name="Welcome")
    eli = create_prospect(
        workspace,
        name="Eli Exploring",
        email="eli@example.org",
        stage=stages[StageKey.EXPLORING],
        owner=user,
        consent=Consent.CONFIRMED,
        consent_note="Form",
    )
    page = browser.new_page(viewport=SIZES[size])
    base = live_server.url
    sign_in(page, base)
    page.goto(f"{base}/prospects/")
    page.locator(f"#select-{eli.pk}").check()
    page.get_by_label("Sequence").select_option(label="Welcome")
    page.get_by_role("button", name="Enroll").click()
    refusal = page.get_by_text("Nothing was changed.")
    refusal.wait_for()
    assert "“Welcome” only mails people in Needs help" in page.content()
    shoot(page, "bulk-enroll-refused", size)
    assert not eli.enrollments.exists()


@pytest.mark.parametrize("size", list(SIZES))
def test_logging_the_call_from_today_handles_the_request_with_an_undo(
    browser, live_server, practice, size
):
    # Issue 15, defect 2: the cursor landed on the page, and they stayed on Today.
    workspace, user, stages = practice
    diego = create_prospect(
        workspace,
        name="Diego Alvarez",
        email="diego@example.org",
        stage=stages[StageKey.EXPLORING],
        owner=user,
        consent=Consent.CONFIRMED,
        consent_note="Form",
    )
    ask_to_talk(diego, note="Could we talk next week?")
    page = browser.new_page(viewport=SIZES[size])
    base = live_server.url
    sign_in(page, base)
    page.get_by_role("link", name="Log the call with Diego Alvarez").click()
    # No #log fragment: a fragment target would cancel autofocus (HTML spec).
    page.wait_for_url(f"**/prospects/{diego.pk}/?log=call")
    assert page.evaluate("document.activeElement.name") == "summary"
    page.keyboard.type("We talked for half an hour about his week.")
    page.get_by_role("button", name="Log it").click()
    undo = page.get_by_role("button", name="Undo: put Diego Alvarez back on Today")
    undo.wait_for()
    assert "Their request to talk is handled" in page.locator(".notice-success").inner_text()
    shoot(page, "log-call-handled", size)
    diego.refresh_from_db()
    assert not diego.needs_attention
    undo.click()
    page.locator(".notice-success", has_text="Diego Alvarez is back on Today.").wait_for()
    page.get_by_role("link", name="Today").click()
    assert "Diego Alvarez" in page.locator("section.group-asked_to_talk").inner_text()


@pytest.mark.parametrize("size", list(SIZES))
def test_preview_for_a_chosen_prospect_and_send_me_a_test(browser, live_server, practice, size):
    # Issue 15: preview with merge fields filled for a chosen prospect; a test to oneself.
    workspace, user, stages = practice
    ana = create_prospect(
        workspace,
        name="Ana Ruiz",
        email="ana@example.org",
        stage=stages[StageKey.NEEDS_HELP],
        owner=user,
        consent=Consent.CONFIRMED,
        consent_note="Form",
    )
    content = workspace.contents.order_by("pk").first()
    page = browser.new_page(viewport=SIZES[size])
    base = live_server.url
    sign_in(page, base)
    page.goto(f"{base}/content/{content.pk}/")
    page.get_by_role("link", name="Preview and send me a test").click()
    page.get_by_label("Preview for").select_option(label="Ana Ruiz")
    page.wait_for_url(f"**/preview/?prospect={ana.pk}")
    frame = page.frame_locator("iframe.sent-mail-frame")
    assert "Ana" in frame.locator("body").inner_text()
    page.get_by_role("button", name="Send me a test").click()
    notice = page.locator(".notice-success")
    notice.wait_for()
    assert "Test sent to sam@northstar.example" in notice.inner_text()
    assert "Ana" in frame.locator("body").inner_text()  # the frame is loaded again
    shoot(page, "email-preview-test-sent", size)
    # A full-page shot may catch the frame mid-repaint; the frame on its own as well.
    page.locator("iframe.sent-mail-frame").screenshot(
        path=str(SHOTS / f"email-preview-frame-{size}.png")
    )
    assert page_width(page) <= SIZES[size]["width"]
    test = Delivery.objects.get(kind=DeliveryKind.TEST)
    assert (test.to_address, test.prospect_id) == ("sam@northstar.example", ana.pk)
