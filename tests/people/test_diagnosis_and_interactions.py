import datetime

import pytest
from django.utils import timezone

from relationships.errors import BridgeError
from relationships.models import InteractionKind
from relationships.people.diagnosis import latest_diagnosis, record_diagnosis
from relationships.people.interactions import log_interaction
from tests.support.factories import ProspectFactory


@pytest.fixture
def prospect(workspace):
    return ProspectFactory(workspace=workspace)


@pytest.mark.django_db
def test_recording_a_diagnosis_updates_last_touch(prospect, coach):
    assert prospect.last_touch_at is None
    record_diagnosis(prospect, current_situation="Stuck", desired_outcome="Free", author=coach)
    prospect.refresh_from_db()
    assert prospect.last_touch_at is not None


@pytest.mark.django_db
def test_the_latest_diagnosis_counts(prospect):
    today = timezone.localdate()
    record_diagnosis(prospect, current_situation="new", desired_outcome="x", diagnosed_on=today)
    record_diagnosis(
        prospect,
        current_situation="old",
        desired_outcome="x",
        diagnosed_on=today - datetime.timedelta(days=30),
    )
    assert latest_diagnosis(prospect).current_situation == "new"
    assert prospect.diagnoses.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"current_situation": " ", "desired_outcome": "x"}, "current_situation"),
        ({"current_situation": "x", "desired_outcome": ""}, "desired_outcome"),
    ],
)
def test_a_diagnosis_needs_the_situation_and_the_outcome(prospect, fields, field):
    with pytest.raises(BridgeError) as refusal:
        record_diagnosis(prospect, **fields)
    assert refusal.value.field == field
    assert not prospect.diagnoses.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", InteractionKind.values)
def test_logging_an_interaction_updates_last_touch(prospect, coach, kind):
    at = timezone.now() - datetime.timedelta(hours=2)
    interaction = log_interaction(prospect, kind=kind, summary="Talked", at=at, author=coach)
    prospect.refresh_from_db()
    assert prospect.last_touch_at == at
    assert interaction.author == coach


@pytest.mark.django_db
def test_an_older_interaction_does_not_move_last_touch_back(prospect):
    now = timezone.now()
    log_interaction(prospect, kind=InteractionKind.CALL, summary="Call", at=now)
    log_interaction(
        prospect,
        kind=InteractionKind.NOTE,
        summary="Back-filled",
        at=now - datetime.timedelta(days=9),
    )
    prospect.refresh_from_db()
    assert prospect.last_touch_at == now


@pytest.mark.django_db
def test_an_interaction_needs_a_summary_and_a_known_kind(prospect):
    with pytest.raises(BridgeError, match="Write a line"):
        log_interaction(prospect, kind=InteractionKind.CALL, summary="  ")
    with pytest.raises(BridgeError, match="Unknown kind"):
        log_interaction(prospect, kind="telepathy", summary="Hmm")
    assert not prospect.interactions.exists()
