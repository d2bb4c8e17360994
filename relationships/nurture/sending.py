"""Sending a claimed batch: re-check, render once, send over one connection, record each.

Each delivery's fate is recorded on its own row (Mautic #7226/#13070 recorded a
batch only when all of it succeeded, so one rejection re-sent the rest). Sent
rows are written in small groups right after their SMTP accepts; a worker
killed in between can re-send at most one group, and the Message-ID derived
from the delivery makes such a copy recognisable.

The batch renews its lease as it goes, so the lease can be short: a lost
task's rows come back within about a lease, while a live batch keeps its own.
"""

import contextlib
import dataclasses
import datetime
import functools
import queue
import select
import smtplib
import threading
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import connection, models, transaction
from django.db.models import F
from django.db.models.base import ModelState
from django.utils import timezone

from relationships.integrations import events
from relationships.models import (
    Consent,
    ContentStatus,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Enrollment,
    EnrollmentState,
    EventType,
    Prospect,
    Sequence,
    Stage,
    Step,
    Workspace,
)
from relationships.nurture.dispatch import lease_length
from relationships.nurture.enrollment import frequency_cap, sequence_still_fits, step_window
from relationships.nurture.messages import (
    Outgoing,
    compose,
    render_delivery,
    render_key,
    sender_domain,
)
from relationships.nurture.rendering import RenderedContent
from relationships.nurture.scheduling import next_send_time
from relationships.people.consent import mark_bounced
from relationships.selfservice.links import LinkTemplates
from relationships.selfservice.preferences import MOVED_FOR_PAUSE, declined_topic, pause_ends_at

# How many processes of one worker send at once (a prefork pool's concurrency; set by the
# worker at start-up, before it forks). A kill takes them all, so each records per
# 1/n of the group: duplicates per kill stay within one NURTURE_RECORD_GROUP.
pool_processes = 1


def share_record_group(processes: int) -> None:
    global pool_processes
    pool_processes = max(1, processes)


def record_group() -> int:
    """Sends recorded per write in this process."""
    return max(1, settings.NURTURE_RECORD_GROUP // pool_processes)


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
    """1, 2, 4, 8 … minutes after the 1st, 2nd, 3rd, 4th SMTP attempt, capped at 2 hours."""
    return datetime.timedelta(
        seconds=min(settings.NURTURE_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), 7200)
    )


# What the sender thread queues besides outcomes: a row it did not send (someone else
# holds it now), and the end of the batch.
LOST, DONE = object(), object()


# ---- the batch ----------------------------------------------------------------------------


