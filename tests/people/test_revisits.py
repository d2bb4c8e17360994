import datetime

import pytest
import time_machine

from relationships.models import Actor, StageKey
from relationships.people.revisits import resume_due_revisits
from relationships.people.stages import move_stage
from tests.support.factories import ProspectFactory, stage

UTC = datetime.UTC


def parked(workspace, revisit_on, tz="Europe/London", came_from=StageKey.EXPLORING, **extra):
    prospect = ProspectFactory(
        workspace=workspace, stage=stage(workspace, came_from), timezone=tz, **extra
    )
    with time_machine.travel(datetime.datetime(2026, 1, 5, tzinfo=UTC), tick=False):
        move_stage(
            prospect,
            to=stage(workspace, StageKey.NOT_NOW),
            actor=Actor.PROSPECT,
            revisit_on=revisit_on,
        )
    return prospect


@pytest.mark.django_db
def test_a_due_revisit_moves_them_back_and_flags_the_coach(workspace):
    due = parked(workspace, datetime.date(2026, 5, 1), came_from=StageKey.IN_CONVERSATION)
    later = parked(workspace, datetime.date(2026, 5, 2))
    with time_machine.travel(datetime.datetime(2026, 5, 1, 12, tzinfo=UTC), tick=False):
        assert resume_due_revisits() == 1
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.stage.key == StageKey.IN_CONVERSATION
    assert due.revisit_on is None
    assert due.needs_attention and due.attention_reason == "Revisit date reached"
    change = due.stage_changes.first()
    assert (change.actor, change.reason) == (Actor.SYSTEM, "Revisit date reached")
    assert later.stage.key == StageKey.NOT_NOW and not later.needs_attention


@pytest.mark.django_db
def test_the_revisit_date_is_read_in_the_prospects_time_zone(workspace):
    auckland = parked(workspace, datetime.date(2026, 5, 2), tz="Pacific/Auckland")
    honolulu = parked(workspace, datetime.date(2026, 5, 1), tz="Pacific/Honolulu")
    # 09:00 UTC on 1 May is 21:00 on 1 May in Auckland (not yet the 2nd),
    # and 23:00 on 30 April in Honolulu.
    with time_machine.travel(datetime.datetime(2026, 5, 1, 9, tzinfo=UTC), tick=False):
        assert resume_due_revisits() == 0
    # 13:00 UTC: the 2nd in Auckland, 03:00 on the 1st in Honolulu: both due.
    with time_machine.travel(datetime.datetime(2026, 5, 1, 13, tzinfo=UTC), tick=False):
        assert resume_due_revisits() == 2
    for prospect in (auckland, honolulu):
        prospect.refresh_from_db()
        assert prospect.stage.key == StageKey.EXPLORING


@pytest.mark.django_db
def test_it_keeps_an_existing_reason_for_attention_and_is_safe_to_run_twice(workspace):
    replied = parked(workspace, datetime.date(2026, 5, 1))
    type(replied).objects.filter(pk=replied.pk).update(
        needs_attention=True, attention_reason="Replied"
    )
    with time_machine.travel(datetime.datetime(2026, 5, 3, tzinfo=UTC), tick=False):
        assert resume_due_revisits() == 1
        assert resume_due_revisits() == 0
    replied.refresh_from_db()
    assert replied.attention_reason == "Replied"


@pytest.mark.django_db
def test_someone_parked_from_an_outcome_comes_back_to_exploring(workspace):
    prospect = parked(workspace, datetime.date(2026, 5, 1), came_from=StageKey.NOT_A_FIT)
    with time_machine.travel(datetime.datetime(2026, 5, 3, tzinfo=UTC), tick=False):
        resume_due_revisits()
    prospect.refresh_from_db()
    assert prospect.stage.key == StageKey.EXPLORING
