"""Insights: the funnel, moves per week, what the engine sent, what helped; as SVG and tables."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from relationships.models import (
    Actor,
    Delivery,
    DeliveryStatus,
    Enrollment,
    StageChange,
    StageKey,
)
from relationships.web.coach.charts import (
    Series,
    bar_rows,
    intervals,
    nice_ceiling,
    stacked_columns,
)
from relationships.web.coach.queries.insights import (
    content_response,
    delivery_outcomes,
    stage_funnel,
    stage_movement,
    week_starts,
)
from tests.support.factories import (
    MembershipFactory,
    ProspectFactory,
    SequenceFactory,
    UserFactory,
    WorkspaceFactory,
    stage,
)
from tests.web.coach.test_coach_queries import populate

# What the first view of a week adds to count and keep the weeks that closed.
ROLLING = 11

# A Thursday afternoon in London.
NOW = datetime.datetime(2026, 3, 12, 15, 0, tzinfo=datetime.UTC)


@pytest.fixture
def signed_in(client, coach):
    client.force_login(coach)
    return client


def moved(prospect, to_key, at, actor=Actor.COACH):
    return StageChange.objects.create(
        prospect=prospect, to_stage=stage(prospect.workspace, to_key), actor=actor, at=at
    )


def delivered(prospect, step, enrollment, status, at, **fields):
    return Delivery.objects.create(
        enrollment=enrollment,
        step=step,
        prospect=prospect,
        workspace=prospect.workspace,
        due_at=at,
        status=status,
        sent_at=at if status == DeliveryStatus.SENT else None,
        **fields,
    )


@pytest.fixture
def history(workspace):
    """Three prospects, a few moves over three weeks, and a sequence that sent."""
    people = [ProspectFactory(workspace=workspace, name=f"P{i}") for i in range(3)]
    moved(people[0], StageKey.EXPLORING, NOW - datetime.timedelta(days=1))
    moved(people[1], StageKey.EXPLORING, NOW - datetime.timedelta(days=2), actor=Actor.PROSPECT)
    moved(people[2], StageKey.IN_CONVERSATION, NOW - datetime.timedelta(days=15))
    moved(people[2], StageKey.NOT_NOW, NOW - datetime.timedelta(days=200))  # too long ago
    sequence = SequenceFactory(workspace=workspace)
    steps = list(sequence.steps.order_by("position"))
    for i, person in enumerate(people):
        enrollment = Enrollment.objects.create(prospect=person, sequence=sequence)
        delivered(
            person,
            steps[0],
            enrollment,
            DeliveryStatus.SENT,
            NOW - datetime.timedelta(days=8),
            replied_at=NOW if i == 0 else None,
            useful=[True, False, None][i],
        )
        delivered(person, steps[1], enrollment, DeliveryStatus.SKIPPED, NOW)
        delivered(person, steps[2], enrollment, DeliveryStatus.SCHEDULED, NOW)
    return people, steps


# ---- the queries ---------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_the_funnel_counts_prospects_per_stage_in_order(workspace, history):
    stages = stage_funnel(workspace)
    assert [s.key for s in stages][:3] == ["needs_help", "exploring", "in_conversation"]
    assert {s.key: s.prospect_count for s in stages}["needs_help"] == 3


@time_machine.travel(NOW, tick=False)
def test_moves_are_counted_per_week_by_stage_and_actor(workspace, history):
    with timezone.override(workspace.zone):
        stages = stage_funnel(workspace)
        movement = stage_movement(workspace, stages, now=NOW)
    assert len(movement.weekly.rows) == 12
    assert movement.weekly.rows[-1].week == datetime.date(2026, 3, 9)  # this week's Monday
    exploring = [s.key for s in stages].index(StageKey.EXPLORING)
    conversation = [s.key for s in stages].index(StageKey.IN_CONVERSATION)
    assert movement.weekly.rows[-1].counts[exploring] == 2
    assert movement.weekly.rows[-3].counts[conversation] == 1
    assert movement.weekly.total == 3  # the move 200 days ago is outside the window
    assert movement.by_actor == {"coach": 2, "prospect": 1, "system": 0}


@time_machine.travel(NOW, tick=False)
def test_deliveries_are_counted_per_week_by_outcome(workspace, history):
    with timezone.override(workspace.zone):
        outcomes = delivery_outcomes(workspace, now=NOW)
    assert [row.counts for row in outcomes.rows[-2:]] == [[3, 0, 0], [0, 3, 0]]
    assert outcomes.total == 6  # scheduled mail is not an outcome yet


def test_replies_and_useful_votes_are_counted_per_content(workspace, history):
    _people, steps = history
    rows = content_response(workspace)
    assert [(c.pk, c.sent, c.replied, c.useful, c.not_useful) for c in rows] == [
        (steps[0].content_id, 3, 1, 1, 1)
    ]


def test_week_starts_are_mondays_ending_this_week():
    with timezone.override("Europe/London"):
        weeks = week_starts(NOW)
    assert weeks[-1] == datetime.date(2026, 3, 9) and weeks[0] == datetime.date(2025, 12, 22)
    assert all(week.isoweekday() == 1 for week in weeks)


# ---- the charts ----------------------------------------------------------------------------


def test_axis_maxima_and_gridlines_are_round_numbers():
    assert [nice_ceiling(v) for v in (0, 1, 2, 3, 7, 11, 28, 51, 300)] == [
        1,
        1,
        2,
        5,
        10,
        20,
        50,
        100,
        500,
    ]
    assert [intervals(v) for v in (1, 2, 5, 20, 50)] == [1, 2, 5, 5, 5]


def test_charts_are_accessible_svg_with_escaped_labels():
    svg = bar_rows(
        chart_id="c",
        title="People <per> stage",
        desc="Two & counting",
        labels=["<script>", "Exploring"],
        series=[Series("prospects", [0, 2], "#1d5c4a")],
    )
    assert svg.startswith('<svg class="chart" id="c" role="img"')
    assert 'aria-labelledby="c-title c-desc"' in svg
    assert '<title id="c-title">People &lt;per&gt; stage</title>' in svg
    assert '<desc id="c-desc">Two &amp; counting</desc>' in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert '<title>Exploring: 2</title><rect x="140"' in svg
    assert 'width="0.0"' in svg  # a zero draws no bar

    columns = stacked_columns(
        chart_id="w",
        title="Moves",
        desc="d",
        labels=[str(n) for n in range(12)],
        series=[Series("sent", [1] * 12, "#000"), Series("skipped", [0] * 11 + [3], "#111")],
    )
    assert columns.count("<rect") == 13  # zeros draw nothing
    assert "<title>11: 3 skipped</title>" in columns
    # Every other week label is hidden on a phone; this week's never is.
    assert 'class="chart-label chart-minor" x=' in columns
    this_week = r'class="chart-label" x="[\d.]+" y="\d+" text-anchor="middle"[^>]*>11<'
    assert re.search(this_week, columns)


# ---- the page ------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_the_page_draws_each_chart_with_its_numbers_as_a_table(signed_in, workspace, history):
    page = signed_in.get(reverse("coach:insights")).content.decode()

    for chart_id in ("funnel-chart", "movement-chart", "deliveries-chart", "content-chart"):
        assert f'id="{chart_id}" role="img"' in page
    assert page.count('<table class="stats') == 4
    assert "<strong>3</strong> prospects" in page
    assert "<strong>3</strong> moves in 12 weeks, <strong>1</strong> made by prospects" in page
    assert "<strong>3</strong> sent, <strong>3</strong> skipped, <strong>0</strong> failed" in page
    assert "1 reply, 1 useful vote from 3 sent" in page  # the content chart's description
    assert "9 Mar 2026" in page


def test_an_empty_workspace_shows_friendly_empty_states(signed_in):
    page = signed_in.get(reverse("coach:insights")).content.decode()
    assert "No prospects yet." in page
    assert "Nobody moved in the last 12 weeks." in page
    assert "No nurture email in the last 12 weeks." in page
    assert "Nothing sent yet." in page
    assert "<svg" not in page


def test_another_workspaces_figures_are_not_counted(signed_in, workspace):
    elsewhere = WorkspaceFactory()
    MembershipFactory(user=UserFactory(), workspace=elsewhere)
    ProspectFactory.create_batch(4, workspace=elsewhere)
    ProspectFactory(workspace=workspace)
    page = signed_in.get(reverse("coach:insights")).content.decode()
    assert "<strong>1</strong> prospect<" in page


@pytest.mark.parametrize("size", [10, 300])
def test_insights_cost_the_same_queries_at_any_size(
    size, signed_in, workspace, coach, django_assert_num_queries
):
    populate(workspace, coach, size)
    # The first view of a week rolls the weeks that closed since the last one (issue
    # 16): moves, outcomes, sends, replies, useful and not useful votes of those weeks
    # (none here: all is this week's, at either size), and the mark set, in a transaction.
    with django_assert_num_queries(ROLLING + 13):
        signed_in.get(reverse("coach:insights"))
    # Then: session, user, memberships; the funnel (counts, stages); the rolled-up mark;
    # the closed weeks' moves and outcomes; this week's moves; this week's outcomes;
    # content (closed weeks summed, this week live per step, those steps' content, titles)
    with django_assert_num_queries(13):
        response = signed_in.get(reverse("coach:insights"))
    page = response.content.decode()
    assert f"<strong>{size}</strong> prospects" in page
    assert "<strong>0</strong> failed" in page
