"""Who works in a workspace: invitations by email, roles, and removing a member.

Owners decide who works in their workspace and in which role (as in the admin's
Membership page). A workspace always keeps at least one owner. An invitation is
a row plus a signed link; the link names the invitation, expires after
INVITATION_DAYS, and works once, for the address it was sent to: accepting creates
the account for that address, or attaches the signed-in account that has it; a
person signed in with another address is refused.
"""

import datetime
from email.utils import formataddr

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from relationships.accounts.departure import hand_over_prospects, successor
from relationships.errors import BridgeError
from relationships.history.changes import acting, person, record_change
from relationships.models import ChangeArea, Invitation, Membership, Role, Workspace
from relationships.nurture.rendering import render_email
from relationships.workspaces import roles

INVITATION_DAYS = 14
INVITATION_SALT = "bridge.team.invitation"


class TeamError(BridgeError):
    """A change to the team the rules refuse; the message says why."""


class InvitationLinkError(BridgeError):
    """An invitation link that cannot be used: `reason` is "invalid", "expired", "used",
    "revoked" or "other_address"."""

    def __init__(self, message: str, *, reason: str, invitation: Invitation | None = None):
        super().__init__(message)
        self.reason = reason
        self.invitation = invitation


def normalize_email(email: str) -> str:
    return email.strip().lower()


def _require_owner(by: Membership, workspace: Workspace) -> None:
    if by.workspace_id != workspace.pk or not roles.may(by, roles.MANAGE_TEAM):
        raise TeamError("Only an owner of the workspace can change who works in it.")


def _other_owners(membership: Membership) -> bool:
    return (
        Membership.objects.filter(workspace_id=membership.workspace_id, role=Role.OWNER)
        .exclude(pk=membership.pk)
        .exists()
    )


def on_record(workspace: Workspace, summary: str, *, subject: str = "") -> None:
    record_change(workspace, area=ChangeArea.TEAM, summary=summary, subject=subject)


# ---- invitations ---------------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps(invitation.pk, salt=INVITATION_SALT)


def open_invitations_for(email: str) -> list[Invitation]:
    """Invitations waiting for this address (a coach who signed up may rather join)."""
    return list(
        Invitation.objects.filter(
            email__iexact=normalize_email(email), accepted_at__isnull=True, revoked_at__isnull=True
        ).select_related("workspace")
    )


def invitation_url(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("coach:invitation", args=[invitation_token(invitation)])


def expires_at(invitation: Invitation) -> datetime.datetime:
    return invitation.sent_at + datetime.timedelta(days=INVITATION_DAYS)


def invitation_from_token(token: str) -> Invitation:
    """The open invitation a link names, or InvitationLinkError saying what's wrong with it."""
    try:
        pk = signing.loads(
            token, salt=INVITATION_SALT, max_age=datetime.timedelta(days=INVITATION_DAYS)
        )
    except signing.SignatureExpired:
        raise InvitationLinkError(
            f"This invitation link is more than {INVITATION_DAYS} days old.", reason="expired"
        ) from None
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        raise InvitationLinkError(
            "This invitation link is not complete or not valid.", reason="invalid"
        ) from None
    if not isinstance(pk, int) or isinstance(pk, bool):
        raise InvitationLinkError("This invitation link is not valid.", reason="invalid")
    invitation = Invitation.objects.select_related("workspace", "invited_by").filter(pk=pk).first()
    if invitation is None:
        raise InvitationLinkError("This invitation no longer exists.", reason="invalid")
    if invitation.revoked_at is not None:
        raise InvitationLinkError(
            "This invitation was cancelled by the workspace's owner.",
            reason="revoked",
            invitation=invitation,
        )
    if invitation.accepted_at is not None:
        raise InvitationLinkError(
            "This invitation has already been accepted.", reason="used", invitation=invitation
        )
    return invitation


def send_invitation_email(invitation: Invitation) -> None:
    """The invitation email, sent with Django's mail API once the transaction commits."""
    workspace = invitation.workspace
    inviter = invitation.invited_by
    context = {
        "invitation": invitation,
        "workspace": workspace,
        "inviter": (inviter.get_full_name() or inviter.get_username()) if inviter else "",
        "role": invitation.get_role_display(),
        "url": invitation_url(invitation),
        "days": INVITATION_DAYS,
    }
    rendered = render_email("team_invitation", context)
    reply_to = [inviter.email] if inviter and inviter.email else []
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        from_email=(
            formataddr((workspace.sender_name or workspace.name, workspace.sender_email))
            if workspace.sender_email
            else settings.DEFAULT_FROM_EMAIL
        ),
        to=[invitation.email],
        reply_to=reply_to,
    )
    message.attach_alternative(rendered.html, "text/html")
    transaction.on_commit(message.send, robust=True)


@transaction.atomic
def invite_member(workspace: Workspace, *, email: str, role: str, by: Membership) -> Invitation:
    """Invite someone by email; inviting an address again sends its open invitation afresh."""
    _require_owner(by, workspace)
    email = normalize_email(email)
    try:
        validate_email(email)
    except ValidationError:
        raise TeamError("Enter the email address they use.", field="email") from None
    if role not in Role.values:
        raise TeamError("Choose Owner, Coach or Assistant.", field="role")
    if Membership.objects.filter(workspace=workspace, user__email__iexact=email).exists():
        raise TeamError(f"{email} already works in {workspace.name}.", field="email")
    now = timezone.now()
    invitation = (
        Invitation.objects.select_for_update()
        .filter(
            workspace=workspace,
            email__iexact=email,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
        )
        .first()
    )
    if invitation is None:
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(
                    workspace=workspace,
                    email=email,
                    role=role,
                    invited_by=by.user,
                    created_at=now,
                    sent_at=now,
                )
        except IntegrityError:
            raise TeamError(f"{email} was just invited.", field="email") from None
    else:
        invitation.role = role
        invitation.invited_by = by.user
        invitation.sent_at = now
        invitation.save(update_fields=["role", "invited_by", "sent_at"])
    invitation.workspace = workspace
    send_invitation_email(invitation)
    on_record(
        workspace,
        f"Invited {email} as {invitation.get_role_display().lower()}",
        subject=email,
    )
    return invitation


