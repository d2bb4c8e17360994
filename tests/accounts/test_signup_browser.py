"""A new coach, in a real Chromium: sign up, confirm from the mail file, set up the practice,
add someone, and their first nurture email is scheduled inside the send window. No page
breaks the Content-Security-Policy on the way.

Screenshots go to test-output/screenshots/accounts/.
"""

import re
import zoneinfo
from pathlib import Path

import pytest
from django.conf import settings

from relationships.models import Delivery, DeliveryStatus, Prospect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(settings.BASE_DIR) / "test-output" / "screenshots" / "accounts"
SIZES = {"phone": (390, 844), "desktop": (1280, 900)}


def shoot(page, name: str, size: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{size}.png"), full_page=True)


def newest_link(mail_dir: Path, pattern: str) -> str:
    files = sorted(mail_dir.glob("*.log"), key=lambda f: f.stat().st_mtime)
    return re.search(pattern, files[-1].read_text()).group(0)


def fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("size", list(SIZES))
def test_a_new_coach_signs_up_and_their_first_email_is_scheduled(
    browser, live_server, settings, tmp_path, size
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    settings.ALLOW_SIGNUP = True
    width, height = SIZES[size]
    page = browser.new_page(viewport={"width": width, "height": height})
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    base = live_server.url
    email = f"robin-{size}@calm.example"

    page.goto(f"{base}/accounts/login/")
    page.get_by_role("link", name="New to Bridge? Make an account").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("a-calm-long-pass-42")
    shoot(page, "sign-up", size)
    fits(page)
    page.get_by_role("button", name="Make my account").click()
    page.get_by_role("heading", name="Check your inbox").wait_for()
    shoot(page, "check-your-inbox", size)

    link = newest_link(tmp_path, r"http://\S+/accounts/confirm-email/\S+/")
    page.goto(link.replace("http://testserver", base))
    shoot(page, "confirm-email", size)
    page.get_by_role("button", name="Yes, confirm it").click()
    page.wait_for_url(f"{base}/welcome/")

    page.get_by_label("Your practice's name").fill("Calm Coaching")
    page.get_by_label("Your name, as people see it").fill("Robin Vale")
    assert page.get_by_label("The address your emails come from").input_value() == email
    page.get_by_label("Postal address").fill("1 Quiet Lane\nBristol BS1 1AA")
    zone = page.get_by_label("Time zone")
    zone.fill("Europe/London")
    # The default window: Tuesday to Thursday, 09:00–11:00.
    assert page.get_by_label("Tuesday").is_checked() and page.get_by_label("Thursday").is_checked()
    assert not page.get_by_label("Monday").is_checked()
    page.get_by_label("Booking link").fill("https://cal.example/robin")
    shoot(page, "first-run", size)
    fits(page)
    page.get_by_role("button", name="Create my workspace").click()
    page.wait_for_url(f"{base}/welcome/next/")
    shoot(page, "welcome-next", size)
    fits(page)

    page.get_by_role("link", name=re.compile("Add one person")).click()
    page.get_by_label("Name", exact=True).fill("Jess Park")
    page.get_by_label("Email", exact=True).fill(f"jess-{size}@example.org")
    page.get_by_label("Already agreed to email? Say how").fill("Signed up at my March workshop")
    page.get_by_role("button", name="Add prospect").click()
    page.get_by_role("heading", name="Jess Park").wait_for()
    shoot(page, "first-prospect", size)

    for path in ("/", "/pipeline/", "/settings/security/", "/welcome/tour/"):
        page.goto(f"{base}{path}")
        fits(page)
    shoot(page, "tour", size)
    page.goto(f"{base}/settings/security/")
    shoot(page, "security", size)
    page.goto(f"{base}/accounts/2fa/totp/activate/")
    shoot(page, "reauthenticate", size)
    page.goto(f"{base}/settings/activity/")
    page.get_by_text("Made the sequence “Welcome: first useful ideas”").wait_for()
    shoot(page, "activity", size)
    fits(page)

    prospect = Prospect.objects.get(email=f"jess-{size}@example.org")
    first = Delivery.objects.filter(prospect=prospect).order_by("due_at").first()
    assert first is not None and first.status == DeliveryStatus.SCHEDULED
    local = first.due_at.astimezone(zoneinfo.ZoneInfo(prospect.timezone or "Europe/London"))
    assert local.isoweekday() in {2, 3, 4}
    assert 9 <= local.hour < 11
    assert violations == []


@pytest.mark.parametrize("size", list(SIZES))
def test_a_coach_turns_on_two_factor_and_signs_in_with_a_recovery_code(browser, live_server, size):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from django.contrib.auth import get_user_model

    from relationships.workspaces.services import create_workspace

    user = get_user_model().objects.create_user(
        "sam", email="sam@northstar.example", password="a-calm-coach-pass-42", first_name="Sam"
    )
    create_workspace("Northstar Coaching", owner=user, timezone="Europe/London")
    width, height = SIZES[size]
    page = browser.new_page(viewport={"width": width, "height": height})
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    base = live_server.url

    def sign_in():
        page.goto(f"{base}/accounts/login/")
        page.get_by_label("Username or email").fill("sam@northstar.example")
        page.get_by_label("Password").fill("a-calm-coach-pass-42")
        page.get_by_role("button", name="Sign in").click()

    sign_in()
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/settings/security/")
    page.get_by_role("link", name="Set up two-factor sign-in").click()
    page.get_by_role("heading", name="Your password, once more").wait_for()
    page.get_by_label("Password").fill("a-calm-coach-pass-42")
    page.get_by_role("button", name="Go on").click()
    secret = page.locator("#authenticator_secret").input_value()
    shoot(page, "totp-activate", size)
    fits(page)
    now = page.evaluate("Date.now() / 1000")
    page.get_by_label("Code").fill(format_hotp_value(hotp_value(secret, int(now) // 30)))
    page.get_by_role("button", name="Activate").click()
    page.goto(f"{base}/accounts/2fa/recovery-codes/")
    codes = page.locator("#recovery_codes").input_value().split()
    assert len(codes) == 10
    shoot(page, "recovery-codes", size)
    page.goto(f"{base}/settings/security/")
    page.get_by_text("On. After your password").wait_for()
    shoot(page, "security-on", size)

    page.get_by_role("button", name="Sign out").click()
    sign_in()
    page.get_by_label("Code").wait_for()
    shoot(page, "two-factor-sign-in", size)
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")
    assert violations == []


@pytest.mark.parametrize("size", list(SIZES))
def test_the_lock_says_so_on_the_sign_in_page(browser, live_server, size):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("lee", email="lee@example.org", password="right-pass-42")
    width, height = SIZES[size]
    page = browser.new_page(viewport={"width": width, "height": height})
    for n in range(6):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username or email").fill("lee")
        page.get_by_label("Password").fill(f"wrong-{n}")
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("alert").wait_for()
    page.get_by_text("it is locked for 15 minutes").wait_for()
    shoot(page, "locked", size)
    fits(page)


def test_the_admin_the_api_docs_and_the_prospects_pages_break_no_csp_rule(browser, live_server):
    from django.contrib.auth import get_user_model

    from relationships.workspaces.services import create_workspace

    operator = get_user_model().objects.create_superuser(
        "ops", email="ops@example.org", password="an-operator-pass-42"
    )
    workspace = create_workspace("Northstar Coaching", owner=operator, timezone="Europe/London")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    violations = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    base = live_server.url
    page.goto(f"{base}/admin/login/")
    page.get_by_label("Username").fill("ops")
    page.get_by_label("Password").fill("an-operator-pass-42")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/admin/")
    for path in (
        "/admin/",
        "/admin/relationships/prospect/",
        "/admin/relationships/prospect/add/",
        "/admin/relationships/content/",
        f"/admin/relationships/content/{workspace.contents.first().pk}/change/",
        f"/p/join/{workspace.slug}/",
        f"/p/join/{workspace.slug}/?embed=1",
        "/no-such-page/",
    ):
        page.goto(f"{base}{path}")
        page.wait_for_load_state("load")
    page.goto(f"{base}/api/v1/docs")
    page.get_by_text("List prospects").first.wait_for(timeout=20000)
    assert violations == []
