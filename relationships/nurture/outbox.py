"""Queueing transactional mail (a sign-up confirmation, a coach's test) through the same
outbox as nurture."""

from celery import current_app
from django.db import transaction
from django.utils import timezone

from relationships.errors import BridgeError
from relationships.models import Content, Delivery, DeliveryKind, Prospect

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


def queue_test(content: Content, *, prospect: Prospect, to: str) -> Delivery:
    """ "Send me a test": the saved content with this prospect's details, to the coach only.

    It goes through the outbox like any email, so a test shows what the send path does.
    """
    if content.workspace_id != prospect.workspace_id:
        raise BridgeError("Choose one of this workspace's prospects.", field="prospect")
    if not to:
        raise BridgeError(
            "Your account has no email address to send the test to: add one first.", field="to"
        )
    delivery = Delivery.objects.create(
        kind=DeliveryKind.TEST,
        prospect=prospect,
        workspace_id=prospect.workspace_id,
        content=content,
        to_address=to,
        due_at=timezone.now(),
    )
    transaction.on_commit(wake_dispatcher, robust=True)
    return delivery


def wake_dispatcher() -> None:
    # By name: the engine sits below the task layer and never imports it.
    current_app.send_task(DISPATCH_TASK)
