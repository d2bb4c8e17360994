"""Bulk actions from the prospects list: they all happen or none does, and every refusal is said.

Each action calls the services once per prospect inside one transaction; a
refusal of any of them rolls back the whole batch (and the follow-up work the
services scheduled on commit), so the coach fixes the cause and tries again.
"""

import dataclasses
import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from relationships.errors import StageRuleError
from relationships.models import Actor, Enrollment, Prospect, Sequence, Stage
from relationships.nurture.enrollment import OPEN, can_receive, enroll_many, pause_enrollments
from relationships.people.prospects import set_tags
from relationships.people.stages import move_stage
from relationships.web.coach.pages import MoveRefusal


@dataclasses.dataclass
class BulkOutcome:
    notice: str = ""
    refusals: list[MoveRefusal] = dataclasses.field(default_factory=list)
    # A problem with what was typed rather than with a prospect: (field, message).
    form_error: tuple[str, str] | None = None


class Refused(Exception):
    def __init__(self, outcome: BulkOutcome) -> None:
        super().__init__(outcome)
        self.outcome = outcome


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def move_together(
    prospects: list[Prospect],
    *,
    user: AbstractBaseUser,
    stage: Stage,
    revisit_on: datetime.date | None,
    **_,
) -> str:
    moving = [p for p in prospects if p.stage_id != stage.pk]
    refusals = []
    for prospect in moving:
        try:
            move_stage(prospect, to=stage, actor=Actor.COACH, user=user, revisit_on=revisit_on)
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


def tag_together(prospects: list[Prospect], *, tag: str, **_) -> str:
    for prospect in prospects:
        set_tags(prospect, [t.name for t in prospect.tags.all()] + [tag.strip()])
    return f"Tagged {plural(len(prospects), 'prospect')} “{tag.strip()}”."


def enroll_together(prospects: list[Prospect], *, sequence: Sequence, **_) -> str:
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


def pause_together(prospects: list[Prospect], **_) -> str:
    paused = sum(
        1 for prospect in prospects if pause_enrollments(prospect, reason="Paused by the coach")
    )
    notice = f"Paused nurture for {plural(paused, 'prospect')}."
    if paused < len(prospects):
        notice += f" {len(prospects) - paused} had no active nurture."
    return notice


ACTIONS = {
    "move": move_together,
    "tag": tag_together,
    "enroll": enroll_together,
    "pause": pause_together,
}


def run_bulk(action: str, prospects: list[Prospect], **data) -> BulkOutcome:
    """Apply one action to all the prospects in one transaction: all of them, or none."""
    try:
        with transaction.atomic():
            return BulkOutcome(notice=ACTIONS[action](prospects, **data))
    except Refused as refused:
        return refused.outcome
