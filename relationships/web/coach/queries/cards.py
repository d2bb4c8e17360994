"""What a prospect's card shows: signals (replied, opened, clicked) and how long ago."""

import datetime
from collections.abc import Iterable

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from relationships.models import (
    Delivery,
    DeliveryStatus,
    Interaction,
    InteractionKind,
    Prospect,
)

# The reasons the services write into Prospect.attention_reason.
REPLIED = "Replied"


REVISIT_REACHED = "Revisit date reached"


QUEUED = [DeliveryStatus.SCHEDULED, DeliveryStatus.CLAIMED]


def ago(moment: datetime.datetime | None, now: datetime.datetime | datetime.date) -> str:
    """ "today", "yesterday", "3 days ago", "5 weeks ago", "4 months ago"; "never" for None.

    `now` may be today's date already, for callers that word many moments at once.
    """
    if moment is None:
        return "never"
    today = now if not isinstance(now, datetime.datetime) else timezone.localdate(now)
    days = (today - timezone.localdate(moment)).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    if days < 730:
        return f"{days // 30} months ago"
    return f"{days // 365} years ago"


def decorate(prospects: Iterable[Prospect], now: datetime.datetime | None = None) -> None:
    """Give each prospect the figures cards and rows show: days in stage, last touch in words."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    for prospect in prospects:
        prospect.days_in_stage = max((now - prospect.stage_entered_at).days, 0)
        prospect.last_touch_ago = ago(prospect.last_touch_at, today)


def with_signals(prospects: QuerySet) -> QuerySet:
    """Engagement shown to the coach as signals, never used to push harder (DESIGN.md).

    Replied, opened (only if open tracking is on), clicked, and how many emails they
    marked "useful".
    """
    return prospects.annotate(
        has_replied=Exists(
            Interaction.objects.filter(prospect=OuterRef("pk"), kind=InteractionKind.EMAIL_IN)
        ),
        has_opened=Exists(
            Delivery.objects.filter(prospect=OuterRef("pk"), opened_at__isnull=False)
        ),
        has_clicked=Exists(
            Delivery.objects.filter(prospect=OuterRef("pk"), clicked_at__isnull=False)
        ),
        useful_votes=Coalesce(
            Subquery(
                Delivery.objects.filter(prospect=OuterRef("pk"), useful=True)
                .order_by()
                .values("prospect")
                .annotate(votes=Count("pk"))
                .values("votes")
            ),
            0,
        ),
    )