@transaction.atomic
def resend_invitation(invitation: Invitation, *, by: Membership) -> Invitation:
    """A fresh link (the clock starts again) to the same address."""
    _require_owner(by, invitation.workspace)
    if not invitation.is_open:
        raise TeamError("That invitation is no longer open.")
    invitation.sent_at = timezone.now()
    invitation.invited_by = by.user
    invitation.save(update_fields=["sent_at", "invited_by"])
    send_invitation_email(invitation)
    on_record(
        invitation.workspace,
        f"Sent {invitation.email} a fresh invitation",
        subject=invitation.email,
    )
    return invitation


@transaction.atomic
def revoke_invitation(invitation: Invitation, *, by: Membership) -> Invitation:
    """Cancel an invitation: its link stops working at once."""
    _require_owner(by, invitation.workspace)
    if invitation.is_open:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        on_record(
            invitation.workspace,
            f"Cancelled the invitation to {invitation.email}",
            subject=invitation.email,
        )
    return invitation


def holds_address(user: AbstractBaseUser, email: str) -> bool:
    """Is `email` this account's address: its own, or one it has confirmed?"""
    email = normalize_email(email)
    if normalize_email(user.email or "") == email:
        return True
    return EmailAddress.objects.filter(user_id=user.pk, email__iexact=email, verified=True).exists()


def require_invited_address(invitation: Invitation, user: AbstractBaseUser) -> None:
    """An invitation is for the person at its address, whoever else opens the link."""
    if not holds_address(user, invitation.email):
        raise InvitationLinkError(
            f"This invitation is for {invitation.email}, and you're signed in as "
            f"{user.email or user.get_username()}. Sign out, then sign in or make an account "
            f"with {invitation.email} to accept it.",
            reason="other_address",
            invitation=invitation,
        )


@transaction.atomic
def accept_invitation(invitation: Invitation, *, user: AbstractBaseUser) -> Membership:
    """Join the workspace as the invited role; someone already in it keeps their role.
    Only the account with the invited address may accept."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    require_invited_address(locked, user)
    if not locked.is_open:
        raise InvitationLinkError(
            "This invitation has already been used or was cancelled.",
            reason="used",
            invitation=locked,
        )
    membership, _ = Membership.objects.get_or_create(
        user=user, workspace_id=locked.workspace_id, defaults={"role": locked.role}
    )
    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    with acting(user):
        on_record(
            membership.workspace,
            f"{person(user)} joined as {membership.get_role_display().lower()}",
            subject=locked.email,
        )
    return membership


@transaction.atomic
def join_with_new_account(
    invitation: Invitation, *, first_name: str, last_name: str = "", password: str
) -> AbstractBaseUser:
    """Create the invited person's account (their email is their username) and join."""
    User = get_user_model()
    email = normalize_email(invitation.email)
    if not first_name.strip():
        raise TeamError("Tell us your name.", field="first_name")
    if (
        User.objects.filter(email__iexact=email).exists()
        or User.objects.filter(username__iexact=email).exists()
    ):
        raise TeamError(
            "There is already an account for this address: sign in to accept.", field="email"
        )
    user = User(
        username=email, email=email, first_name=first_name.strip(), last_name=last_name.strip()
    )
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise TeamError(" ".join(error.messages), field="password") from None
    user.set_password(password)
    user.save()
    # The invitation reached this address, so it is confirmed.
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    accept_invitation(invitation, user=user)
    return user


# ---- roles and members ---------------------------------------------------------------------


@transaction.atomic
def change_role(membership: Membership, *, role: str, by: Membership) -> Membership:
    _require_owner(by, membership.workspace)
    if role not in Role.values:
        raise TeamError("Choose Owner, Coach or Assistant.", field="role")
    if membership.role == Role.OWNER and role != Role.OWNER and not _other_owners(membership):
        raise TeamError(
            "A workspace needs an owner: make someone else an owner first.", field="role"
        )
    was = membership.get_role_display().lower()
    if membership.role == role:
        return membership
    membership.role = role
    membership.save(update_fields=["role"])
    if was != membership.get_role_display().lower():
        on_record(
            membership.workspace,
            f"Made {person(membership.user)} {membership.get_role_display().lower()} (was {was})",
            subject=person(membership.user),
        )
    return membership


@transaction.atomic
def remove_member(membership: Membership, *, by: Membership) -> None:
    """Take someone out of the workspace; the prospects they owned go to the owner who
    removed them (or, when an owner leaves by themselves, to another owner)."""
    _require_owner(by, membership.workspace)
    if membership.role == Role.OWNER and not _other_owners(membership):
        raise TeamError("A workspace needs an owner: make someone else an owner first.")
    to_user_id = (
        by.user_id
        if by.user_id != membership.user_id
        else successor(membership.workspace_id, leaving_user_id=membership.user_id)
    )
    handed = hand_over_prospects(
        membership.workspace_id, from_user_id=membership.user_id, to_user_id=to_user_id
    )
    on_record(
        membership.workspace,
        f"Removed {person(membership.user)} from the workspace"
        + (f"; their {handed} prospect(s) went to another owner" if handed else ""),
        subject=person(membership.user),
    )
    membership.delete()
