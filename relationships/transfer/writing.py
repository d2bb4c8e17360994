"""Writing a chunk's rows fast: one `executemany` per table, values prepared once.

The ORM's bulk_create builds a model instance and prepares every value of every row; for
the rows an import writes beside each prospect (their first stage change, tag links,
notes, events) most values are the same for the whole chunk, so they are prepared once
here and the rows go to the database as plain tuples. Prospects themselves still go
through bulk_create, which hands back their ids.
"""

import uuid
from collections.abc import Iterable

from django.db import connection
from django.db.models.functions import Lower
from pydantic_core import to_jsonable_python

from relationships.integrations import events
from relationships.models import Event, Prospect, WebhookEndpoint


def db_value(model, name: str, value):
    """A value as the database takes it for `model.name` (a datetime, JSON, a UUID…)."""
    return model._meta.get_field(name).get_db_prep_save(value, connection)


def insert_many(model, columns: list[str], rows: Iterable[tuple]) -> None:
    """INSERT plain rows: SQLite reuses one prepared statement per row (executemany, in
    process); PostgreSQL takes them through COPY, its bulk-loading path, several times
    faster than INSERT statements (psycopg's executemany still runs one per row)."""
    rows = list(rows)
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    fields = ", ".join(quote(model._meta.get_field(name).column) for name in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({fields}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {table} ({fields}) VALUES ({placeholders})", rows)


def prospect_ids(workspace_id: int, emails: list[str]) -> dict[str, int]:
    """The ids of the workspace's prospects with these (lower-case) addresses.

    On PostgreSQL the addresses are joined as an array, so each is one probe of the unique
    index on (workspace, lower(email)); an `IN` list of thousands makes the planner scan
    the whole workspace instead, which grows with it.
    """
    if not emails:
        return {}
    if connection.vendor != "postgresql":
        return dict(
            Prospect.objects.annotate(email_key=Lower("email"))
            .filter(workspace_id=workspace_id, email_key__in=emails)
            .order_by()
            .values_list("email_key", "pk")
        )
    table = connection.ops.quote_name(Prospect._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT lower(p.email), p.id FROM unnest(%s::text[]) AS wanted(email) "
            f"JOIN {table} p ON p.workspace_id = %s AND lower(p.email) = wanted.email",
            [emails, workspace_id],
        )
        return dict(cursor.fetchall())


def insert_with_defaults(model, columns: list[str], rows: Iterable[tuple]) -> None:
    """Like insert_many, every other column of the table given its default (worked out
    once), so a column added to the model later is filled as the ORM would fill it."""
    given = {model._meta.get_field(name).attname for name in columns} | {
        model._meta.get_field(name).name for name in columns
    }
    rest = [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in given and field.attname not in given
    ]
    defaults = tuple(field.get_db_prep_save(field.get_default(), connection) for field in rest)
    insert_many(model, [*columns, *(f.name for f in rest)], (row + defaults for row in rows))


def prospect_data(prospect, tags: list[str]) -> dict:
    """A new prospect as relationships.integrations.representations.ProspectOut shows it
    (a test holds the two equal), without validating a schema per row."""
    stage = prospect.stage
    moment = to_jsonable_python
    return {
        "id": prospect.pk,
        "name": prospect.name,
        "email": prospect.email,
        "timezone": prospect.timezone,
        "stage": {"id": stage.pk, "name": stage.name, "key": stage.key},
        "stage_entered_at": moment(prospect.stage_entered_at),
        "consent": prospect.consent,
        "consent_note": prospect.consent_note,
        "source": prospect.source,
        "tags": sorted(tags, key=str.lower),
        "owner": None,
        "help_request": prospect.help_request,
        "revisit_on": None,
        "paused_until": None,
        "needs_attention": prospect.needs_attention,
        "attention_reason": prospect.attention_reason,
        "diagnose_next": prospect.diagnose_next,
        "last_touch_at": None,
        "created_at": moment(prospect.created_at),
    }


def record_events(type: str, *, workspace_id: int, items: list[tuple[int, dict]], now) -> None:
    """One event per (prospect id, data), inserted at once; queued for the endpoints that
    want the type, as events.emit_many does, in the caller's transaction."""
    if not items:
        return
    uids = [uuid.uuid4() for _ in items]
    at = db_value(Event, "created_at", now)
    data_field = Event._meta.get_field("data")
    uid_field = Event._meta.get_field("uid")
    insert_with_defaults(
        Event,
        ["uid", "workspace", "type", "prospect", "data", "created_at"],
        (
            (
                uid_field.get_db_prep_save(uid, connection),
                workspace_id,
                type,
                prospect_id,
                data_field.get_db_prep_save(data, connection),
                at,
            )
            for uid, (prospect_id, data) in zip(uids, items, strict=True)
        ),
    )
    listening = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(workspace_id=workspace_id, enabled=True)
        if type in endpoint.events
    ]
    if listening:
        stored = list(Event.objects.filter(uid__in=uids))
        events.queue_for_endpoints(stored, now=now, endpoints=listening)
