"""Parked prospects whose revisit date has come back into view."""

from django.utils import timezone

from .models import Prospect, StageKey


def flag_due_revisits(now=None) -> int:
    """Put Not now prospects whose revisit date arrived (in their time zone) before the coach."""
    now = now or timezone.now()
    # The widest local date on Earth is UTC+14; nothing later than that can be due.
    horizon = (now + timezone.timedelta(hours=14)).date()
    candidates = (
        # Someone already in front of the coach keeps the reason they are there.
        Prospect.objects.filter(
            stage__key=StageKey.NOT_NOW, revisit_on__lte=horizon, needs_attention=False
        ).select_related("workspace")
    )
    due = [p.pk for p in candidates if p.revisit_on <= now.astimezone(p.zone).date()]
    return Prospect.objects.filter(pk__in=due).update(
        needs_attention=True, attention_reason="Revisit date reached"
    )
