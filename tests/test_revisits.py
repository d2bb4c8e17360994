import datetime

import pytest
import time_machine

from relationships.models import StageKey
from relationships.revisits import flag_due_revisits
from tests.factories import ProspectFactory, stage

UTC = datetime.UTC


def parked(workspace, revisit_on, tz="Europe/London", **extra):
    return ProspectFactory(
        workspace=workspace,
        stage=stage(workspace, StageKey.NOT_NOW),
        revisit_on=revisit_on,
        timezone=tz,
        **extra,
    )


@pytest.mark.django_db
def test_it_flags_parked_prospects_whose_revisit_date_arrived(workspace):
    due = parked(workspace, datetime.date(2026, 5, 1))
    later = parked(workspace, datetime.date(2026, 5, 2))
    with time_machine.travel(datetime.datetime(2026, 5, 1, 12, tzinfo=UTC), tick=False):
        assert flag_due_revisits() == 1
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.needs_attention and due.attention_reason == "Revisit date reached"
    assert not later.needs_attention


@pytest.mark.django_db
def test_the_revisit_date_is_read_in_the_prospects_time_zone(workspace):
    auckland = parked(workspace, datetime.date(2026, 5, 2), tz="Pacific/Auckland")
    honolulu = parked(workspace, datetime.date(2026, 5, 1), tz="Pacific/Honolulu")
    # 13:00 UTC on 1 May is already 2 May in Auckland, still the early hours of 1 May in Honolulu.
    with time_machine.travel(datetime.datetime(2026, 5, 1, 13, tzinfo=UTC), tick=False):
        flag_due_revisits()
    auckland.refresh_from_db()
    honolulu.refresh_from_db()
    assert auckland.needs_attention
    assert honolulu.needs_attention
    with time_machine.travel(datetime.datetime(2026, 5, 1, 9, tzinfo=UTC), tick=False):
        late = parked(workspace, datetime.date(2026, 5, 1), tz="Pacific/Honolulu")
        assert flag_due_revisits() == 0
    late.refresh_from_db()
    assert not late.needs_attention


@pytest.mark.django_db
def test_it_keeps_an_existing_reason_for_attention_and_is_safe_to_run_twice(workspace):
    replied = parked(
        workspace, datetime.date(2026, 5, 1), needs_attention=True, attention_reason="Replied"
    )
    with time_machine.travel(datetime.datetime(2026, 5, 3, tzinfo=UTC), tick=False):
        assert flag_due_revisits() == 0
        parked(workspace, datetime.date(2026, 5, 2))
        assert flag_due_revisits() == 1
        assert flag_due_revisits() == 0
    replied.refresh_from_db()
    assert replied.attention_reason == "Replied"
