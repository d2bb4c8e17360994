"""Sending a claimed batch: re-check, render once, send over one connection, record each.

Each delivery's fate is recorded on its own row (Mautic #7226/#13070 recorded a
batch only when all of it succeeded, so one rejection re-sent the rest). Sent
rows are written in small groups right after their SMTP accepts; a worker
killed in between can re-send at most one group, and the Message-ID derived
from the delivery makes such a copy recognisable.
"""

import contextlib
import dataclasses
import datetime
import smtplib

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from relationships.integrations import events
from relationships.models import (
    Consent,
    ContentStatus,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    EnrollmentState,
    Sequence,
    Stage,
    Step,
    Workspace,
)
from relationships.nurture.enrollment import frequency_cap, sequence_still_fits, step_window
from relationships.nurture.messages import compose, render_delivery, render_key, sender_domain
from relationships.nurture.rendering import RenderedContent
from relationships.nurture.scheduling import next_send_time
from relationships.people.consent import mark_bounced
from relationships.selfservice.links import LinkTemplates
from relationships.selfservice.preferences import MOVED_FOR_PAUSE, declined_topic, pause_ends_at

RECORD_EVERY = 25


@dataclasses.dataclass
class SendReport:
    sent: int = 0
    skipped: int = 0
    rescheduled: int = 0
    retrying: int = 0
    failed: int = 0
    bounced: int = 0

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


# ---- what can go wrong on the wire --------------------------------------------------------

TRANSIENT, PERMANENT, BOUNCE = "transient", "permanent", "bounce"
UNKNOWN_RECIPIENT_CODES = {550, 551, 553}


