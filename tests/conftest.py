import os
import shutil

import pytest
from django.core.cache import cache

from tests.support.factories import MembershipFactory, UserFactory, WorkspaceFactory

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def need(reason: str) -> None:
    """A missing service or browser: a failure under CI, a one-line skip on a laptop."""
    if IN_CI:
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    # Rate limits (sign-in, sign-up, public pages) count in the cache, per client address,
    # and every test client is 127.0.0.1: each test starts from no count.
    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Tests make many users; the real hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def workspace(db):
    return WorkspaceFactory()


@pytest.fixture
def coach(workspace):
    user = UserFactory()
    MembershipFactory(user=user, workspace=workspace)
    return user


@pytest.fixture
def browser(monkeypatch):
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests
    # make around it are still plain synchronous ones.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    chromium = shutil.which("chromium")
    if chromium is None:
        need("Chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        yield launched
        launched.close()
