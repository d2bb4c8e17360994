"""Sequences, enrollments and the outbox of deliveries.

The outbox is the source of truth: nothing is sent that is not first a
Delivery row, and each row records its own fate right after the SMTP accept.
"""

import datetime

from django.db import models
from django.utils.timezone import now

from relationships.models.content import Content
from relationships.models.people import Prospect
from relationships.models.workspace import Stage, Workspace


class Sequence(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="sequences")
    name = models.CharField(max_length=200)
    entry_stage = models.ForeignKey(
        Stage,
        on_delete=models.PROTECT,
        related_name="sequences",
        help_text="Entering this stage enrolls the prospect.",
    )
    active = models.BooleanField(default=True)
    exit_on_stage_leave = models.BooleanField(
        default=True, help_text="Stop when the prospect leaves the entry stage."
    )
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta:
        ordering = ["workspace", "name"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "name"], name="sequence_name_once"),
        ]

    def __str__(self) -> str:
        return self.name


class Step(models.Model):
    sequence = models.ForeignKey(Sequence, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(default=0)
    content = models.ForeignKey(Content, on_delete=models.PROTECT, related_name="steps")
    delay = models.DurationField(
        default=datetime.timedelta(days=3), help_text="After the previous step (or enrollment)."
    )
    window_days = models.JSONField(
        null=True, blank=True, help_text="ISO weekdays; blank uses the workspace's send window."
    )
    window_start = models.TimeField(null=True, blank=True)
    window_end = models.TimeField(null=True, blank=True)

    class Meta:
        ordering = ["sequence", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.sequence}: step {self.position} ({self.content})"


class EnrollmentState(models.TextChoices):
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    COMPLETED = "completed", "Completed"
    EXITED = "exited", "Exited"


class Enrollment(models.Model):
    prospect = models.ForeignKey(Prospect, on_delete=models.CASCADE, related_name="enrollments")
    sequence = models.ForeignKey(Sequence, on_delete=models.CASCADE, related_name="enrollments")
    state = models.CharField(
        max_length=10, choices=EnrollmentState.choices, default=EnrollmentState.ACTIVE
    )
    reason = models.CharField(max_length=200, blank=True)
    paused_until = models.DateField(null=True, blank=True)
    enrolled_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-enrolled_at", "-pk"]
        constraints = [
            # Re-entering a stage later enrolls again, but never twice at once.
            models.UniqueConstraint(
                fields=["prospect", "sequence"],
                condition=models.Q(state__in=["active", "paused"]),
                name="one_open_enrollment",
            ),
        ]
        indexes = [
            models.Index(fields=["prospect", "state"]),
            # How many people a sequence holds now, counted in the index alone.
            models.Index(
                fields=["sequence"],
                condition=models.Q(state__in=["active", "paused"]),
                name="enrollment_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prospect.name} in {self.sequence} ({self.state})"


class DeliveryStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CLAIMED = "claimed", "Claimed"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"
    SKIPPED = "skipped", "Skipped"


class DeliveryKind(models.TextChoices):
    NURTURE = "nurture", "Nurture email"
    CONFIRM_SIGNUP = "confirm_signup", "Sign-up confirmation"
    ALREADY_SIGNED_UP = "already_signed_up", "Already on the list"
    # "Send me a test": one content, one prospect's details, to the coach's own address.
    TEST = "test", "Test to the coach"


class Delivery(models.Model):
    kind = models.CharField(max_length=20, choices=DeliveryKind.choices, default="nurture")
    # Nurture mail belongs to a step of an enrollment; transactional mail to neither.
    # Every index here costs each claim and each record an entry (a status change is never
    # a HOT update): a foreign key that leads a composite index below gets no index of its
    # own (enrollment: one_delivery_per_step; prospect and workspace: their status indexes).
    enrollment = models.ForeignKey(
        Enrollment,
        on_delete=models.CASCADE,
        related_name="deliveries",
        null=True,
        blank=True,
        db_index=False,
    )
    step = models.ForeignKey(
        Step, on_delete=models.CASCADE, related_name="deliveries", null=True, blank=True
    )
    # Denormalized so the dispatcher and the cap check read one table.
    prospect = models.ForeignKey(
        Prospect, on_delete=models.CASCADE, related_name="deliveries", db_index=False
    )
    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="deliveries", db_index=False
    )
    due_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.SCHEDULED
    )
    lease_until = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    # Two counters: a claim is not a send. A row leased again after a crash or a lost
    # broker task has not reached the wire; retry limits and backoff count SMTP tries only.
    claims = models.PositiveIntegerField(default=0, help_text="How often it was leased.")
    smtp_attempts = models.PositiveSmallIntegerField(
        default=0, help_text="How often it was handed to the mail server."
    )
    last_error = models.TextField(blank=True)
    reason = models.CharField(max_length=200, blank=True, help_text="Why skipped or cancelled.")
    # A test only: what it shows and where it goes (the coach, never the prospect).
    content = models.ForeignKey(
        Content, on_delete=models.CASCADE, related_name="+", null=True, blank=True, db_index=False
    )
    to_address = models.EmailField(blank=True)
    # When a planned email was skipped ahead of its time (by them): the timeline's date.
    skipped_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    clicked_at = models.DateTimeField(null=True, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    # "Was this useful?": a signal for the coach, never a trigger for more mail.
    useful = models.BooleanField(null=True, blank=True)
    useful_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "step"], name="one_delivery_per_step"),
        ]
        indexes = [
            # The dispatcher's claim: due rows by time, only among the open ones.
            models.Index(
                fields=["due_at"],
                condition=models.Q(status__in=["scheduled", "claimed"]),
                name="delivery_open_due",
            ),
            # Rows in flight and leases past their end (the dispatcher's cap, /health/).
            models.Index(
                fields=["lease_until"],
                condition=models.Q(status="claimed"),
                name="delivery_claimed_lease",
            ),
            models.Index(fields=["prospect", "status", "due_at"]),
            models.Index(fields=["workspace", "status", "due_at"]),
            # Today's "already sent today" and Insights' current week read only recent rows.
            # Partial: a claimed row has no sent_at yet, so claiming it adds nothing here.
            models.Index(
                fields=["workspace", "sent_at"],
                condition=models.Q(sent_at__isnull=False),
                name="delivery_sent_at",
            ),
            # Only a coach's test names its content: a partial index (the cascade when a
            # content is deleted) that the nurture rows never enter.
            models.Index(
                fields=["content"],
                condition=models.Q(content__isnull=False),
                name="delivery_test_content",
            ),
            models.Index(
                fields=["workspace", "replied_at"],
                condition=models.Q(replied_at__isnull=False),
                name="delivery_replied_at",
            ),
            models.Index(
                fields=["workspace", "useful_at"],
                condition=models.Q(useful_at__isnull=False),
                name="delivery_voted_at",
            ),
        ]

    def __str__(self) -> str:
        what = self.step.content if self.step_id else self.get_kind_display()
        return f"{what} to {self.prospect.email} ({self.status})"
