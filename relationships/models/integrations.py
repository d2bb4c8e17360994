"""Talking to other tools: API keys, idempotent requests, events and the webhook outbox.

Rules live in relationships/integrations/. Events are written in the same transaction
as the change they describe; each one fans out into a WebhookDelivery per endpoint
that wants it, an outbox claimed under a lease like the email outbox.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.timezone import now

from relationships.models.people import Prospect
from relationships.models.workspace import Workspace


class ApiKeyAccess(models.TextChoices):
    READ_ONLY = "read_only", "Read only"
    READ_WRITE = "read_write", "Read and write"


class ApiKey(models.Model):
    """A key a tool uses to act in one workspace. Only a hash of it is kept."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=100, help_text="What uses it, e.g. “Zapier”.")
    access = models.CharField(
        max_length=10, choices=ApiKeyAccess.choices, default=ApiKeyAccess.READ_ONLY
    )
    prefix = models.CharField(
        max_length=16, help_text="The key's first characters, to tell keys apart."
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=now, editable=False)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def read_only(self) -> bool:
        return self.access == ApiKeyAccess.READ_ONLY


class IdempotencyKey(models.Model):
    """A POST made with an Idempotency-Key header, and the answer it got.

    Written in the same transaction as the POST's own writes, so a retry either
    finds the answer or finds nothing done.
    """

    api_key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of method, path and body.")
    status_code = models.PositiveSmallIntegerField()
    response = models.TextField(blank=True)
    created_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["api_key", "key"], name="idempotency_key_once"),
        ]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"{self.key} ({self.status_code})"


class EventType(models.TextChoices):
    PROSPECT_CREATED = "prospect.created", "A prospect was added"
    PROSPECT_UPDATED = "prospect.updated", "A prospect's details or consent changed"
    PROSPECT_STAGE_CHANGED = "prospect.stage_changed", "A prospect moved to another stage"
    PROSPECT_ASKED_TO_TALK = "prospect.asked_to_talk", "A prospect asked to talk"
    PROSPECT_REPLIED = "prospect.replied", "A prospect replied"
    PROSPECT_UNSUBSCRIBED = "prospect.unsubscribed", "A prospect unsubscribed or complained"
    PROSPECT_ERASED = "prospect.erased", "A prospect was erased"
    DIAGNOSIS_RECORDED = "diagnosis.recorded", "A diagnosis was recorded"
    DELIVERY_SENT = "delivery.sent", "An email was sent"
    DELIVERY_BOUNCED = "delivery.bounced", "An email bounced"
    WEBHOOK_TEST = "webhook.test", "A test event (Send a test event)"


class Event(models.Model):
    """Something that happened in a workspace, for the events feed and for webhooks.

    An event about a prospect goes when they are erased: its data names them.
    """

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # No index of its own: event_feed leads with it, and every sent email writes an event.
    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="events", db_index=False
    )
    type = models.CharField(max_length=40, choices=EventType.choices)
    prospect = models.ForeignKey(
        Prospect, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["pk"]
        indexes = [
            # The feed: a workspace's events after a cursor, all or of one type.
            models.Index(fields=["workspace", "id"], name="event_feed"),
            models.Index(fields=["workspace", "type", "id"], name="event_feed_by_type"),
        ]

    def __str__(self) -> str:
        return f"{self.type} in {self.workspace_id} at {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def public_id(self) -> str:
        """The id receivers see, in the feed and as webhook-id: the same on every retry."""
        return f"evt_{self.uid.hex}"


class WebhookEndpoint(models.Model):
    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    url = models.URLField("URL", max_length=500)
    description = models.CharField(max_length=200, blank=True)
    events = models.JSONField(default=list, help_text="The event types it wants.")
    secret = models.CharField(max_length=100, help_text="Signs each request (Standard Webhooks).")
    enabled = models.BooleanField(default=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    failing_since = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.url


class WebhookStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CLAIMED = "claimed", "Sending"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


class WebhookDelivery(models.Model):
    """The webhook outbox: one row per (event, endpoint), claimed under a lease."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="webhook_deliveries")
    status = models.CharField(
        max_length=10, choices=WebhookStatus.choices, default=WebhookStatus.SCHEDULED
    )
    due_at = models.DateTimeField(default=now)
    lease_until = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event"], name="one_webhook_per_event"),
        ]
        indexes = [
            # The dispatcher's claim, as for email: due rows by time, only the open ones.
            models.Index(
                fields=["due_at"],
                condition=models.Q(status__in=["scheduled", "claimed"]),
                name="webhook_open_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event.type} to {self.endpoint.url} ({self.status})"


class AttemptOutcome(models.TextChoices):
    DELIVERED = "delivered", "Delivered"
    RETRYING = "retrying", "Will retry"
    FAILED = "failed", "Failed"


class WebhookAttempt(models.Model):
    """One request to an endpoint and how it answered: the log shown in Settings."""

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="attempts")
    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    at = models.DateTimeField(default=now)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_ms = models.PositiveIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=AttemptOutcome.choices)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["endpoint", "-at"], name="webhook_attempt_log")]

    def __str__(self) -> str:
        return f"{self.status_code or self.error} at {self.at:%Y-%m-%d %H:%M:%S}"
