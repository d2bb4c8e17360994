"""Idempotency-Key: a POST retried with the same key gets the first answer, not a second write.

The record is written in the same transaction as the request's own writes (the API
runs each POST in one), so a retry finds either the stored answer or nothing done.
Two requests racing with one key meet at the unique constraint: on PostgreSQL the
second waits for the first to commit, then replays its answer; SQLite runs one
writer at a time. Only successful answers are kept: a refused request wrote nothing,
so trying it again is safe, and it is refused again the same way.
"""

import dataclasses
import datetime
import hashlib

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from relationships.errors import BridgeError
from relationships.models import ApiKey, IdempotencyKey

KEY_MAX = 255


class IdempotencyError(BridgeError):
    """The key was used before for a different request."""


@dataclasses.dataclass(frozen=True)
class StoredAnswer:
    status_code: int
    body: str


def fingerprint(method: str, path: str, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (method.encode(), path.encode(), body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def keep_for() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.API_IDEMPOTENCY_HOURS)


def earlier_answer(api_key: ApiKey, key: str, print_: str) -> StoredAnswer | None:
    """The answer a request with this key already got, if it is the same request."""
    record = IdempotencyKey.objects.filter(
        api_key=api_key, key=key, created_at__gt=timezone.now() - keep_for()
    ).first()
    if record is None:
        return None
    if record.fingerprint != print_:
        raise IdempotencyError(
            "This Idempotency-Key was used for a different request: use a new key for a "
            "new request.",
            field="Idempotency-Key",
        )
    return StoredAnswer(record.status_code, record.response)


def claim_key(api_key: ApiKey, key: str, print_: str) -> IdempotencyKey | StoredAnswer:
    """Take the key for this request (inside its transaction), or the answer of the request
    that took it first. An expired record is replaced."""
    if answer := earlier_answer(api_key, key, print_):
        return answer
    IdempotencyKey.objects.filter(
        api_key=api_key, key=key, created_at__lte=timezone.now() - keep_for()
    ).delete()
    try:
        with transaction.atomic():
            return IdempotencyKey.objects.create(
                api_key=api_key, key=key, fingerprint=print_, status_code=0
            )
    except IntegrityError:
        # Another request with the key committed first: answer as it did.
        answer = earlier_answer(api_key, key, print_)
        if answer is None:  # pragma: no cover - it committed, so it is there
            raise
        return answer


def remember(record: IdempotencyKey, *, status_code: int, body: str) -> None:
    record.status_code = status_code
    record.response = body
    record.save(update_fields=["status_code", "response"])


def prune(now: datetime.datetime | None = None) -> int:
    """Forget keys past their time; returns how many."""
    now = now or timezone.now()
    deleted, _ = IdempotencyKey.objects.filter(created_at__lte=now - keep_for()).delete()
    return deleted
