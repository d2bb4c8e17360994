"""A coach's day in a real Chromium: sign in, see who needs you, log a reply, diagnose, move.

Screenshots of every page, at phone and desktop sizes, go to
test-output/screenshots/coach/.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from relationships.models import Consent, InteractionKind, Role, StageKey
from relationships.nurture.enrollment import enroll
from relationships.people.prospects import create_prospect
from relationships.selfservice.actions import ask_to_talk
from relationships.workspaces.services import create_workspace
from tests.support.factories import InteractionFactory, MembershipFactory, SequenceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(settings.BASE_DIR) / "test-output" / "screenshots" / "coach"
SIZES = {"phone": (390, 844), "desktop": (1280, 900)}
PASSWORD = "a-calm-coach-pass-42"


@pytest.fixture
def practice(db):
    """A coach, their workspace, and prospects at several stages with some history."""
    user = get_user_model().objects.create_user(
        "sam", email="sam@northstar.example", password=PASSWORD, first_name="Sam"
    )
    workspace = create_workspace("Northstar Coaching", owner=user, timezone="Europe/London")
    MembershipFactory(workspace=workspace, role=Role.COACH)
    stages = {s.key: s for s in workspace.stages.exclude(key="")}
    people = {}
    for name, key, source in [
        ("Diego Alvarez", StageKey.EXPLORING, "Podcast"),
        ("Amara Okafor", StageKey.NEEDS_HELP, "Referral"),
        ("Ben Hartley", StageKey.EXPLORING, "Workshop"),
        ("Emily Chen", StageKey.DIAGNOSED, "Referral"),
        ("Hannah Schulz", StageKey.IN_CONVERSATION, "Website"),
    ]:
        people[name] = create_prospect(
            workspace,
            name=name,
            email=f"{name.split()[0].lower()}@example.org",
            stage=stages[key],
            owner=user,
            source=source,
            tags=["founder"] if source == "Referral" else [],
            consent=Consent.CONFIRMED,
            consent_note="Workshop sign-up sheet",
        )
    InteractionFactory(
        prospect=people["Amara Okafor"], kind=InteractionKind.NOTE, summary="Referred by Tom."
    )
    enroll(people["Ben Hartley"], SequenceFactory(workspace=workspace))
    ask_to_talk(people["Diego Alvarez"], note="Could we talk next week?")
    return workspace, user, people


def shoot(page, name: str, size: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{size}.png"), full_page=True)


def sign_in(page, base: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def test_a_coach_finds_who_needs_them_logs_a_reply_diagnoses_and_moves_to_ready(
    browser, live_server, practice
):
    _workspace, _user, people = practice
    diego = people["Diego Alvarez"]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    base = live_server.url

    # Sign in: Today is the home page, and Diego, who asked to talk, is on it.
    sign_in(page, base)
    talk = page.locator("section.group-asked_to_talk")
    assert "Diego Alvarez" in talk.inner_text()

    # "Log the call" opens his page; he wrote back, so it is logged as his reply.
    talk.get_by_role("link", name="Log the call with Diego Alvarez").click()
    page.get_by_label("Their reply").check()
    page.get_by_label("What was said").fill("“Yes — I keep saying yes to everything.”")
    page.get_by_role("button", name="Log it").click()
    notice = page.locator(".notice-success")
    notice.wait_for()
    assert "Logged Diego Alvarez's reply" in notice.inner_text()
    assert "Email from them" in page.locator(".timeline").inner_text()
    assert page.locator("#live").inner_text().startswith("Logged Diego Alvarez's reply")

    # On the board, dragging his card to Ready to invest is refused: no diagnosis yet.
    page.get_by_role("link", name="Pipeline").click()
    card = page.locator(f"#card-{diego.pk}")
    ready = page.locator(".column", has=page.get_by_role("heading", name="Ready to invest"))
    # Both in view first: a scroll between mouse-down and drop would drag another card.
    ready.scroll_into_view_if_needed()
    card.drag_to(ready, source_position={"x": 6, "y": 6})
    refusal = page.locator(".refusal")
    refusal.wait_for()
    assert "Diego Alvarez did not move." in refusal.inner_text()
    assert "diagnose before you prescribe" in refusal.inner_text()
    shoot(page, "pipeline-refused-move", "desktop")

    # "Record diagnosis" leads to the listening form, then back to the same move.
    refusal.get_by_role("link", name="Record diagnosis of Diego Alvarez").click()
    page.get_by_label("What's going on for them now?").fill("Leaving corporate law.")
    page.get_by_label("What would be different if it were solved?").fill(
        "Income from his own practice within a year."
    )
    page.get_by_label("In their own words").fill("I keep saying yes to everything.")
    shoot(page, "diagnosis-filled", "desktop")
    page.get_by_role("button", name="Save diagnosis").click()
    page.wait_for_url("**/move/**")
    assert page.get_by_label("Move to").input_value() == str(
        diego.workspace.stages.get(key=StageKey.READY).pk
    )
    page.get_by_role("button", name="Move", exact=True).click()

    # Back on the board: now the move is accepted.
    page.wait_for_url(f"{base}/pipeline/")
    assert "Moved Diego Alvarez to Ready to invest." in page.locator(".messages").inner_text()
    assert "Diego Alvarez" in ready.inner_text()

    # With the keyboard path: the card's own "Move to" menu and button.
    page.get_by_label("Move Amara Okafor to").select_option(label="Exploring")
    page.get_by_role("button", name="Move Amara Okafor").click()
    page.locator(".notice-success", has_text="Moved Amara Okafor to Exploring.").wait_for()
    exploring = page.locator(".column", has=page.get_by_role("heading", name="Exploring"))
    assert "Amara Okafor" in exploring.inner_text()

    # Today: he replied, so he is listed under Replied; marking it handled clears him.
    page.get_by_role("link", name="Today").click()
    replied = page.locator("section.group-replied")
    assert "Diego Alvarez" in replied.inner_text()
    replied.get_by_role("button", name=re.compile(r"^Mark handled\W+Diego Alvarez$")).click()
    page.locator(".notice-success", has_text="Marked Diego Alvarez as handled.").wait_for()
    assert page.locator("section.group-replied").count() == 0


def test_bulk_actions_and_filters_work_in_the_browser(browser, live_server, practice):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, live_server.url)
    page.get_by_role("link", name="Prospects").click()

    page.get_by_label("Search").fill("ben")
    page.locator("#results", has_text="1 prospect matches.").wait_for()
    assert "Amara Okafor" not in page.locator("#results").inner_text()
    assert page.url.endswith("?q=ben")

    page.get_by_label("Search").fill("")
    page.locator("#results", has_text="5 prospects.").wait_for()
    page.get_by_label("Select Emily Chen").check()
    page.get_by_label("Select Amara Okafor").check()
    page.locator("#bulk_stage").select_option(label="Ready to invest")
    page.get_by_role("button", name="Move", exact=True).click()
    refused = page.locator(".notice-warn", has_text="Nothing was changed.")
    refused.wait_for()
    assert "Record a diagnosis of Amara Okafor" in refused.inner_text()
    assert page.get_by_label("Select Emily Chen").is_checked()
    shoot(page, "prospects-bulk-refused", "desktop")


@pytest.mark.parametrize("size", list(SIZES))
def test_every_page_fits_the_screen_and_is_labelled(browser, live_server, practice, size):
    """Screenshots of each page; nothing wider than the screen; every field has a label."""
    _workspace, _user, people = practice
    width, height = SIZES[size]
    page = browser.new_page(viewport={"width": width, "height": height})
    base = live_server.url
    # Chromium reports what the Content-Security-Policy refused; no page may need it.
    violations = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )

    page.goto(f"{base}/accounts/login/")
    shoot(page, "sign-in", size)
    page.goto(f"{base}/accounts/password/reset/")
    shoot(page, "password-reset", size)
    sign_in(page, base)
    # The first Tab reaches the skip link, which jumps over the navigation.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    diego = people["Diego Alvarez"]
    pages = {
        "today": "/",
        "pipeline": "/pipeline/",
        "prospects": "/prospects/",
        "prospect": f"/prospects/{diego.pk}/",
        "prospect-edit": f"/prospects/{diego.pk}/edit/",
        "prospect-new": "/prospects/new/",
        "diagnosis": f"/prospects/{diego.pk}/diagnosis/",
        "move": f"/prospects/{diego.pk}/move/",
        "prospects-empty-search": "/prospects/?q=nobody-by-that-name",
    }
    for name, path in pages.items():
        page.goto(base + path)
        shoot(page, name, size)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} is {overflow}px wider than the screen"
        unlabelled = page.evaluate(
            """() => [...document.querySelectorAll('input, select, textarea')]
                .filter(el => el.type !== 'hidden' && !el.hidden)
                .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
                .map(el => el.name)"""
        )
        assert unlabelled == [], f"{name}: fields without a label: {unlabelled}"

    page.goto(base + "/")
    page.get_by_role("button", name="Sign out").click()
    page.get_by_text("You're signed out.").wait_for()
    shoot(page, "signed-out", size)
    assert violations == []
