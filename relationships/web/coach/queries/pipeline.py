"""The pipeline board: a column per stage."""

import dataclasses
import datetime
from collections import defaultdict

from django.db.models import (
    Count,
    F,
    QuerySet,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone

from relationships.models import (
    Prospect,
    Stage,
    Workspace,
)
from relationships.web.coach.queries.cards import decorate, with_signals
from relationships.web.coach.queries.choices import ordered_stages

# On a board, a column shows this many cards; the list holds the rest ("N more in the
# list"). Each card is HTML to draw, so this bounds the page (issue 16: 40 made the board
# at 50,000 prospects cost three times the one at 100 in drawing alone).
BOARD_CARDS_PER_COLUMN = 20


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
    move_options: str = ""  # the "Move to" menu's options, HTML made by the view

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
    whoever has waited longest in the stage; only those cards get their signals.
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
    cards = list(
        with_signals(Prospect.objects.filter(pk__in=first_cards(prospects, stages, per_column)))
        .select_related("owner")
        .order_by(*CARD_ORDER)
    )
    decorate(cards, now)
    by_stage = defaultdict(list)
    for card in cards:
        by_stage[card.stage_id].append(card)
    return [BoardColumn(stage, counts.get(stage.pk, 0), by_stage[stage.pk]) for stage in stages]


# Whoever needs the coach first, then whoever has waited longest in the stage: the order
# of the index prospect_board_order, so each column's first cards are its first entries.
CARD_ORDER = [F("needs_attention").desc(), F("stage_entered_at").asc(), F("pk").asc()]


def first_cards(prospects: QuerySet, stages: list[Stage], per_column: int) -> RawSQL:
    """The ids of each column's first `per_column` cards, ranked before anything is annotated.

    One LIMIT per stage, glued with UNION ALL (what a LATERAL join per stage does, in SQL
    that SQLite speaks too): each reads `per_column` entries of the index, so the signals
    are computed for the cards shown, not for the whole workspace (issue 16).
    """
    if not stages:
        return RawSQL("SELECT NULL WHERE 1 = 0", [])
    parts, params = [], []
    for number, stage in enumerate(stages):
        column = prospects.filter(stage=stage).order_by(*CARD_ORDER).values("pk")[:per_column]
        sql, column_params = column.query.get_compiler(using=column.db).as_sql()
        parts.append(f"SELECT * FROM ({sql}) column_{number}")
        params.extend(column_params)
    return RawSQL(" UNION ALL ".join(parts), params)
