"""/favicon.ico: browsers ask for it on every page that names no icon; answer, don't 404."""

from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.decorators.http import require_safe


@require_safe
def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    # Resolved per request: the hashed static name exists only after collectstatic.
    return HttpResponsePermanentRedirect(static("bridge/favicon.svg"))
