"""Rules for the order of steps in a nurture sequence.

A sequence is judged by its step types alone ("value", "question", "invitation"), so the
rule can run in a form, the admin or a management command before anything is saved.

The rules, each reported as a plain-English problem a coach can act on:

1. Every step has a known type.
2. A sequence does not start with an Invitation: the first thing a prospect gets from you
   should be useful, not an ask.
3. Overall, there are at least ``value_per_invitation`` Value or Question steps for each
   Invitation (default 3: three helpful emails per ask).
4. Invitations are spread out: between one Invitation and the next there are at least
   ``value_per_invitation`` Value or Question steps, so each ask follows real help rather
   than coming in a cluster. (The first Invitation is governed by rule 2 and the overall
   ratio; rule 4 only looks at the gaps between invitations.)

An empty sequence has no problems.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

STEP_TYPES = ("value", "question", "invitation")


@dataclass(frozen=True)
class StepProblem:
    index: int | None  # 0-based step index, or None for a problem with the whole sequence
    message: str


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def judge_step_types(
    step_types: Sequence[str], *, value_per_invitation: int = 3
) -> list[StepProblem]:
    """Problems with the order of a sequence's step types, in step order (whole-sequence last)."""
    if value_per_invitation < 0:
        raise ValueError("value_per_invitation must be zero or more.")
    types = [str(t).strip().lower() for t in step_types]
    problems: list[StepProblem] = []

    for index, step_type in enumerate(types):
        if step_type not in STEP_TYPES:
            problems.append(
                StepProblem(
                    index,
                    f"Step {index + 1} has an unknown type {step_types[index]!r}: "
                    "choose Value, Question or Invitation.",
                )
            )

    if types and types[0] == "invitation":
        problems.append(
            StepProblem(
                0,
                "Step 1 is an Invitation: open with a Value or Question email so the first "
                "thing they get from you is useful.",
            )
        )

    last_invitation: int | None = None
    helpful_since_last = 0
    for index, step_type in enumerate(types):
        if step_type in ("value", "question"):
            helpful_since_last += 1
        elif step_type == "invitation":
            if last_invitation is not None and helpful_since_last < value_per_invitation:
                gap = (
                    "right after"
                    if helpful_since_last == 0
                    else f"only {_plural(helpful_since_last, 'Value or Question step')} after"
                )
                problems.append(
                    StepProblem(
                        index,
                        f"Step {index + 1} is an Invitation {gap} the Invitation at step "
                        f"{last_invitation + 1}: put at least "
                        f"{_plural(value_per_invitation, 'Value or Question step')} between "
                        "invitations so each ask follows real help.",
                    )
                )
            last_invitation = index
            helpful_since_last = 0

    invitations = types.count("invitation")
    helpful = types.count("value") + types.count("question")
    needed = invitations * value_per_invitation
    if invitations and helpful < needed:
        missing = needed - helpful
        problems.append(
            StepProblem(
                None,
                f"{_plural(invitations, 'invitation')} {'needs' if invitations == 1 else 'need'} "
                f"at least {needed} Value or Question "
                f"steps; you have {helpful} — add {missing} or turn an invitation into a Question.",
            )
        )
    problems.sort(key=lambda p: (p.index is None, p.index or 0))
    return problems
