"""Moving prospects between readiness stages, and the rules for it."""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from relationships.errors import StageRuleError
from relationships.integrations import events
from relationships.models import Actor, Prospect, Stage, StageChange, StageKey
from relationships.nurture.enrollment import apply_stage_change

# Crossing into these is an agreement about money: diagnose before you prescribe.
NEEDS_DIAGNOSIS = {StageKey.READY, StageKey.CLIENT}


def move_stage(
    prospect: Prospect,
    *,
    to: Stage,
    actor: str,
    user: AbstractBaseUser | None = None,
    reason: str = "",
    revisit_on: datetime.date | None = None,
) -> StageChange:
    """Move a prospect and record who moved them and why.

    Refuses Ready to invest and Client without a diagnosis unless the prospect
    declares it themselves (then the coach is asked to diagnose next), refuses a
    stage of another workspace, and requires a future revisit date for Not now.
    """
    if to.workspace_id != prospect.workspace_id:
        raise StageRuleError("That stage belongs to another workspace.", field="stage")
    if to.key == StageKey.NOT_NOW:
        if revisit_on is None:
            raise StageRuleError(
                "Not now needs a revisit date: when should we get back in touch?",
                field="revisit_on",
            )
        if revisit_on <= timezone.localdate(timezone=prospect.zone):
            raise StageRuleError("The revisit date must be in the future.", field="revisit_on")

    with transaction.atomic():
        # Re-read under a row lock so two moves of one prospect can't interleave.
        locked = Prospect.objects.select_for_update().get(pk=prospect.pk)
        if locked.stage_id == to.pk:
            raise StageRuleError(f"{locked.name} is already in {to.name}.", field="stage")
        diagnosed = locked.diagnoses.exists()
        if to.key in NEEDS_DIAGNOSIS and not diagnosed and actor != Actor.PROSPECT:
            raise StageRuleError(
                f"Record a diagnosis of {locked.name} before moving them to {to.name}: "
                "diagnose before you prescribe.",
                field="stage",
            )
        now = timezone.now()
        change = StageChange.objects.create(
            prospect=locked,
            from_stage_id=locked.stage_id,
            to_stage=to,
            actor=actor,
            user=user,
            reason=reason.strip(),
            at=now,
        )
        locked.stage = to
        locked.stage_entered_at = now
        locked.revisit_on = revisit_on if to.key == StageKey.NOT_NOW else None
        fields = ["stage", "stage_entered_at", "revisit_on"]
        if to.key in NEEDS_DIAGNOSIS and actor == Actor.PROSPECT and not diagnosed:
            locked.diagnose_next = True
            locked.needs_attention = True
            locked.attention_reason = f"Said they are {to.name.lower()}: diagnose next"
            fields += ["diagnose_next", "needs_attention", "attention_reason"]
        locked.save(update_fields=fields)
        # In the same transaction: a move whose enrollments fail is no move at all, never
        # a prospect left in the new stage without its sequences.
        apply_stage_change(locked, from_stage=change.from_stage, to_stage=to)
        events.stage_changed(locked, change)

    for field in fields:
        setattr(prospect, field, getattr(locked, field))
    return change


class MoveRefusal:
    """A move the rules refused, with the way forward a page offers."""

    def __init__(self, prospect: Prospect, stage, message: str, *, field: str | None = None):
        self.prospect = prospect
        self.stage = stage
        self.message = message
        # No diagnosis: offer "Record diagnosis", which brings the coach back to this move.
        self.needs_diagnosis = (
            stage is not None
            and field == "stage"
            and stage.key in NEEDS_DIAGNOSIS
            and prospect.stage_id != stage.pk
        )
        # Not now: ask for the revisit date, then make the same move.
        self.needs_revisit = stage is not None and field == "revisit_on"
