"""The reads the API needs, each through the key's workspace and in a fixed number of queries.

Lists are pages in id order after a cursor: `WHERE workspace = … AND id > cursor ORDER BY
id LIMIT n + 1` reads n + 1 rows however many the workspace holds.
"""

import dataclasses
from typing import TypeVar

from django.db.models import Count, QuerySet

from relationships.api.errors import not_found
from relationships.api.types import encode_cursor
from relationships.models import (
    Content,
    Delivery,
    Enrollment,
    Event,
    Prospect,
    Sequence,
    Stage,
    Tag,
    Workspace,
)

T = TypeVar("T")


@dataclasses.dataclass
class Page:
    items: list
    next_cursor: str | None


def page_of(rows: QuerySet, *, after: int, limit: int) -> Page:
    """`limit` rows after the id `after`, and the cursor of the next page if there is one."""
    found = list(rows.filter(pk__gt=after).order_by("pk")[: limit + 1])
    more = len(found) > limit
    items = found[:limit]
    return Page(items, encode_cursor(items[-1].pk) if more else None)


def one(rows: QuerySet[T], pk: int, what: str) -> T:
    """The row with this id among `rows` (already the workspace's), or 404."""
    found = rows.filter(pk=pk).first()
    if found is None:
        raise not_found(what)
    return found


# ---- prospects ---------------------------------------------------------------------------


def prospects(workspace: Workspace) -> QuerySet[Prospect]:
    """The workspace's prospects with what ProspectOut reads: stage, owner, tags."""
    return workspace.prospects.select_related("stage", "owner").prefetch_related("tags")


def prospect(workspace: Workspace, pk: int) -> Prospect:
    found = one(prospects(workspace), pk, "prospect")
    found.workspace = workspace
    return found


def stage(workspace: Workspace, pk: int) -> Stage:
    return one(workspace.stages.all(), pk, "stage")


# ---- the rest ----------------------------------------------------------------------------


def stages(workspace: Workspace) -> list[Stage]:
    return list(workspace.stages.order_by("position", "pk"))


def tags(workspace: Workspace) -> list[Tag]:
    return list(workspace.tags.annotate(prospect_count=Count("prospects")).order_by("name", "pk"))


def contents(workspace: Workspace) -> QuerySet[Content]:
    return workspace.contents.prefetch_related("stages")


def sequences(workspace: Workspace) -> QuerySet[Sequence]:
    return workspace.sequences.select_related("entry_stage").prefetch_related("steps")


def sequence(workspace: Workspace, pk: int) -> Sequence:
    found = one(sequences(workspace), pk, "sequence")
    found.workspace = workspace
    return found


def open_enrollment(prospect: Prospect, sequence: Sequence) -> Enrollment | None:
    """Their enrollment in the sequence now (active or paused), else the latest one."""
    return (
        Enrollment.objects.filter(prospect=prospect, sequence=sequence)
        .order_by("-enrolled_at", "-pk")
        .first()
    )


def deliveries(workspace: Workspace) -> QuerySet[Delivery]:
    """Emails of every kind, with the enrollment and step DeliveryOut reads."""
    return Delivery.objects.filter(workspace=workspace).select_related("enrollment", "step")


def events(workspace: Workspace) -> QuerySet[Event]:
    return Event.objects.filter(workspace=workspace)
