"""Building nurture sequences that keep asks rare and only send approved content."""

import dataclasses
import datetime

from django.db import transaction

from relationships.content.check import check_content
from relationships.errors import BridgeError
from relationships.history.changes import differences, record_change
from relationships.models import (
    ChangeArea,
    Content,
    ContentStatus,
    DeliveryStatus,
    Membership,
    Sequence,
    Stage,
    Step,
    Workspace,
)
from relationships.nurture.scheduling import window_from_workspace_fields
from relationships.nurture.sequence_rules import judge_step_types
from relationships.workspaces import roles

SECONDS_PER_DAY = 86400


class SequenceError(BridgeError):
    """A sequence that cannot be saved as it is; `problems` lists every reason."""

    def __init__(self, problems: list[str], *, field: str | None = None) -> None:
        super().__init__(" ".join(problems), field=field)
        self.problems = problems


@dataclasses.dataclass(frozen=True)
class StepSpec:
    content: Content
    delay: datetime.timedelta
    window_days: list[int] | None = None
    window_start: datetime.time | None = None
    window_end: datetime.time | None = None


def own_window_problem(days, start, end) -> str:
    """Why a step's own send window can't be used, or "" if it can (or it has none)."""
    given = [value not in (None, []) for value in (days, start, end)]
    if not any(given):
        return ""
    if not all(given):
        return (
            "A send window of its own needs days, a start and an end; clear all three to use "
            "the workspace's."
        )
    try:
        window_from_workspace_fields(days, start, end)
    except (ValueError, TypeError) as exc:
        return str(exc)
    return ""


def step_spec(data: dict) -> StepSpec:
    """A step as a form (the builder's or the admin's) cleaned it: delay in days."""
    return StepSpec(
        content=data["content"],
        delay=datetime.timedelta(seconds=int(data["delay_days"] * SECONDS_PER_DAY)),
        window_days=sorted(data["window_days"]) or None,
        window_start=data.get("window_start"),
        window_end=data.get("window_end"),
    )


def sequence_problems(workspace: Workspace, steps: list[StepSpec]) -> list[str]:
    """Everything wrong with an ordered list of steps, in words a coach can act on."""
    problems = [
        problem.message
        for problem in judge_step_types(
            [spec.content.kind for spec in steps],
            value_per_invitation=workspace.value_steps_per_invitation,
        )
    ]
    for number, spec in enumerate(steps, start=1):
        title = f"Step {number} (“{spec.content.title}”)"
        if spec.content.workspace_id != workspace.pk:
            problems.append(f"{title} uses content of another workspace.")
        if spec.content.status != ContentStatus.APPROVED:
            problems.append(f"{title} is a draft: approve the content first.")
        if spec.delay < datetime.timedelta(0):
            problems.append(f"{title} has a negative delay.")
        if problem := own_window_problem(spec.window_days, spec.window_start, spec.window_end):
            problems.append(f"{title}: {problem}")
    if steps:
        # The builder knows what the editor can't: this email opens the sequence, so
        # nothing came before it. What is pushy only in a first email is a problem here.
        first = steps[0].content
        as_first = check_content(
            first.subject, first.body, content_type=first.kind, is_first_email=True
        ).flags
        later = {
            (f.field, f.start, f.rule)
            for f in check_content(first.subject, first.body, content_type=first.kind).flags
        }
        baits = [
            flag.excerpt
            for flag in as_first
            if flag.field == "subject" or (flag.field, flag.start, flag.rule) not in later
        ]
        if baits:
            problems.append(
                f"Step 1 looks like a reply, a follow-up or an alarm ({', '.join(baits)}): "
                "a first email should say plainly what it is."
            )
    return problems


@transaction.atomic
def save_sequence(
    workspace: Workspace,
    *,
    sequence: Sequence | None = None,
    name: str,
    entry_stage: Stage,
    steps: list[StepSpec],
    active: bool = True,
    exit_on_stage_leave: bool = True,
) -> Sequence:
    """Create or edit a sequence; refused unless the step-type rule holds and content is approved.

    Steps are kept by position so sent history stays attached: a step that has
    already gone out to someone cannot be removed, only the sequence switched off.
    """
    problems = sequence_problems(workspace, steps)
    if not name.strip():
        problems.insert(0, "Give the sequence a name.")
    if entry_stage.workspace_id != workspace.pk:
        problems.append("The entry stage belongs to another workspace.")
    if not steps:
        problems.append("Add at least one step.")
    if sequence is not None:
        if sequence.workspace_id != workspace.pk:
            problems.append("That sequence belongs to another workspace.")
        existing = list(sequence.steps.select_related("content").order_by("position", "pk"))
        for step in existing[len(steps) :]:
            if step.deliveries.filter(status=DeliveryStatus.SENT).exists():
                problems.append(
                    f"Step {step.position} has already been sent; switch the sequence off "
                    "instead of removing it."
                )
    if problems:
        raise SequenceError(problems)

    before = None
    if sequence is None:
        sequence = Sequence(workspace=workspace)
        existing = []
    else:
        before = sequence_record(sequence, existing)
    sequence.name = name.strip()
    sequence.entry_stage = entry_stage
    sequence.active = active
    sequence.exit_on_stage_leave = exit_on_stage_leave
    sequence.save()
    for position, spec in enumerate(steps, start=1):
        step = existing[position - 1] if position <= len(existing) else Step(sequence=sequence)
        step.position = position
        step.content = spec.content
        step.delay = spec.delay
        step.window_days = spec.window_days or None
        step.window_start = spec.window_start
        step.window_end = spec.window_end
        step.save()
    for step in existing[len(steps) :]:
        step.delete()
    after = sequence_record(
        sequence, list(sequence.steps.select_related("content").order_by("position", "pk"))
    )
    changed = differences(before, after) if before is not None else {}
    if before is None or changed:
        record_change(
            workspace,
            area=ChangeArea.SEQUENCE,
            subject=sequence.name,
            summary=f"Made the sequence “{sequence.name}”"
            if before is None
            else f"Edited the sequence “{sequence.name}”: " + ", ".join(changed),
            fields=changed,
        )
    return sequence


def sequence_record(sequence: Sequence, steps: list[Step]) -> dict:
    """What an edit of a sequence shows on record."""
    return {
        "name": sequence.name,
        "entry stage": sequence.entry_stage.name,
        "on": "yes" if sequence.active else "no",
        "exits when they leave the stage": "yes" if sequence.exit_on_stage_leave else "no",
        "steps": [
            f"{step.position}. {step.content.title} after {step.delay.days} d" for step in steps
        ],
    }


@transaction.atomic
def delete_sequence(sequence: Sequence, *, by: Membership | None) -> None:
    """Delete a sequence nobody has been in; one that ran stays for their history."""
    try:
        roles.require(by, roles.DELETE_SEQUENCE, workspace=sequence.workspace)
    except roles.RoleError as refusal:
        raise SequenceError([refusal.message]) from None
    enrolled = sequence.enrollments.count()
    if enrolled:
        raise SequenceError(
            [
                f"{enrolled} {'person has' if enrolled == 1 else 'people have'} been in "
                f"“{sequence.name}”, so it stays for their history: switch it off instead."
            ]
        )
    record_change(
        sequence.workspace,
        area=ChangeArea.SEQUENCE,
        subject=sequence.name,
        summary=f"Deleted the sequence “{sequence.name}”",
    )
    sequence.delete()
