"""Celery tasks: thin, take ids, call a service, safe to run twice.

Due times live in the database; beat only wakes the dispatcher. Nothing is
scheduled with eta/countdown (Celery #3270: a Redis task unacknowledged past
the visibility timeout is delivered again).
"""

from celery import shared_task
from django.conf import settings

from relationships.integrations import dispatch as webhook_dispatch
from relationships.integrations import idempotency, webhooks
from relationships.integrations import sending as webhook_sending
from relationships.nurture import dispatch, sending
from relationships.people import reminders, revisits


@shared_task
def dispatch_due() -> int:
    return dispatch.dispatch_due(enqueue=lambda ids, token: send_batch.delay(ids, token))


@shared_task(
    acks_late=True,
    time_limit=settings.NURTURE_SEND_TIME_LIMIT,
    soft_time_limit=max(1, settings.NURTURE_SEND_TIME_LIMIT * 4 // 5),
)
def send_batch(ids: list[int], token: str) -> dict:
    return sending.send_claimed(ids, token).as_dict()


@shared_task
def resume_due_revisits() -> int:
    return revisits.resume_due_revisits()


@shared_task
def send_reminder_digests() -> int:
    return reminders.send_morning_digests()


@shared_task
def dispatch_webhooks() -> int:
    return webhook_dispatch.dispatch_due(
        enqueue=lambda ids, token: deliver_webhooks.delay(ids, token)
    )


@shared_task(
    acks_late=True,
    time_limit=settings.WEBHOOK_SEND_TIME_LIMIT,
    soft_time_limit=max(1, settings.WEBHOOK_SEND_TIME_LIMIT * 4 // 5),
)
def deliver_webhooks(ids: list[int], token: str) -> dict:
    return webhook_sending.deliver_claimed(ids, token).as_dict()


@shared_task
def prune_integrations() -> int:
    return idempotency.prune() + webhooks.prune_log()