class Batch:
    def __init__(self, ids: list[int], token: str, *, now=None, connection=None):
        self.token = token
        self.now = now or timezone.now()
        self.report = SendReport()
        self.connection = connection
        self.carried = 0  # messages over the connection we hold
        self.pending_sent: list[Delivery] = []
        self.group = record_group()
        # Recorded per half group, so one half is written while the other goes out.
        self.flush_size = max(1, (self.group + 1) // 2)
        self.permits = threading.Semaphore(self.group)
        self.stopping = threading.Event()
        # The workspaces' webhook endpoints, loaded at the first record and again after
        # each lease renewal: a change to them reaches sends within a renewal interval.
        self.endpoints: list | None = None
        self.deliveries = claimed_deliveries(ids, token)
        self.lost: set[int] = set()  # reclaimed by someone else while this batch waited

    @functools.cached_property
    def links(self) -> LinkTemplates:
        return LinkTemplates(absolute=True)

    def run(self) -> SendReport:
        if not self.deliveries:
            return self.report
        # Leases run from the claim: the task may have waited in the broker.
        leased_until = min(d.lease_until for d in self.deliveries)
        self.renew_at = leased_until - lease_length() + renewal_interval()
        if timezone.now() >= self.renew_at:
            # Waited in the broker past a renewal, maybe past the lease itself: renew before
            # the first send, so a row another claim took meanwhile is known lost and never
            # goes out twice (both batches sent it when the sender started first).
            self.renew_lease(self.deliveries)
        ready = self.recheck()
        rendered: dict[tuple, RenderedContent] = {}
        for delivery in ready:
            key = render_key(delivery)
            if key not in rendered:
                rendered[key] = render_delivery(delivery)
        if self.connection is None:
            self.connection = get_connection()
        fast = type(self.connection) is SMTPBackend
        # Three threads, each working while the others wait on a socket (which releases
        # the GIL): one composes the messages (pure Python, no database), one hands them
        # to the server in order over the connection, and this one records each fate.
        # The sender takes a permit per message and gets it back once that message's fate
        # is committed, so no more than a record group is ever out and unrecorded (a kill
        # re-sends at most one group); recording in half groups lets one half go out
        # while the other is written.
        composer = ThreadPoolExecutor(1, thread_name_prefix="compose")
        sender = ThreadPoolExecutor(1, thread_name_prefix="send")
        outcomes: queue.SimpleQueue = queue.SimpleQueue()
        try:
            prepared = composer.map(
                lambda d: self.prepare(d, rendered[render_key(d)], fast=fast), ready
            )
            sending = sender.submit(self.send_all, ready, prepared, outcomes)
            self.record_all(ready, outcomes)
            sending.result()  # a bug in the sender is raised here, not lost
        finally:
            self.stopping.set()
            self.permits.release(self.group)  # a sender waiting for a permit stops
            sender.shutdown(wait=True)
            composer.shutdown(wait=True, cancel_futures=True)
            self.flush_sent()
            self.close()
        return self.report

    def send_all(self, ready: list[Delivery], prepared, outcomes: queue.SimpleQueue) -> None:
        """The sender thread: each message over the wire, in order, its outcome queued
        (None when the server accepted it, else the exception). No database here."""
        try:
            for delivery, message in zip(ready, prepared, strict=True):
                if delivery.pk in self.lost:
                    outcomes.put((delivery, LOST))
                    continue
                self.permits.acquire()
                if self.stopping.is_set():
                    return
                outcomes.put((delivery, self.transmit(message)))
        finally:
            outcomes.put(DONE)

    def record_all(self, ready: list[Delivery], outcomes: queue.SimpleQueue) -> None:
        """This thread: each outcome recorded as it comes, the lease renewed on time."""
        reported = 0
        while True:
            wait = (self.renew_at - timezone.now()).total_seconds()
            try:
                item = outcomes.get(timeout=min(max(wait, 0.001), 1.0))
            except queue.Empty:
                item = None
            if item is DONE:
                return
            if item is not None:
                reported += 1
                self.take(*item)
            if timezone.now() >= self.renew_at:
                self.flush_sent()
                self.renew_lease(ready[reported:])

    def take(self, delivery: Delivery, outcome) -> None:
        """Record one message's outcome: sent ones per half group, a failure at once."""
        if outcome is LOST:
            return
        if outcome is None:
            self.pending_sent.append(delivery)
            self.report.sent += 1
            if len(self.pending_sent) >= self.flush_size:
                self.flush_sent()
            return
        self.failed(delivery, outcome)
        self.permits.release()

    def prepare(self, delivery: Delivery, rendered: RenderedContent, *, fast: bool):
        """The message for one delivery: its SMTP envelope on the fast path, else the
        Outgoing; a failure to build it is returned, to be recorded in order."""
        try:
            outgoing = compose(delivery, rendered, self.links)
            return outgoing.smtp_envelope() if fast else outgoing
        except Exception as exc:
            return exc

    def renew_lease(self, rest: list[Delivery]) -> None:
        """Extend the lease of the rows still to send, so a live batch never loses them; a
        row that someone reclaimed meanwhile (its token changed) is left to them. Renewing
        a lease that already ran out is as safe: the claim token decides, in one UPDATE."""
        now = timezone.now()
        ids = [d.pk for d in rest if d.pk not in self.lost]
        leased_until = now + lease_length()
        held = Delivery.objects.filter(
            pk__in=ids, claim_token=self.token, status=DeliveryStatus.CLAIMED
        )
        if held.update(lease_until=leased_until) < len(ids):
            self.lost.update(set(ids) - set(held.values_list("pk", flat=True)))
        self.renew_at = now + renewal_interval()
        self.endpoints = None

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
        if self.server_hung_up():
            self.reset()
        self.connection.open()

    def send_smtp(self, envelope) -> None:
        """Fast path: the bytes written directly, over the connection we hold. A kept
        connection the server dropped since its last message (it may hang up right after a
        250) is replaced and the message tried once more, at once: one attempt, not two."""
        try:
            self.connection.connection.sendmail(*envelope)
        except smtplib.SMTPServerDisconnected:
            if not self.carried:
                raise
            self.reset()
            self.connection.open()
            self.connection.connection.sendmail(*envelope)

    def server_hung_up(self) -> bool:
        """True when the server closed our idle connection (or said something unasked, such
        as a 421 timeout): it may accept a message and hang up right after the 250. Not
        noticing would charge the next row an SMTP attempt it never made."""
        smtp = getattr(self.connection, "connection", None)
        sock = getattr(smtp, "sock", None)
        if sock is None:
            return False
        try:
            readable, _, _ = select.select([sock], [], [], 0)
        except (OSError, ValueError):
            return True
        return bool(readable)

    def close(self):
        if self.connection is not None:
            # A dead connection may fail to say QUIT; it is closed all the same.
            with contextlib.suppress(Exception):
                self.connection.close()

    def reset(self):
        # A connection that saw an error may be mid-transaction ("503 Multiple
        # MAIL commands": Frappe #40837): drop it and start the next send afresh.
        self.close()
        self.carried = 0
        if hasattr(self.connection, "connection"):
            self.connection.connection = None

    def transmit(self, message) -> Exception | None:
        """Hand one message to the server: None when it accepted it, else why not."""
        if isinstance(message, Exception):  # it could not be built: nothing went out
            return message
        try:
            self.open()
            if isinstance(message, Outgoing):
                message.as_email_message(self.connection).send()
            else:
                self.send_smtp(message)
        except Exception as exc:
            self.reset()
            return exc
        self.carried += 1
        return None

    def flush_sent(self) -> None:
        """Record the accepted messages not yet recorded; their permits go back to the
        sender once the write is committed."""
        count = len(self.pending_sent)
        self.record_sent()
        if count:
            self.permits.release(count)

    def record_sent(self) -> None:
        """Record a group of SMTP accepts and their `delivery.sent` events, atomically:
        one UPDATE per sender domain, guarded by the claim token, the Message-ID derived
        in SQL from the row itself; one INSERT of the events.

        On PostgreSQL, when no webhook endpoint wants the events (nothing else to write)
        and no transaction is open, it is one statement, its own transaction: the UPDATE
        of the whole group (any sender domains) as a CTE, and the INSERT of the events of
        the rows it returned; one round trip instead of four (BEGIN, UPDATE, INSERT,
        COMMIT). Otherwise, the same in a transaction.
        """
        if not self.pending_sent:
            return
        now = timezone.now()
        if self.endpoints is None:
            self.endpoints = events.enabled_endpoints({d.workspace_id for d in self.deliveries})
        if (
            connection.vendor == "postgresql"
            and not connection.in_atomic_block
            and not events.wanted(EventType.DELIVERY_SENT, self.endpoints)
        ):
            update, update_params = sent_rows_update_all(
                self.pending_sent, token=self.token, now=now
            )
            insert, insert_params = events.sent_events_after(
                "recorded", self.pending_sent, sent_at=now, created_at=now
            )
            with connection.cursor() as cursor:
                cursor.execute(
                    f"WITH recorded AS ({update}) {insert}",
                    [*update_params, *insert_params],
                )
        else:
            by_domain: dict[str, list[int]] = {}
            for delivery in self.pending_sent:
                by_domain.setdefault(sender_domain(delivery.workspace), []).append(delivery.pk)
            with transaction.atomic(), connection.cursor() as cursor:
                for domain, ids in by_domain.items():
                    cursor.execute(*sent_rows_update(ids, token=self.token, domain=domain, now=now))
                events.deliveries_sent(self.pending_sent, sent_at=now, endpoints=self.endpoints)
        self.pending_sent = []

    def failed(self, delivery: Delivery, exc: Exception) -> None:
        kind, detail = classify(exc)
        tries = delivery.smtp_attempts + 1  # this one included
        if kind == TRANSIENT and tries < settings.NURTURE_MAX_ATTEMPTS:
            self.reschedule(
                delivery, self.now + backoff(tries), reason="", error=detail, tried=True
            )
            self.report.retrying += 1
            return
        self.finish(delivery, DeliveryStatus.FAILED, error=detail, tried=True)
        self.report.failed += 1
        if kind == BOUNCE:
            mark_bounced(delivery.prospect, detail=detail[:150])
            self.report.bounced += 1

    # -- recording

    def finish(
        self, delivery: Delivery, status: str, *, reason: str = "", error: str = "", tried=False
    ) -> None:
        Delivery.objects.filter(pk=delivery.pk, claim_token=self.token).update(
            status=status,
            reason=reason[:200],
            last_error=error,
            lease_until=None,
            **attempted(tried),
        )

    def reschedule(self, delivery, due_at, *, reason: str, error: str = "", tried=False) -> None:
        Delivery.objects.filter(
            pk=delivery.pk, claim_token=self.token, status=DeliveryStatus.CLAIMED
        ).update(
            status=DeliveryStatus.SCHEDULED,
            due_at=due_at,
            reason=reason[:200],
            last_error=error or delivery.last_error,
            lease_until=None,
            claim_token="",
            **attempted(tried),
        )


def sent_rows_update(ids: list[int], *, token: str, domain: str, now) -> tuple[str, list]:
    """The UPDATE marking these rows sent if the claim is still theirs, each with the
    Message-ID it went out with (message_id_for, in SQL), and its parameters. Written
    out: the ORM compiled its expressions anew for every group."""
    column = connection.ops.quote_name
    return (
        f"UPDATE {column(Delivery._meta.db_table)} SET {column('status')} = %s, "
        f"{column('sent_at')} = %s, "
        f"{column('message_id')} = %s || CAST({column('id')} AS varchar(20)) || %s, "
        f"{column('lease_until')} = NULL, {column('last_error')} = '', "
        f"{column('smtp_attempts')} = {column('smtp_attempts')} + 1 "
        f"WHERE {column('id')} IN ({', '.join(['%s'] * len(ids))}) "
        f"AND {column('claim_token')} = %s",
        [
            DeliveryStatus.SENT.value,
            connection.ops.adapt_datetimefield_value(now),
            "<nurture.",
            f"@{domain}>",
            *ids,
            token,
        ],
    )


def sent_rows_update_all(deliveries: list[Delivery], *, token: str, now) -> tuple[str, list]:
    """PostgreSQL: sent_rows_update for a whole group in one statement, each row's sender
    domain beside its id (UPDATE … FROM unnest of two arrays: a fixed statement whatever
    the group's size), returning what its `delivery.sent` events need."""
    column = connection.ops.quote_name
    domains = {}
    for delivery in deliveries:
        if delivery.workspace_id not in domains:
            domains[delivery.workspace_id] = sender_domain(delivery.workspace)
    return (
        f"UPDATE {column(Delivery._meta.db_table)} AS d SET {column('status')} = %s, "
        f"{column('sent_at')} = %s, "
        f"{column('message_id')} = '<nurture.' || d.{column('id')} || '@' || g.domain || '>', "
        f"{column('lease_until')} = NULL, {column('last_error')} = '', "
        f"{column('smtp_attempts')} = d.{column('smtp_attempts')} + 1 "
        f"FROM unnest(%s::bigint[], %s::text[]) AS g(id, domain) "
        f"WHERE d.{column('id')} = g.id AND d.{column('claim_token')} = %s "
        f"RETURNING d.{column('id')}, d.{column('workspace_id')}, d.{column('prospect_id')}",
        [
            DeliveryStatus.SENT.value,
            connection.ops.adapt_datetimefield_value(now),
            [delivery.pk for delivery in deliveries],
            [domains[delivery.workspace_id] for delivery in deliveries],
            token,
        ],
    )


def attempted(tried: bool) -> dict:
    return {"smtp_attempts": F("smtp_attempts") + 1} if tried else {}


def renewal_interval() -> datetime.timedelta:
    """A batch renews its lease each time a quarter of it has passed, before its next send:
    so only a single send hung for three quarters of a lease (EMAIL_TIMEOUT is shorter)
    could outlive it, and renewing costs nothing in a batch that takes a second."""
    return lease_length() / 4


# Columns the send path never reads (a rare path that does, such as a bounce, loads its
# own): converting them into model fields is a good part of loading a batch.
UNUSED_WHEN_SENDING = (
    "message_id",
    "sent_at",
    "useful",
    "useful_at",
    "prospect__stage_entered_at",
    "prospect__owner",
    "prospect__consent_note",
    "prospect__source",
    "prospect__last_touch_at",
    "prospect__attention_reason",
    "prospect__diagnose_next",
    "prospect__help_request",
    "prospect__created_at",
    "enrollment__enrolled_at",
    "enrollment__updated_at",
    "enrollment__ended_at",
)


def loaded_columns(model, prefix: str = "") -> list:
    """The concrete fields of `model` the send path reads (not in UNUSED_WHEN_SENDING)."""
    return [
        field
        for field in model._meta.concrete_fields
        if f"{prefix}{field.name}" not in UNUSED_WHEN_SENDING
    ]


def instance(model, attnames: list[str], values, db: str) -> models.Model:
    """A model instance from a row, as Model.from_db builds it but without __init__ (its
    per-field descriptors and signals were half the cost of loading a batch). A column
    not loaded is a deferred field, as with .defer(): reading it would load it."""
    obj = model.__new__(model)
    obj.__dict__.update(zip(attnames, values, strict=True))
    obj._state = ModelState()
    obj._state.adding = False
    obj._state.db = db
    return obj


def attach(instance: models.Model, name: str, related) -> None:
    """instance.<name> = related, for a foreign key whose id the instance already holds:
    straight into the relation's cache (the descriptor checks types and routers first)."""
    instance._meta.get_field(name).set_cached_value(instance, related)


def claimed_deliveries(ids: list[int], token: str) -> list[Delivery]:
    """The claim's rows, with one shared instance per step, content, sequence, stage and
    workspace (select_related would build eight model instances per delivery). The
    prospect gets the delivery's workspace (denormalized, the same row), so the
    re-checks never load it again per delivery. Rows come as tuples, one query with the
    prospect and enrollment joined, and become instances without Model.__init__."""
    own = [field.attname for field in loaded_columns(Delivery)]
    prospect = [field.attname for field in loaded_columns(Prospect, "prospect__")]
    enrollment = [field.attname for field in loaded_columns(Enrollment, "enrollment__")]
    rows = Delivery.objects.filter(
        pk__in=ids, claim_token=token, status=DeliveryStatus.CLAIMED
    ).values_list(
        *own,
        *(f"prospect__{name}" for name in prospect),
        *(f"enrollment__{name}" for name in enrollment),
    )
    db, split, tail = rows.db, len(own), len(own) + len(prospect)
    deliveries = []
    for row in rows:
        delivery = instance(Delivery, own, row[:split], db)
        attach(delivery, "prospect", instance(Prospect, prospect, row[split:tail], db))
        if delivery.enrollment_id:
            attach(delivery, "enrollment", instance(Enrollment, enrollment, row[tail:], db))
        deliveries.append(delivery)
    steps = Step.objects.select_related("content").in_bulk(
        {d.step_id for d in deliveries if d.step_id}
    )
    workspaces = Workspace.objects.in_bulk({d.workspace_id for d in deliveries})
    stages = Stage.objects.in_bulk({d.prospect.stage_id for d in deliveries})
    sequences = Sequence.objects.in_bulk(
        {d.enrollment.sequence_id for d in deliveries if d.enrollment_id}
    )
    for delivery in deliveries:
        workspace = workspaces[delivery.workspace_id]
        attach(delivery, "step", steps.get(delivery.step_id))
        attach(delivery, "workspace", workspace)
        attach(delivery.prospect, "workspace", workspace)
        attach(delivery.prospect, "stage", stages[delivery.prospect.stage_id])
        if delivery.enrollment_id:
            attach(delivery.enrollment, "sequence", sequences[delivery.enrollment.sequence_id])
    return deliveries


def send_claimed(ids: list[int], token: str, *, connection=None, now=None) -> SendReport:
    """Send the deliveries of one claim; safe to run twice (a stale token finds nothing)."""
    return Batch(ids, token, connection=connection, now=now).run()
