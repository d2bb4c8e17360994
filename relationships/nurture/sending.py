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
from email.utils import formataddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.urls import reverse
from django.utils import timezone

from ..consent import mark_bounced
from ..links import prospect_links
from ..models import (
    Consent,
    ContentStatus,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    EnrollmentState,
)
from ..preferences import MOVED_FOR_PAUSE, declined_topic, pause_ends_at
from ..tokens import make_token
from .enrollment import frequency_cap, sequence_still_fits, step_window
from .rendering import RenderedContent, personalize, render_content, render_transactional
from .scheduling import next_send_time

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


def message_id_for(delivery_id: int, domain: str) -> str:
    """The same delivery always gets the same Message-ID, so a resend is recognisable."""
    return f"<nurture.{delivery_id}@{domain}>"


def delivery_id_from_message_id(message_id: str) -> int | None:
    local = message_id.strip().strip("<>").split("@", 1)[0]
    prefix, _, number = local.partition(".")
    return int(number) if prefix == "nurture" and number.isdigit() else None


def site_url(path: str) -> str:
    return settings.SITE_URL + path


def merge_values(prospect, workspace) -> dict[str, str]:
    return {
        "first_name": prospect.first_name or "there",
        "name": prospect.name,
        "coach_name": workspace.sender_name or workspace.name,
        "sender_name": workspace.sender_name or workspace.name,
        "workspace_name": workspace.name,
    }


def sender_domain(workspace) -> str:
    address = workspace.sender_email or settings.DEFAULT_FROM_EMAIL
    return address.rsplit("@", 1)[-1].strip(" >") or urlsplit(settings.SITE_URL).hostname


def render_key(delivery: Delivery) -> tuple:
    if delivery.kind == DeliveryKind.NURTURE:
        return (delivery.kind, delivery.step.content_id)
    return (delivery.kind, delivery.workspace_id)


def render_delivery(delivery: Delivery) -> RenderedContent:
    """The parts of what this delivery sends, before personal values go in."""
    if delivery.kind == DeliveryKind.NURTURE:
        content = delivery.step.content
        return render_content(
            subject=content.subject,
            body=content.body,
            workspace=delivery.workspace,
            track_opens=settings.NURTURE_TRACK_OPENS,
        )
    return render_transactional(delivery.kind, workspace=delivery.workspace)


def build_message(delivery, rendered: RenderedContent, connection) -> EmailMultiAlternatives:
    prospect, workspace = delivery.prospect, delivery.workspace
    values = {**merge_values(prospect, workspace), **prospect_links(prospect.pk, absolute=True)}
    if delivery.kind == DeliveryKind.CONFIRM_SIGNUP:
        values["confirm_url"] = site_url(
            reverse("public:confirm_signup", kwargs={"token": make_token(prospect.pk, "confirm")})
        )
    if settings.NURTURE_TRACK_OPENS:
        values["open_pixel_url"] = site_url(
            reverse("public:opened", kwargs={"token": make_token(delivery.pk, "open")})
        )
    subject, text, html = personalize(rendered, values)
    from_email = (
        formataddr((workspace.sender_name or workspace.name, workspace.sender_email))
        if workspace.sender_email
        else settings.DEFAULT_FROM_EMAIL
    )
    headers = {
        "Message-ID": message_id_for(delivery.pk, sender_domain(workspace)),
        "X-Bridge-Delivery": str(delivery.pk),
    }
    if delivery.kind == DeliveryKind.NURTURE:
        # RFC 8058 one-click unsubscribe; the URL carries an opaque signed token.
        headers["List-Unsubscribe"] = f"<{values['unsubscribe_url']}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=from_email,
        to=[formataddr((prospect.name, prospect.email))],
        connection=connection,
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    # django-anymail passes this to the provider, whose webhook events echo it
    # back (relationships.esp_events); other backends ignore the attribute.
    message.metadata = {"bridge_delivery": str(delivery.pk)}
    return message


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
        self.deliveries = list(
            Delivery.objects.filter(
                pk__in=ids, claim_token=token, status=DeliveryStatus.CLAIMED
            ).select_related(
                "prospect__stage",
                "workspace",
                "step__content",
                "enrollment__sequence",
            )
        )

    def run(self) -> SendReport:
        if not self.deliveries:
            return self.report
        ready = self.recheck()
        rendered: dict[tuple, RenderedContent] = {}
        try:
            for delivery in ready:
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
            message = build_message(delivery, rendered, self.connection)
            message.send()
        except Exception as exc:
            self.reset()
            self.failed(delivery, exc)
            return
        delivery.message_id = message.extra_headers["Message-ID"]
        delivery.sent_at = timezone.now()
        self.pending_sent.append(delivery)
        self.report.sent += 1
        if len(self.pending_sent) >= RECORD_EVERY:
            self.flush_sent()

    def flush_sent(self) -> None:
        if not self.pending_sent:
            return
        for delivery in self.pending_sent:
            delivery.status = DeliveryStatus.SENT
            delivery.lease_until = None
            delivery.last_error = ""
        Delivery.objects.bulk_update(
            self.pending_sent, ["status", "sent_at", "message_id", "lease_until", "last_error"]
        )
        self.pending_sent = []

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


def send_claimed(ids: list[int], token: str, *, connection=None, now=None) -> SendReport:
    """Send the deliveries of one claim; safe to run twice (a stale token finds nothing)."""
    return Batch(ids, token, connection=connection, now=now).run()
