"""The pipeline board: a column per stage."""

import dataclasses
import datetime
from collections import defaultdict

from django.db.models import (
    Count,
    F,
    QuerySet,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone

from relationships.models import (
    Prospect,
    Stage,
    Workspace,
)
from relationships.web.coach.queries.cards import decorate, with_signals
from relationships.web.coach.queries.choices import ordered_stages

# On a board, a column shows this many cards; the list holds the rest.
BOARD_CARDS_PER_COLUMN = 40


@dataclasses.dataclass(frozen=True)
class BoardFilters:
    owner: int | None = None
    tag: int | None = None
    source: str = ""

    @property
    def active(self) -> bool:
        return bool(self.owner or self.tag or self.source)


@dataclasses.dataclass
class BoardColumn:
    stage: Stage
    count: int
    cards: list[Prospect]

    @property
    def more(self) -> int:
        return self.count - len(self.cards)


def filtered_for_board(workspace: Workspace, filters: BoardFilters) -> QuerySet:
    prospects = workspace.prospects.all()
    if filters.owner:
        prospects = prospects.filter(owner_id=filters.owner)
    if filters.tag:
        prospects = prospects.filter(tags=filters.tag)
    if filters.source:
        prospects = prospects.filter(source=filters.source)
    return prospects


def pipeline_board(
    workspace: Workspace,
    filters: BoardFilters | None = None,
    *,
    stages: list[Stage] | None = None,
    per_column: int = BOARD_CARDS_PER_COLUMN,
    now: datetime.datetime | None = None,
) -> list[BoardColumn]:
    """A column per stage, in the workspace's order, with its count and its first cards.

    Three queries: the stages, a count per stage, and at most `per_column` cards
    per stage (ranked in the database), whoever needs the coach first, then
    whoever has waited longest in the stage.
    """
    now = now or timezone.now()
    stages = ordered_stages(workspace) if stages is None else stages
    prospects = filtered_for_board(workspace, filters or BoardFilters())
    counts = dict(
        prospects.order_by()
        .values_list("stage_id")
        .annotate(n=Count("pk"))
        .values_list("stage_id", "n")
    )
    order = [F("needs_attention").desc(), F("stage_entered_at").asc(), F("pk").asc()]
    cards = list(
        with_signals(prospects)
        .select_related("owner")
        .annotate(place=Window(RowNumber(), partition_by=[F("stage_id")], order_by=order))
        .filter(place__lte=per_column)
        .order_by(*order)
    )
    decorate(cards, now)
    by_stage = defaultdict(list)
    for card in cards:
        by_stage[card.stage_id].append(card)
    return [BoardColumn(stage, counts.get(stage.pk, 0), by_stage[stage.pk]) for stage in stages]
