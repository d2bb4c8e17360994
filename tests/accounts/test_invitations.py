"""Invitations are bound to the address they were sent to."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from relationships.models import Membership, Role
from relationships.workspaces.team import (
    InvitationLinkError,
    accept_invitation,
    invitation_token,
    invite_member,
)
from tests.support.factories import MembershipFactory, UserFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(workspace):
    user = UserFactory()
    MembershipFactory(user=user, workspace=workspace, role=Role.OWNER)
    return user


@pytest.fixture
def invitation(workspace, owner):
    return invite_member(
        workspace, email="invited@example.com", role=Role.OWNER, by=owner.memberships.get()
    )


def test_someone_signed_in_with_another_address_is_refused_clearly(client, workspace, invitation):
    stranger = UserFactory(email="stranger@example.com")
    client.force_login(stranger)
    url = reverse("coach:invitation", args=[invitation_token(invitation)])

    page = client.get(url)
    assert page.status_code == 403
    text = page.content.decode()
    assert "This invitation is for someone else" in text
    assert "invited@example.com" in text and "stranger@example.com" in text
    assert "Sign out" in text

    taken = client.post(url)
    assert taken.status_code == 403
    assert not Membership.objects.filter(user=stranger, workspace=workspace).exists()
    invitation.refresh_from_db()
    assert invitation.is_open


def test_the_service_refuses_another_address_whatever_door(invitation):
    stranger = UserFactory(email="stranger@example.com")
    with pytest.raises(InvitationLinkError) as refused:
        accept_invitation(invitation, user=stranger)
    assert refused.value.reason == "other_address"


def test_a_confirmed_second_address_may_accept(workspace, invitation):
    user = UserFactory(email="work@example.com")
    EmailAddress.objects.create(user=user, email="Invited@example.com", verified=True)
    membership = accept_invitation(invitation, user=user)
    assert membership.workspace == workspace and membership.role == Role.OWNER


def test_an_unconfirmed_second_address_may_not(invitation):
    user = UserFactory(email="work@example.com")
    EmailAddress.objects.create(user=user, email="invited@example.com", verified=False)
    with pytest.raises(InvitationLinkError):
        accept_invitation(invitation, user=user)


def test_joining_makes_an_account_whose_address_is_confirmed_and_signs_in_by_email(
    client, workspace, invitation
):
    url = reverse("coach:invitation", args=[invitation_token(invitation)])
    client.post(
        url,
        {"first_name": "Ivy", "password": "a-long-calm-pw-7", "password_again": "a-long-calm-pw-7"},
    )
    address = EmailAddress.objects.get(email="invited@example.com")
    assert address.verified and address.primary
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "invited@example.com", "password": "a-long-calm-pw-7"}
    )
    assert response["Location"] == reverse("coach:today")
    assert SESSION_KEY in client.session


def test_revoked_used_and_foreign_links_each_say_what_happened(client, owner, invitation):
    token = invitation_token(invitation)
    client.force_login(owner)
    client.post(reverse("coach:invitation_cancel", args=[invitation.pk]))
    client.logout()
    revoked = client.get(reverse("coach:invitation", args=[token]))
    assert revoked.status_code == 410
    assert "This invitation was cancelled" in revoked.content.decode()

    boss = _owner_of_new()
    other = invite_member(boss.workspace, email="x@example.com", role=Role.COACH, by=boss)
    accept_invitation(other, user=UserFactory(email="x@example.com"))
    used = client.get(reverse("coach:invitation", args=[invitation_token(other)]))
    assert used.status_code == 410 and "already been accepted" in used.content.decode()


def _owner_of_new():
    workspace = WorkspaceFactory()
    return MembershipFactory(user=UserFactory(), workspace=workspace, role=Role.OWNER)
