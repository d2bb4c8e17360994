"""Sign-up with a confirmed address, the first run that makes the workspace, and its shell twin."""

import re

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from relationships.models import Membership, Role, Workspace
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db

FIRST_RUN = {
    "name": "Calm Coaching",
    "sender_name": "Robin Vale",
    "sender_email": "robin@calm.example",
    "postal_address": "1 Quiet Lane\nBristol BS1 1AA",
    "timezone": "Europe/London",
    "send_days": ["2", "3", "4"],
    "send_window_start": "09:00",
    "send_window_end": "11:00",
    "booking_url": "https://cal.example/robin",
}


def sign_up(client, email="robin@calm.example"):
    return client.post(
        reverse("account_signup"), {"email": email, "password1": "a-calm-long-pass-42"}
    )


def confirm_from_the_mail(client):
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", mail.outbox[-1].body)
    page = client.get(link.group(1))
    assert b"Yes, confirm it" in page.content
    return client.post(link.group(1))


def test_signing_up_asks_to_confirm_the_address_before_anything(client):
    response = sign_up(client)
    assert response["Location"] == reverse("account_email_verification_sent")
    assert SESSION_KEY not in client.session
    assert mail.outbox[-1].subject == "Confirm your email address for Bridge"
    assert mail.outbox[-1].to == ["robin@calm.example"]
    # Not confirmed: signing in sends a fresh link instead of letting them in.
    client.post(
        reverse("account_login"), {"login": "robin@calm.example", "password": "a-calm-long-pass-42"}
    )
    assert SESSION_KEY not in client.session


def test_confirming_signs_in_and_the_first_run_makes_the_workspace(client):
    sign_up(client)
    confirmed = confirm_from_the_mail(client)
    assert SESSION_KEY in client.session
    assert client.get(confirmed["Location"])["Location"] == reverse("coach:first_run")

    form = client.get(reverse("coach:first_run")).content.decode()
    assert 'value="robin@calm.example"' in form and 'list="timezones"' in form
    assert '<option value="Europe/London">' in form

    done = client.post(reverse("coach:first_run"), FIRST_RUN)
    assert done["Location"] == reverse("coach:welcome_next")
    workspace = Workspace.objects.get(name="Calm Coaching")
    user = get_user_model().objects.get(email="robin@calm.example")
    assert Membership.objects.get(user=user, workspace=workspace).role == Role.OWNER
    assert workspace.timezone == "Europe/London" and workspace.send_days == [2, 3, 4]
    assert workspace.postal_address.startswith("1 Quiet Lane")
    assert workspace.contents.count() == 15 and workspace.sequences.count() == 3
    assert user.get_full_name() == "Robin Vale"

    choices = client.get(reverse("coach:welcome_next")).content.decode()
    for choice in ("Import your contacts", "Add one person", "Show me around"):
        assert choice in choices
    tour = client.get(reverse("coach:tour")).content.decode()
    assert "A sample practice, by readiness" in tour and "Diego Alvarez" in tour
    assert not workspace.prospects.exists()  # the sample is shown, never added
    # Once is enough: the first run sends a member on to Today.
    assert client.get(reverse("coach:first_run"))["Location"] == reverse("coach:today")


def test_the_first_run_asks_for_the_postal_address_and_a_real_time_zone(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("coach:first_run"), {**FIRST_RUN, "postal_address": "", "timezone": "Mars/Base"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Anti-spam laws ask for a postal address" in page
    assert "is not a time zone name" in page
    assert not Workspace.objects.exists()


def test_with_sign_up_off_there_is_no_sign_up_and_no_first_run(client, settings):
    settings.ALLOW_SIGNUP = False
    page = client.get(reverse("account_signup"))
    assert b"Sign-up is closed" in page.content
    sign_up(client)
    assert not get_user_model().objects.exists()
    assert b"Make an account" not in client.get(reverse("account_login")).content
    loner = UserFactory()
    client.force_login(loner)
    assert client.get(reverse("coach:today")).status_code == 403
    assert client.post(reverse("coach:first_run"), FIRST_RUN).status_code == 403
    assert not Workspace.objects.exists()


def test_create_workspace_from_the_shell(capsys):
    call_command(
        "create_workspace",
        "--name",
        "Shell Practice",
        "--owner-email",
        "Owner@Shell.example",
        "--postal-address",
        "2 Harbour Road",
        "--timezone",
        "America/New_York",
    )
    out = capsys.readouterr().out
    assert "Shell Practice" in out and "/accounts/password/reset/key/" in out
    workspace = Workspace.objects.get(name="Shell Practice")
    owner = get_user_model().objects.get(email="owner@shell.example")
    assert not owner.has_usable_password()
    assert workspace.memberships.get().user == owner
    assert workspace.sequences.count() == 3
    with pytest.raises(CommandError, match="already work in a workspace"):
        call_command(
            "create_workspace",
            "--name",
            "Second",
            "--owner-email",
            "owner@shell.example",
            "--postal-address",
            "x",
        )


def test_someone_invited_who_signs_up_is_offered_to_join_instead(client):
    from relationships.workspaces.services import create_workspace
    from relationships.workspaces.team import invite_member

    boss = UserFactory()
    team = create_workspace("Big Practice", owner=boss)
    invite_member(team, email="robin@calm.example", role=Role.COACH, by=boss.memberships.get())
    sign_up(client)
    confirm_from_the_mail(client)
    page = client.get(reverse("coach:first_run")).content.decode()
    assert "Big Practice invited you" in page and "Join Big Practice instead" in page
