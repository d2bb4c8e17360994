"""Writing a chunk's rows fast: one statement per table, values prepared once.

The ORM's bulk_create builds a model instance and prepares every value of every row; for
the rows an import writes beside each prospect (their first stage change, tag links,
notes, events) most values are the same for the whole chunk, so they are prepared once
here and the rows go to the database as plain tuples. On PostgreSQL they go through COPY,
and the ids of new rows are taken from their sequence beforehand, so nothing has to be
read back.
"""

import datetime
import json
import os
import uuid
from collections.abc import Iterable
from json.encoder import encode_basestring

from django.db import connection
from django.db.models.functions import Lower
from psycopg.types.json import Json, Jsonb
from pydantic_core import to_jsonable_python

from relationships.integrations import events
from relationships.models import Event, Prospect, WebhookEndpoint


def db_value(model, name: str, value):
    """A value as the database takes it for `model.name` (a datetime, JSON, a UUID…)."""
    return model._meta.get_field(name).get_db_prep_save(value, connection)


def copy_ready(value):
    """A prepared value COPY takes as it is: JSON as its text, encoded once rather than
    by the driver on every row (COPY's text format reads it into the JSON column)."""
    if isinstance(value, Json | Jsonb):
        return (value.dumps or json.dumps)(value.obj)
    return value


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


def reserve_ids(model, count: int) -> list[int] | None:
    """`count` new ids from the table's sequence (PostgreSQL), so rows can be written with
    their ids and never read back; None where there is no sequence to take from."""
    if connection.vendor != "postgresql" or not count:
        return None
    with connection.cursor() as cursor:
        # The sequence's name is looked up once: in the select list it would be looked up
        # again for every id (most of this statement's time, 15 ms a chunk of 2,000).
        cursor.execute(
            "SELECT nextval(sequence) FROM (SELECT pg_get_serial_sequence(%s, %s)::regclass"
            " AS sequence OFFSET 0) seq, generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def prospect_ids(workspace_id: int, emails: list[str]) -> dict[str, int]:
    """The ids of the workspace's prospects with these (lower-case) addresses.

    On PostgreSQL each address is one probe of the unique index on (workspace,
    lower(email)), asked as a LATERAL subquery with LIMIT 1 so the planner can't turn it
    into a join: as a join (or an `IN` list of thousands) it hashes the whole workspace
    instead, 80 ms a chunk in a workspace of 50,000 and growing with it; probed, 4 ms.
    The workspace is given as `(SELECT id)`, a value the planner can't see: seeing it, a
    workspace new since the last ANALYZE looks empty, and the planner walks the index on
    workspace alone, reading every prospect of the workspace for each address (a big
    first import into a new workspace then took minutes a chunk).
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
        # The addresses go as one text, a line each (no valid address holds a line break):
        # as an array parameter, the driver builds it in Python, 15 ms a chunk of 2,000.
        cursor.execute(
            f"SELECT wanted.email, p.id FROM unnest(string_to_array(%s, E'\\n')) AS "
            f"wanted(email) CROSS JOIN LATERAL (SELECT id FROM {table} p "
            f"WHERE p.workspace_id = (SELECT %s) AND lower(p.email) = wanted.email LIMIT 1) p",
            ["\n".join(emails), workspace_id],
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
    defaults = tuple(
        copy_ready(field.get_db_prep_save(field.get_default(), connection)) for field in rest
    )
    insert_many(model, [*columns, *(f.name for f in rest)], (row + defaults for row in rows))


def json_moment(moment: datetime.datetime | None) -> str:
    return "null" if moment is None else encode_basestring(to_jsonable_python(moment))


class ProspectJSON:
    """New prospects of one chunk as relationships.integrations.representations.ProspectOut
    shows them (a test holds the two equal), as JSON text: what is the same across the
    chunk (its stages, its moments) is encoded once, only each row's own values per row."""

    def __init__(self) -> None:
        self.stages: dict[int, str] = {}
        self.moments: dict[datetime.datetime, str] = {}

    def stage(self, stage) -> str:
        text = self.stages.get(stage.pk)
        if text is None:
            text = self.stages[stage.pk] = json.dumps(
                {"id": stage.pk, "name": stage.name, "key": stage.key}
            )
        return text

    def moment(self, value: datetime.datetime) -> str:
        text = self.moments.get(value)
        if text is None:
            text = self.moments[value] = json_moment(value)
        return text

    def __call__(self, prospect, tags: list[str]) -> str:
        q = encode_basestring
        tag_list = ", ".join(q(name) for name in sorted(tags, key=str.lower))
        attention = "true" if prospect.needs_attention else "false"
        diagnose = "true" if prospect.diagnose_next else "false"
        return (
            f'{{"prospect": {{"id": {prospect.pk}, "name": {q(prospect.name)}, '
            f'"email": {q(prospect.email)}, "timezone": {q(prospect.timezone)}, '
            f'"stage": {self.stage(prospect.stage)}, '
            f'"stage_entered_at": {self.moment(prospect.stage_entered_at)}, '
            f'"consent": {q(prospect.consent)}, "consent_note": {q(prospect.consent_note)}, '
            f'"source": {q(prospect.source)}, "tags": [{tag_list}], "owner": null, '
            f'"help_request": {q(prospect.help_request)}, "revisit_on": null, '
            f'"paused_until": null, "needs_attention": {attention}, '
            f'"attention_reason": {q(prospect.attention_reason)}, '
            f'"diagnose_next": {diagnose}, "last_touch_at": null, '
            f'"created_at": {self.moment(prospect.created_at)}}}}}'
        )


def new_uids(count: int) -> list[str]:
    """Random (version 4) UUIDs as 32 hex digits, as both databases store them: one call
    for the randomness of all of them (uuid.uuid4() each costs more than the row)."""
    raw = os.urandom(16 * count)
    clear = ~((0xF000 << 64) | (0xC000 << 48))
    mark = (0x4000 << 64) | (0x8000 << 48)
    return [
        f"{(int.from_bytes(raw[at : at + 16]) & clear) | mark:032x}"
        for at in range(0, 16 * count, 16)
    ]


def record_events(type: str, *, workspace_id: int, items: list[tuple[int, str]], now) -> None:
    """One event per (prospect id, data as JSON text), inserted at once; queued for the
    endpoints that want the type, as events.emit_many does, in the caller's transaction."""
    if not items:
        return
    uids = new_uids(len(items))
    ids = reserve_ids(Event, len(items))
    at = db_value(Event, "created_at", now)
    columns = ["uid", "workspace", "type", "prospect", "data", "created_at"]
    rows = (
        (uid, workspace_id, type, prospect_id, data, at)
        for uid, (prospect_id, data) in zip(uids, items, strict=True)
    )
    if ids is not None:
        columns.insert(0, "id")
        rows = ((pk, *row) for pk, row in zip(ids, rows, strict=True))
    insert_with_defaults(Event, columns, rows)
    listening = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(workspace_id=workspace_id, enabled=True)
        if type in endpoint.events
    ]
    if not listening:
        return
    if ids is not None:
        # What queueing reads of an event; the rows are in, with these ids.
        stored = [Event(pk=pk, workspace_id=workspace_id, type=type) for pk in ids]
    else:
        stored = list(Event.objects.filter(uid__in=[uuid.UUID(uid) for uid in uids]))
    events.queue_for_endpoints(stored, now=now, endpoints=listening)
