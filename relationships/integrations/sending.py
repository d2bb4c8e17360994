"""Delivering a claimed batch of webhooks: sign, POST to the vetted address, record each.

Per the Standard Webhooks spec each request carries webhook-id (the event's id, the
same on every retry, so a receiver that saw it already can drop the copy),
webhook-timestamp (this attempt) and webhook-signature (HMAC-SHA256 of id, timestamp
and body with the endpoint's secret, made by the `standardwebhooks` library).

What an answer means: 2xx delivered; 429, 5xx, a timeout or a failed connection are
retried with exponential backoff (a 429's Retry-After is honoured); any other answer
(3xx: redirects are not followed; 4xx) fails at once. Each row's fate is recorded on
the row, in groups right after the answers, never all-or-nothing; a killed worker can
re-send at most one group, recognisable by its webhook-id.
"""

import dataclasses
import datetime
import itertools
import json
import time

import urllib3
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from relationships.integrations.addresses import AddressRefused, Target, pinned_pool, vet
from relationships.integrations.events import payload
from relationships.integrations.webhooks import record_health
from relationships.models import (
    AttemptOutcome,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookStatus,
)

RECORD_EVERY = 25
USER_AGENT = "Bridge-Webhooks/1.0 (+https://www.standardwebhooks.com/)"
# Enough of an answer to show in the log; the rest is not read.
READ_AT_MOST = 16 * 1024


@dataclasses.dataclass
class WebhookReport:
    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    cancelled: int = 0
    handed_back: int = 0

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclasses.dataclass
class Answer:
    """How one request went: a status code, or an error before any answer came."""

    status_code: int | None
    response_ms: int | None
    error: str = ""
    retry_after: int | None = None

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300

    @property
    def transient(self) -> bool:
        """Worth trying again later: no answer at all, a 429, or a server error."""
        return self.status_code is None or self.status_code == 429 or self.status_code >= 500


def backoff(attempts: int) -> datetime.timedelta:
    """1, 2, 4, 8 … minutes (WEBHOOK_RETRY_BASE_SECONDS), capped at WEBHOOK_RETRY_MAX_SECONDS."""
    base = settings.WEBHOOK_RETRY_BASE_SECONDS
    return datetime.timedelta(
        seconds=min(base * 2 ** max(attempts - 1, 0), settings.WEBHOOK_RETRY_MAX_SECONDS)
    )


def retry_after_seconds(value: str | None) -> int | None:
    if value and value.strip().isdigit():
        return min(int(value.strip()), settings.WEBHOOK_RETRY_MAX_SECONDS)
    return None


def body_of(delivery: WebhookDelivery) -> str:
    return json.dumps(payload(delivery.event), separators=(",", ":"))


def signed_headers(
    signer: Webhook, delivery: WebhookDelivery, body: str, *, target: Target
) -> dict[str, str]:
    message_id = delivery.event.public_id
    at = datetime.datetime.now(tz=datetime.UTC)
    return {
        "Host": target.netloc,
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": signer.sign(msg_id=message_id, timestamp=at, data=body),
    }


def post(pool, target: Target, headers: dict, body: str) -> Answer:
    started = time.perf_counter()
    try:
        response = pool.urlopen(
            "POST",
            target.path,
            body=body.encode(),
            headers=headers,
            redirect=False,
            retries=False,
            preload_content=False,
        )
        try:
            response.read(READ_AT_MOST)
            if not response.isclosed():
                # More than we read: the connection can't be reused, so drop it.
                response.close()
        finally:
            response.release_conn()
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        return Answer(None, elapsed_ms(started), error=describe(exc))
    answer = Answer(response.status, elapsed_ms(started))
    if response.status == 429:
        answer.retry_after = retry_after_seconds(response.headers.get("Retry-After"))
    if not answer.delivered:
        reason = response.reason or ""
        answer.error = f"{response.status} {reason}".strip()
        if 300 <= response.status < 400:
            answer.error += ": redirects are not followed"
    return answer


