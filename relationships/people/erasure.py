"""Erasing a prospect (GDPR Art. 17): gone from every table, with only a keyed hash of
their address kept so no import brings them back, and counts without a name.

Everything that points at the prospect row cascades with it (stage history, diagnoses,
interactions, enrollments, deliveries, events). What holds their details without a
foreign key is swept here by address and name: rows an import refused, API answers
kept for Idempotency-Key replays, events whose data copied them, the admin's history.
Their signed links name an id that no longer exists, so every link answers "not found".
Insights go on counting what they did, as numbers per week (insights/rollups.py).
"""

import hashlib
import hmac
from collections.abc import Iterable

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Count, Q, TextField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from relationships.history.changes import record_change
from relationships.insights.rollups import keep_erased_counts
from relationships.integrations import events
from relationships.models import (
    ChangeArea,
    DeliveryStatus,
    Erasure,
    ErasureRequest,
    Event,
    IdempotencyKey,
    ImportRefusal,
    Membership,
    Prospect,
    Role,
    Suppression,
    Workspace,
)
from relationships.nurture.rendering import render_email
from relationships.workspaces import roles


def address_hash(workspace_id: int, email: str) -> str:
    """A keyed hash of an address within one workspace: the same person in two workspaces
    can't be linked, and without ERASURE_HASH_KEY the hash can't be tested against a list."""
    message = f"{workspace_id}:{(email or '').strip().lower()}".encode()
    return hmac.new(settings.ERASURE_HASH_KEY.encode(), message, hashlib.sha256).hexdigest()


def erased_among(workspace_id: int, emails: Iterable[str]) -> set[str]:
    """Which of these (normalized) addresses belong to someone erased here: one query."""
    by_hash = {address_hash(workspace_id, email): email for email in emails}
    if not by_hash:
        return set()
    found = Suppression.objects.filter(
        workspace_id=workspace_id, address_hash__in=list(by_hash)
    ).values_list("address_hash", flat=True)
    return {by_hash[value] for value in found}


def is_erased(workspace_id: int, email: str) -> bool:
    return bool(erased_among(workspace_id, [email]))


def anonymous_counts(prospect: Prospect) -> dict:
    """What insights count about them, as numbers only."""
    deliveries = prospect.deliveries.aggregate(
        sent=Count("pk", filter=Q(status=DeliveryStatus.SENT)),
        opened=Count("pk", filter=Q(opened_at__isnull=False)),
        clicked=Count("pk", filter=Q(clicked_at__isnull=False)),
        replied=Count("pk", filter=Q(replied_at__isnull=False)),
    )
    return {
        "stage": prospect.stage.key or "custom",
        "stage_changes": prospect.stage_changes.count(),
        "interactions": prospect.interactions.count(),
        "diagnoses": prospect.diagnoses.count(),
        "emails": deliveries,
    }


def display_name(user: AbstractBaseUser | None) -> str:
    if user is None:
        return ""
    return (user.get_full_name() or user.get_username())[:200]


@transaction.atomic
def erase_prospect(
    prospect: Prospect,
    *,
    by: Membership | None,
    via: str = ErasureRequest.COACH,
    user: AbstractBaseUser | None = None,
) -> Erasure:
    """Remove everything held about one prospect; keep a hash of the address and counts.

    `by` is the member (or API key) asking, checked against the role policy; None with
    `via=prospect` is the person themselves, from their preference center.
    """
    roles.require(by, roles.ERASE_PROSPECTS, workspace=prospect.workspace)
    locked = Prospect.objects.select_for_update().select_related("stage").get(pk=prospect.pk)
    workspace_id, prospect_id = locked.workspace_id, locked.pk
    email, name = locked.email, locked.name.strip()
    counts = anonymous_counts(locked)
    # Insights keep counting them, without them: numbers per week, before their rows go.
    keep_erased_counts(locked, now=timezone.now())

    ImportRefusal.objects.filter(run__workspace_id=workspace_id, email__iexact=email).delete()
    # Copies of their details outside the rows that point at them.
    mentions = Q(response__icontains=email) | (Q(response__icontains=name) if name else Q())
    IdempotencyKey.objects.filter(api_key__workspace_id=workspace_id).filter(mentions).delete()
    data_mentions = Q(text__icontains=email) | (Q(text__icontains=name) if name else Q())
    Event.objects.filter(workspace_id=workspace_id).annotate(text=Cast("data", TextField())).filter(
        data_mentions
    ).delete()
    # The admin's history names the record it changed ("Ann Lee <ann@…>").
    LogEntry.objects.filter(
        Q(object_repr__icontains=email) | (Q(object_repr__icontains=name) if name else Q())
    ).delete()
    locked.delete()

    Suppression.objects.get_or_create(
        workspace_id=workspace_id, address_hash=address_hash(workspace_id, email)
    )
    erasure = Erasure.objects.create(
        workspace_id=workspace_id,
        prospect_ref=prospect_id,
        requested_via=via,
        by_user=user,
        by_name=display_name(user),
        counts=counts,
    )
    events.erased(prospect_id, workspace_id=workspace_id)
    # On the workspace's record too, by id only: the record must not name them either.
    record_change(
        Workspace(pk=workspace_id),
        area=ChangeArea.PROSPECT,
        subject=f"Prospect #{prospect_id}",
        summary="Erased: everything held about them removed, at their request",
    )
    if via == ErasureRequest.PROSPECT:
        tell_coaches(Workspace.objects.get(pk=workspace_id), erasure)
    return erasure


def erase_own_data(prospect: Prospect) -> Erasure:
    """The preference center's "Delete everything you hold about me", confirmed by POST."""
    return erase_prospect(prospect, by=None, via=ErasureRequest.PROSPECT)


def tell_coaches(workspace: Workspace, erasure: Erasure) -> None:
    """The coach is told that someone erased themselves, without being told who."""
    team = sorted(
        {
            email
            for email in Membership.objects.filter(
                workspace=workspace, role__in=[Role.OWNER, Role.COACH]
            ).values_list("user__email", flat=True)
            if email
        }
    )
    if not team:
        return
    rendered = render_email(
        "prospect_erased",
        {
            "workspace": workspace,
            "erasure": erasure,
            "url": settings.SITE_URL + reverse("coach:prospects"),
        },
    )
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=team,
    )
    message.attach_alternative(rendered.html, "text/html")
    transaction.on_commit(message.send, robust=True)
