"""Webhook endpoints: added in Settings, signed with their own secret, switched off when
they keep failing (and the workspace's owners told why)."""

import base64
import datetime
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from relationships.errors import BridgeError
from relationships.integrations.addresses import AddressRefused, check_url
from relationships.integrations.events import SUBSCRIBABLE, queue_for_endpoints
from relationships.models import (
    Event,
    EventType,
    Membership,
    Role,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookStatus,
    Workspace,
)
from relationships.nurture.rendering import render_email
from relationships.workspaces import roles

SECRET_PREFIX = "whsec_"
URL_MAX = 500
DESCRIPTION_MAX = 200
DISABLED_FOR_FAILURES = "Kept failing"
# Settings shows the latest requests; a month of them is plenty to see a pattern.
LOG_KEPT = datetime.timedelta(days=30)


class WebhookError(BridgeError):
    """An endpoint that can't be saved or used as asked."""


def new_secret() -> str:
    """A Standard Webhooks secret: `whsec_` and 24 random bytes in base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def clean_endpoint(url: str, events: list[str], description: str) -> tuple[str, list[str], str]:
    url = url.strip()
    if not url:
        raise WebhookError("Enter the URL that should receive the events.", field="url")
    if len(url) > URL_MAX:
        raise WebhookError(f"Keep the URL under {URL_MAX} characters.", field="url")
    try:
        check_url(url)
    except AddressRefused as refusal:
        raise WebhookError(refusal.message, field="url") from None
    wanted = [event for event in SUBSCRIBABLE if event in set(events)]
    unknown = sorted(set(events) - set(SUBSCRIBABLE))
    if unknown:
        raise WebhookError(f"Unknown event type: {', '.join(unknown)}.", field="events")
    if not wanted:
        raise WebhookError("Choose at least one event to send.", field="events")
    description = description.strip()
    if len(description) > DESCRIPTION_MAX:
        raise WebhookError(
            f"Keep the description under {DESCRIPTION_MAX} characters.", field="description"
        )
    return url, [str(event) for event in wanted], description


@transaction.atomic
def add_endpoint(
    workspace: Workspace,
    *,
    url: str,
    events: list[str],
    description: str = "",
    by: Membership | None,
    user: AbstractBaseUser | None = None,
) -> WebhookEndpoint:
    roles.require(by, roles.MANAGE_INTEGRATIONS, workspace=workspace)
    url, events, description = clean_endpoint(url, events, description)
    return WebhookEndpoint.objects.create(
        workspace=workspace,
        url=url,
        events=events,
        description=description,
        secret=new_secret(),
        created_by=user or (by.user if by is not None else None),
    )


@transaction.atomic
def update_endpoint(
    endpoint: WebhookEndpoint,
    *,
    url: str,
    events: list[str],
    description: str = "",
    by: Membership | None,
) -> WebhookEndpoint:
    """Change where it sends and what; events already queued keep going to the new URL."""
    roles.require(by, roles.MANAGE_INTEGRATIONS, workspace=endpoint.workspace)
    endpoint.url, endpoint.events, endpoint.description = clean_endpoint(url, events, description)
    endpoint.save(update_fields=["url", "events", "description"])
    return endpoint


@transaction.atomic
def rotate_secret(endpoint: WebhookEndpoint, *, by: Membership | None) -> str:
    roles.require(by, roles.MANAGE_INTEGRATIONS, workspace=endpoint.workspace)
    endpoint.secret = new_secret()
    endpoint.save(update_fields=["secret"])
    return endpoint.secret


@transaction.atomic
def enable_endpoint(endpoint: WebhookEndpoint, *, by: Membership | None) -> None:
    """Switch it on again with a clean slate; only new events go to it."""
    roles.require(by, roles.MANAGE_INTEGRATIONS, workspace=endpoint.workspace)
    endpoint.enabled = True
    endpoint.disabled_at = None
    endpoint.disabled_reason = ""
    endpoint.consecutive_failures = 0
    endpoint.failing_since = None
    endpoint.save(
        update_fields=[
            "enabled",
            "disabled_at",
            "disabled_reason",
            "consecutive_failures",
            "failing_since",
        ]
    )


@transaction.atomic
def disable_endpoint(
    endpoint: WebhookEndpoint, *, by: Membership | None, reason: str = "Switched off"
) -> int:
    """Stop sending to it; what it had queued is cancelled. Returns how many were."""
    roles.require(by, roles.MANAGE_INTEGRATIONS, workspace=endpoint.workspace)
    now = timezone.now()
    endpoint.enabled = False
    endpoint.disabled_at = now
    endpoint.disabled_reason = reason[:300]
    endpoint.save(update_fields=["enabled", "disabled_at", "disabled_reason"])
    return WebhookDelivery.objects.filter(endpoint=endpoint, status=WebhookStatus.SCHEDULED).update(
        status=WebhookStatus.CANCELLED, last_error=f"Endpoint switched off: {reason}"[:300]
    )


@transaction.atomic
def delete_endpoint(endpoint: WebhookEndpoint, *, by: Membership | None) -> None:
    roles.require(by, roles.MANAGE_INTEGRATIONS, workspace=endpoint.workspace)
    endpoint.delete()


@transaction.atomic
def send_test_event(endpoint: WebhookEndpoint, *, by: Membership | None) -> Event:
    """A `webhook.test` event for this endpoint alone, through the outbox like any other."""
    roles.require(by, roles.MANAGE_INTEGRATIONS, workspace=endpoint.workspace)
    if not endpoint.enabled:
        raise WebhookError("Switch the endpoint on before sending it a test event.")
    event = Event.objects.create(
        type=EventType.WEBHOOK_TEST,
        workspace_id=endpoint.workspace_id,
        data={"message": "A test event from Bridge: your endpoint is reachable."},
    )
    queue_for_endpoints([event], now=event.created_at, endpoints=[endpoint])
    return event


# ---- health: consecutive failures switch an endpoint off ------------------------------------


def record_health(
    endpoint_id: int,
    *,
    succeeded_at: datetime.datetime | None,
    failures_after: int,
    first_failure_at: datetime.datetime | None,
) -> bool:
    """Fold a batch's outcomes for one endpoint into its health; True if it was switched off.

    `failures_after` counts the failed attempts after its last success in the batch (all of
    them, if none succeeded).
    """
    endpoints = WebhookEndpoint.objects.filter(pk=endpoint_id)
    if succeeded_at is not None:
        endpoints.update(
            last_success_at=succeeded_at,
            consecutive_failures=failures_after,
            failing_since=first_failure_at if failures_after else None,
        )
    elif failures_after:
        endpoints.update(
            consecutive_failures=F("consecutive_failures") + failures_after,
            failing_since=Coalesce("failing_since", first_failure_at),
        )
    if not failures_after:
        return False
    return switch_off_if_failing(endpoint_id)


def switch_off_if_failing(endpoint_id: int, *, now: datetime.datetime | None = None) -> bool:
    """An endpoint that failed WEBHOOK_DISABLE_AFTER_FAILURES times in a row, for at least
    WEBHOOK_DISABLE_AFTER_SECONDS, is switched off and the workspace's owners are emailed."""
    now = now or timezone.now()
    since = now - datetime.timedelta(seconds=settings.WEBHOOK_DISABLE_AFTER_SECONDS)
    with transaction.atomic():
        switched = WebhookEndpoint.objects.filter(
            pk=endpoint_id,
            enabled=True,
            consecutive_failures__gte=settings.WEBHOOK_DISABLE_AFTER_FAILURES,
            failing_since__lte=since,
        ).update(enabled=False, disabled_at=now, disabled_reason=DISABLED_FOR_FAILURES)
        if not switched:
            return False
        endpoint = WebhookEndpoint.objects.select_related("workspace").get(pk=endpoint_id)
        WebhookDelivery.objects.filter(endpoint=endpoint, status=WebhookStatus.SCHEDULED).update(
            status=WebhookStatus.CANCELLED, last_error="Endpoint switched off: it kept failing"
        )
        tell_owners(endpoint)
    return True


def tell_owners(endpoint: WebhookEndpoint) -> None:
    """Email the workspace's owners that an endpoint was switched off, once it is."""
    workspace = endpoint.workspace
    owners = sorted(
        {
            email
            for email in Membership.objects.filter(
                workspace=workspace, role=Role.OWNER
            ).values_list("user__email", flat=True)
            if email
        }
    )
    if not owners:
        return
    last = endpoint.attempts.order_by("-at", "-pk").first()
    rendered = render_email(
        "webhook_disabled",
        {
            "workspace": workspace,
            "endpoint": endpoint,
            "last": last,
            "url": settings.SITE_URL + reverse("coach:webhook", args=[endpoint.pk]),
        },
    )
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=owners,
    )
    message.attach_alternative(rendered.html, "text/html")
    transaction.on_commit(message.send, robust=True)


def prune_log(now: datetime.datetime | None = None) -> int:
    """Forget requests older than LOG_KEPT; returns how many."""
    now = now or timezone.now()
    deleted, _ = WebhookAttempt.objects.filter(at__lt=now - LOG_KEPT).delete()
    return deleted
