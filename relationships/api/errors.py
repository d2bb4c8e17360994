"""Every refusal as JSON: a stable `code` a program can branch on, a `message` a person can
read, and the `field` it is about (or null). Nothing answers with a 500 page.

| status | code | when |
|---|---|---|
| 400 | malformed_json | the body is not JSON |
| 401 | not_authenticated | no key, an unknown, revoked or expired key |
| 403 | read_only_key | a read-only key tried to change something |
| 403 | role_refused | the key's role may not do it (workspaces/roles.py) |
| 404 | not_found | no such thing in this workspace (another workspace's id included) |
| 405 | method_not_allowed | the path exists, the method doesn't |
| 422 | invalid | the request doesn't match the schema (`errors` lists each problem) |
| 422 | invalid_cursor | a `cursor` Bridge didn't hand out |
| 422 | stage_rule | a stage move the rules refuse (no diagnosis, no revisit date…) |
| 422 | refused | any other rule of Bridge's (a duplicate email, no consent…) |
| 422 | idempotency_key_reused | an Idempotency-Key sent again with a different request |
| 429 | rate_limited | too many requests for this key; see Retry-After |
| 500 | server_error | a fault of Bridge's, logged; never meant to happen |
"""

import logging

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from relationships.errors import BridgeError, StageRuleError
from relationships.workspaces.roles import RoleError

logger = logging.getLogger(__name__)


class FieldProblem(Schema):
    field: str | None
    message: str


class Error(Schema):
    code: str
    message: str
    field: str | None
    errors: list[FieldProblem] | None = None


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, *, field: str | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field


def not_found(what: str) -> ApiError:
    return ApiError(404, "not_found", f"No such {what} in this workspace.")


def refusal(error: BridgeError) -> ApiError:
    """A rule of Bridge's said no: 422 with its message and field, as a page shows them."""
    if isinstance(error, RoleError):
        return ApiError(403, "role_refused", error.message)
    code = "stage_rule" if isinstance(error, StageRuleError) else "refused"
    return ApiError(422, code, error.message, field=error.field)


def error_response(
    status: int, code: str, message: str, *, field: str | None = None, **extra
) -> HttpResponse:
    body = {"code": code, "message": message, "field": field, **extra}
    return JsonResponse(body, status=status)


def location(loc) -> str | None:
    """pydantic's ("body", "payload", "email") as "email"; a header or query name as is."""
    parts = [str(part) for part in loc if part not in ("body", "query", "path", "header")]
    if parts and parts[0] in ("payload", "filters", "data"):
        parts = parts[1:]
    return ".".join(parts) or None


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ApiError)
    def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        response = error_response(exc.status, exc.code, exc.message, field=exc.field)
        if exc.status == 401:
            response["WWW-Authenticate"] = 'Bearer realm="Bridge"'
        return response

    @api.exception_handler(BridgeError)
    def bridge_error(request: HttpRequest, exc: BridgeError) -> HttpResponse:
        return api_error(request, refusal(exc))

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        problems = [
            {"field": location(error.get("loc", ())), "message": error.get("msg", "Invalid.")}
            for error in exc.errors
        ]
        first = problems[0] if problems else {"field": None, "message": "Invalid request."}
        message = first["message"]
        if first["field"]:
            message = f"{first['field']}: {message}"
        return error_response(422, "invalid", message, field=first["field"], errors=problems)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api_error(
            request,
            ApiError(
                401,
                "not_authenticated",
                "Send an API key from Settings → API keys as “Authorization: Bearer <key>”.",
            ),
        )

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        return error_response(
            429, "rate_limited", "Too many requests for this API key: wait, then try again."
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:
            return error_response(400, "malformed_json", "The request body is not valid JSON.")
        return error_response(exc.status_code, "refused", str(exc))

    @api.exception_handler(Http404)
    def missing(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(404, "not_found", "No such thing in this workspace.")

    @api.exception_handler(Exception)
    def fault(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API request failed: %s %s", request.method, request.path)
        return error_response(500, "server_error", "Something went wrong on Bridge's side.")
