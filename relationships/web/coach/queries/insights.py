"""Read-side functions for Insights: every figure is counted by the database.

Weeks that are over are read from their rollups (relationships/insights/rollups.py);
only the current week is counted live, so a view costs the same whatever the history
(issue 16). Python only arranges the grouped rows (at most a few hundred: weeks ×
stages × actors) into the grid the page shows.
"""

import dataclasses
import datetime
from collections import defaultdict

from django.db.models import Count
from django.utils import timezone
from django.utils.dateformat import format as date_format

from relationships.insights.rollups import (
    closed_weeks,
    content_totals,
    count_moves,
    count_outcomes,
    roll_closed_weeks,
    start_of,
)
from relationships.models import (
    Actor,
    Content,
    DeliveryStatus,
    Figure,
    Stage,
    Workspace,
)
from relationships.web.coach.charts import Series, bar_rows, colours, stacked_columns

WEEKS = 12
DELIVERY_OUTCOMES = [DeliveryStatus.SENT, DeliveryStatus.SKIPPED, DeliveryStatus.FAILED]
CONTENT_ROWS = 50


def week_starts(now: datetime.datetime, weeks: int = WEEKS) -> list[datetime.date]:
    """The Mondays of the last `weeks` weeks, this week last, on the current time zone's clock."""
    today = timezone.localdate(now)
    this_monday = today - datetime.timedelta(days=today.weekday())
    return [this_monday - datetime.timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]


def _week_of(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


@dataclasses.dataclass
class WeekRow:
    week: datetime.date
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclasses.dataclass
class Weekly:
    """Counts per week (rows) and per key (columns, in `keys` order)."""

    keys: list
    rows: list[WeekRow]

    def column(self, index: int) -> list[int]:
        return [row.counts[index] for row in self.rows]

    @property
    def total(self) -> int:
        return sum(row.total for row in self.rows)

    def key_total(self, index: int) -> int:
        return sum(self.column(index))


def _weekly(grouped, keys: list, weeks: list[datetime.date], key_name: str) -> Weekly:
    index = {key: i for i, key in enumerate(keys)}
    grid = {week: [0] * len(keys) for week in weeks}
    for row in grouped:
        week, key = _week_of(row["week"]), row[key_name]
        if week in grid and key in index:
            grid[week][index[key]] += row["n"]
    return Weekly(keys=keys, rows=[WeekRow(week, grid[week]) for week in weeks])


def stage_funnel(workspace: Workspace) -> list[Stage]:
    """The workspace's stages in order, each with `prospect_count`.

    Counted from the prospects' side, so the index on (workspace, stage, …) answers it.
    """
    counts = dict(workspace.prospects.order_by().values_list("stage_id").annotate(n=Count("pk")))
    stages = list(workspace.stages.order_by("position", "pk"))
    for stage in stages:
        stage.prospect_count = counts.get(stage.pk, 0)
    return stages


@dataclasses.dataclass
class Movement:
    weekly: Weekly  # moves per week, by the stage moved to
    by_actor: dict[str, int]  # moves in the period by who moved them


@dataclasses.dataclass(frozen=True)
class Closed:
    """The rolled-up weeks the charts show (rollups.py), read once for the page."""

    this_monday: datetime.date
    rows: dict[str, list[tuple[datetime.date, str, int]]]


def closed_figures(workspace: Workspace, now: datetime.datetime) -> Closed:
    """Roll the weeks that closed since the last view, then read the window's rows."""
    this_monday = roll_closed_weeks(workspace, now=now)
    weeks = week_starts(now)
    rows = closed_weeks(workspace, [Figure.MOVES, Figure.OUTCOMES], weeks[0], this_monday)
    return Closed(this_monday, rows)


def stage_movement(
    workspace: Workspace,
    stages: list[Stage],
    *,
    now: datetime.datetime | None = None,
    closed: Closed | None = None,
) -> Movement:
    """Stage changes per week over the last WEEKS weeks, by destination stage and actor."""
    now = now or timezone.now()
    weeks = week_starts(now)
    closed = closed or closed_figures(workspace, now)
    rows = closed.rows[Figure.MOVES] + count_moves(workspace, start_of(closed.this_monday)).rows
    grouped = []
    for week, key, n in rows:
        stage_id, actor = key.split(":", 1)
        grouped.append({"week": week, "to_stage_id": int(stage_id), "actor": actor, "n": n})
    by_actor = defaultdict(int)
    for row in grouped:
        if row["week"] in weeks:
            by_actor[row["actor"]] += row["n"]
    return Movement(
        weekly=_weekly(grouped, [stage.pk for stage in stages], weeks, "to_stage_id"),
        by_actor={actor: by_actor.get(actor, 0) for actor in Actor.values},
    )


def delivery_outcomes(
    workspace: Workspace, *, now: datetime.datetime | None = None, closed: Closed | None = None
) -> Weekly:
    """Nurture email sent, skipped and failed per week (sent by send time, others by due time)."""
    now = now or timezone.now()
    weeks = week_starts(now)
    closed = closed or closed_figures(workspace, now)
    rows = (
        closed.rows[Figure.OUTCOMES] + count_outcomes(workspace, start_of(closed.this_monday)).rows
    )
    grouped = [{"week": week, "status": status, "n": n} for week, status, n in rows]
    return _weekly(grouped, list(DELIVERY_OUTCOMES), weeks, "status")


def content_response(
    workspace: Workspace,
    *,
    limit: int = CONTENT_ROWS,
    now: datetime.datetime | None = None,
    closed: Closed | None = None,
) -> list[Content]:
    """Content that went out, with `sent`, `replied`, `useful` and `not_useful` counts."""
    now = now or timezone.now()
    this_monday = closed.this_monday if closed else roll_closed_weeks(workspace, now=now)
    totals = {
        pk: counts
        for pk, counts in content_totals(workspace, this_monday).items()
        if counts["sent"]
    }
    contents = {
        c.pk: c
        for c in Content.objects.filter(workspace=workspace, pk__in=list(totals)).only(
            "pk", "title", "kind"
        )
    }
    for pk, content in contents.items():
        for figure, n in totals[pk].items():
            setattr(content, figure, n)
    ranked = sorted(
        contents.values(), key=lambda c: (-c.replied, -c.useful, -c.sent, c.title, c.pk)
    )
    return ranked[:limit]


# ---- the page: charts and the words that describe them ----------------------------------

OUTCOME_COLOURS = {"sent": "#1d5c4a", "skipped": "#c2610c", "failed": "#b3261e"}
CHARTED_CONTENT = 12


def week_label(week) -> str:
    return date_format(week, "j M")


def axis_labels(weeks: list) -> list[str]:
    """ "7 Sep", "14", "21", "28", "5 Oct", …: the month only where it changes."""
    labels, month = [], None
    for week in weeks:
        labels.append(date_format(week, "j M" if week.month != month else "j"))
        month = week.month
    return labels


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else (words or word + 's')}"


