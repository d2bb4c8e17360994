"""/api/v1/: the API's routes, and a JSON 404 for any other path under it."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path, re_path, reverse

from relationships.api.app import api
from relationships.api.errors import error_response


def unknown(request: HttpRequest, rest: str = "") -> HttpResponse:
    return error_response(404, "not_found", "There is no such path in the API: see /api/v1/docs.")


def index(request: HttpRequest) -> HttpResponse:
    return JsonResponse(
        {
            "name": api.title,
            "version": api.version,
            "docs": reverse("api-v1:openapi-view"),
            "openapi": reverse("api-v1:openapi-json"),
        }
    )


urlpatterns = [
    path("", index, name="api_index"),
    path("", api.urls),
    re_path(r"^(?P<rest>.*)$", unknown),
]
