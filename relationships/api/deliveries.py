"""Deliveries: every email Bridge sent, will send, or decided not to, and why."""

from django.http import HttpRequest
from ninja import Query, Router, Schema

from relationships.api import queries
from relationships.api.types import Id, Limit, Text, decode_cursor
from relationships.integrations.representations import DeliveryOut
from relationships.models import DeliveryKind, DeliveryStatus

router = Router()


class DeliveryFilters(Schema):
    prospect_id: Id | None = None
    status: DeliveryStatus | None = None
    kind: DeliveryKind | None = None
    cursor: Text(200) | None = None
    limit: Limit = 50


class DeliveryPage(Schema):
    items: list[DeliveryOut]
    next_cursor: str | None


@router.get("", response=DeliveryPage, summary="List deliveries")
def list_deliveries(request: HttpRequest, filters: Query[DeliveryFilters]):
    rows = queries.deliveries(request.workspace)
    if filters.prospect_id is not None:
        rows = rows.filter(prospect=queries.prospect(request.workspace, filters.prospect_id))
    if filters.status is not None:
        rows = rows.filter(status=filters.status)
    if filters.kind is not None:
        rows = rows.filter(kind=filters.kind)
    return queries.page_of(rows, after=decode_cursor(filters.cursor), limit=filters.limit)


@router.get("/{delivery_id}", response=DeliveryOut, summary="Read a delivery")
def read_delivery(request: HttpRequest, delivery_id: Id):
    return queries.one(queries.deliveries(request.workspace), delivery_id, "delivery")
