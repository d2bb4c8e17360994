"""A prospect's page: one timeline of everything, their enrollments and diagnoses."""

import dataclasses
import datetime

from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    OuterRef,
    Q,
)
from django.utils import timezone

from relationships.history.queries import prospect_changes
from relationships.models import (
    Actor,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Diagnosis,
    Enrollment,
    EnrollmentState,
    Interaction,
    InteractionKind,
    Prospect,
    StageChange,
)
from relationships.web.coach.queries.cards import QUEUED
from relationships.web.coach.queries.choices import person_name

TIMELINE_EVENTS_SHOWN = 150


@dataclasses.dataclass(frozen=True)
class TimelineEvent:
    at: datetime.datetime
    kind: str
    title: str
    detail: str = ""
    by: str = ""
    diagnosis: Diagnosis | None = None


def delivery_title(delivery: Delivery) -> str:
    if delivery.step_id and delivery.step.content_id:
        return f"“{delivery.step.content.subject}”"
    return delivery.get_kind_display().lower()


def delivery_events(delivery: Delivery) -> list[TimelineEvent]:
    """What happened to one email: its send (or why not), and what the prospect did with it."""
    what = delivery_title(delivery)
    sequence = delivery.enrollment.sequence.name if delivery.enrollment_id else ""
    events = []
    if delivery.status == DeliveryStatus.SENT and delivery.sent_at:
        events.append(TimelineEvent(delivery.sent_at, "sent", f"Sent {what}", sequence))
    elif delivery.status == DeliveryStatus.SKIPPED:
        events.append(
            # Skipped ahead (by them): when they said so, not when it was planned for.
            TimelineEvent(
                delivery.skipped_at or delivery.due_at,
                "skipped",
                f"Skipped {what}",
                delivery.reason or "",
            )
        )
    elif delivery.status == DeliveryStatus.FAILED:
        events.append(
            TimelineEvent(
                delivery.due_at, "failed", f"Could not send {what}", delivery.last_error[:300]
            )
        )
    if delivery.opened_at:
        events.append(TimelineEvent(delivery.opened_at, "opened", f"Opened {what}"))
    if delivery.clicked_at:
        events.append(TimelineEvent(delivery.clicked_at, "clicked", f"Clicked a link in {what}"))
    if delivery.replied_at:
        events.append(TimelineEvent(delivery.replied_at, "replied", f"Replied to {what}"))
    if delivery.useful is not None and delivery.useful_at:
        verdict = "Found {} useful" if delivery.useful else "Said {} wasn't useful to them"
        events.append(TimelineEvent(delivery.useful_at, "useful", verdict.format(what)))
    return events


def stage_event(change: StageChange) -> TimelineEvent:
    if change.from_stage is None:
        title = f"Added in {change.to_stage.name}"
    else:
        title = f"Moved from {change.from_stage.name} to {change.to_stage.name}"
    by = {
        Actor.COACH: person_name(change.user) or change.user_name or "A coach",
        Actor.PROSPECT: "Their own choice",
        Actor.SYSTEM: "Bridge",
    }.get(change.actor, "")
    return TimelineEvent(change.at, "stage", title, change.reason, by)


def diagnosis_at(diagnosis: Diagnosis) -> datetime.datetime:
    """A diagnosis dated earlier than it was written sits on its day in the timeline."""
    if timezone.localdate(diagnosis.created_at) == diagnosis.diagnosed_on:
        return diagnosis.created_at
    return datetime.datetime.combine(
        diagnosis.diagnosed_on, datetime.time(12), tzinfo=timezone.get_current_timezone()
    )


def prospect_timeline(
    prospect: Prospect, *, limit: int = TIMELINE_EVENTS_SHOWN
) -> list[TimelineEvent]:
    """Stage changes, interactions, emails and diagnoses in one story, newest first."""
    changes = prospect.stage_changes.select_related("from_stage", "to_stage", "user")[:limit]
    interactions = prospect.interactions.select_related("author")[:limit]
    deliveries = (
        prospect.deliveries.exclude(status__in=[*QUEUED, DeliveryStatus.CANCELLED])
        .exclude(kind=DeliveryKind.TEST)
        .select_related("step__content", "enrollment__sequence")
        .order_by("-due_at", "-pk")[:limit]
    )
    diagnoses = prospect.diagnoses.select_related("author")[:limit]
    events = [stage_event(change) for change in changes]
    events += [
        TimelineEvent(
            change.at,
            "edited",
            change.summary,
            "; ".join(f"{name}: {old} → {new}" for name, (old, new) in change.fields.items()),
            change.actor_name or "Bridge",
        )
        for change in prospect_changes(prospect, limit=limit)
    ]
    events += [
        TimelineEvent(
            interaction.at,
            interaction.kind,
            interaction.get_kind_display(),
            interaction.summary,
            person_name(interaction.author) or interaction.author_name,
        )
        for interaction in interactions
    ]
    for delivery in deliveries:
        events += delivery_events(delivery)
    events += [
        TimelineEvent(
            diagnosis_at(diagnosis),
            "diagnosis",
            "Diagnosis recorded",
            diagnosis.desired_outcome,
            person_name(diagnosis.author) or diagnosis.author_name,
            diagnosis,
        )
        for diagnosis in diagnoses
    ]
    events.sort(key=lambda event: event.at, reverse=True)
    return events[:limit]


def prospect_enrollments(prospect: Prospect) -> list[Enrollment]:
    """Their sequences, open ones first, each with its next scheduled email (if any)."""
    next_due = (
        Delivery.objects.filter(enrollment=OuterRef("pk"), status__in=QUEUED)
        .order_by("due_at")
        .values("due_at")[:1]
    )
    return list(
        prospect.enrollments.select_related("sequence")
        .annotate(
            next_due=next_due,
            is_open=ExpressionWrapper(
                Q(state__in=[EnrollmentState.ACTIVE, EnrollmentState.PAUSED]),
                output_field=BooleanField(),
            ),
        )
        .order_by("-is_open", "-enrolled_at", "-pk")
    )


def latest_diagnoses(prospect: Prospect, *, limit: int = 20) -> list[Diagnosis]:
    return list(prospect.diagnoses.select_related("author")[:limit])


def recent_conversation(prospect: Prospect, *, limit: int = 5) -> list[Interaction]:
    """What they said and what was talked about lately: listening notes beside a diagnosis."""
    return list(
        prospect.interactions.filter(
            kind__in=[InteractionKind.EMAIL_IN, InteractionKind.CALL, InteractionKind.MEETING]
        )[:limit]
    )
