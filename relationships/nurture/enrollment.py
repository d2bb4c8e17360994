"""Who is in which sequence, and what the outbox holds for them.

Entering a stage enrolls; leaving it, an outcome, a reply or a "stop" exits
or pauses. Every change to an enrollment changes its queued deliveries in the
same transaction, so queued mail obeys at once.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from relationships.models import (
    Consent,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Enrollment,
    EnrollmentState,
    Prospect,
    Sequence,
    Stage,
    StageKey,
    StageKind,
    Step,
    Workspace,
)
from relationships.nurture.scheduling import SendWindow, due_times_for_steps, next_send_time

OPEN = [EnrollmentState.ACTIVE, EnrollmentState.PAUSED]
QUEUED = [DeliveryStatus.SCHEDULED, DeliveryStatus.CLAIMED]
PAUSED_FOR_NOT_NOW = "Not now"
WAITING_FOR_COACH = "Waiting for the coach"


def workspace_window(workspace: Workspace) -> SendWindow:
    return SendWindow(
        frozenset(workspace.send_days), workspace.send_window_start, workspace.send_window_end
    )


def step_window(step: Step, workspace: Workspace) -> SendWindow:
    if step.window_days and step.window_start and step.window_end:
        return SendWindow(frozenset(step.window_days), step.window_start, step.window_end)
    return workspace_window(workspace)


def frequency_cap(prospect: Prospect, workspace: Workspace) -> datetime.timedelta:
    """At most one nurture email per cap; "less often" stretches it for this prospect."""
    return datetime.timedelta(days=workspace.frequency_cap_days * prospect.nurture_spacing)


def taken_times(prospect_ids: Iterable[int], *, now: datetime.datetime, longest_cap):
    """Each prospect's queued and recently sent nurture times, for the cap."""
    taken = defaultdict(list)
    # Only nurture counts: a sign-up confirmation must not hold back the first welcome email.
    rows = Delivery.objects.filter(
        prospect_id__in=list(prospect_ids), kind=DeliveryKind.NURTURE
    ).filter(Q(status__in=QUEUED) | Q(status=DeliveryStatus.SENT, sent_at__gte=now - longest_cap))
    for prospect_id, status, due_at, sent_at in rows.values_list(
        "prospect_id", "status", "due_at", "sent_at"
    ):
        taken[prospect_id].append(sent_at if status == DeliveryStatus.SENT else due_at)
    return taken


def can_receive(prospect: Prospect) -> bool:
    return prospect.consent == Consent.CONFIRMED


def enroll_many(
    prospects: list[Prospect], sequence: Sequence, *, now: datetime.datetime | None = None
) -> list[Enrollment]:
    """Enroll prospects (already loaded with their workspace) and schedule every step.

    A constant number of queries whatever the count: prospects already in the
    sequence or without consent are left out.
    """
    now = now or timezone.now()
    workspace = sequence.workspace
    steps = list(sequence.steps.order_by("position", "pk"))
    if not steps or not sequence.active:
        return []
    with transaction.atomic():
        already = set(
            Enrollment.objects.filter(
                sequence=sequence, state__in=OPEN, prospect__in=[p.pk for p in prospects]
            ).values_list("prospect_id", flat=True)
        )
        joining = [p for p in prospects if p.pk not in already and can_receive(p)]
        if not joining:
            return []
        # Someone waiting for the coach (a reply, "I'd like to talk") gets no
        # automation: their new enrollments wait, paused, until the coach resumes.
        enrollments = Enrollment.objects.bulk_create(
            [
                Enrollment(
                    prospect=p,
                    sequence=sequence,
                    enrolled_at=now,
                    updated_at=now,
                    state=EnrollmentState.PAUSED if p.needs_attention else EnrollmentState.ACTIVE,
                    reason=WAITING_FOR_COACH if p.needs_attention else "",
                )
                for p in joining
            ]
        )
        windows = [step_window(step, workspace) for step in steps]
        delays = [step.delay for step in steps]
        caps = {p.pk: frequency_cap(p, workspace) for p in joining}
        taken = taken_times(caps, now=now, longest_cap=max(caps.values()))
        deliveries = []
        for prospect, enrollment in zip(joining, enrollments, strict=True):
            due = due_times_for_steps(
                now,
                delays=delays,
                zone=prospect.zone,
                windows=windows,
                taken=taken[prospect.pk],
                cap=caps[prospect.pk],
                spread_key=prospect.pk,
            )
            deliveries += [
                Delivery(
                    enrollment=enrollment,
                    step=step,
                    prospect=prospect,
                    workspace=workspace,
                    due_at=due_at,
                    created_at=now,
                    **(
                        {
                            "status": DeliveryStatus.CANCELLED,
                            "reason": f"Paused: {WAITING_FOR_COACH}",
                        }
                        if prospect.needs_attention
                        else {}
                    ),
                )
                for step, due_at in zip(steps, due, strict=True)
            ]
        Delivery.objects.bulk_create(deliveries, batch_size=2000)
    return enrollments


