"""Events: what happened, written in the same transaction as the change itself.

A service calls `emit(...)` (or one of the helpers below) inside its own transaction:
the Event row and one WebhookDelivery per endpoint that wants it commit together with
the change, or not at all. Nothing is sent from here; after the commit the webhook
dispatcher is woken, and beat wakes it anyway every few seconds (DESIGN.md 8).
"""

import datetime
import json
import uuid
from collections.abc import Iterable

from celery import current_app
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from relationships.integrations.representations import (
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
    # Inside the caller's transaction without a savepoint of its own (two round trips
    # saved): an error here propagates and rolls the caller's change back with it.
    with transaction.atomic(savepoint=False):
        insert_events(events)
        queue_for_endpoints(events, now=now)
    return events


EVENT_COLUMNS = ("uid", "workspace", "type", "prospect", "data", "created_at")


def insert_events(events: list[Event]) -> None:
    """Insert the events, setting each one's pk."""
    rows = [tuple(getattr(event, name) for name in EVENT_ATTRIBUTES) for event in events]
    for event, pk in zip(events, insert_event_rows(rows), strict=True):
        event.pk = pk
        event._state.adding = False


EVENT_ATTRIBUTES = ("uid", "workspace_id", "type", "prospect_id", "data", "created_at")


def insert_event_rows(rows: list[tuple]) -> list[int]:
    """INSERT … VALUES … RETURNING id of rows of EVENT_COLUMNS' values; their ids, in order.

    Not bulk_create: on PostgreSQL it sends the rows as arrays (UNNEST), and psycopg
    escapes each JSON value in an array in Python, quote by quote: ~250 µs an event, most
    of what recording a sent email cost.
    """
    fields = [Event._meta.get_field(name) for name in EVENT_COLUMNS]
    size = max(1, connection.ops.bulk_batch_size(fields, rows))
    ids: list[int] = []
    for start in range(0, len(rows), size):
        with connection.cursor() as cursor:
            cursor.execute(*event_insert(rows[start : start + size]))
            ids.extend(pk for (pk,) in cursor.fetchall())
    return ids


def event_insert(rows: list[tuple]) -> tuple[str, list]:
    """The INSERT … RETURNING id statement of these rows, and its parameters."""
    fields = [Event._meta.get_field(name) for name in EVENT_COLUMNS]
    quote = connection.ops.quote_name
    placeholders = f"({', '.join(['%s'] * len(fields))})"
    params = [
        field.get_db_prep_save(value, connection)
        for row in rows
        for field, value in zip(fields, row, strict=True)
    ]
    return (
        f"INSERT INTO {quote(Event._meta.db_table)} "
        f"({', '.join(quote(field.column) for field in fields)}) "
        f"VALUES {', '.join([placeholders] * len(rows))} RETURNING {quote('id')}",
        params,
    )


def queue_for_endpoints(
    events: list[Event], *, now: datetime.datetime, endpoints: Iterable | None = None
) -> int:
    """One outbox row per (event, enabled endpoint wanting its type), or for each of the
    `endpoints` given (a test event goes where it is sent)."""
    chosen = endpoints is not None
    if not chosen:
        endpoints = enabled_endpoints({event.workspace_id for event in events})
    return queue_webhooks(
        [(event.pk, event.workspace_id, event.type) for event in events],
        list(endpoints),
        now=now,
        any_type=chosen,
    )


def enabled_endpoints(workspace_ids: Iterable[int]) -> list[WebhookEndpoint]:
    return list(
        WebhookEndpoint.objects.filter(workspace_id__in=set(workspace_ids), enabled=True).only(
            "pk", "workspace_id", "events"
        )
    )


def queue_webhooks(
    events: list[tuple[int, int, str]], endpoints: list, *, now, any_type: bool = False
) -> int:
    """One outbox row per (event id, workspace id, type) and endpoint of that workspace
    wanting the type (or any type)."""
    rows = [
        WebhookDelivery(endpoint_id=endpoint.pk, event_id=pk, due_at=now, created_at=now)
        for pk, workspace_id, type in events
        for endpoint in endpoints
        if endpoint.workspace_id == workspace_id and (any_type or type in endpoint.events)
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


def deliveries_sent(
    deliveries: list[Delivery],
    *,
    sent_at: datetime.datetime | None = None,
    endpoints: list[WebhookEndpoint] | None = None,
) -> int:
    """`delivery.sent` for a group of emails the send path just recorded as sent at
    `sent_at`, in the caller's transaction; how many. Built from the rows the batch holds
    (step and enrollment loaded), written as rows without Event instances: one INSERT,
    and one query for the endpoints unless the caller has them (`endpoints`: the enabled
    endpoints of these rows' workspaces, whatever events they want).
    """
    now = sent_at or timezone.now()
    created_at = timezone.now()
    # A coach's test to themselves is nobody's business outside.
    sent = [delivery for delivery in deliveries if delivery.kind != DeliveryKind.TEST]
    if not sent:
        return 0
    with transaction.atomic(savepoint=False):
        return record_sent_events(sent, now=now, created_at=created_at, endpoints=endpoints)


def record_sent_events(sent: list[Delivery], *, now, created_at, endpoints) -> int:
    ids = insert_event_rows(sent_event_rows(sent, sent_at=now, created_at=created_at))
    if endpoints is None:
        endpoints = enabled_endpoints({delivery.workspace_id for delivery in sent})
    queue_webhooks(
        [
            (pk, delivery.workspace_id, EventType.DELIVERY_SENT)
            for pk, delivery in zip(ids, sent, strict=True)
        ],
        endpoints,
        now=created_at,
    )
    return len(ids)


def sent_event_rows(
    deliveries: list[Delivery], *, sent_at: datetime.datetime, created_at: datetime.datetime
) -> list[tuple]:
    """The `delivery.sent` events of these deliveries, as rows of EVENT_COLUMNS' values
    (none for a coach's test to themselves: nobody's business outside)."""
    return [
        (
            uuid.uuid4(),
            delivery.workspace_id,
            EventType.DELIVERY_SENT,
            delivery.prospect_id,
            {"delivery": delivery_sent_data(delivery, sent_at=sent_at)},
            created_at,
        )
        for delivery in deliveries
        if delivery.kind != DeliveryKind.TEST
    ]


def sent_events_after(
    recorded: str, deliveries: list[Delivery], *, sent_at: datetime.datetime, created_at
) -> tuple[str, list]:
    """PostgreSQL: the INSERT of the `delivery.sent` events of those `deliveries` that the
    statement named `recorded` (a CTE returning id, workspace_id, prospect_id) has just
    marked sent, and its parameters, for one statement with that UPDATE.

    The events' data go as one JSON array (one parameter, encoded in C), not as a row of
    six parameters per event: psycopg quoted and parsed those in Python, most of what
    recording cost. The uid comes from the server, the rest from the recorded row, so an
    event exists only for a row its claim really recorded.
    """
    table, quote = Event._meta.db_table, connection.ops.quote_name
    data = [
        {"delivery": delivery_sent_data(delivery, sent_at=sent_at)}
        for delivery in deliveries
        if delivery.kind != DeliveryKind.TEST
    ]
    return (
        f"INSERT INTO {quote(table)} ({', '.join(quote(column) for column in SENT_COLUMNS)}) "
        f"SELECT gen_random_uuid(), r.workspace_id, %s, r.prospect_id, e.data, %s "
        f"FROM jsonb_array_elements(%s::jsonb) WITH ORDINALITY AS e(data, n) "
        f"JOIN {recorded} r ON r.id = (e.data -> 'delivery' ->> 'id')::bigint ORDER BY e.n",
        [
            EventType.DELIVERY_SENT.value,
            connection.ops.adapt_datetimefield_value(created_at),
            json.dumps(data),
        ],
    )


SENT_COLUMNS = ("uid", "workspace_id", "type", "prospect_id", "data", "created_at")


def wanted(type: str, endpoints: list[WebhookEndpoint]) -> bool:
    return any(type in endpoint.events for endpoint in endpoints)


def delivery_sent_data(delivery: Delivery, *, sent_at: datetime.datetime) -> dict:
    """DeliveryOut of a row as the send path has just recorded it, as JSON values.

    Written out rather than run through the schema (~80 µs an email, a tenth of the send
    path); tests/nurture/test_sending.py asserts it equals DeliveryOut's own output.
    """
    step = delivery.step if delivery.step_id else None
    return {
        "id": delivery.pk,
        "kind": str(delivery.kind),
        "status": str(DeliveryStatus.SENT),
        "prospect_id": delivery.prospect_id,
        "sequence_id": delivery.enrollment.sequence_id if delivery.enrollment_id else None,
        "step_position": step.position if step else None,
        "content_id": step.content_id if step else None,
        "due_at": json_time(delivery.due_at),
        "sent_at": json_time(sent_at),
        "attempts": delivery.smtp_attempts + 1,
        "claims": delivery.claims,
        "reason": delivery.reason,
        "last_error": "",
        "opened_at": json_time(delivery.opened_at),
        "clicked_at": json_time(delivery.clicked_at),
        "replied_at": json_time(delivery.replied_at),
        "created_at": json_time(delivery.created_at),
    }


def json_time(moment: datetime.datetime | None) -> str | None:
    """As pydantic writes a datetime in JSON mode: ISO 8601, UTC as "Z"."""
    if moment is None:
        return None
    text = moment.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def payload(event: Event) -> dict:
    """The body a receiver gets, per the Standard Webhooks spec: type, timestamp, data."""
    return {"type": event.type, "timestamp": event.created_at.isoformat(), "data": event.data}