def classify(exc: Exception) -> tuple[str, str]:
    """(kind, detail) for a send failure: retry it, fail it, or treat the address as bounced."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, reply = next(iter(exc.recipients.values()), (0, b""))
        return classify_code(code, reply)
    if isinstance(exc, smtplib.SMTPResponseException):
        return classify_code(exc.smtp_code, exc.smtp_error)
    if isinstance(exc, (smtplib.SMTPServerDisconnected, OSError)):
        return TRANSIENT, f"connection: {exc}"
    anymail = classify_anymail(exc)
    if anymail:
        return anymail
    return PERMANENT, f"{type(exc).__name__}: {exc}"


def classify_code(code: int, reply) -> tuple[str, str]:
    text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
    detail = f"{code} {text}".strip()
    if 400 <= code < 500:
        return TRANSIENT, detail
    unknown_user = code in UNKNOWN_RECIPIENT_CODES and (
        "5.1." in text
        or "user" in text.lower()
        or "mailbox" in text.lower()
        or "recipient" in text.lower()
    )
    return (BOUNCE if unknown_user else PERMANENT), detail


def classify_anymail(exc: Exception) -> tuple[str, str] | None:
    try:
        from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused
    except ImportError:  # anymail is optional: only for ESP backends
        return None
    if isinstance(exc, AnymailRecipientsRefused):
        return BOUNCE, str(exc)
    if isinstance(exc, AnymailAPIError):
        status = getattr(exc, "status_code", None)
        if status is None or status >= 500 or status == 429:
            return TRANSIENT, str(exc)
        return PERMANENT, str(exc)
    return None


def backoff(attempts: int) -> datetime.timedelta:
    """1, 2, 4, 8 … minutes, capped at 2 hours."""
    return datetime.timedelta(
        seconds=min(settings.NURTURE_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), 7200)
    )


# ---- the batch ----------------------------------------------------------------------------


class Batch:
    def __init__(self, ids: list[int], token: str, *, now=None, connection=None):
        self.token = token
        self.now = now or timezone.now()
        self.report = SendReport()
        self.connection = connection
        self.pending_sent: list[Delivery] = []
        self.deliveries = claimed_deliveries(ids, token)
        self.links = LinkTemplates(absolute=True)

    def run(self) -> SendReport:
        if not self.deliveries:
            return self.report
        ready = self.recheck()
        rendered: dict[tuple, RenderedContent] = {}
        stop_at = min(d.lease_until for d in self.deliveries) - lease_margin()
        try:
            for index, delivery in enumerate(ready):
                if timezone.now() >= stop_at:
                    self.hand_back(ready[index:])
                    break
                key = render_key(delivery)
                if key not in rendered:
                    rendered[key] = render_delivery(delivery)
                self.send_one(delivery, rendered[key])
        finally:
            self.flush_sent()
            self.close()
        return self.report

    # -- re-checks at send time

    def recheck(self) -> list[Delivery]:
        """Drop what no longer qualifies; move what may not go out now."""
        grace = datetime.timedelta(seconds=settings.NURTURE_WINDOW_GRACE_SECONDS)
        recent = self.recent_sends()
        ready = []
        for delivery in self.deliveries:
            reason = self.skip_reason(delivery)
            if reason:
                self.finish(delivery, DeliveryStatus.SKIPPED, reason=reason)
                self.report.skipped += 1
                continue
            if delivery.kind != DeliveryKind.NURTURE:
                # Transactional mail answers the person's own request: no window, no cap.
                ready.append(delivery)
                continue
            prospect, workspace = delivery.prospect, delivery.workspace
            cap = frequency_cap(prospect, workspace)
            window = step_window(delivery.step, workspace)
            paused_until = pause_ends_at(prospect, now=self.now)
            if paused_until is not None:
                due = next_send_time(
                    paused_until,
                    zone=prospect.zone,
                    window=window,
                    taken=recent.get(prospect.pk, []),
                    cap=cap,
                    spread_key=prospect.pk,
                )
                self.reschedule(delivery, due, reason=MOVED_FOR_PAUSE)
                self.report.rescheduled += 1
                continue
            too_soon = any(abs(self.now - t) < cap for t in recent.get(prospect.pk, []))
            in_window = window.contains(self.now, prospect.zone) or window.contains(
                self.now - grace, prospect.zone
            )
            if too_soon or not in_window:
                due = next_send_time(
                    self.now,
                    zone=prospect.zone,
                    window=window,
                    taken=recent.get(prospect.pk, []),
                    cap=cap,
                    spread_key=prospect.pk,
                )
                why = "frequency cap" if too_soon else "outside the send window"
                self.reschedule(delivery, due, reason=f"Moved: {why}")
                self.report.rescheduled += 1
                continue
            recent.setdefault(prospect.pk, []).append(self.now)
            ready.append(delivery)
        return ready

    def skip_reason(self, delivery: Delivery) -> str:
        prospect, enrollment = delivery.prospect, delivery.enrollment
        if delivery.kind == DeliveryKind.TEST:
            return ""  # the coach's own test goes to them, whatever the prospect's state
        if delivery.kind == DeliveryKind.CONFIRM_SIGNUP:
            # Someone who stopped may sign up again: only they can confirm it.
            if prospect.consent == Consent.CONFIRMED:
                return "Consent is already confirmed"
            return ""
        if delivery.kind == DeliveryKind.ALREADY_SIGNED_UP:
            if prospect.consent != Consent.CONFIRMED:
                return f"Consent is {prospect.get_consent_display().lower()}"
            return ""
        if prospect.consent != Consent.CONFIRMED:
            return f"Consent is {prospect.get_consent_display().lower()}"
        if enrollment.state != EnrollmentState.ACTIVE:
            return f"Enrollment {enrollment.get_state_display().lower()}"
        if not enrollment.sequence.active:
            return "Sequence switched off"
        if not sequence_still_fits(enrollment.sequence, prospect.stage):
            return f"Now in {prospect.stage.name}"
        if delivery.step.content.status != ContentStatus.APPROVED:
            return "Content no longer approved"
        return declined_topic(prospect, delivery.step.content.topics)

    def recent_sends(self) -> dict[int, list[datetime.datetime]]:
        """Other nurture mail near now for the batch's prospects, for the frequency cap."""
        prospect_ids = {d.prospect_id for d in self.deliveries}
        longest = max(frequency_cap(d.prospect, d.workspace) for d in self.deliveries)
        recent: dict[int, list[datetime.datetime]] = {}
        rows = Delivery.objects.filter(
            kind=DeliveryKind.NURTURE,
            prospect_id__in=prospect_ids,
            status=DeliveryStatus.SENT,
            sent_at__gt=self.now - longest,
        )
        for prospect_id, sent_at in rows.values_list("prospect_id", "sent_at"):
            recent.setdefault(prospect_id, []).append(sent_at)
        return recent

    # -- the wire

    def open(self):
        if self.connection is None:
            self.connection = get_connection()
        self.connection.open()

    def close(self):
        if self.connection is not None:
            # A dead connection may fail to say QUIT; it is closed all the same.
            with contextlib.suppress(Exception):
                self.connection.close()

    def reset(self):
        # A connection that saw an error may be mid-transaction ("503 Multiple
        # MAIL commands": Frappe #40837): drop it and start the next send afresh.
        self.close()
        if hasattr(self.connection, "connection"):
            self.connection.connection = None

    def send_one(self, delivery: Delivery, rendered: RenderedContent) -> None:
        try:
            self.open()
            outgoing = compose(delivery, rendered, self.links)
            if type(self.connection) is SMTPBackend:
                # Fast path: the bytes written directly, over the connection we hold.
                self.connection.connection.sendmail(*outgoing.smtp_envelope())
            else:
                outgoing.as_email_message(self.connection).send()
        except Exception as exc:
            self.reset()
            self.failed(delivery, exc)
            return
        self.pending_sent.append(delivery)
        self.report.sent += 1
        if len(self.pending_sent) >= RECORD_EVERY:
            self.flush_sent()

    @transaction.atomic
    def flush_sent(self) -> None:
        """Record a group of SMTP accepts in one UPDATE per sender domain.

        The Message-ID is derived in SQL from the row itself, and the claim
        token guards the write like every other one.
        """
        by_domain: dict[str, list[int]] = {}
        for delivery in self.pending_sent:
            by_domain.setdefault(sender_domain(delivery.workspace), []).append(delivery.pk)
        for domain, ids in by_domain.items():
            Delivery.objects.filter(pk__in=ids, claim_token=self.token).update(
                status=DeliveryStatus.SENT,
                sent_at=timezone.now(),
                message_id=Concat(
                    Value("<nurture."), Cast("pk", CharField()), Value(f"@{domain}>")
                ),
                lease_until=None,
                last_error="",
            )
        events.deliveries_sent(self.pending_sent)  # in the same transaction as the update
        self.pending_sent = []

    def hand_back(self, deliveries: list[Delivery]) -> None:
        """Release rows this batch has no time left for; the dispatcher claims them again."""
        Delivery.objects.filter(
            pk__in=[d.pk for d in deliveries],
            claim_token=self.token,
            status=DeliveryStatus.CLAIMED,
        ).update(status=DeliveryStatus.SCHEDULED, lease_until=None, claim_token="")

    def failed(self, delivery: Delivery, exc: Exception) -> None:
        kind, detail = classify(exc)
        if kind == TRANSIENT and delivery.attempts < settings.NURTURE_MAX_ATTEMPTS:
            self.reschedule(
                delivery, self.now + backoff(delivery.attempts), reason="", error=detail
            )
            self.report.retrying += 1
            return
        self.finish(delivery, DeliveryStatus.FAILED, error=detail)
        self.report.failed += 1
        if kind == BOUNCE:
            mark_bounced(delivery.prospect, detail=detail[:150])
            self.report.bounced += 1

    # -- recording

    def finish(self, delivery: Delivery, status: str, *, reason: str = "", error: str = "") -> None:
        Delivery.objects.filter(pk=delivery.pk, claim_token=self.token).update(
            status=status, reason=reason[:200], last_error=error, lease_until=None
        )

    def reschedule(self, delivery, due_at, *, reason: str, error: str = "") -> None:
        Delivery.objects.filter(
            pk=delivery.pk, claim_token=self.token, status=DeliveryStatus.CLAIMED
        ).update(
            status=DeliveryStatus.SCHEDULED,
            due_at=due_at,
            reason=reason[:200],
            last_error=error or delivery.last_error,
            lease_until=None,
            claim_token="",
        )


