"""What every request that changes something goes through, whichever endpoint it is.

Wrapped around each operation of the API (ninja's view decorators), so a new endpoint
can't forget it:

- the key must be allowed to change records (workspaces/roles.py: a read-only key is a
  reader and may not), unless the view is marked `changes_nothing` (a check that only
  computes, like the value-first check);
- the whole request runs in one transaction, and an answer of 400 or more rolls it
  back: never a half-done write;
- a POST with an Idempotency-Key is done once; a retry gets the first answer
  (relationships/integrations/idempotency.py).
"""

import functools
from collections.abc import Callable

from django.db import transaction
from django.http import HttpRequest, HttpResponse

from relationships.api.auth import acting, authenticated
from relationships.api.errors import ApiError, error_response
from relationships.history.changes import acting as record_as
from relationships.integrations import idempotency
from relationships.workspaces import roles

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"


def changes_nothing(view: Callable) -> Callable:
    """Mark a POST that only computes an answer: a read-only key may call it."""
    view.changes_nothing = True
    return view


def valid_idempotency_key(value: str) -> bool:
    return 0 < len(value) <= idempotency.KEY_MAX and all(" " < c <= "~" for c in value)


def guard_writes(run: Callable) -> Callable:
    operation = getattr(run, "__self__", None)
    reads_only = getattr(getattr(operation, "view_func", None), "changes_nothing", False)

    @functools.wraps(run)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method in SAFE_METHODS:
            return run(request, *args, **kwargs)
        try:
            key = authenticated(request)
        except ApiError:
            key = None
        if key is None:
            return run(request, *args, **kwargs)  # ninja answers 401 as for any request
        if not reads_only and not roles.may(acting(request), roles.CHANGE_RECORDS):
            return error_response(
                403,
                "read_only_key",
                "This API key is read only: make a read-write key in Settings → API keys "
                "to add or change anything.",
            )
        idempotency_key = request.headers.get(HEADER) if request.method == "POST" else None
        if idempotency_key is not None and not valid_idempotency_key(idempotency_key):
            return error_response(
                422,
                "invalid",
                f"An {HEADER} is 1 to {idempotency.KEY_MAX} printable ASCII characters.",
                field=HEADER,
            )
        with transaction.atomic():
            record = None
            if idempotency_key is not None:
                try:
                    record = idempotency.claim_key(
                        key,
                        idempotency_key,
                        idempotency.fingerprint(request.method, request.path, request.body),
                    )
                except idempotency.IdempotencyError as reused:
                    return error_response(
                        422, "idempotency_key_reused", reused.message, field=HEADER
                    )
                if isinstance(record, idempotency.StoredAnswer):
                    replay = HttpResponse(
                        record.body, status=record.status_code, content_type="application/json"
                    )
                    replay[REPLAYED] = "true"
                    return replay
            # The change record names the key (relationships/history).
            with record_as(name=f"API key “{key.name}”"):
                response = run(request, *args, **kwargs)
            if response.status_code >= 400:
                transaction.set_rollback(True)
            elif record is not None:
                idempotency.remember(
                    record,
                    status_code=response.status_code,
                    body=response.content.decode(),
                )
            return response

    return wrapped
