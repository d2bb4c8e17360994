"""What the prospect pages show: the email they received and what's coming."""

import dataclasses
import datetime
import functools

from django.utils import timezone

from relationships.content.merge_fields import render_merge_fields
from relationships.models import (
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    EnrollmentState,
    Prospect,
)
from relationships.nurture.messages import merge_values
from relationships.selfservice.preferences import SKIPPED_BY_THEM
from relationships.workspaces.timezones import known_timezones


@dataclasses.dataclass(frozen=True)
class EmailInInbox:
    delivery_id: int
    subject: str
    when: datetime.datetime  # in the prospect's time zone
    useful: bool | None = None


def _subject(delivery: Delivery, values: dict[str, str]) -> str:
    return render_merge_fields(delivery.step.content.subject, values)


def _merge_values(prospect: Prospect) -> dict[str, str]:
    return merge_values(prospect, prospect.workspace)


def coming_up(prospect: Prospect, *, limit: int = 6) -> list[EmailInInbox]:
    """The next nurture emails planned for them, soonest first, dated on their own clock."""
    values = _merge_values(prospect)
    rows = (
        Delivery.objects.filter(
            prospect=prospect,
            kind=DeliveryKind.NURTURE,
            status=DeliveryStatus.SCHEDULED,
            enrollment__state=EnrollmentState.ACTIVE,
        )
        .select_related("step__content")
        .order_by("due_at", "pk")[:limit]
    )
    return [
        EmailInInbox(d.pk, _subject(d, values), d.due_at.astimezone(prospect.zone)) for d in rows
    ]


def skipped_ahead(prospect: Prospect, *, limit: int = 6) -> list[EmailInInbox]:
    """Emails they skipped whose time hasn't come: "Skip this one" can still be undone."""
    values = _merge_values(prospect)
    rows = (
        Delivery.objects.filter(
            prospect=prospect,
            kind=DeliveryKind.NURTURE,
            status=DeliveryStatus.SKIPPED,
            reason=SKIPPED_BY_THEM,
            due_at__gt=timezone.now(),
            enrollment__state=EnrollmentState.ACTIVE,
        )
        .select_related("step__content")
        .order_by("due_at", "pk")[:limit]
    )
    return [
        EmailInInbox(d.pk, _subject(d, values), d.due_at.astimezone(prospect.zone)) for d in rows
    ]


def received(prospect: Prospect, *, limit: int = 8) -> list[EmailInInbox]:
    """The nurture emails they were sent, latest first, with their "was this useful?" answer."""
    values = _merge_values(prospect)
    rows = (
        Delivery.objects.filter(
            prospect=prospect, kind=DeliveryKind.NURTURE, status=DeliveryStatus.SENT
        )
        .exclude(sent_at=None)
        .select_related("step__content")
        .order_by("-sent_at", "-pk")[:limit]
    )
    return [
        EmailInInbox(d.pk, _subject(d, values), d.sent_at.astimezone(prospect.zone), d.useful)
        for d in rows
    ]


@functools.cache
def timezone_choices() -> list[str]:
    """Region/City names people recognise, A to Z (no Etc/GMT+5 or legacy aliases)."""
    regions = ("Africa/", "America/", "Antarctica/", "Asia/", "Atlantic/", "Australia/")
    regions += ("Europe/", "Indian/", "Pacific/")
    return sorted(name for name in known_timezones() if name.startswith(regions) or name == "UTC")