def enroll(prospect: Prospect, sequence: Sequence, *, now=None) -> Enrollment | None:
    """Enroll one prospect; returns their open enrollment (new or existing) or None."""
    enrolled = enroll_many([prospect], sequence, now=now)
    if enrolled:
        return enrolled[0]
    return Enrollment.objects.filter(prospect=prospect, sequence=sequence, state__in=OPEN).first()


def cancel_queued(enrollments, *, reason: str) -> int:
    # A claimed row keeps its claim token: if its message is already on the
    # wire, the worker can still record that it was sent.
    return Delivery.objects.filter(enrollment__in=enrollments, status__in=QUEUED).update(
        status=DeliveryStatus.CANCELLED, reason=reason[:200], lease_until=None
    )


@transaction.atomic
def exit_enrollments(prospect: Prospect, *, reason: str, sequences=None, now=None) -> int:
    """End open enrollments (all, or of the given sequences) and cancel what they queued."""
    now = now or timezone.now()
    open_ = Enrollment.objects.filter(prospect=prospect, state__in=OPEN)
    if sequences is not None:
        open_ = open_.filter(sequence__in=sequences)
    ids = list(open_.values_list("pk", flat=True))
    cancel_queued(ids, reason=reason)
    return Enrollment.objects.filter(pk__in=ids).update(
        state=EnrollmentState.EXITED, reason=reason[:200], updated_at=now, ended_at=now
    )


@transaction.atomic
def pause_enrollments(
    prospect: Prospect,
    *,
    reason: str,
    until: datetime.date | None = None,
    enrollments=None,
    now=None,
) -> int:
    """Hold active enrollments (all, or the given ones) and cancel their queued mail.

    Resuming reschedules what was cancelled.
    """
    now = now or timezone.now()
    active = Enrollment.objects.filter(prospect=prospect, state=EnrollmentState.ACTIVE)
    if enrollments is not None:
        active = active.filter(pk__in=[e.pk for e in enrollments])
    ids = list(active.values_list("pk", flat=True))
    cancel_queued(ids, reason=f"Paused: {reason}")
    return Enrollment.objects.filter(pk__in=ids).update(
        state=EnrollmentState.PAUSED, reason=reason[:200], paused_until=until, updated_at=now
    )


@transaction.atomic
def resume_enrollments(prospect: Prospect, *, enrollments=None, now=None) -> int:
    """Take paused enrollments up again: their unsent steps are scheduled afresh from now.

    Only steps that were never sent come back (peers re-sent on resume:
    listmonk #2070), and each keeps its own delay from now.
    """
    now = now or timezone.now()
    paused = Enrollment.objects.filter(prospect=prospect, state=EnrollmentState.PAUSED)
    if enrollments is not None:
        paused = paused.filter(pk__in=[e.pk for e in enrollments])
    paused = list(paused.select_related("sequence__workspace"))
    if not paused or not can_receive(prospect):
        return 0
    workspace = paused[0].sequence.workspace
    cap = frequency_cap(prospect, workspace)
    taken = taken_times([prospect.pk], now=now, longest_cap=cap)[prospect.pk]
    for enrollment in paused:
        waiting = list(
            enrollment.deliveries.filter(status=DeliveryStatus.CANCELLED)
            .select_related("step")
            .order_by("step__position", "step__pk")
        )
        due = due_times_for_steps(
            now,
            delays=[d.step.delay for d in waiting],
            zone=prospect.zone,
            windows=[step_window(d.step, workspace) for d in waiting],
            taken=taken,
            cap=cap,
            spread_key=prospect.pk,
        )
        for delivery, due_at in zip(waiting, due, strict=True):
            delivery.due_at = due_at
            delivery.status = DeliveryStatus.SCHEDULED
            delivery.reason = ""
            delivery.claim_token = ""
        Delivery.objects.bulk_update(waiting, ["due_at", "status", "reason", "claim_token"])
        taken = [*taken, *due]
        state = EnrollmentState.ACTIVE if waiting else EnrollmentState.COMPLETED
        enrollment.state = state
        enrollment.reason = "Resumed" if waiting else "Nothing left to send"
        enrollment.paused_until = None
        enrollment.updated_at = now
        if not waiting:
            enrollment.ended_at = now
        enrollment.save(update_fields=["state", "reason", "paused_until", "updated_at", "ended_at"])
    return len(paused)


