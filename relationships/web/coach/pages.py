"""What every coach view shares: a full page or its htmx partial, and where to go after a POST."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect

from relationships.models import Prospect


def wants_partial(request: HttpRequest) -> bool:
    """An htmx swap, not htmx restoring a page from history (that needs the full page)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def page(
    request: HttpRequest, template: str, context: dict, *, partial: str, status: int = 200
) -> HttpResponse:
    """The whole page, or for htmx only the named partial of the same template."""
    name = f"{template}#{partial}" if wants_partial(request) else template
    return render(request, name, context, status=status)


def safe_next(request: HttpRequest, default: str) -> str:
    """Where the form came from (`next`), if it is a page of this site."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def go(request: HttpRequest, url: str) -> HttpResponse:
    """After a successful POST: htmx follows a client redirect, a plain form a 302."""
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def posted_query(request: HttpRequest) -> QueryDict:
    """The filters of the page a POST came from, carried in its hidden `query` field."""
    return QueryDict(request.POST.get("query", ""))


def get_prospect(request: HttpRequest, pk: int, *related: str) -> Prospect:
    """One of the current workspace's prospects; any other id answers 404."""
    prospect = get_object_or_404(
        Prospect.objects.select_related("stage", *related), pk=pk, workspace=request.workspace
    )
    prospect.workspace = request.workspace
    return prospect


# Not a real id: reversed once, then replaced by each id.
_ID = 987654321


def url_for(name: str) -> Callable[[int], str]:
    """A view's URL for any id, reversed once: for pages that link hundreds of rows."""
    pattern = reverse(name, args=[_ID])
    return lambda pk: pattern.replace(str(_ID), str(pk))