def elapsed_ms(started: float) -> int:
    return round((time.perf_counter() - started) * 1000)


def describe(exc: Exception) -> str:
    if isinstance(exc, urllib3.exceptions.TimeoutError):
        return "Timed out"
    return f"{type(exc).__name__}: {exc}"[:300]


class Batch:
    def __init__(self, ids: list[int], token: str, *, now: datetime.datetime | None = None):
        self.token = token
        self.now = now or timezone.now()
        self.report = WebhookReport()
        self.rows = list(
            WebhookDelivery.objects.filter(
                pk__in=ids, claim_token=token, status=WebhookStatus.CLAIMED
            )
            .select_related("event", "endpoint")
            .order_by("endpoint_id", "pk")
        )
        self.delivered: list[tuple[WebhookDelivery, Answer]] = []
        self.attempts: list[WebhookAttempt] = []
        # Per endpoint, in order: (at, delivered?) for the health of the endpoint.
        self.outcomes: dict[int, list[tuple[datetime.datetime, bool]]] = {}

    def run(self) -> WebhookReport:
        if not self.rows:
            return self.report
        stop_at = min(row.lease_until for row in self.rows) - lease_margin()
        timeout = urllib3.Timeout(
            total=settings.WEBHOOK_TIMEOUT_SECONDS,
            connect=min(5, settings.WEBHOOK_TIMEOUT_SECONDS),
        )
        try:
            for _, group in itertools.groupby(self.rows, key=lambda r: r.endpoint_id):
                rows = list(group)
                endpoint = rows[0].endpoint
                if not endpoint.enabled:
                    self.cancel(rows, reason="Endpoint switched off")
                    continue
                if timezone.now() >= stop_at:
                    self.hand_back(rows)
                    continue
                self.send_to(endpoint, rows, timeout=timeout, stop_at=stop_at)
        finally:
            self.flush()
        return self.report

    def send_to(self, endpoint: WebhookEndpoint, rows, *, timeout, stop_at) -> None:
        try:
            target = vet(endpoint.url)
        except AddressRefused as refusal:
            # Resolution failing may pass; an address that is not public stays refused.
            transient = "could not be resolved" in refusal.message
            for row in rows:
                self.answered(row, Answer(None, None, error=refusal.message[:300]), transient)
            return
        signer = Webhook(endpoint.secret)
        pool = pinned_pool(target, timeout=timeout)
        bodies: dict[int, str] = {}
        try:
            for index, row in enumerate(rows):
                if timezone.now() >= stop_at:
                    self.hand_back(rows[index:])
                    return
                body = bodies.setdefault(row.event_id, body_of(row))
                answer = post(pool, target, signed_headers(signer, row, body, target=target), body)
                retry_at = self.retry_due(row, answer)
                self.answered(row, answer, answer.transient, retry_at=retry_at)
                if answer.status_code is None and index + 1 < len(rows):
                    # Unreachable now: the rest wait for the same retry, untried.
                    self.hand_back(rows[index + 1 :], due_at=retry_at)
                    return
        finally:
            pool.close()

    # -- recording

    def answered(
        self,
        row: WebhookDelivery,
        answer: Answer,
        transient: bool,
        *,
        retry_at: datetime.datetime | None = None,
    ) -> None:
        now = timezone.now()
        self.outcomes.setdefault(row.endpoint_id, []).append((now, answer.delivered))
        if answer.delivered:
            outcome = AttemptOutcome.DELIVERED
            self.delivered.append((row, answer))
            self.report.delivered += 1
        elif transient and row.attempts < settings.WEBHOOK_MAX_ATTEMPTS:
            outcome = AttemptOutcome.RETRYING
            self.finish(
                row,
                status=WebhookStatus.SCHEDULED,
                answer=answer,
                due_at=retry_at or self.retry_due(row, answer),
            )
            self.report.retrying += 1
        else:
            outcome = AttemptOutcome.FAILED
            self.finish(row, status=WebhookStatus.FAILED, answer=answer)
            self.report.failed += 1
        self.attempts.append(
            WebhookAttempt(
                endpoint_id=row.endpoint_id,
                delivery=row,
                at=now,
                status_code=answer.status_code,
                response_ms=answer.response_ms,
                outcome=outcome,
                error=answer.error[:300],
            )
        )
        if len(self.attempts) >= RECORD_EVERY:
            self.flush()

    def retry_due(self, row: WebhookDelivery, answer: Answer) -> datetime.datetime:
        wait = backoff(row.attempts)
        if answer.retry_after is not None:
            wait = max(wait, datetime.timedelta(seconds=answer.retry_after))
        return timezone.now() + wait

    def finish(self, row, *, status: str, answer: Answer, due_at=None) -> None:
        changes = {
            "status": status,
            "last_status_code": answer.status_code,
            "last_error": answer.error[:300],
            "lease_until": None,
        }
        if due_at is not None:
            changes.update(due_at=due_at, claim_token="")
        WebhookDelivery.objects.filter(pk=row.pk, claim_token=self.token).update(**changes)

    def flush(self) -> None:
        """Record the answers so far: delivered rows in one UPDATE per status code, the
        attempts in one INSERT, and each endpoint's health."""
        if not self.attempts and not self.delivered:
            return
        with transaction.atomic():
            by_code: dict[int, list[int]] = {}
            for row, answer in self.delivered:
                by_code.setdefault(answer.status_code, []).append(row.pk)
            for code, ids in by_code.items():
                WebhookDelivery.objects.filter(pk__in=ids, claim_token=self.token).update(
                    status=WebhookStatus.DELIVERED,
                    delivered_at=timezone.now(),
                    last_status_code=code,
                    last_error="",
                    lease_until=None,
                )
            WebhookAttempt.objects.bulk_create(self.attempts)
        for endpoint_id, outcomes in self.outcomes.items():
            self.fold_health(endpoint_id, outcomes)
        self.delivered, self.attempts, self.outcomes = [], [], {}

    def fold_health(self, endpoint_id: int, outcomes: list[tuple[datetime.datetime, bool]]):
        last_success = max((i for i, (_, ok) in enumerate(outcomes) if ok), default=None)
        after = outcomes[last_success + 1 :] if last_success is not None else outcomes
        record_health(
            endpoint_id,
            succeeded_at=outcomes[last_success][0] if last_success is not None else None,
            failures_after=len(after),
            first_failure_at=after[0][0] if after else None,
        )

    def cancel(self, rows, *, reason: str) -> None:
        WebhookDelivery.objects.filter(
            pk__in=[r.pk for r in rows], claim_token=self.token, status=WebhookStatus.CLAIMED
        ).update(status=WebhookStatus.CANCELLED, last_error=reason, lease_until=None)
        self.report.cancelled += len(rows)

    def hand_back(self, rows, *, due_at: datetime.datetime | None = None) -> None:
        """Release rows not tried: they don't count as an attempt and come back when due."""
        changes = {"status": WebhookStatus.SCHEDULED, "lease_until": None, "claim_token": ""}
        if due_at is not None:
            changes["due_at"] = due_at
        WebhookDelivery.objects.filter(
            pk__in=[r.pk for r in rows], claim_token=self.token, status=WebhookStatus.CLAIMED
        ).update(attempts=F("attempts") - 1, **changes)
        self.report.handed_back += len(rows)


def lease_margin() -> datetime.timedelta:
    """How long before its lease ends a batch stops and hands the rest back: one request's
    timeout and a second, so nothing is sent once another worker may have claimed it."""
    return datetime.timedelta(seconds=settings.WEBHOOK_TIMEOUT_SECONDS + 1)


def deliver_claimed(ids: list[int], token: str) -> WebhookReport:
    """Deliver the rows of one claim; safe to run twice (a stale token finds nothing)."""
    return Batch(ids, token).run()
