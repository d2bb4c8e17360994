"""Engagement signals (opens, clicks, replies) recorded for the coach to read.

A signal never makes Bridge send more or push harder: it is shown, not acted on.
"""

from django.utils import timezone

from relationships.models import Delivery, DeliveryStatus


def record_open(delivery_id: int, at=None) -> bool:
    """Keep the first time a sent message was opened; later opens change nothing."""
    return bool(
        Delivery.objects.filter(
            pk=delivery_id, status=DeliveryStatus.SENT, opened_at__isnull=True
        ).update(opened_at=at or timezone.now())
    )
