"""Liveness for load balancers and operators: can we reach the database and the broker, and
is the outbox keeping up (no due email waiting too long, no claim stuck past its lease)?"""

import os

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection

from relationships.nurture.backlog import outbox_backlog


def database_state() -> str:
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as exc:  # any driver error means "not reachable"
        return f"error: {type(exc).__name__}"


def broker_state() -> str:
    try:
        with Connection(
            settings.CELERY_BROKER_URL,
            transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
            connect_timeout=2,
        ) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
            # The filesystem transport "connects" to anything: check its folder.
            if conn.transport_cls == "filesystem":
                folder = settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"]
                if not os.access(folder, os.W_OK):
                    return "error: broker folder missing or not writable"
        return "ok"
    except Exception as exc:  # any transport error means "not reachable"
        return f"error: {type(exc).__name__}"


def outbox_state() -> dict:
    try:
        return outbox_backlog().as_dict()
    except Exception as exc:  # the database answered SELECT 1 but not this: report it
        return {"state": f"error: {type(exc).__name__}"}


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    checks = {"database": database_state(), "broker": broker_state()}
    if checks["database"] == "ok":
        checks["outbox"] = outbox_state()
    healthy = all(
        (state["state"] if isinstance(state, dict) else state) == "ok" for state in checks.values()
    )
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )
