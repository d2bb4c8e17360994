"""The API at /api/v1/: the routers per resource, and the OpenAPI 3.1 schema that describes them.

What holds for every operation is declared once here and added to each operation in
the schema: Bearer auth, the error answers (relationships/api/errors.py) and, on every
POST, the Idempotency-Key header.
"""

import copy

from ninja import NinjaAPI, Swagger

from relationships.api import (
    content,
    deliveries,
    errors,
    events,
    prospects,
    sequences,
    stages,
    workspace,
)
from relationships.api.auth import ApiKeyAuth, PerKeyThrottle
from relationships.api.writes import HEADER, REPLAYED, guard_writes
from relationships.integrations.idempotency import KEY_MAX

DESCRIPTION = """\
Bridge's API for the tools a coach works with (a booking calendar, a payment page,
Zapier, Make, n8n). It calls the same rules as Bridge's pages: a stage move the board
refuses is refused here too, with the same words.

**Auth**: make a key in Settings → API keys and send it as `Authorization: Bearer <key>`.
A read-only key can read everything and change nothing. Each key may make
%(rate)s requests a minute; past that, `429` and a `Retry-After` header.

**Lists** are pages of at most 100, oldest first: pass the `next_cursor` of one page as
`cursor` to get the next (null: that was the last).

**Retries**: send an `Idempotency-Key` header (any unique string, up to 255 printable
ASCII characters) with a POST and a retry within 24 hours answers as the first request
did, without doing it twice (the answer carries `Idempotent-Replayed: true`).

**Errors** are JSON: `{"code": …, "message": …, "field": …}`; `code` is stable,
`message` is for people.
"""


class BridgeAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        return operation.view_func.__name__

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return with_common_answers(schema)


def error_answer(description: str, *, retry_after: bool = False) -> dict:
    answer = {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    if retry_after:
        answer["headers"] = {
            "Retry-After": {
                "description": "Seconds to wait before the next request.",
                "schema": {"type": "integer", "minimum": 1},
            }
        }
    return answer


COMMON = {
    "401": error_answer("No API key, or an unknown, revoked or expired one."),
    "404": error_answer("No such thing in this workspace."),
    "422": error_answer("The request does not match this schema, or a rule refused it."),
    "429": error_answer("Too many requests for this key.", retry_after=True),
}
WRITES = {
    "400": error_answer("The body is not JSON."),
    "403": error_answer("A read-only key, or a role that may not do this."),
}
IDEMPOTENCY_KEY = {
    "name": HEADER,
    "in": "header",
    "required": False,
    "description": "Any unique string: a retry with the same key is done once.",
    "schema": {"type": "string", "minLength": 1, "maxLength": KEY_MAX, "pattern": "^[!-~]+$"},
}


def with_common_answers(schema) -> dict:
    """Every operation's documented answers include the errors any request can get."""
    schema = copy.deepcopy(dict(schema))
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    error = errors.Error.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(error.pop("$defs", {}))
    components["Error"] = error
    for item in schema.get("paths", {}).values():
        for method, operation in item.items():
            responses = {str(status): answer for status, answer in operation["responses"].items()}
            operation["responses"] = responses
            extra = dict(COMMON)
            if method != "get":
                extra.update(WRITES)
            for status, answer in extra.items():
                responses.setdefault(status, answer)
            if method == "post":
                operation.setdefault("parameters", []).append(IDEMPOTENCY_KEY)
                for status, answer in responses.items():
                    if status.startswith("2"):
                        answer.setdefault("headers", {})[REPLAYED] = {
                            "description": "true when this answers a retried Idempotency-Key.",
                            "schema": {"type": "string", "enum": ["true"]},
                        }
    return schema


def build() -> BridgeAPI:
    from django.conf import settings

    api = BridgeAPI(
        title="Bridge API",
        version="1",
        description=DESCRIPTION % {"rate": settings.API_RATE_LIMIT},
        urls_namespace="api-v1",
        auth=ApiKeyAuth(),
        throttle=[PerKeyThrottle()],
        # Swagger UI from ninja's own static files (no CDN); its settings travel as JSON
        # data and its start-up script is a static file, so no inline script runs.
        docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
        docs_url="/docs",
        openapi_url="/openapi.json",
    )
    errors.install(api)
    api.add_decorator(guard_writes, mode="view")
    api.add_router("/workspace", workspace.router, tags=["workspace"])
    api.add_router("/prospects", prospects.router, tags=["prospects"])
    api.add_router("/stages", stages.stages_router, tags=["stages and tags"])
    api.add_router("/tags", stages.tags_router, tags=["stages and tags"])
    api.add_router("/content", content.router, tags=["content"])
    api.add_router("/sequences", sequences.router, tags=["sequences"])
    api.add_router("/deliveries", deliveries.router, tags=["deliveries"])
    api.add_router("/events", events.router, tags=["events"])
    return api


api = build()
