"""Insights' weekly rollups: a closed week is counted once and kept; this week is live."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from relationships.insights.rollups import content_totals, roll_closed_weeks
from relationships.models import (
    Actor,
    Delivery,
    DeliveryStatus,
    Enrollment,
    Figure,
    RolledWeeks,
    StageChange,
    StageKey,
    WeeklyFigure,
)
from relationships.people.erasure import erase_prospect
from relationships.web.coach.queries.insights import (
    content_response,
    delivery_outcomes,
    stage_funnel,
    stage_movement,
)
from tests.support.factories import ProspectFactory, SequenceFactory, WorkspaceFactory, stage
from tests.support.traces import traces_of

NOW = datetime.datetime(2026, 3, 12, 15, 0, tzinfo=datetime.UTC)  # a Thursday
THIS_MONDAY = datetime.date(2026, 3, 9)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def sent_mail(workspace):
    """A prospect who moved twice, and two emails sent: one last week, one this week."""
    person = ProspectFactory(workspace=workspace)
    for days_ago in (8, 1):
        StageChange.objects.create(
            prospect=person,
            to_stage=stage(workspace, StageKey.EXPLORING),
            actor=Actor.COACH,
            at=NOW - days_ago * DAY,
        )
    sequence = SequenceFactory(workspace=workspace)
    enrollment = Enrollment.objects.create(prospect=person, sequence=sequence)
    steps = list(sequence.steps.order_by("position"))
    for step, days_ago in zip(steps, (8, 1), strict=False):
        Delivery.objects.create(
            enrollment=enrollment,
            step=step,
            prospect=person,
            workspace=workspace,
            due_at=NOW - days_ago * DAY,
            sent_at=NOW - days_ago * DAY,
            status=DeliveryStatus.SENT,
            # Last week's email: a reply and a vote this week, counted this week.
            replied_at=NOW - DAY if days_ago == 8 else None,
            useful=True if days_ago == 8 else None,
            useful_at=NOW - DAY if days_ago == 8 else None,
        )
    return person, steps


@time_machine.travel(NOW, tick=False)
def test_the_first_roll_keeps_every_closed_week_and_leaves_this_week_live(workspace, sent_mail):
    assert roll_closed_weeks(workspace, now=NOW) == THIS_MONDAY
    assert RolledWeeks.objects.get(workspace=workspace).before == THIS_MONDAY
    kept = set(WeeklyFigure.objects.values_list("figure", "week", "count"))
    last_week = THIS_MONDAY - 7 * DAY
    assert kept == {
        (Figure.MOVES, last_week, 1),
        (Figure.OUTCOMES, last_week, 1),
        (Figure.SENT, last_week, 1),
    }


@time_machine.travel(NOW, tick=False)
def test_closed_weeks_are_read_from_the_rollup_this_week_live(workspace, sent_mail):
    person, steps = sent_mail
    roll_closed_weeks(workspace, now=NOW)
    # What is rolled is kept even when its rows go; this week's rows are counted as they are.
    StageChange.objects.filter(at__lt=NOW - 7 * DAY).delete()
    StageChange.objects.create(
        prospect=person, to_stage=stage(workspace, "in_conversation"), actor=Actor.PROSPECT
    )
    movement = stage_movement(workspace, stage_funnel(workspace), now=NOW)
    assert [row.total for row in movement.weekly.rows[-2:]] == [1, 2]
    assert movement.by_actor == {"coach": 2, "prospect": 1, "system": 0}
    outcomes = delivery_outcomes(workspace, now=NOW)
    assert [row.counts for row in outcomes.rows[-2:]] == [[1, 0, 0], [1, 0, 0]]
    figures = {
        c.pk: (c.sent, c.replied, c.useful, c.not_useful)
        for c in content_response(workspace, now=NOW)
    }
    assert figures == {steps[0].content_id: (1, 1, 1, 0), steps[1].content_id: (1, 0, 0, 0)}


@time_machine.travel(NOW, tick=False)
def test_rolling_twice_counts_nothing_twice(workspace, sent_mail):
    roll_closed_weeks(workspace, now=NOW)
    before = list(WeeklyFigure.objects.values_list("figure", "week", "key", "count"))
    RolledWeeks.objects.all().delete()  # as if another view rolled at the same moment
    roll_closed_weeks(workspace, now=NOW)
    assert list(WeeklyFigure.objects.values_list("figure", "week", "key", "count")) == before
    _person, steps = sent_mail
    totals = content_totals(workspace, THIS_MONDAY)
    assert [totals[step.content_id]["sent"] for step in steps[:2]] == [1, 1]


def test_a_new_week_rolls_only_the_week_that_just_closed(workspace, sent_mail):
    with time_machine.travel(NOW, tick=False):
        roll_closed_weeks(workspace, now=NOW)
    next_week = NOW + 7 * DAY
    with time_machine.travel(next_week, tick=False):
        assert roll_closed_weeks(workspace, now=next_week) == THIS_MONDAY + 7 * DAY
        rolled = WeeklyFigure.objects.filter(week=THIS_MONDAY)
        assert dict(rolled.values_list("figure", "count")) == {
            Figure.MOVES: 1,
            Figure.OUTCOMES: 1,
            Figure.SENT: 1,
            Figure.REPLIED: 1,
            Figure.USEFUL: 1,
        }
        figures = {c.pk: (c.sent, c.replied, c.useful) for c in content_response(workspace)}
        _person, steps = sent_mail
        assert figures == {steps[0].content_id: (1, 1, 1), steps[1].content_id: (1, 0, 0)}


@time_machine.travel(NOW, tick=False)
def test_each_workspace_rolls_its_own_weeks(workspace, sent_mail):
    elsewhere = WorkspaceFactory()
    roll_closed_weeks(elsewhere, now=NOW)
    assert not WeeklyFigure.objects.filter(workspace=elsewhere).exists()
    roll_closed_weeks(workspace, now=NOW)
    assert WeeklyFigure.objects.filter(workspace=workspace).count() == 3
    assert timezone.now() == NOW


def insight_figures(workspace, now) -> dict:
    """Every weekly figure Insights show, by week, and each email's totals."""
    movement = stage_movement(workspace, stage_funnel(workspace), now=now)
    return {
        "moves": [(row.week, row.counts) for row in movement.weekly.rows],
        "by_actor": movement.by_actor,
        "outcomes": [(row.week, row.counts) for row in delivery_outcomes(workspace, now=now).rows],
        "content": {
            c.pk: (c.sent, c.replied, c.useful, c.not_useful)
            for c in content_response(workspace, now=now)
        },
    }


