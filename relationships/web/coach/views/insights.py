"""Insights: where people are, how they move, what the engine sent, and what helped.

Every figure is counted by the database (queries_insights); the charts are SVG
drawn here on the server (charts.py), with the same numbers as tables.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.views.decorators.http import require_safe

from relationships.models import Actor
from relationships.web.coach.access import workspace_required
from relationships.web.coach.charts import Series, bar_rows, colours, stacked_columns
from relationships.web.coach.queries.insights import (
    WEEKS,
    content_response,
    delivery_outcomes,
    stage_funnel,
    stage_movement,
)

TEMPLATE = "coach/insights/overview.html"
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


@require_safe
@workspace_required
def insights(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace
    now = timezone.now()
    stages = stage_funnel(workspace)
    movement = stage_movement(workspace, stages, now=now)
    outcomes = delivery_outcomes(workspace, now=now)
    contents = content_response(workspace)

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
    return render(
        request,
        TEMPLATE,
        {
            "section": "insights",
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
        },
    )
