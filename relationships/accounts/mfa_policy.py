"""Two-factor sign-in: every coach may turn it on; an owner may require it of everyone.

The second step itself (TOTP, recovery codes) is django-allauth's mfa app; this is
the workspace's rule around it.
"""

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from relationships.errors import BridgeError
from relationships.history.changes import record_change
from relationships.models import ChangeArea, Membership, Workspace
from relationships.workspaces import roles


class MFAPolicyError(BridgeError):
    """The two-factor rule can't be changed that way; the message says why."""


def has_second_step(user: AbstractBaseUser) -> bool:
    """Does this person sign in with a code from an authenticator app?"""
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def must_set_up_second_step(user: AbstractBaseUser, workspace: Workspace) -> bool:
    return workspace.require_mfa and not has_second_step(user)


def members_without_second_step(workspace: Workspace) -> list[Membership]:
    with_totp = Authenticator.objects.filter(type=Authenticator.Type.TOTP).values("user_id")
    return list(
        workspace.memberships.exclude(user_id__in=with_totp)
        .select_related("user")
        .order_by("user__first_name", "user__username")
    )


@transaction.atomic
def set_mfa_required(workspace: Workspace, *, required: bool, by: Membership) -> Workspace:
    """Require (or stop requiring) two-factor sign-in of everyone in the workspace."""
    roles.require(by, roles.MANAGE_TEAM, workspace=workspace)
    if required and not has_second_step(by.user):
        raise MFAPolicyError(
            "Turn on two-factor sign-in for your own account first, so you can't lock yourself out."
        )
    if workspace.require_mfa != required:
        workspace.require_mfa = required
        workspace.save(update_fields=["require_mfa"])
        record_change(
            workspace,
            area=ChangeArea.TEAM,
            subject=workspace.name,
            summary="Required two-factor sign-in of everyone"
            if required
            else "Stopped requiring two-factor sign-in",
        )
    return workspace
