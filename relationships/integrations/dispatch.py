"""Claiming due webhook deliveries under a lease, the way the email outbox is claimed.

The same reasoning as relationships/nurture/dispatch.py: a claim is a lease, not a
lock; it outlasts the send task's hard time limit, and an expired claim (a killed
worker) is due again, so nothing is lost. PostgreSQL claimers skip each other's rows
(FOR UPDATE SKIP LOCKED); SQLite runs one writer at a time, so the conditional update
is safe there too.
"""

import dataclasses
import datetime
import secrets

from django.conf import settings
from django.db import connection, transaction
from django.db.models import BooleanField, F, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from relationships.models import WebhookDelivery, WebhookStatus


@dataclasses.dataclass(frozen=True)
class Claim:
    token: str
    ids: list[int]


def lease_length() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.WEBHOOK_LEASE_SECONDS)


def open_rows() -> RawSQL:
    """The condition of the partial index `webhook_open_due`, spelled with literals so
    SQLite uses the index (it ignores a partial index for bound parameters)."""
    quote = connection.ops.quote_name
    column = f"{quote(WebhookDelivery._meta.db_table)}.{quote('status')}"
    return RawSQL(f"{column} IN ('scheduled', 'claimed')", [], output_field=BooleanField())


def claimable(now: datetime.datetime):
    return WebhookDelivery.objects.filter(
        open_rows(),
        Q(status=WebhookStatus.SCHEDULED) | Q(status=WebhookStatus.CLAIMED, lease_until__lt=now),
        due_at__lte=now,
    )


def claim_due(*, limit: int, now: datetime.datetime | None = None) -> Claim:
    """Claim up to `limit` due webhook deliveries, oldest first."""
    now = now or timezone.now()
    token = secrets.token_hex(16)
    with transaction.atomic():
        candidates = claimable(now).order_by("due_at")
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates.values_list("pk", flat=True)[:limit])
        if not ids:
            return Claim(token, [])
        # Conditional: a row someone else claimed meanwhile no longer matches.
        claimable(now).filter(pk__in=ids).update(
            status=WebhookStatus.CLAIMED,
            claim_token=token,
            lease_until=now + lease_length(),
            attempts=F("attempts") + 1,
        )
    claimed = WebhookDelivery.objects.filter(pk__in=ids, claim_token=token)
    return Claim(token, sorted(claimed.values_list("pk", flat=True)))


def dispatch_due(*, enqueue, batch_size: int | None = None, max_batches: int | None = None) -> int:
    """Claim due deliveries batch by batch and hand each to `enqueue(ids, token)`.

    If enqueueing fails (broker down), the claim expires and the rows come back.
    """
    batch_size = batch_size or settings.WEBHOOK_BATCH_SIZE
    max_batches = max_batches or settings.WEBHOOK_MAX_BATCHES_PER_TICK
    claimed = 0
    for _ in range(max_batches):
        claim = claim_due(limit=batch_size)
        if not claim.ids:
            break
        enqueue(claim.ids, claim.token)
        claimed += len(claim.ids)
        if len(claim.ids) < batch_size:
            break
    return claimed