def insights_overview(workspace: Workspace, *, now: datetime.datetime) -> dict:
    """Everything the Insights page shows: figures, charts with their prose descriptions
    (what a screen reader reads), legends and tables."""
    stages = stage_funnel(workspace)
    closed = closed_figures(workspace, now)
    movement = stage_movement(workspace, stages, now=now, closed=closed)
    outcomes = delivery_outcomes(workspace, now=now, closed=closed)
    contents = content_response(workspace, now=now, closed=closed)

    prospects = sum(stage.prospect_count for stage in stages)
    funnel_chart = bar_rows(
        chart_id="funnel-chart",
        title="Prospects per stage",
        desc=f"{plural(prospects, 'prospect')} in all. "
        + "; ".join(f"{s.name}: {s.prospect_count}" for s in stages)
        + ".",
        labels=[stage.name for stage in stages],
        series=[Series("prospects", [s.prospect_count for s in stages], "#1d5c4a")],
    )

    weeks = axis_labels([row.week for row in movement.weekly.rows])
    stage_colours = colours(len(stages))
    moved = movement.weekly.total
    busiest = max(movement.weekly.rows, key=lambda row: row.total)
    movement_chart = stacked_columns(
        chart_id="movement-chart",
        title=f"Stage moves per week, last {WEEKS} weeks",
        desc=f"{plural(moved, 'move')} in {WEEKS} weeks"
        + (
            f"; the busiest week began {week_label(busiest.week)} with {busiest.total}. "
            if moved
            else ". "
        )
        + "Each column stacks the moves by the stage people moved to.",
        labels=weeks,
        series=[
            Series(stage.name, movement.weekly.column(i), stage_colours[i])
            for i, stage in enumerate(stages)
        ],
    )
    movement_legend = [
        (stage.name, stage_colours[i], movement.weekly.key_total(i))
        for i, stage in enumerate(stages)
    ]

    outcome_series = [
        Series(status.label.lower(), outcomes.column(i), OUTCOME_COLOURS[status.value])
        for i, status in enumerate(outcomes.keys)
    ]
    outcome_totals = {status.value: outcomes.key_total(i) for i, status in enumerate(outcomes.keys)}
    outcomes_chart = stacked_columns(
        chart_id="deliveries-chart",
        title=f"Nurture email per week, last {WEEKS} weeks",
        desc=f"{plural(outcome_totals['sent'], 'email')} sent, "
        f"{outcome_totals['skipped']} skipped and {outcome_totals['failed']} failed in "
        f"{WEEKS} weeks.",
        labels=weeks,
        series=outcome_series,
    )

    charted = contents[:CHARTED_CONTENT]
    content_chart = bar_rows(
        chart_id="content-chart",
        title="Replies and “useful” votes per email",
        desc="; ".join(
            f"{c.title}: {plural(c.replied, 'reply', 'replies')}, "
            f"{plural(c.useful, 'useful vote')} from {c.sent} sent"
            for c in charted
        )
        + ".",
        labels=[c.title for c in charted],
        series=[
            Series("replies", [c.replied for c in charted], "#2f6fb0"),
            Series("useful votes", [c.useful for c in charted], "#1d5c4a"),
        ],
        width=640,
    )
    return {
        "weeks": WEEKS,
        "stages": stages,
        "prospects": prospects,
        "funnel_chart": funnel_chart,
        "movement": movement,
        "moved": moved,
        "by_prospects": movement.by_actor.get(Actor.PROSPECT, 0),
        "movement_chart": movement_chart,
        "movement_legend": movement_legend,
        "outcomes": outcomes,
        "outcome_totals": outcome_totals,
        "outcomes_legend": [(s.name, s.colour) for s in outcome_series],
        "outcomes_chart": outcomes_chart,
        "contents": contents,
        "content_chart": content_chart,
        "content_responses": any(c.replied or c.useful for c in contents),
        "content_more": len(contents) > CHARTED_CONTENT,
        "charted_content": CHARTED_CONTENT,
    }
