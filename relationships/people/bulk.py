"""Acting on many prospects at once: all of them, or none, and every refusal said.

The coach's prospects list and the admin's actions both come here. Each action
calls the one-prospect services inside one transaction; a refusal of any of them
rolls back the whole batch (enrollments included), so the coach fixes the cause
and tries again.
"""

import dataclasses
import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from relationships.errors import BridgeError, StageRuleError
from relationships.history.changes import record_change, shown
from relationships.models import (
    Actor,
    ChangeArea,
    Consent,
    Enrollment,
    Prospect,
    Sequence,
    Stage,
)
from relationships.nurture.enrollment import (
    OPEN,
    can_receive,
    enroll_many,
    pause_enrollments,
    sequence_still_fits,
)
from relationships.people.consent import confirm_consent
from relationships.people.prospects import set_tags
from relationships.people.stages import MoveRefusal, move_stage


@dataclasses.dataclass
class BulkOutcome:
    notice: str = ""
    refusals: list[MoveRefusal] = dataclasses.field(default_factory=list)
    # A problem with what was typed rather than with a prospect: (field, message).
    form_error: tuple[str, str] | None = None

    @property
    def done(self) -> bool:
        return not self.refusals and self.form_error is None


class Refused(Exception):
    def __init__(self, outcome: BulkOutcome) -> None:
        super().__init__(outcome)
        self.outcome = outcome


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def all_or_none(action):
    """Run `action` in one transaction; a Refused from it rolls everything back."""

    def run(prospects: list[Prospect], **data) -> BulkOutcome:
        try:
            with transaction.atomic():
                return BulkOutcome(notice=action(prospects, **data))
        except Refused as refused:
            return refused.outcome

    run.__doc__ = action.__doc__
    return run


@all_or_none
def move_together(
    prospects: list[Prospect],
    *,
    user: AbstractBaseUser,
    stage: Stage,
    revisit_on: datetime.date | None = None,
    reason: str = "",
    **_,
) -> str:
    """Move them all to one stage, for one reason; those already there stay."""
    moving = [p for p in prospects if p.stage_id != stage.pk]
    refusals = []
    for prospect in moving:
        try:
            move_stage(
                prospect,
                to=stage,
                actor=Actor.COACH,
                user=user,
                reason=reason,
                revisit_on=revisit_on,
            )
        except StageRuleError as error:
            if error.field == "revisit_on":
                raise Refused(BulkOutcome(form_error=("revisit_on", error.message))) from None
            refusals.append(MoveRefusal(prospect, stage, error.message, field=error.field))
    if refusals:
        raise Refused(BulkOutcome(refusals=refusals))
    notice = f"Moved {plural(len(moving), 'prospect')} to {stage.name}."
    if len(moving) < len(prospects):
        notice += f" {len(prospects) - len(moving)} already there."
    return notice


@all_or_none
def tag_together(prospects: list[Prospect], *, tag: str, **_) -> str:
    """Add one tag to each of them, on record."""
    workspace = prospects[0].workspace if prospects else None
    for prospect in prospects:
        before = sorted(t.name for t in prospect.tags.all())
        set_tags(prospect, [*before, tag.strip()])
        after = sorted(t.name for t in prospect.tags.all())
        if after != before:
            record_change(
                workspace,
                area=ChangeArea.PROSPECT,
                prospect=prospect,
                subject=prospect.name,
                summary="Changed tags",
                fields={"tags": [shown(before), shown(after)]},
            )
    return f"Tagged {plural(len(prospects), 'prospect')} “{tag.strip()}”."


@all_or_none
def enroll_together(prospects: list[Prospect], *, sequence: Sequence, **_) -> str:
    """Enroll them all in a sequence; those in it already stay as they are."""
    if not sequence.steps.exists():
        raise Refused(BulkOutcome(form_error=("sequence", f"“{sequence.name}” has no steps yet.")))
    refusals = [
        MoveRefusal(
            prospect,
            None,
            f"{prospect.name} has not agreed to nurture email "
            f"(consent: {prospect.get_consent_display().lower()}).",
        )
        for prospect in prospects
        if not can_receive(prospect)
    ]
    # The sender skips every email to someone outside a stage-bound sequence's
    # stage: enrolling them would show the coach a schedule that never goes out.
    refusals += [
        MoveRefusal(
            prospect,
            None,
            f"{prospect.name} is in {prospect.stage.name}; “{sequence.name}” only mails "
            f"people in {sequence.entry_stage.name} and stops when they leave it. "
            f"Move them to {sequence.entry_stage.name} to enroll them (moving enrolls them).",
        )
        for prospect in prospects
        if can_receive(prospect) and not sequence_still_fits(sequence, prospect.stage)
    ]
    if refusals:
        raise Refused(BulkOutcome(refusals=refusals))
    already = set(
        Enrollment.objects.filter(
            sequence=sequence, state__in=OPEN, prospect__in=prospects
        ).values_list("prospect_id", flat=True)
    )
    joined = enroll_many([p for p in prospects if p.pk not in already], sequence)
    notice = f"Enrolled {plural(len(joined), 'prospect')} in “{sequence.name}”."
    if already:
        notice += f" {len(already)} already in it."
    return notice


@all_or_none
def pause_together(prospects: list[Prospect], **_) -> str:
    """Pause the nurture of each of them."""
    paused = sum(
        1 for prospect in prospects if pause_enrollments(prospect, reason="Paused by the coach")
    )
    notice = f"Paused nurture for {plural(paused, 'prospect')}."
    if paused < len(prospects):
        notice += f" {len(prospects) - paused} had no active nurture."
    return notice


@all_or_none
def confirm_consent_together(
    prospects: list[Prospect], *, how: str, user: AbstractBaseUser | None = None, **_
) -> str:
    """Record, for all of them, how they agreed to nurture email; enrolls them."""
    refusals, confirmed = [], 0
    for prospect in prospects:
        before = prospect.consent
        try:
            confirm_consent(prospect, how=how, user=user)
        except BridgeError as error:
            if error.field == "how" and not how.strip():
                raise Refused(BulkOutcome(form_error=("how", error.message))) from None
            refusals.append(MoveRefusal(prospect, None, error.message))
        else:
            confirmed += before != Consent.CONFIRMED
    if refusals:
        raise Refused(BulkOutcome(refusals=refusals))
    if not confirmed:
        return "Nothing to confirm: they had all confirmed already."
    notice = f"Consent confirmed for {plural(confirmed, 'prospect')}"
    if already := len(prospects) - confirmed:
        notice += f" ({already} had confirmed already)"
    return notice + ". They are enrolled in the sequences of their stage."


ACTIONS = {
    "move": move_together,
    "tag": tag_together,
    "enroll": enroll_together,
    "pause": pause_together,
    "confirm_consent": confirm_consent_together,
}


def run_bulk(action: str, prospects: list[Prospect], **data) -> BulkOutcome:
    """Apply one of ACTIONS to all the prospects: all of them, or none."""
    return ACTIONS[action](prospects, **data)
