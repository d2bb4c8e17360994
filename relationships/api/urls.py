"""/api/v1/: the API's routes, and a JSON 404 for any other path under it."""

from django.http import HttpRequest, HttpResponse
from django.urls import path, re_path

from relationships.api.app import api
from relationships.api.errors import error_response


def unknown(request: HttpRequest, rest: str = "") -> HttpResponse:
    return error_response(404, "not_found", "There is no such path in the API: see /api/v1/docs.")


urlpatterns = [
    path("", api.urls),
    re_path(r"^(?P<rest>.*)$", unknown),
]
