"""The studio in a real Chromium: write an email and fix its flags as the check reads along,
build a sequence and read when it would arrive; every studio page at phone and desktop size.

Screenshots go to test-output/screenshots/coach/.
"""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from relationships.models import (
    Actor,
    Consent,
    Delivery,
    DeliveryStatus,
    Enrollment,
    Role,
    StageChange,
    StageKey,
)
from relationships.people.prospects import create_prospect
from relationships.workspaces.services import create_workspace
from relationships.workspaces.team import invitation_token, invite_member
from tests.support.factories import MembershipFactory, SequenceFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(settings.BASE_DIR) / "test-output" / "screenshots" / "coach"
SIZES = {"phone": (390, 844), "desktop": (1280, 900)}
PASSWORD = "a-calm-coach-pass-42"
PUSHY_SUBJECT = "LAST CHANCE: only 3 spots left!!"
PUSHY_BODY = (
    "Hi {{ first_name }},\n\nDoors close tonight at midnight, so what are you waiting for? "
    "Book your call now before it's gone."
)
CALM_SUBJECT = "One question for your week"
CALM_BODY = (
    "Hi {{ first_name }},\n\nWhen you look at the week ahead, which one thing would make "
    "it feel lighter if it moved forward?\n\nWrite it down, and notice what gets in its way. "
    "If you feel like telling me what you find, just hit reply.\n\n{{ coach_name }}"
)


@pytest.fixture
def studio(db):
    """An owner, their workspace with the starter library, prospects around the world, history."""
    user = get_user_model().objects.create_user(
        "sam", email="sam@northstar.example", password=PASSWORD, first_name="Sam"
    )
    workspace = create_workspace("Northstar Coaching", owner=user, timezone="Europe/London")
    stages = {s.key: s for s in workspace.stages.exclude(key="")}
    people = {}
    for name, zone, key in [
        ("Aiko Tanaka", "Asia/Tokyo", StageKey.NEEDS_HELP),
        ("Ben Hartley", "Europe/London", StageKey.EXPLORING),
        ("Carla Gómez", "America/Mexico_City", StageKey.NEEDS_HELP),
        ("Dan Okoro", "Africa/Lagos", StageKey.IN_CONVERSATION),
    ]:
        people[name] = create_prospect(
            workspace,
            name=name,
            email=f"{name.split()[0].lower()}@example.org",
            stage=stages[key],
            timezone_name=zone,
            owner=user,
            consent=Consent.CONFIRMED,
            consent_note="Workshop sign-up sheet",
        )
    now = timezone.now()
    sequence = SequenceFactory(workspace=workspace, name="Welcome: three ideas")
    steps = list(sequence.steps.order_by("position"))
    for weeks, person in enumerate(people.values()):
        StageChange.objects.create(
            prospect=person,
            from_stage=stages[StageKey.NEEDS_HELP],
            to_stage=stages[StageKey.EXPLORING],
            actor=Actor.PROSPECT if weeks % 2 else Actor.COACH,
            at=now - datetime.timedelta(weeks=weeks),
        )
        enrollment = Enrollment.objects.create(prospect=person, sequence=sequence)
        for index, step in enumerate(steps):
            Delivery.objects.create(
                enrollment=enrollment,
                step=step,
                prospect=person,
                workspace=workspace,
                due_at=now - datetime.timedelta(weeks=weeks, days=index),
                status=[DeliveryStatus.SENT, DeliveryStatus.SENT, DeliveryStatus.SKIPPED][index],
                sent_at=now - datetime.timedelta(weeks=weeks, days=index) if index < 2 else None,
                replied_at=now if index == 0 and weeks % 2 else None,
                useful=True if index == 1 else None,
            )
    MembershipFactory(workspace=workspace, role=Role.COACH, user=UserFactory(first_name="Cleo"))
    return workspace, user, people


