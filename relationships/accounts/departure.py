"""When someone leaves: their name stays on what they did, their prospects go to an owner.

Deleting a user nulls the foreign keys that name them (SET_NULL), so before it does,
their name is written beside each of those rows; and the prospects they owned are handed
to another owner of each workspace rather than left without anyone.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from relationships.models import Diagnosis, Interaction, Membership, Prospect, Role, StageChange


def display_name(user: AbstractBaseUser) -> str:
    return user.get_full_name() or user.get_username()


def successor(workspace_id: int, *, leaving_user_id: int) -> int | None:
    """Who takes over a leaving member's prospects: the longest-serving other owner."""
    return (
        Membership.objects.filter(workspace_id=workspace_id, role=Role.OWNER)
        .exclude(user_id=leaving_user_id)
        .order_by("joined_at", "pk")
        .values_list("user_id", flat=True)
        .first()
    )


def hand_over_prospects(workspace_id: int, *, from_user_id: int, to_user_id: int | None) -> int:
    return Prospect.objects.filter(workspace_id=workspace_id, owner_id=from_user_id).update(
        owner_id=to_user_id
    )


def keep_names(user: AbstractBaseUser) -> None:
    name = display_name(user)
    StageChange.objects.filter(user_id=user.pk).update(user_name=name)
    Diagnosis.objects.filter(author_id=user.pk).update(author_name=name)
    Interaction.objects.filter(author_id=user.pk).update(author_name=name)


@receiver(pre_delete, sender=get_user_model(), dispatch_uid="bridge.accounts.departure")
def before_a_user_is_deleted(sender, instance: AbstractBaseUser, **kwargs) -> None:
    keep_names(instance)
    for workspace_id in Membership.objects.filter(user_id=instance.pk).values_list(
        "workspace_id", flat=True
    ):
        hand_over_prospects(
            workspace_id,
            from_user_id=instance.pk,
            to_user_id=successor(workspace_id, leaving_user_id=instance.pk),
        )
