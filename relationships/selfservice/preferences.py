"""A prospect's own choices about their email: how often, which topics, skipping one.

Each choice changes their queued mail at once, in the same transaction, so the
"What's coming" page shows the new plan straight away. The send path re-checks
the pause and the topics too (nurture/sending.py), so mail queued later (a new
sequence, the coach resuming) obeys them as well.

"Was this useful?" is recorded on the delivery as a signal for the coach and
never schedules, moves or sends anything.
"""

import datetime
import itertools
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from relationships.errors import BridgeError
from relationships.models import Delivery, DeliveryKind, DeliveryStatus, EnrollmentState, Prospect
from relationships.nurture.enrollment import frequency_cap, step_window
from relationships.nurture.scheduling import next_send_time
from relationships.selfservice.actions import (
    LESS_OFTEN_SPACING,
    lock,
    log_note,
    long_date,
    paused_by_them_until,
)
from relationships.selfservice.topics import offered_topics

NORMAL, LESS, PAUSE = "normal", "less", "pause"
FREQUENCIES = (NORMAL, LESS, PAUSE)
LONGEST_PAUSE = datetime.timedelta(days=366)
SKIPPED_BY_THEM = "They skipped this one"
TOPIC_OFF = "Topic they turned off"
MOVED_FOR_PAUSE = "Moved: they paused their email"


class NotTheirs(Exception):
    """A delivery id that is not one of this prospect's emails (or not one they can act on)."""


# ---- what the send path re-checks ---------------------------------------------------------


def pause_ends_at(prospect: Prospect, *, now: datetime.datetime) -> datetime.datetime | None:
    """The start of the day their own pause ends, on their clock, while it is still ahead."""
    if prospect.paused_until is None:
        return None
    start = datetime.datetime.combine(prospect.paused_until, datetime.time(0), prospect.zone)
    return start if start > now else None


def declined_topic(prospect: Prospect, topics) -> str:
    """Why an email on these topics is not for them ("" if it is): they turned all of them off.

    An email also about a topic they still want goes out; one without topics always does.
    """
    muted = {t for t in prospect.muted_topics or () if isinstance(t, str)}
    names = [t for t in topics or () if isinstance(t, str)]
    if names and muted.issuperset(names):
        return f"{TOPIC_OFF}: {', '.join(sorted(names))}"[:200]
    return ""


# ---- laying out queued mail again ---------------------------------------------------------


def queued_nurture(prospect: Prospect):
    """Their scheduled nurture mail, locked: a dispatcher claiming meanwhile waits (PostgreSQL)."""
    return (
        Delivery.objects.select_for_update(of=("self",))
        .filter(prospect=prospect, kind=DeliveryKind.NURTURE, status=DeliveryStatus.SCHEDULED)
        .filter(enrollment__state=EnrollmentState.ACTIVE)
    )


def replan_queued(prospect: Prospect, *, now: datetime.datetime | None = None) -> int:
    """Lay out their scheduled nurture mail afresh under their current choices.

    Each sequence's remaining steps keep their delays after its last email sent
    (or the enrollment), no earlier than now or the end of their pause, inside
    the send window and at least the (perhaps new) frequency cap apart.
    """
    now = now or timezone.now()
    floor = pause_ends_at(prospect, now=now) or now
    workspace = prospect.workspace
    cap = frequency_cap(prospect, workspace)
    queued = list(
        queued_nurture(prospect)
        .select_related("step", "enrollment")
        .order_by("enrollment_id", "step__position", "step__pk")
    )
    nurture = Delivery.objects.filter(prospect=prospect, kind=DeliveryKind.NURTURE)
    taken = list(
        nurture.filter(status=DeliveryStatus.SENT, sent_at__gte=now - cap).values_list(
            "sent_at", flat=True
        )
    )
    taken += nurture.filter(status=DeliveryStatus.CLAIMED).values_list("due_at", flat=True)
    last_sent = dict(
        nurture.filter(status=DeliveryStatus.SENT)
        .values("enrollment_id")
        .annotate(last=Max("sent_at"))
        .values_list("enrollment_id", "last")
    )
    for enrollment_id, group in itertools.groupby(queued, key=lambda d: d.enrollment_id):
        previous = None
        for delivery in group:
            if previous is None:
                previous = last_sent.get(enrollment_id) or delivery.enrollment.enrolled_at
            previous = next_send_time(
                max(previous + delivery.step.delay, floor),
                zone=prospect.zone,
                window=step_window(delivery.step, workspace),
                taken=taken,
                cap=cap,
                spread_key=prospect.pk,
            )
            taken.append(previous)
            delivery.due_at = previous
    Delivery.objects.bulk_update(queued, ["due_at"])
    return len(queued)


# ---- how often ----------------------------------------------------------------------------


