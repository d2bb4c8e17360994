"""Queueing transactional mail (a sign-up confirmation) through the same outbox as nurture."""

from celery import current_app
from django.db import transaction
from django.utils import timezone

from relationships.models import Delivery, DeliveryKind, Prospect

DISPATCH_TASK = "relationships.tasks.dispatch_due"


def queue_transactional(prospect: Prospect, *, kind: str) -> Delivery:
    """A row due now; the dispatcher is woken after commit so it goes out within seconds."""
    if kind == DeliveryKind.NURTURE:
        raise ValueError("nurture mail is queued by enrollment, not here")
    delivery = Delivery.objects.create(
        kind=kind, prospect=prospect, workspace_id=prospect.workspace_id, due_at=timezone.now()
    )
    transaction.on_commit(wake_dispatcher, robust=True)
    return delivery


def wake_dispatcher() -> None:
    # By name: the engine sits below the task layer and never imports it.
    current_app.send_task(DISPATCH_TASK)