@transaction.atomic
def reschedule_queued(prospect: Prospect, *, now=None) -> int:
    """Re-space a prospect's scheduled mail after their cap changed (e.g. "less often")."""
    now = now or timezone.now()
    workspace = prospect.workspace
    cap = frequency_cap(prospect, workspace)
    queued = list(
        Delivery.objects.filter(
            prospect=prospect, kind=DeliveryKind.NURTURE, status=DeliveryStatus.SCHEDULED
        )
        .select_related("step")
        .order_by("due_at", "pk")
    )
    taken = list(
        Delivery.objects.filter(
            prospect=prospect,
            kind=DeliveryKind.NURTURE,
            status=DeliveryStatus.SENT,
            sent_at__gte=now - cap,
        ).values_list("sent_at", flat=True)
    )
    for delivery in queued:
        delivery.due_at = next_send_time(
            max(delivery.due_at, now),
            zone=prospect.zone,
            window=step_window(delivery.step, workspace),
            taken=taken,
            cap=cap,
            spread_key=prospect.pk,
        )
        taken.append(delivery.due_at)
    Delivery.objects.bulk_update(queued, ["due_at"])
    return len(queued)


def sequence_still_fits(sequence: Sequence, stage: Stage) -> bool:
    """May this sequence keep mailing someone in this stage?"""
    if stage.kind == StageKind.OUTCOME:
        return False
    return not sequence.exit_on_stage_leave or sequence.entry_stage_id == stage.pk


@transaction.atomic
def apply_stage_change(prospect: Prospect, *, from_stage: Stage | None, to_stage: Stage) -> None:
    """What a stage move means for nurture (called after the move commits)."""
    if to_stage.key == StageKey.NOT_NOW:
        pause_enrollments(prospect, reason=PAUSED_FOR_NOT_NOW, until=prospect.revisit_on)
        return
    if to_stage.kind == StageKind.OUTCOME:
        exit_enrollments(prospect, reason=f"Moved to {to_stage.name}")
        return
    open_ = Enrollment.objects.filter(prospect=prospect, state__in=OPEN).select_related("sequence")
    leaving = [e.sequence_id for e in open_ if not sequence_still_fits(e.sequence, to_stage)]
    if leaving:
        exit_enrollments(prospect, reason=f"Moved to {to_stage.name}", sequences=leaving)
    if from_stage is not None and from_stage.key == StageKey.NOT_NOW:
        parked = [
            e
            for e in open_
            if e.state == EnrollmentState.PAUSED
            and e.reason == PAUSED_FOR_NOT_NOW
            and e.sequence_id not in leaving
        ]
        resume_enrollments(prospect, enrollments=parked)
    enroll_in_stage_sequences(prospect, to_stage)


def enroll_in_stage_sequences(prospect: Prospect, stage: Stage) -> list[Enrollment]:
    prospect = Prospect.objects.select_related("workspace").get(pk=prospect.pk)
    enrolled = []
    for sequence in Sequence.objects.filter(entry_stage=stage, active=True).select_related(
        "workspace"
    ):
        enrolled += enroll_many([prospect], sequence)
    return enrolled