@transaction.atomic
def set_frequency(
    prospect: Prospect,
    *,
    choice: str,
    until: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> bool:
    """As they come, less often, or paused until a day; queued mail follows at once.

    Returns False when nothing changed (the same choice again).
    """
    if choice not in FREQUENCIES:
        raise BridgeError("Choose how often you'd like our emails.", field="frequency")
    locked = lock(prospect)
    today = timezone.localdate(now or timezone.now(), timezone=locked.zone)
    spacing, paused = locked.nurture_spacing, None
    if choice == PAUSE:
        if until is None:
            raise BridgeError("Choose the day our emails may start again.", field="until")
        if until <= today:
            raise BridgeError("Choose a day after today.", field="until")
        if until > today + LONGEST_PAUSE:
            raise BridgeError("Choose a day within the next year.", field="until")
        paused = until
    elif choice == LESS:
        spacing = max(spacing, LESS_OFTEN_SPACING)
    else:
        spacing = 1
    if spacing == locked.nurture_spacing and paused == paused_by_them_until(locked):
        return False
    locked.nurture_spacing, locked.paused_until = spacing, paused
    locked.save(update_fields=["nurture_spacing", "paused_until"])
    replan_queued(locked, now=now)
    days = locked.workspace.frequency_cap_days * spacing
    if choice == PAUSE:
        log_note(locked, f"Paused their nurture email until {long_date(until)}.")
    elif choice == LESS:
        log_note(locked, f"Chose “less often”: at most one nurture email every {days} days.")
    else:
        log_note(locked, f"Chose “as they come”: at most one nurture email every {days} days.")
    prospect.refresh_from_db()
    return True


# ---- which topics -------------------------------------------------------------------------


@transaction.atomic
def set_topics(prospect: Prospect, *, wanted: Iterable[str]) -> bool:
    """Keep the topics they want; queued mail on the others is skipped at once.

    Mail skipped for a topic they turn back on is queued again. Names that are
    not topics of this workspace are ignored. False when nothing changed.
    """
    locked = lock(prospect)
    before = sorted(t for t in locked.muted_topics or () if isinstance(t, str))
    offered = set(offered_topics(locked.workspace)) | set(before)
    keep = {t for t in wanted if isinstance(t, str)} & offered
    muted = sorted(offered - keep, key=str.casefold)
    if muted == sorted(before, key=str.casefold):
        return False
    locked.muted_topics = muted
    locked.save(update_fields=["muted_topics"])
    for delivery in queued_nurture(locked).select_related("step__content"):
        reason = declined_topic(locked, delivery.step.content.topics)
        if reason:
            Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SCHEDULED).update(
                status=DeliveryStatus.SKIPPED,
                reason=reason,
                lease_until=None,
                skipped_at=timezone.now(),
            )
    turned_back_on = [
        d.pk
        for d in Delivery.objects.filter(
            prospect=locked,
            kind=DeliveryKind.NURTURE,
            status=DeliveryStatus.SKIPPED,
            reason__startswith=TOPIC_OFF,
            enrollment__state=EnrollmentState.ACTIVE,
        ).select_related("step__content")
        if not declined_topic(locked, d.step.content.topics)
    ]
    if turned_back_on:
        Delivery.objects.filter(pk__in=turned_back_on).update(
            status=DeliveryStatus.SCHEDULED, reason="", claim_token="", skipped_at=None
        )
        replan_queued(locked)
    log_note(
        locked,
        f"Chose their topics: no email about {', '.join(muted)}."
        if muted
        else "Chose their topics: every topic.",
    )
    prospect.refresh_from_db()
    return True


# ---- one email at a time ------------------------------------------------------------------


def skip_delivery(prospect: Prospect, delivery_id: int) -> bool:
    """ "Skip this one": cancel one planned email, with the reason. False if it was too late.

    Safe to press twice: an email they already skipped stays skipped.
    """
    state = (
        Delivery.objects.filter(pk=delivery_id, prospect=prospect, kind=DeliveryKind.NURTURE)
        .values_list("status", "reason")
        .first()
    )
    if state is None:
        raise NotTheirs(delivery_id)
    if state == (DeliveryStatus.SKIPPED, SKIPPED_BY_THEM):
        return True
    # Conditional: an email already claimed for sending is on its way and stays so.
    return bool(
        Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.SCHEDULED).update(
            status=DeliveryStatus.SKIPPED,
            reason=SKIPPED_BY_THEM,
            lease_until=None,
            skipped_at=timezone.now(),
        )
    )


def unskip_delivery(prospect: Prospect, delivery_id: int) -> bool:
    """Undo "Skip this one": the email goes out as planned. False if its time has passed.

    Only what they skipped themselves comes back; a skip for a muted topic or by the
    sender stays. Safe to press twice.
    """
    rows = Delivery.objects.filter(pk=delivery_id, prospect=prospect, kind=DeliveryKind.NURTURE)
    if not rows.exists():
        raise NotTheirs(delivery_id)
    if rows.filter(status=DeliveryStatus.SCHEDULED).exists():
        return True
    return bool(
        rows.filter(
            status=DeliveryStatus.SKIPPED,
            reason=SKIPPED_BY_THEM,
            due_at__gt=timezone.now(),
            enrollment__state=EnrollmentState.ACTIVE,
        ).update(status=DeliveryStatus.SCHEDULED, reason="", skipped_at=None, claim_token="")
    )


def record_useful(prospect: Prospect, delivery_id: int, *, useful: bool) -> None:
    """ "Was this useful?" on an email they received: a signal for the coach, nothing more."""
    updated = Delivery.objects.filter(
        pk=delivery_id,
        prospect=prospect,
        kind=DeliveryKind.NURTURE,
        status=DeliveryStatus.SENT,
    ).update(useful=useful, useful_at=timezone.now())
    if not updated:
        raise NotTheirs(delivery_id)
