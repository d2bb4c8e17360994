"""The API's docs page works in a real Chromium with nothing from another host and no inline
script; Settings → API keys and Webhooks, photographed at phone and desktop sizes."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from relationships.integrations.webhooks import add_endpoint
from relationships.models import Role
from relationships.workspaces.services import create_workspace
from tests.support.factories import MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(settings.BASE_DIR) / "test-output" / "screenshots" / "integrations"
SIZES = {"phone": (390, 844), "desktop": (1280, 900)}
PASSWORD = "a-calm-coach-pass-42"


def test_the_docs_page_runs_from_local_files_without_inline_script(browser, live_server):
    page = browser.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.goto(f"{live_server.url}/api/v1/docs")
    page.get_by_text("List prospects").first.wait_for(timeout=20000)
    assert hosts == {urlsplit(live_server.url).netloc}
    html = page.content()
    for tag in re.findall(r"<script\b[^>]*>", page.evaluate("document.documentElement.outerHTML")):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "Bridge API" in html
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(SHOTS / "api-docs-desktop.png"))


@pytest.mark.parametrize("size", SIZES)
def test_settings_api_keys_and_webhooks_pages(browser, live_server, size, settings):
    settings.WEBHOOK_REQUIRE_HTTPS = True
    user = get_user_model().objects.create_user(
        "sam", email="sam@northstar.example", password=PASSWORD, first_name="Sam"
    )
    workspace = create_workspace("Northstar Coaching", owner=user, timezone="Europe/London")
    MembershipFactory(workspace=workspace, role=Role.COACH)
    add_endpoint(
        workspace,
        url="https://hooks.zapier.example/hooks/catch/123456/abcdef/",
        events=["prospect.created", "prospect.stage_changed"],
        description="Zapier: new prospects to the spreadsheet",
        by=None,
    )
    width, height = SIZES[size]
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/settings/api-keys/")
    page.get_by_label("What will use it").fill("Booking calendar")
    page.locator("input[name=access][value=read_write]").check()
    page.get_by_role("button", name="Make the key").click()
    page.get_by_role("heading", name="Your new key “Booking calendar”").wait_for()
    key = page.get_by_label("The new API key").input_value()
    assert key.startswith("brg_")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"api-keys-{size}.png"), full_page=True)

    page.goto(f"{live_server.url}/settings/webhooks/")
    page.get_by_label("Endpoint URL").fill("http://plain.example/")
    page.get_by_role("button", name="Add the endpoint").click()
    page.get_by_text("Use an https:// URL").wait_for()
    page.screenshot(path=str(SHOTS / f"webhooks-{size}.png"), full_page=True)

    page.get_by_role("link", name=re.compile("hooks.zapier.example")).click()
    page.get_by_role("heading", name="Recent deliveries").wait_for()
    page.get_by_text("Show the secret").click()
    assert page.get_by_label("The signing secret").input_value().startswith("whsec_")
    page.screenshot(path=str(SHOTS / f"webhook-{size}.png"), full_page=True)
