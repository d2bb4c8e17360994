"""Two-factor sign-in (django-allauth's TOTP and recovery codes) and the owner's rule."""

import datetime
import re

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone

from relationships.accounts.mfa_policy import MFAPolicyError, set_mfa_required
from relationships.models import Role
from tests.support.factories import MembershipFactory, UserFactory

PASSWORD = "pw-for-tests-123"

pytestmark = pytest.mark.django_db


def code(secret: str, at: datetime.datetime) -> str:
    return format_hotp_value(hotp_value(secret, int(at.timestamp()) // 30))


def sign_in(client, user):
    return client.post(reverse("account_login"), {"login": user.username, "password": PASSWORD})


def enrol(client, user, at) -> tuple[str, list[str]]:
    """Sign in, set up TOTP with the secret the page shows, and read the recovery codes."""
    assert sign_in(client, user)["Location"] == reverse("coach:today")
    # Changing how you sign in asks for the password again first.
    asked = client.get(reverse("mfa_activate_totp"))
    assert asked["Location"].startswith(reverse("account_reauthenticate"))
    client.post(asked["Location"], {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    assert "data:image/svg+xml;base64," in page.content.decode()  # the QR code, inline data
    done = client.post(reverse("mfa_activate_totp"), {"code": code(secret, at)})
    assert done.status_code == 302, done.content.decode()[:2000]
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    codes_page = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    shown = re.search(r'id="recovery_codes"[^>]*>([^<]*)</textarea>', codes_page).group(1)
    codes = shown.split()
    assert len(set(codes)) == 10
    return secret, sorted(set(codes))


@pytest.fixture
def coach(workspace):
    user = UserFactory()
    MembershipFactory(user=user, workspace=workspace, role=Role.OWNER)
    return user


def test_enrol_then_sign_in_asks_for_the_code(client, coach):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        secret, _ = enrol(client, coach, start)
    client.logout()
    later = start + datetime.timedelta(minutes=2)
    with time_machine.travel(later, tick=False):
        response = sign_in(client, coach)
        assert response["Location"] == reverse("mfa_authenticate")
        assert SESSION_KEY not in client.session
        wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
        assert wrong.status_code == 200 and SESSION_KEY not in client.session
        right = client.post(reverse("mfa_authenticate"), {"code": code(secret, later)})
        assert right["Location"] == reverse("coach:today")
        assert SESSION_KEY in client.session


def test_a_recovery_code_signs_in_once(client, coach):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _, codes = enrol(client, coach, start)
    client.logout()
    sign_in(client, coach)
    assert client.post(reverse("mfa_authenticate"), {"code": codes[0]})["Location"] == reverse(
        "coach:today"
    )
    client.logout()
    sign_in(client, coach)
    again = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert again.status_code == 200 and SESSION_KEY not in client.session


def test_an_owner_requires_it_and_members_without_it_are_sent_to_set_it_up(
    client, workspace, coach
):
    member = UserFactory()
    MembershipFactory(user=member, workspace=workspace, role=Role.COACH)
    owner_membership = coach.memberships.get()
    with pytest.raises(MFAPolicyError, match="your own account first"):
        set_mfa_required(workspace, required=True, by=owner_membership)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        enrol(client, coach, start)
    response = client.post(reverse("coach:security"), {"require_mfa": "on"})
    assert response.status_code == 302
    workspace.refresh_from_db()
    assert workspace.require_mfa
    # The owner (who has it) goes on working.
    assert client.get(reverse("coach:today")).status_code == 200

    client.force_login(member)
    sent = client.get(reverse("coach:prospects"))
    assert sent["Location"] == reverse("coach:security")
    page = client.get(reverse("coach:security")).content.decode()
    assert "requires it" in page and "Set up two-factor sign-in" in page


def test_only_an_owner_may_require_it(client, workspace):
    member = UserFactory()
    MembershipFactory(user=member, workspace=workspace, role=Role.COACH)
    client.force_login(member)
    assert client.post(reverse("coach:security"), {"require_mfa": "on"}).status_code == 403
    workspace.refresh_from_db()
    assert not workspace.require_mfa
