"""How the outbox is keeping up: what /health/ and the admin's outbox page show.

Two signs of trouble the dispatcher cannot show by itself: a due email that has
waited long (workers or beat down, or too few of them), and rows still claimed
well past their lease (nobody is reclaiming them: beat is not running).
"""

import dataclasses
import datetime

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from relationships.models import Delivery
from relationships.nurture.dispatch import claimed_rows, open_rows


@dataclasses.dataclass(frozen=True)
class Backlog:
    oldest_due_seconds: int  # age of the oldest due but unsent delivery; 0 when none waits
    in_flight: int  # claimed under a live lease: queued for a worker or being sent
    claimed_past_lease: int  # claimed, the lease ended more than a grace ago

    @property
    def problems(self) -> list[str]:
        found = []
        if self.oldest_due_seconds > settings.NURTURE_HEALTH_MAX_DUE_AGE_SECONDS:
            found.append(f"a due email has waited {self.oldest_due_seconds} s")
        if self.claimed_past_lease > settings.NURTURE_HEALTH_MAX_EXPIRED_CLAIMS:
            found.append(f"{self.claimed_past_lease} claimed past their lease")
        return found

    @property
    def oldest_due_text(self) -> str:
        """The wait in words for the admin: "45 s", "30 min", "2 h 5 min"."""
        minutes, seconds = divmod(self.oldest_due_seconds, 60)
        hours, minutes = divmod(minutes, 60)
        if hours:
            return f"{hours} h {minutes} min" if minutes else f"{hours} h"
        return f"{minutes} min" if minutes else f"{seconds} s"

    def as_dict(self) -> dict:
        return {
            "state": "; ".join(self.problems) or "ok",
            **dataclasses.asdict(self),
        }


def lease_grace() -> datetime.timedelta:
    """A lease that ended is reclaimed at the dispatcher's next tick: allow two."""
    tick = settings.CELERY_BEAT_SCHEDULE["dispatch-due-deliveries"]["schedule"]
    return datetime.timedelta(seconds=2 * float(tick))


def outbox_backlog(
    deliveries: QuerySet | None = None, *, now: datetime.datetime | None = None
) -> Backlog:
    """Three index reads (the open rows' and the claimed rows' partial indexes), whatever
    the outbox's size. `deliveries` narrows it (the admin: the user's workspaces)."""
    now = now or timezone.now()
    rows = Delivery.objects.all() if deliveries is None else deliveries
    oldest = (
        rows.filter(open_rows(), due_at__lte=now)
        .order_by("due_at")
        .values_list("due_at", flat=True)
        .first()
    )
    claimed = rows.filter(claimed_rows())
    return Backlog(
        oldest_due_seconds=int((now - oldest).total_seconds()) if oldest else 0,
        in_flight=claimed.filter(lease_until__gte=now).count(),
        claimed_past_lease=claimed.filter(lease_until__lt=now - lease_grace()).count(),
    )
