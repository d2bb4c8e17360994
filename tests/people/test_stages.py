import datetime

import pytest
import time_machine
from django.utils import timezone

from relationships.errors import StageRuleError
from relationships.models import Actor, Enrollment, StageChange, StageKey
from relationships.people.diagnosis import record_diagnosis
from relationships.people.stages import move_stage
from tests.support.factories import (
    DiagnosisFactory,
    ProspectFactory,
    SequenceFactory,
    WorkspaceFactory,
    stage,
)


@pytest.fixture
def prospect(workspace):
    return ProspectFactory(workspace=workspace)


@pytest.mark.django_db
def test_it_records_every_move_with_who_and_why(prospect, coach):
    exploring = stage(prospect.workspace, StageKey.EXPLORING)
    change = move_stage(
        prospect, to=exploring, actor=Actor.COACH, user=coach, reason="Read 3 emails"
    )
    prospect.refresh_from_db()
    assert prospect.stage == exploring
    assert (change.from_stage.key, change.to_stage, change.actor, change.user, change.reason) == (
        StageKey.NEEDS_HELP,
        exploring,
        Actor.COACH,
        coach,
        "Read 3 emails",
    )
    in_conversation = stage(prospect.workspace, StageKey.IN_CONVERSATION)
    move_stage(prospect, to=in_conversation, actor=Actor.SYSTEM)
    assert StageChange.objects.filter(prospect=prospect).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("key", [StageKey.READY, StageKey.CLIENT])
@pytest.mark.parametrize("actor", [Actor.COACH, Actor.SYSTEM])
def test_it_refuses_ready_and_client_without_diagnosis(prospect, key, actor):
    with pytest.raises(StageRuleError, match="Record a diagnosis"):
        move_stage(prospect, to=stage(prospect.workspace, key), actor=actor)
    prospect.refresh_from_db()
    assert prospect.stage.key == StageKey.NEEDS_HELP
    assert not StageChange.objects.filter(prospect=prospect).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("key", [StageKey.READY, StageKey.CLIENT])
def test_a_coach_may_move_a_diagnosed_prospect_to_ready_or_client(prospect, coach, key):
    record_diagnosis(prospect, current_situation="Stuck", desired_outcome="Unstuck", author=coach)
    move_stage(prospect, to=stage(prospect.workspace, key), actor=Actor.COACH, user=coach)
    prospect.refresh_from_db()
    assert prospect.stage.key == key
    assert not prospect.diagnose_next


@pytest.mark.django_db
def test_a_prospects_own_declaration_is_allowed_and_flags_diagnose_next(prospect):
    ready = stage(prospect.workspace, StageKey.READY)
    change = move_stage(prospect, to=ready, actor=Actor.PROSPECT, reason="Clicked “I'm ready”")
    prospect.refresh_from_db()
    assert change.actor == Actor.PROSPECT
    assert prospect.stage == ready
    assert prospect.diagnose_next
    assert prospect.needs_attention
    assert "diagnose next" in prospect.attention_reason


@pytest.mark.django_db
def test_recording_the_diagnosis_clears_diagnose_next(prospect):
    move_stage(prospect, to=stage(prospect.workspace, StageKey.READY), actor=Actor.PROSPECT)
    prospect.refresh_from_db()
    record_diagnosis(prospect, current_situation="Stuck", desired_outcome="Unstuck")
    prospect.refresh_from_db()
    assert not prospect.diagnose_next
    assert not prospect.needs_attention


@pytest.mark.django_db
def test_a_declared_prospect_with_a_diagnosis_is_not_flagged(prospect):
    DiagnosisFactory(prospect=prospect)
    move_stage(prospect, to=stage(prospect.workspace, StageKey.READY), actor=Actor.PROSPECT)
    prospect.refresh_from_db()
    assert not prospect.diagnose_next


@pytest.mark.django_db
def test_it_refuses_a_stage_of_another_workspace(prospect):
    foreign = stage(WorkspaceFactory(), StageKey.EXPLORING)
    with pytest.raises(StageRuleError, match="another workspace"):
        move_stage(prospect, to=foreign, actor=Actor.COACH)
    prospect.refresh_from_db()
    assert prospect.stage.workspace == prospect.workspace


@pytest.mark.django_db
def test_not_now_requires_a_revisit_date(prospect):
    not_now = stage(prospect.workspace, StageKey.NOT_NOW)
    with pytest.raises(StageRuleError, match="revisit date") as refusal:
        move_stage(prospect, to=not_now, actor=Actor.COACH)
    assert refusal.value.field == "revisit_on"


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC), tick=False)
def test_not_now_refuses_a_revisit_date_in_the_past(prospect):
    not_now = stage(prospect.workspace, StageKey.NOT_NOW)
    with pytest.raises(StageRuleError, match="future"):
        move_stage(prospect, to=not_now, actor=Actor.COACH, revisit_on=datetime.date(2026, 3, 10))


@pytest.mark.django_db
def test_not_now_keeps_the_revisit_date_and_leaving_clears_it(prospect):
    not_now = stage(prospect.workspace, StageKey.NOT_NOW)
    revisit = timezone.localdate() + datetime.timedelta(days=90)
    move_stage(prospect, to=not_now, actor=Actor.PROSPECT, revisit_on=revisit)
    prospect.refresh_from_db()
    assert prospect.revisit_on == revisit
    move_stage(prospect, to=stage(prospect.workspace, StageKey.EXPLORING), actor=Actor.COACH)
    prospect.refresh_from_db()
    assert prospect.revisit_on is None


@pytest.mark.django_db
def test_it_refuses_a_move_to_the_stage_they_are_in(prospect):
    with pytest.raises(StageRuleError, match="already in"):
        move_stage(prospect, to=prospect.stage, actor=Actor.COACH)


@pytest.mark.django_db
def test_the_passed_instance_reflects_the_move(prospect):
    exploring = stage(prospect.workspace, StageKey.EXPLORING)
    before = prospect.stage_entered_at
    move_stage(prospect, to=exploring, actor=Actor.COACH)
    assert prospect.stage == exploring
    assert prospect.stage_entered_at > before


@pytest.mark.django_db
def test_a_move_whose_enrollment_fails_is_not_made_at_all(prospect, monkeypatch):
    """The sequences of the new stage are part of the move: never a half-done move."""
    from relationships.nurture import enrollment
    from relationships.people import stages

    exploring = stage(prospect.workspace, StageKey.EXPLORING)
    SequenceFactory(workspace=prospect.workspace, entry_stage=exploring)

    def broken(*args, **kwargs):
        raise RuntimeError("the outbox is unwritable")

    monkeypatch.setattr(enrollment, "enroll_many", broken)
    monkeypatch.setattr(stages, "apply_stage_change", enrollment.apply_stage_change)
    with pytest.raises(RuntimeError):
        move_stage(prospect, to=exploring, actor=Actor.COACH)
    prospect.refresh_from_db()
    assert prospect.stage.key == StageKey.NEEDS_HELP
    assert not StageChange.objects.filter(prospect=prospect, to_stage=exploring).exists()
    assert not Enrollment.objects.filter(prospect=prospect).exists()


@pytest.mark.django_db
def test_a_move_enrolls_them_in_the_new_stage_sequences_before_it_returns(prospect):
    exploring = stage(prospect.workspace, StageKey.EXPLORING)
    sequence = SequenceFactory(workspace=prospect.workspace, entry_stage=exploring)
    prospect.consent = "confirmed"
    prospect.save(update_fields=["consent"])
    move_stage(prospect, to=exploring, actor=Actor.COACH)
    assert Enrollment.objects.get(prospect=prospect).sequence == sequence
