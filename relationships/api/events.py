"""The activity feed: every event the workspace's webhooks could get, to read at leisure.

Polling works like a webhook that never misses: keep the `next_cursor` of each answer
and pass it as `cursor` next time; events come oldest first, each with the same id a
webhook carries as webhook-id.
"""

import datetime
import uuid
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from pydantic import StringConstraints

from relationships.api import queries
from relationships.api.errors import not_found
from relationships.api.types import Limit, Text, decode_cursor, encode_cursor
from relationships.models import Event, EventType

router = Router()
EventId = Annotated[
    str,
    StringConstraints(pattern=r"^evt_[0-9a-f]{32}$"),
    Field(description="evt_ and 32 hex digits."),
]


class EventFilters(Schema):
    type: EventType | None = None
    cursor: Text(200) | None = None
    limit: Limit = 50


class EventOut(Schema):
    id: str = Field(description="The same id a webhook carries as webhook-id.")
    type: EventType
    timestamp: datetime.datetime
    data: dict[str, Any]

    @staticmethod
    def resolve_id(event: Event) -> str:
        return event.public_id

    @staticmethod
    def resolve_timestamp(event: Event) -> datetime.datetime:
        return event.created_at


class EventFeed(Schema):
    items: list[EventOut]
    next_cursor: str = Field(description="Pass it as `cursor` to get what happens next.")


@router.get("", response=EventFeed, summary="The events feed")
def list_events(request: HttpRequest, filters: Query[EventFilters]):
    after = decode_cursor(filters.cursor)
    rows = queries.events(request.workspace).exclude(type=EventType.WEBHOOK_TEST)
    if filters.type is not None:
        rows = rows.filter(type=filters.type)
    page = queries.page_of(rows, after=after, limit=filters.limit)
    last = page.items[-1].pk if page.items else after
    return {"items": page.items, "next_cursor": page.next_cursor or encode_cursor(last)}


@router.get("/{event_id}", response=EventOut, summary="Read an event")
def read_event(request: HttpRequest, event_id: EventId):
    """By the id of the feed and of webhook-id."""
    event = queries.events(request.workspace).filter(uid=uuid.UUID(hex=event_id[4:])).first()
    if event is None:
        raise not_found("event")
    return event
