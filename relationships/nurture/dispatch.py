"""Claiming due deliveries under a lease, so each is sent by exactly one worker.

A claim is a lease, not a lock (Mautic #1737 declared locks dead while their
holders still worked): the send task renews it as it goes (sending.py), so it
can be short, and an expired claim is due again: a killed worker's rows, or
those of a task the broker lost, come back about one lease later. Each claim
counts in `claims`; only a real send counts in `smtp_attempts`, which the
retry limit uses. On PostgreSQL concurrent claimers
skip each other's rows (FOR UPDATE SKIP LOCKED); SQLite runs one writer at a
time (IMMEDIATE transactions), so the same conditional update is safe there.
"""

import dataclasses
import datetime
import secrets

from django.conf import settings
from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from relationships.models import Delivery, DeliveryStatus


@dataclasses.dataclass(frozen=True)
class Claim:
    token: str
    ids: list[int]


def lease_length() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.NURTURE_LEASE_SECONDS)


def open_rows() -> RawSQL:
    """The condition of the partial index `delivery_open_due`, spelled with literals:
    SQLite uses a partial index only when the query states its condition as written,
    and bound parameters don't count (a full scan and sort of the outbox otherwise)."""
    quote = connection.ops.quote_name
    column = f"{quote(Delivery._meta.db_table)}.{quote('status')}"
    return RawSQL(f"{column} IN ('scheduled', 'claimed')", [], output_field=BooleanField())


def claimable(now: datetime.datetime):
    return Delivery.objects.filter(
        open_rows(),
        Q(status=DeliveryStatus.SCHEDULED) | Q(status=DeliveryStatus.CLAIMED, lease_until__lt=now),
        due_at__lte=now,
    )


def claim_due(*, limit: int, now: datetime.datetime | None = None) -> Claim:
    """Claim up to `limit` due deliveries, oldest first; returns the claim's token and ids.

    One statement: UPDATE … WHERE id IN (the oldest claimable rows, locked, skipping
    those another claimer holds) RETURNING id. The subquery is the ORM's own `claimable`
    query, so the conditions (and their partial index) live in one place.

    On PostgreSQL the ids are taken as `= ANY(ARRAY(subquery))`: the subquery runs first
    and the rows are then found by primary key. As `IN (subquery)` the planner may hash
    the candidates and scan the whole outbox for them (it did, with every row due).
    """
    now = now or timezone.now()
    token = secrets.token_hex(16)
    candidates = claimable(now).order_by("due_at").values("pk")[:limit]
    select, select_params = candidates.query.sql_with_params()
    if connection.features.has_select_for_update_skip_locked:
        # Spelled out: the ORM allows FOR UPDATE only inside atomic(), and this single
        # statement is its own transaction.
        select += " FOR UPDATE SKIP LOCKED"
    chosen = f"= ANY(ARRAY({select}))" if connection.vendor == "postgresql" else f"IN ({select})"
    with connection.cursor() as cursor:
        quote = connection.ops.quote_name
        cursor.execute(
            f"UPDATE {quote(Delivery._meta.db_table)} "
            f"SET {quote('status')} = %s, {quote('claim_token')} = %s, "
            f"{quote('lease_until')} = %s, {quote('claims')} = {quote('claims')} + 1 "
            f"WHERE {quote('id')} {chosen} RETURNING {quote('id')}",
            [
                DeliveryStatus.CLAIMED.value,
                token,
                connection.ops.adapt_datetimefield_value(now + lease_length()),
                *select_params,
            ],
        )
        ids = sorted(row[0] for row in cursor.fetchall())
    return Claim(token, ids)


def claimed_rows() -> RawSQL:
    """The condition of the partial index `delivery_claimed_lease`, in literals (see open_rows)."""
    quote = connection.ops.quote_name
    column = f"{quote(Delivery._meta.db_table)}.{quote('status')}"
    return RawSQL(f"{column} = 'claimed'", [], output_field=BooleanField())


def in_flight(now: datetime.datetime) -> int:
    """Rows claimed under a live lease: queued for a worker or being sent."""
    return Delivery.objects.filter(claimed_rows(), lease_until__gte=now).count()


def dispatch_due(
    *,
    enqueue,
    batch_size: int | None = None,
    max_batches: int | None = None,
    max_in_flight: int | None = None,
) -> int:
    """Claim due deliveries batch by batch and hand each batch to `enqueue(ids, token)`.

    If enqueueing fails (broker down), the claim simply expires and the rows
    come back: an outage delays mail, never loses it. It tops the rows in flight
    up to `max_in_flight` only: a claim waiting in the broker longer than its lease
    would be claimed again and its task would find nothing to do.
    """
    batch_size = batch_size or settings.NURTURE_BATCH_SIZE
    max_batches = max_batches or settings.NURTURE_MAX_BATCHES_PER_TICK
    max_in_flight = max_in_flight or settings.NURTURE_MAX_IN_FLIGHT
    room = max_in_flight - in_flight(timezone.now())
    claimed = 0
    for _ in range(max_batches):
        limit = min(batch_size, room)
        if limit <= 0:
            break
        claim = claim_due(limit=limit)
        if not claim.ids:
            break
        enqueue(claim.ids, claim.token)
        claimed += len(claim.ids)
        room -= len(claim.ids)
        if len(claim.ids) < limit:
            break
    return claimed