def test_erasing_prospects_leaves_every_figure_as_it_was(workspace, coach, sent_mail):
    """Erased people still count, as numbers: in the closed week, in this week (twice,
    so the second erasure adds to the first's rows), and once this week has closed too."""
    person, _steps = sent_mail
    name, email = "Quilla Marchbanks", "quilla.marchbanks@example.org"
    person.name, person.email = name, email
    person.save(update_fields=["name", "email"])
    other = ProspectFactory(workspace=workspace, name="Ottoline Fairweather")
    StageChange.objects.create(
        prospect=other,
        to_stage=stage(workspace, StageKey.EXPLORING),
        actor=Actor.COACH,
        at=NOW - DAY,
    )
    member = coach.memberships.get(workspace=workspace)
    next_week = NOW + 7 * DAY
    with time_machine.travel(NOW, tick=False):
        before = insight_figures(workspace, NOW)
        assert sum(sum(counts) for _week, counts in before["moves"][-2:]) == 3  # can fail
        erase_prospect(person, by=member)
        erase_prospect(other, by=member)
        assert not StageChange.objects.exists() and not Delivery.objects.exists()
        assert insight_figures(workspace, NOW) == before
    assert traces_of(name, email, "Ottoline Fairweather", other.email) == []
    with time_machine.travel(next_week, tick=False):
        # The week of the erasure closes and is rolled without them: its rows add them in.
        later = insight_figures(workspace, next_week)
        assert later["moves"][-3:-1] == before["moves"][-2:]
        assert later["outcomes"][-3:-1] == before["outcomes"][-2:]
        assert later["content"] == before["content"]
    erased = WeeklyFigure.objects.filter(workspace=workspace, erased=True)
    assert set(erased.values_list("figure", "week", "count")) == {
        (Figure.MOVES, THIS_MONDAY, 2),  # both moved to the same stage: one row, counted twice
        (Figure.OUTCOMES, THIS_MONDAY, 1),
        (Figure.SENT, THIS_MONDAY, 1),
        (Figure.REPLIED, THIS_MONDAY, 1),
        (Figure.USEFUL, THIS_MONDAY, 1),
    }
