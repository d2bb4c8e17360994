"""Only the configured email provider's webhook URLs answer.

django-anymail's urls module names every provider it knows; a provider that isn't set
up raises ImproperlyConfigured when its view is built, which a stranger could turn into
a 500 at will. Each view is guarded: a provider other than ours answers 404.
"""

import functools
from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern


def configured_esp() -> str:
    """The provider whose webhooks we take: ANYMAIL_WEBHOOK_ESP, else the anymail backend's."""
    if settings.ANYMAIL_WEBHOOK_ESP:
        return settings.ANYMAIL_WEBHOOK_ESP
    parts = settings.EMAIL_BACKEND.split(".")
    if len(parts) >= 3 and parts[0] == "anymail" and parts[1] == "backends":
        return parts[2]
    return ""


def _only_for(esp: str, view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)  # keeps csrf_exempt: providers post without our cookie
    def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if configured_esp() != esp:
            raise Http404("No such provider here.")
        return view(request, *args, **kwargs)

    return guarded


def webhook_patterns() -> list[URLPattern]:
    from anymail import urls as anymail_urls

    patterns = []
    for pattern in anymail_urls.urlpatterns:
        esp = str(pattern.pattern).lstrip("^").split("/", 1)[0]
        guarded = _only_for(esp, pattern.callback)
        patterns.append(
            URLPattern(pattern.pattern, guarded, pattern.default_args, name=pattern.name)
        )
    return patterns