def shoot(page, name: str, size: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{size}.png"), full_page=True)


def sign_in(page, base: str, username: str = "sam", password: str = PASSWORD) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def focused(page, element_id: str) -> None:
    """Wait until the keyboard focus is on this element (htmx moves it after the swap)."""
    from playwright.sync_api import expect

    # A locator assertion, not wait_for_function: the page's CSP forbids evaluating strings.
    expect(page.locator(f"#{element_id}")).to_be_focused()


def choose(page, index: int, email: str) -> None:
    page.locator(f"#id_step-{index}-content").select_option(label=email)


def test_a_coach_writes_an_email_and_fixes_its_flags_as_the_check_reads_along(
    browser, live_server, studio
):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    base = live_server.url
    sign_in(page, base)

    page.get_by_role("link", name="Content", exact=True).click()
    page.get_by_role("link", name="Write an email").click()
    check = page.locator("#check")
    assert "Start writing." in check.inner_text()

    # Pushy words, typed: the check marks them in place, live, and says so aloud.
    page.get_by_label("Title").fill("A question for the week")
    page.get_by_label("Subject line").press_sequentially(PUSHY_SUBJECT)
    page.get_by_label("Email", exact=True).press_sequentially(PUSHY_BODY)
    page.locator("#check .verdict-pitch").wait_for()
    page.locator("#check .marked-body mark", has_text="Doors close").wait_for()
    marks = page.locator("#check mark.flag-severe")
    assert marks.count() >= 3
    assert "only 3 spots left" in check.locator(".marked").inner_text()
    assert "False scarcity" in check.inner_text()
    assert page.locator("#live").inner_text().startswith("Check: Pitch")
    assert "write below why you'll send it anyway" in page.locator("#approval-hint").inner_text()
    shoot(page, "content-editor-flags", "desktop")

    # Approving as it is would need a reason; saving a draft keeps the words.
    page.get_by_role("button", name="Save draft").click()
    page.locator(".messages", has_text="Saved “A question for the week”.").wait_for()
    assert page.locator("#check .verdict-pitch").count() == 1

    # Rewritten: value-first, and it can be approved directly.
    page.get_by_label("Subject line").fill("")
    page.get_by_label("Subject line").press_sequentially(CALM_SUBJECT)
    page.get_by_label("Email", exact=True).fill(CALM_BODY)
    page.get_by_label("Email", exact=True).press("End")
    page.get_by_label("Email", exact=True).press_sequentially(" ")
    page.locator("#check .verdict-value-first").wait_for()
    assert page.locator("#check mark").count() == 0
    assert page.locator("#approval-hint").inner_text() == "No flags: you can approve it as it is."
    shoot(page, "content-editor-value-first", "desktop")
    page.get_by_role("button", name="Save and approve").click()
    page.locator(".messages", has_text="sequences can use it now").wait_for()
    assert "Approved by Sam" in page.locator(".approval-panel").inner_text()

    # In the library, with its verdict and score.
    page.get_by_role("link", name="Content", exact=True).first.click()
    row = page.locator("tr", has=page.get_by_role("link", name="A question for the week"))
    assert "Value-first" in row.inner_text() and "Approved" in row.inner_text()
    page.get_by_label("Check").select_option(label="Value-first")
    page.locator("#results", has_text="match").wait_for()


def test_an_override_keeps_who_when_and_why(browser, live_server, studio):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/content/new/")
    page.get_by_label("Title").fill("Workshop is full")
    page.get_by_label("Subject line").fill("The March workshop")
    page.get_by_label("Type").select_option(label="Invitation")
    page.get_by_label("Email", exact=True).press_sequentially("Only 3 spots left in March.")
    page.locator("#check .flag").first.wait_for()

    page.get_by_role("button", name="Save and approve").click()
    error = page.locator(".approval-panel .errorlist")
    error.wait_for()
    assert "record why you are sending it anyway" in error.inner_text()
    page.get_by_label("Why send it with its flags?").fill("It is true, and they asked.")
    page.get_by_role("button", name="Save and approve").click()
    page.locator(".override").wait_for()
    assert "It is true, and they asked." in page.locator(".override").inner_text()
    assert "Sam" in page.locator(".override").inner_text()


def test_a_coach_builds_a_sequence_and_reads_when_it_would_arrive(browser, live_server, studio):
    workspace, _user, _people = studio
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    base = live_server.url
    sign_in(page, base)

    page.get_by_role("link", name="Sequences").click()
    page.get_by_role("link", name="Build a sequence").click()
    page.get_by_label("Name").fill("New here: gentle start")
    page.get_by_label("Preview for").select_option(label="Aiko Tanaka · Asia/Tokyo")

    # Step 1: an invitation first breaks the rule, and the builder says so at once.
    page.locator("#id_step-0-content").select_option(
        label="Would a conversation help? · Invitation"
    )
    page.locator(".rule-problems", has_text="Step 1 is an Invitation").wait_for()
    assert page.locator("#step-type-0").inner_text() == "Invitation"

    # Add two helpful steps, with the keyboard; focus lands on each new step's email.
    page.get_by_role("button", name="+ Add a step").focus()
    page.keyboard.press("Enter")
    page.locator("#id_step-1-content").wait_for()
    focused(page, "id_step-1-content")
    choose(page, 1, "The two-list reset · Value")
    page.get_by_role("button", name="+ Add a step").click()
    page.locator("#id_step-2-content").wait_for()
    page.locator("#id_step-2-content").select_option(
        label="What have you already tried? · Question"
    )
    page.locator("#id_step-2-delay_days").fill("4")
    page.locator("#id_step-2-delay_days").press("Tab")

    # Move the invitation to the end with its "Down" button: twice, focus staying on it.
    page.get_by_role("button", name="Move step 1 down").focus()
    page.keyboard.press("Enter")
    page.locator("#step-type-1", has_text="Invitation").wait_for()
    focused(page, "step-1-down")
    page.keyboard.press("Enter")
    page.locator("#step-type-2", has_text="Invitation").wait_for()
    focused(page, "step-2-up")
    assert "Moved step 2 down" in page.locator("#live").inner_text()
    # Two helpful steps per invitation are still too few for the rule of three.
    page.locator(".rule-problems", has_text="needs at least 3 Value or Question").wait_for()

    # One more helpful step, moved above the invitation: the mix is right.
    page.get_by_role("button", name="+ Add a step").click()
    page.locator("#id_step-3-content").select_option(
        label="The fifteen-minute weekly review · Value"
    )
    page.get_by_role("button", name="Move step 4 up").click()
    page.locator(".rule-ok").wait_for()

    # The preview: Aiko's clock, a weekday and a time for every step.
    preview = page.locator(".preview-panel")
    preview.locator("tbody tr").nth(3).wait_for()
    assert "If Aiko Tanaka joined now, on their clock (Asia/Tokyo)" in preview.inner_text()
    rows = preview.locator("tbody tr").all_inner_texts()
    assert len(rows) == 4
    weekday = re.compile(r"(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day \d+ \w{3}, \d\d:\d\d")
    assert all(weekday.search(row) for row in rows), rows
    shoot(page, "sequence-builder", "desktop")

    page.get_by_role("button", name="Save sequence").click()
    page.locator(".messages", has_text="Saved “New here: gentle start”.").wait_for()
    saved = workspace.sequences.get(name="New here: gentle start")
    assert [s.content.kind for s in saved.steps.order_by("position")] == [
        "value",
        "question",
        "value",
        "invitation",
    ]


@pytest.mark.parametrize("size", list(SIZES))
def test_every_studio_page_fits_the_screen_and_is_labelled(browser, live_server, studio, size):
    workspace, user, _people = studio
    width, height = SIZES[size]
    page = browser.new_page(viewport={"width": width, "height": height})
    base = live_server.url
    sign_in(page, base)

    flagged = workspace.contents.order_by("pk").first()
    flagged.body = PUSHY_BODY
    flagged.subject = PUSHY_SUBJECT
    flagged.save()
    sequence = workspace.sequences.get(name="Welcome: three ideas")
    pages = {
        "content-library": "/content/",
        "content-library-empty-search": "/content/?q=nothing-like-this",
        "content-editor": f"/content/{flagged.pk}/",
        "content-new": "/content/new/",
        "sequences": "/sequences/",
        "sequence-edit": f"/sequences/{sequence.pk}/",
        "sequence-new": "/sequences/new/",
        "insights": "/insights/",
        "settings": "/settings/",
        "settings-team": "/settings/team/",
    }
    for name, path in pages.items():
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
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
        charts = page.locator("svg.chart")
        for index in range(charts.count()):
            chart = charts.nth(index)
            assert chart.get_attribute("role") == "img"
            assert chart.locator("title").first.text_content().strip()
            assert chart.locator("desc").first.text_content().strip()

    # An invitation, as the invitee sees it; and an assistant's refusal page.
    invitation = invite_member(
        workspace, email="new@example.org", role=Role.COACH, by=user.memberships.get()
    )
    assistant = UserFactory(username="ada", first_name="Ada")
    assistant.set_password(PASSWORD)
    assistant.save()
    MembershipFactory(workspace=workspace, user=assistant, role=Role.ASSISTANT)
    page.get_by_role("button", name=re.compile("^Sign out")).click()
    page.goto(f"{base}/invitations/{invitation_token(invitation)}/")
    shoot(page, "invitation", size)
    sign_in(page, base, "ada")
    page.goto(f"{base}/settings/")
    assert "you can read these settings" in page.locator("main").inner_text()
    assert page.get_by_label("Workspace name").is_disabled()
    shoot(page, "settings-assistant", size)
    page.goto(f"{base}/content/{flagged.pk}/")
    assert page.get_by_role("button", name="Delete this email").count() == 0
