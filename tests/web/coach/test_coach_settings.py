"""Settings and the team: details, sending rules, branding; roles, invitations by email."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from relationships.models import Invitation, Membership, Role, Workspace
from relationships.workspaces.team import (
    INVITATION_DAYS,
    InvitationLinkError,
    TeamError,
    invitation_from_token,
    invitation_token,
    invite_member,
)
from tests.support.factories import (
    MembershipFactory,
    ProspectFactory,
    UserFactory,
    WorkspaceFactory,
)

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def owner(workspace):
    user = UserFactory(first_name="Olivia", last_name="Owner")
    MembershipFactory(user=user, workspace=workspace, role=Role.OWNER)
    return user


def member(workspace, role, **fields):
    user = UserFactory(**fields)
    return MembershipFactory(user=user, workspace=workspace, role=role)


def settings_data(workspace: Workspace, **overrides) -> dict:
    data = {
        "name": workspace.name,
        "timezone": workspace.timezone,
        "sender_name": workspace.sender_name,
        "sender_email": workspace.sender_email,
        "postal_address": workspace.postal_address,
        "send_days": ["2", "3", "4"],
        "send_window_start": "09:00",
        "send_window_end": "11:00",
        "frequency_cap_days": "3",
        "value_steps_per_invitation": "3",
        "logo_url": "",
        "accent_color": "",
        "booking_url": "",
        "embed_origins": "",
    }
    data.update(overrides)
    return data


def link_in(message) -> str:
    return re.search(r"http://\S+/invitations/\S+/", message.body).group(0)


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


# ---- workspace settings --------------------------------------------------------------------


def test_the_settings_page_shows_every_setting(client, coach, workspace):
    client.force_login(coach)
    page = client.get(reverse("coach:settings")).content.decode()
    for label in (
        "Workspace name",
        "Time zone",
        "Sender address",
        "Postal address",
        "Send window",
        "At most one email per prospect every",
        "Helpful emails per invitation",
        "Logo address",
        "Accent colour",
        "Booking link",
    ):
        assert label in page, label
    assert "Now: Tue–Thu, 09:00–11:00" in page
    assert f"/p/join/{workspace.slug}/" in page


def test_a_coach_changes_the_settings(client, coach, workspace):
    client.force_login(coach)
    data = settings_data(
        workspace,
        name="Calm Coaching",
        timezone="America/Chicago",
        send_days=["1", "5"],
        send_window_start="08:30",
        send_window_end="10:00",
        frequency_cap_days="5",
        value_steps_per_invitation="4",
        logo_url="example.com/logo.png",
        accent_color="#aa3366",
        booking_url="https://cal.example.com/sam",
        embed_origins="https://www.example.com\nhttps://blog.example.com",
    )
    response = client.post(reverse("coach:settings"), data)

    assert response.status_code == 302
    workspace.refresh_from_db()
    assert workspace.name == "Calm Coaching" and workspace.timezone == "America/Chicago"
    assert workspace.send_days == [1, 5]
    assert (workspace.send_window_start, workspace.send_window_end) == (
        datetime.time(8, 30),
        datetime.time(10),
    )
    assert (workspace.frequency_cap_days, workspace.value_steps_per_invitation) == (5, 4)
    assert workspace.logo_url == "https://example.com/logo.png"
    assert workspace.accent_color == "#aa3366"
    page = client.get(reverse("coach:settings")).content.decode()
    assert "Saved the workspace&#x27;s settings." in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("timezone", "Mars/Olympus", "time zone from the list"),
        ("send_days", [], "Choose at least one day for sending."),
        ("send_window_end", "08:00", "The send window must end after it starts"),
        ("accent_color", "green", "A colour written like #1d5c4a."),
        ("frequency_cap_days", "-1", "greater than or equal to 0"),
        ("embed_origins", "www.example.com", "is not a website address"),
        ("sender_email", "not-an-address", "Enter a valid email address."),
    ],
)
def test_bad_settings_are_errors_with_the_input_kept(
    client, coach, workspace, field, value, message
):
    client.force_login(coach)
    response = client.post(
        reverse("coach:settings"), settings_data(workspace, name="Kept Name", **{field: value})
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'value="Kept Name"' in page
    workspace.refresh_from_db()
    assert workspace.name != "Kept Name"


def test_an_invalid_save_does_not_rename_the_page_header(client, coach, workspace):
    client.force_login(coach)
    page = client.post(
        reverse("coach:settings"), settings_data(workspace, name="", timezone="Nowhere")
    ).content.decode()
    assert f"<title>Settings · {workspace.name} · Bridge</title>" in page


def test_an_assistant_reads_the_settings_but_cannot_change_them(client, workspace):
    assistant = member(workspace, Role.ASSISTANT).user
    client.force_login(assistant)

    page = client.get(reverse("coach:settings")).content.decode()
    assert "you can read these settings" in page
    assert 'name="name" value="' in page and "disabled" in page
    assert "Save settings" not in page

    refused = client.post(reverse("coach:settings"), settings_data(workspace, name="Taken Over"))
    assert refused.status_code == 403
    assert "That's for an owner or a coach" in refused.content.decode()
    workspace.refresh_from_db()
    assert workspace.name != "Taken Over"


# ---- the team ------------------------------------------------------------------------------


def test_the_team_page_lists_members_with_roles(client, owner, workspace):
    member(workspace, Role.ASSISTANT, first_name="Ada", email="ada@example.com")
    client.force_login(owner)
    page = client.get(reverse("coach:team")).content.decode()
    assert "Olivia Owner" in page and "(you)" in page
    assert "ada@example.com" in page
    assert "Send invitation" in page


def test_a_coach_sees_the_team_but_only_an_owner_changes_it(client, coach, workspace):
    client.force_login(coach)
    page = client.get(reverse("coach:team")).content.decode()
    assert "Only an owner can invite people or change roles." in page
    assert "Send invitation" not in page
    refused = client.post(reverse("coach:team_invite"), {"email": "x@example.com", "role": "coach"})
    assert refused.status_code == 403 and "That's for an owner" in refused.content.decode()
    assert not Invitation.objects.exists()


def test_an_owner_invites_by_email_after_commit(
    client, owner, workspace, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            reverse("coach:team_invite"), {"email": " New.Coach@Example.com ", "role": "coach"}
        )

    assert response.status_code == 302 and len(callbacks) == 1
    invitation = Invitation.objects.get(workspace=workspace)
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "new.coach@example.com",
        "coach",
        owner,
    )
    (message,) = mailoutbox
    assert message.to == ["new.coach@example.com"]
    assert message.subject == f"Olivia Owner invited you to work in {workspace.name} on Bridge"
    assert message.reply_to == [owner.email]
    assert link_in(message) in message.alternatives[0][0]
    assert invitation_from_token(link_in(message).rstrip("/").rsplit("/", 1)[1]) == invitation
    page = client.get(reverse("coach:team")).content.decode()
    assert "new.coach@example.com" in page and "Sent an invitation to new.coach@example.com" in page


def test_with_htmx_the_team_section_is_swapped(client, owner, workspace):
    client.force_login(owner)
    response = client.post(
        reverse("coach:team_invite"), {"email": "amy@example.com", "role": "assistant"}, **HTMX
    )
    page = response.content.decode()
    assert "<html" not in page and '<div id="team"' in page
    assert "Sent an invitation to amy@example.com (assistant)." in page


def test_inviting_a_member_or_a_bad_address_is_an_error_with_input_kept(client, owner, workspace):
    member(workspace, Role.COACH, email="taken@example.com")
    client.force_login(owner)
    taken = client.post(
        reverse("coach:team_invite"), {"email": "TAKEN@example.com", "role": "coach"}
    )
    assert "taken@example.com already works in" in taken.content.decode()
    bad = client.post(reverse("coach:team_invite"), {"email": "nope", "role": "coach"})
    assert "Enter the email address they use." in bad.content.decode()
    assert 'value="nope"' in bad.content.decode()
    assert not Invitation.objects.exists()


def test_inviting_again_resends_the_open_invitation(workspace, owner):
    by = owner.memberships.get()
    first = invite_member(workspace, email="sam@example.com", role=Role.COACH, by=by)
    again = invite_member(workspace, email="SAM@example.com", role=Role.ASSISTANT, by=by)
    assert first.pk == again.pk and again.role == Role.ASSISTANT
    assert Invitation.objects.count() == 1


def test_only_an_owner_may_invite_in_the_service_too(workspace, coach):
    with pytest.raises(TeamError, match="Only an owner"):
        invite_member(workspace, email="x@example.com", role=Role.COACH, by=coach.memberships.get())


# ---- accepting -----------------------------------------------------------------------------


@pytest.fixture
def invitation(workspace, owner):
    return invite_member(
        workspace, email="newbie@example.com", role=Role.ASSISTANT, by=owner.memberships.get()
    )


def test_accepting_makes_an_account_and_a_membership(client, workspace, invitation):
    url = reverse("coach:invitation", args=[invitation_token(invitation)])
    page = client.get(url).content.decode()
    assert f"Join {workspace.name}" in page and "newbie@example.com" in page

    response = client.post(
        url,
        {
            "first_name": "Nia",
            "last_name": "New",
            "password": "a-long-calm-password-7",
            "password_again": "a-long-calm-password-7",
        },
    )

    assert response["Location"] == reverse("coach:today")
    user = get_user_model().objects.get(username="newbie@example.com")
    assert user.first_name == "Nia" and user.check_password("a-long-calm-password-7")
    assert Membership.objects.get(user=user, workspace=workspace).role == Role.ASSISTANT
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.accepted_at is not None
    # Signed in, working in the workspace they joined.
    assert f"Welcome to {workspace.name}." in client.get(reverse("coach:today")).content.decode()
    # The link works once.
    assert client.get(url).status_code == 410


def test_a_weak_or_mismatched_password_is_a_form_error(client, invitation):
    url = reverse("coach:invitation", args=[invitation_token(invitation)])
    weak = client.post(
        url, {"first_name": "Nia", "password": "123", "password_again": "123"}
    ).content.decode()
    assert "This password is too short." in weak
    mismatch = client.post(
        url,
        {"first_name": "Nia", "password": "a-long-calm-pw-7", "password_again": "a-long-calm-pw-8"},
    ).content.decode()
    assert "The two passwords are not the same." in mismatch and 'value="Nia"' in mismatch
    assert not get_user_model().objects.filter(username="newbie@example.com").exists()


def test_a_signed_in_person_joins_with_their_account(client, workspace, invitation):
    someone = UserFactory(email="newbie@example.com")
    MembershipFactory(user=someone, workspace=WorkspaceFactory(name="Elsewhere"))
    client.force_login(someone)
    url = reverse("coach:invitation", args=[invitation_token(invitation)])
    assert f"Join {workspace.name}</button>" in client.get(url).content.decode()

    client.post(url)

    assert Membership.objects.get(user=someone, workspace=workspace).role == Role.ASSISTANT
    today = client.get(reverse("coach:today")).content.decode()
    assert f"<title>Today · {workspace.name} · Bridge</title>" in today


def test_someone_with_an_account_is_asked_to_sign_in_first(client, invitation):
    UserFactory(email="Newbie@example.com")
    url = reverse("coach:invitation", args=[invitation_token(invitation)])
    page = client.get(url).content.decode()
    assert "Sign in to accept" in page and "next=%2Finvitations%2F" in page
    assert 'name="password"' not in page


def test_a_bad_expired_or_cancelled_link_is_a_clear_page_not_a_500(client, invitation, owner):
    token = invitation_token(invitation)
    bad = client.get(reverse("coach:invitation", args=[token[:-3] + "xyz"]))
    assert bad.status_code == 400 and "This link doesn't work" in bad.content.decode()

    later = timezone.now() + datetime.timedelta(days=INVITATION_DAYS + 1)
    with time_machine.travel(later):
        expired = client.get(reverse("coach:invitation", args=[token]))
    assert expired.status_code == 410 and "This invitation has expired" in expired.content.decode()

    client.force_login(owner)
    client.post(reverse("coach:invitation_cancel", args=[invitation.pk]))
    client.logout()
    cancelled = client.get(reverse("coach:invitation", args=[token]))
    assert cancelled.status_code == 410 and "was cancelled" in cancelled.content.decode()
    assert client.post(reverse("coach:invitation", args=[token])).status_code == 410


def test_a_token_for_a_missing_invitation_is_refused(db):
    from django.core import signing

    with pytest.raises(InvitationLinkError):
        invitation_from_token(signing.dumps(987654, salt="bridge.team.invitation"))
    with pytest.raises(InvitationLinkError):
        invitation_from_token(signing.dumps("1", salt="bridge.team.invitation"))


def test_resending_and_cancelling_invitations(
    client, owner, invitation, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("coach:invitation_resend", args=[invitation.pk]))
    assert len(mailoutbox) == 1
    client.post(reverse("coach:invitation_cancel", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert "No invitations waiting." in client.get(reverse("coach:team")).content.decode()


# ---- roles and removal ---------------------------------------------------------------------


def test_an_owner_changes_a_role(client, owner, workspace):
    coach = member(workspace, Role.COACH, first_name="Cleo")
    client.force_login(owner)
    response = client.post(reverse("coach:team_role", args=[coach.pk]), {"role": "assistant"})
    assert response.status_code == 302
    coach.refresh_from_db()
    assert coach.role == Role.ASSISTANT


def test_choosing_the_role_someone_already_has_says_nothing_changed(client, owner, workspace):
    # Issue 15, defect 12: it said "Sam is now owner."
    mine = owner.memberships.get()
    client.force_login(owner)
    page = client.post(
        reverse("coach:team_role", args=[mine.pk]), {"role": "owner"}, follow=True
    ).content.decode()
    assert "is already owner; nothing changed." in page
    assert "is now owner" not in page


def test_the_last_owner_cannot_be_demoted_or_removed(client, owner, workspace):
    mine = owner.memberships.get()
    client.force_login(owner)

    demoted = client.post(reverse("coach:team_role", args=[mine.pk]), {"role": "coach"}, **HTMX)
    assert "A workspace needs an owner" in demoted.content.decode()
    removed = client.post(reverse("coach:team_remove", args=[mine.pk]), follow=True)
    assert "A workspace needs an owner" in removed.content.decode()
    mine.refresh_from_db()
    assert mine.role == Role.OWNER


def test_removing_a_member_hands_their_prospects_to_the_owner(client, owner, workspace):
    leaving = member(workspace, Role.COACH)
    theirs = ProspectFactory(workspace=workspace, owner=leaving.user)
    client.force_login(owner)

    client.post(reverse("coach:team_remove", args=[leaving.pk]))

    assert not Membership.objects.filter(pk=leaving.pk).exists()
    theirs.refresh_from_db()
    assert theirs.owner == owner


def test_team_changes_answer_404_for_another_workspace(client, owner):
    elsewhere = WorkspaceFactory()
    theirs = member(elsewhere, Role.OWNER)
    their_invitation = invite_member(elsewhere, email="z@example.com", role="coach", by=theirs)
    client.force_login(owner)
    role = client.post(reverse("coach:team_role", args=[theirs.pk]), {"role": "assistant"})
    assert role.status_code == 404
    assert client.post(reverse("coach:team_remove", args=[theirs.pk])).status_code == 404
    resend = reverse("coach:invitation_resend", args=[their_invitation.pk])
    assert client.post(resend).status_code == 404
    cancel = reverse("coach:invitation_cancel", args=[their_invitation.pk])
    assert client.post(cancel).status_code == 404
    theirs.refresh_from_db()
    assert theirs.role == Role.OWNER


def test_an_assistant_cannot_change_roles_or_remove_anyone(client, workspace, owner):
    assistant = member(workspace, Role.ASSISTANT)
    client.force_login(assistant.user)
    mine = owner.memberships.get()
    assert client.post(reverse("coach:team_remove", args=[mine.pk])).status_code == 403
    role = client.post(reverse("coach:team_role", args=[assistant.pk]), {"role": "owner"})
    assert role.status_code == 403
    assistant.refresh_from_db()
    assert assistant.role == Role.ASSISTANT


# ---- query counts --------------------------------------------------------------------------


@pytest.mark.parametrize("size", [2, 30])
def test_settings_pages_cost_the_same_queries_at_any_size(
    size, client, owner, workspace, django_assert_num_queries
):
    for i in range(size):
        member(workspace, Role.COACH)
        invite_member(
            workspace, email=f"invitee{i}@example.com", role="coach", by=owner.memberships.get()
        )
    ProspectFactory.create_batch(size, workspace=workspace)
    client.force_login(owner)
    # session, user, memberships (the workspace is already loaded), the team for
    # "New sign-ups go to"
    with django_assert_num_queries(4):
        assert client.get(reverse("coach:settings")).status_code == 200
    # ... members; open invitations
    with django_assert_num_queries(5):
        assert client.get(reverse("coach:team")).status_code == 200


def test_the_time_zone_is_picked_from_a_list_found_by_city(client, coach, workspace):
    # Issue 15, defect 9: "London" typed in a text box was refused.
    client.force_login(coach)
    page = client.get(reverse("coach:settings")).content.decode()
    field = page[page.index('name="timezone"') :]
    field = field[: field.index("</select>")]
    assert '<optgroup label="Europe">' in field
    assert '<option value="Europe/London"' in field and ">London</option>" in field
    assert ">Buenos Aires (Argentina)</option>" in field
    client.post(reverse("coach:settings"), settings_data(workspace, timezone="America/New_York"))
    workspace.refresh_from_db()
    assert workspace.timezone == "America/New_York"


def test_settings_choose_who_new_sign_ups_go_to_among_the_team(client, coach, workspace):
    client.force_login(coach)
    stranger = UserFactory()
    refused = client.post(
        reverse("coach:settings"), settings_data(workspace, default_owner=stranger.pk)
    )
    assert "Select a valid choice" in refused.content.decode()
    client.post(reverse("coach:settings"), settings_data(workspace, default_owner=coach.pk))
    workspace.refresh_from_db()
    assert workspace.default_owner == coach


def test_settings_show_the_embed_snippets_with_copy_buttons(client, coach, workspace):
    client.force_login(coach)
    page = client.get(reverse("coach:settings")).content.decode()
    assert "Your sign-up form on your website" in page
    assert f"/p/join/{workspace.slug}/from-site/" in page and "?embed=1" in page
    assert 'data-copy="snippet-form"' in page and 'data-copy="snippet-iframe"' in page


def test_settings_save_the_signature_and_privacy_notice(client, coach, workspace):
    client.force_login(coach)
    client.post(
        reverse("coach:settings"),
        settings_data(
            workspace,
            email_signature="Sam\nCoach",
            privacy_url="https://northstar.example/privacy",
        ),
    )
    workspace.refresh_from_db()
    assert workspace.email_signature == "Sam\nCoach"
    assert workspace.privacy_url == "https://northstar.example/privacy"
