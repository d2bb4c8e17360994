"""Sequences: read them, and enroll, pause or resume one prospect in one.

Enrolling is the prospects list's "Enroll" (relationships/people/bulk.py) for one
person: refused without consent or for a sequence without steps. Pausing and resuming
are the prospect page's buttons for that one sequence.
"""

import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema

from relationships.api import queries
from relationships.api.errors import ApiError
from relationships.api.types import Id
from relationships.integrations.representations import StageRef
from relationships.models import EnrollmentState, Sequence
from relationships.nurture.enrollment import OPEN, pause_enrollments, resume_enrollments
from relationships.people.bulk import run_bulk

router = Router()


class StepOut(Schema):
    position: int
    content_id: int
    delay_seconds: int = Field(description="After the previous step (or enrollment).")
    window_days: list[int] | None = Field(description="ISO weekdays; null: the workspace's.")
    window_start: datetime.time | None
    window_end: datetime.time | None

    @staticmethod
    def resolve_delay_seconds(step) -> int:
        return int(step.delay.total_seconds())


class SequenceOut(Schema):
    id: int
    name: str
    entry_stage: StageRef = Field(description="Entering this stage enrolls the prospect.")
    active: bool
    exit_on_stage_leave: bool
    steps: list[StepOut]

    @staticmethod
    def resolve_steps(sequence: Sequence) -> list:
        return sorted(sequence.steps.all(), key=lambda step: (step.position, step.pk))


class EnrollmentOut(Schema):
    id: int
    prospect_id: int
    sequence_id: int
    state: EnrollmentState
    reason: str
    paused_until: datetime.date | None
    enrolled_at: datetime.datetime
    ended_at: datetime.datetime | None


class EnrollmentIn(Schema):
    prospect_id: Id


def refused(message: str) -> ApiError:
    return ApiError(422, "refused", message, field="prospect_id")


@router.get("", response=list[SequenceOut], summary="List sequences")
def list_sequences(request: HttpRequest):
    return list(queries.sequences(request.workspace).order_by("name", "pk"))


@router.get("/{sequence_id}", response=SequenceOut, summary="Read a sequence")
def read_sequence(request: HttpRequest, sequence_id: Id):
    return queries.sequence(request.workspace, sequence_id)


@router.post("/{sequence_id}/enroll", response=EnrollmentOut, summary="Enroll a prospect")
def enroll(request: HttpRequest, sequence_id: Id, payload: EnrollmentIn):
    """Start the sequence for them now; someone already in it stays as they are."""
    sequence = queries.sequence(request.workspace, sequence_id)
    prospect = queries.prospect(request.workspace, payload.prospect_id)
    if not sequence.active:
        raise refused(f"“{sequence.name}” is switched off: switch it on to enroll people.")
    outcome = run_bulk("enroll", [prospect], sequence=sequence)
    if outcome.form_error:
        raise refused(outcome.form_error[1])
    if outcome.refusals:
        raise refused(outcome.refusals[0].message)
    return queries.open_enrollment(prospect, sequence)


@router.post("/{sequence_id}/pause", response=EnrollmentOut, summary="Pause a prospect in it")
def pause(request: HttpRequest, sequence_id: Id, payload: EnrollmentIn):
    """Hold their emails from this sequence; what was queued is cancelled until resumed."""
    sequence = queries.sequence(request.workspace, sequence_id)
    prospect = queries.prospect(request.workspace, payload.prospect_id)
    enrollment = queries.open_enrollment(prospect, sequence)
    if enrollment is None or enrollment.state not in OPEN:
        raise refused(f"{prospect.name} is not in “{sequence.name}” now.")
    pause_enrollments(prospect, reason="Paused through the API", enrollments=[enrollment])
    enrollment.refresh_from_db()
    return enrollment


@router.post("/{sequence_id}/resume", response=EnrollmentOut, summary="Resume a prospect in it")
def resume(request: HttpRequest, sequence_id: Id, payload: EnrollmentIn):
    """Take a paused enrollment up again: unsent steps are scheduled afresh from now."""
    sequence = queries.sequence(request.workspace, sequence_id)
    prospect = queries.prospect(request.workspace, payload.prospect_id)
    enrollment = queries.open_enrollment(prospect, sequence)
    if enrollment is None or enrollment.state not in OPEN:
        raise refused(f"{prospect.name} is not in “{sequence.name}” now.")
    if enrollment.state == EnrollmentState.PAUSED and not resume_enrollments(
        prospect, enrollments=[enrollment]
    ):
        raise refused(
            f"{prospect.name} has not agreed to nurture email "
            f"(consent: {prospect.get_consent_display().lower()}), so nothing was resumed."
        )
    enrollment.refresh_from_db()
    return enrollment
