"""Events: what happened, written in the same transaction as the change itself.

A service calls `emit(...)` (or one of the helpers below) inside its own transaction:
the Event row and one WebhookDelivery per endpoint that wants it commit together with
the change, or not at all. Nothing is sent from here; after the commit the webhook
dispatcher is woken, and beat wakes it anyway every few seconds (DESIGN.md 8).
"""

import datetime
from collections.abc import Iterable

from celery import current_app
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from relationships.integrations.representations import (
    DeliveryOut,
    DiagnosisOut,
    InteractionOut,
    ProspectOut,
    StageChangeOut,
    as_data,
)
from relationships.models import (
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Diagnosis,
    Event,
    EventType,
    Interaction,
    Prospect,
    StageChange,
    WebhookDelivery,
    WebhookEndpoint,
)

DISPATCH_TASK = "relationships.tasks.dispatch_webhooks"
# Many events in a moment (a send batch) wake the dispatcher once.
WAKE_EVERY_SECONDS = 1

# What a coach may subscribe an endpoint to; the test event goes only where it is sent.
SUBSCRIBABLE = [choice for choice in EventType if choice != EventType.WEBHOOK_TEST]


def emit(type: str, *, workspace_id: int, data: dict, prospect_id: int | None = None) -> Event:
    """Record one event and queue it for every endpoint that wants it."""
    return emit_many(
        [Event(type=type, workspace_id=workspace_id, prospect_id=prospect_id, data=data)]
    )[0]


def emit_many(events: list[Event]) -> list[Event]:
    """Record events in one INSERT and fan them out to the endpoints that want them."""
    if not events:
        return events
    now = timezone.now()
    for event in events:
        event.created_at = now
    with transaction.atomic():
        Event.objects.bulk_create(events)
        queue_for_endpoints(events, now=now)
    return events


def queue_for_endpoints(
    events: list[Event], *, now: datetime.datetime, endpoints: Iterable | None = None
) -> int:
    """One outbox row per (event, enabled endpoint wanting its type), or for each of the
    `endpoints` given (a test event goes where it is sent)."""
    chosen = endpoints is not None
    if not chosen:
        endpoints = WebhookEndpoint.objects.filter(
            workspace_id__in={event.workspace_id for event in events}, enabled=True
        ).only("pk", "workspace_id", "events")
    endpoints = list(endpoints)
    rows = [
        WebhookDelivery(endpoint=endpoint, event=event, due_at=now, created_at=now)
        for event in events
        for endpoint in endpoints
        if endpoint.workspace_id == event.workspace_id and (chosen or event.type in endpoint.events)
    ]
    if rows:
        WebhookDelivery.objects.bulk_create(rows)
        transaction.on_commit(wake_dispatcher, robust=True)
    return len(rows)


def wake_dispatcher() -> None:
    # By name: the areas sit below the task layer and never import it.
    if cache.add("bridge:webhooks:woken", True, timeout=WAKE_EVERY_SECONDS):
        current_app.send_task(DISPATCH_TASK)


# ---- the events services emit ----------------------------------------------------------------


def prospect_event(type: str, prospect: Prospect, **data) -> Event:
    """An event about one prospect: their details as the API shows them, and `data`."""
    return emit(
        type,
        workspace_id=prospect.workspace_id,
        prospect_id=prospect.pk,
        data={"prospect": as_data(ProspectOut, prospect), **data},
    )


def stage_changed(prospect: Prospect, change: StageChange) -> Event:
    return prospect_event(
        EventType.PROSPECT_STAGE_CHANGED,
        prospect,
        stage_change=as_data(StageChangeOut, change),
    )


def replied(prospect: Prospect, interaction: Interaction) -> Event:
    return prospect_event(
        EventType.PROSPECT_REPLIED, prospect, interaction=as_data(InteractionOut, interaction)
    )


def diagnosis_recorded(diagnosis: Diagnosis) -> Event:
    return prospect_event(
        EventType.DIAGNOSIS_RECORDED,
        diagnosis.prospect,
        diagnosis=as_data(DiagnosisOut, diagnosis),
    )


def bounced(prospect: Prospect, *, detail: str) -> Event:
    return prospect_event(EventType.DELIVERY_BOUNCED, prospect, detail=detail)


def erased(prospect_id: int, *, workspace_id: int) -> Event:
    """Nothing about them but the id a receiver knows them by: they asked to be forgotten."""
    return emit(
        EventType.PROSPECT_ERASED, workspace_id=workspace_id, data={"prospect": {"id": prospect_id}}
    )


def deliveries_sent(deliveries: list[Delivery]) -> list[Event]:
    """`delivery.sent` for a group of emails the send path just recorded as sent.

    Built from the rows the batch holds (step, enrollment and prospect loaded), so a
    group costs two or three queries whatever its size.
    """
    now = timezone.now()
    events = []
    for delivery in deliveries:
        if delivery.kind == DeliveryKind.TEST:
            continue  # a coach's test to themselves is nobody's business outside
        shown = DeliveryOut.from_orm(delivery).model_copy(
            update={"status": DeliveryStatus.SENT, "sent_at": now, "last_error": ""}
        )
        events.append(
            Event(
                type=EventType.DELIVERY_SENT,
                workspace_id=delivery.workspace_id,
                prospect_id=delivery.prospect_id,
                data={"delivery": shown.model_dump(mode="json")},
            )
        )
    return emit_many(events)


def payload(event: Event) -> dict:
    """The body a receiver gets, per the Standard Webhooks spec: type, timestamp, data."""
    return {"type": event.type, "timestamp": event.created_at.isoformat(), "data": event.data}
