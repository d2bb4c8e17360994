"""Who is acting, for the change record: the signed-in person, for the whole request."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from relationships.history.changes import acting


class ActorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            with acting(user):
                return self.get_response(request)
        return self.get_response(request)
