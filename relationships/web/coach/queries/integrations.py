"""Settings → API keys and Webhooks: the keys, the endpoints and each one's delivery log."""

from django.db.models import Count, Q

from relationships.integrations.keys import key_state
from relationships.models import (
    ApiKey,
    WebhookAttempt,
    WebhookEndpoint,
    WebhookStatus,
    Workspace,
)

LOG_SHOWN = 50


def api_keys(workspace: Workspace) -> list[ApiKey]:
    keys = list(workspace.api_keys.select_related("created_by").order_by("-created_at", "-pk"))
    for key in keys:
        key.state = key_state(key)
    return keys


def endpoints(workspace: Workspace) -> list[WebhookEndpoint]:
    """Each endpoint with how many of its events wait to go out, in one query."""
    return list(
        workspace.webhook_endpoints.annotate(
            waiting=Count(
                "deliveries",
                filter=Q(deliveries__status__in=[WebhookStatus.SCHEDULED, WebhookStatus.CLAIMED]),
            )
        ).order_by("created_at", "pk")
    )


def endpoint_log(endpoint: WebhookEndpoint, *, limit: int = LOG_SHOWN) -> list[WebhookAttempt]:
    """Its latest requests, newest first, with the event each carried."""
    return list(
        WebhookAttempt.objects.filter(endpoint=endpoint)
        .select_related("delivery__event")
        .order_by("-at", "-pk")[:limit]
    )


def waiting(endpoint: WebhookEndpoint) -> int:
    return endpoint.deliveries.filter(
        status__in=[WebhookStatus.SCHEDULED, WebhookStatus.CLAIMED]
    ).count()