def lease_margin() -> datetime.timedelta:
    """How long before its lease ends a batch stops and hands the rest back, so it never
    sends a row another worker may have reclaimed (the solo pool enforces no time limit)."""
    return datetime.timedelta(seconds=min(30, settings.NURTURE_LEASE_SECONDS / 5))


def claimed_deliveries(ids: list[int], token: str) -> list[Delivery]:
    """The claim's rows, with one shared instance per step, content, sequence, stage and
    workspace (select_related would build eight model instances per delivery). The
    prospect gets the delivery's workspace (denormalized, the same row), so the
    re-checks never load it again per delivery."""
    deliveries = list(
        Delivery.objects.filter(
            pk__in=ids, claim_token=token, status=DeliveryStatus.CLAIMED
        ).select_related("prospect", "enrollment")
    )
    steps = Step.objects.select_related("content").in_bulk(
        {d.step_id for d in deliveries if d.step_id}
    )
    workspaces = Workspace.objects.in_bulk({d.workspace_id for d in deliveries})
    stages = Stage.objects.in_bulk({d.prospect.stage_id for d in deliveries})
    sequences = Sequence.objects.in_bulk(
        {d.enrollment.sequence_id for d in deliveries if d.enrollment_id}
    )
    for delivery in deliveries:
        delivery.step = steps.get(delivery.step_id)
        delivery.workspace = delivery.prospect.workspace = workspaces[delivery.workspace_id]
        delivery.prospect.stage = stages[delivery.prospect.stage_id]
        if delivery.enrollment_id:
            delivery.enrollment.sequence = sequences[delivery.enrollment.sequence_id]
    return deliveries


def send_claimed(ids: list[int], token: str, *, connection=None, now=None) -> SendReport:
    """Send the deliveries of one claim; safe to run twice (a stale token finds nothing)."""
    return Batch(ids, token, connection=connection, now=now).run()
