"""One email as a chosen prospect would get it, and "Send me a test" to the coach's own inbox."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST, require_safe

from relationships.errors import BridgeError
from relationships.models import Content, Prospect
from relationships.nurture.outbox import queue_test
from relationships.nurture.preview import email_preview
from relationships.web.coach.access import workspace_required
from relationships.web.coach.pages import get_prospect
from relationships.web.coach.queries.sequences import preview_prospects
from relationships.web.coach.views.content import get_content

TEMPLATE = "coach/content/preview.html"
# The email's own HTML in a frame: its styles and images, never a script.
FRAME_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data: http: https:; "
    "frame-ancestors 'self'"
)


def chosen_prospect(request: HttpRequest, key: str = "prospect") -> Prospect | None:
    """The prospect the coach picked (404 if not theirs), or None for an example person."""
    value = request.GET.get(key) or request.POST.get(key) or ""
    if not value:
        return None
    if not value.isdigit():
        raise Http404("No such prospect.")
    return get_prospect(request, int(value))


def first_stage(content: Content) -> int | None:
    return content.stages.order_by("position").values_list("pk", flat=True).first()


@require_safe
@workspace_required
def content_preview(request: HttpRequest, pk: int) -> HttpResponse:
    content = get_content(request, pk)
    prospect = chosen_prospect(request)
    query = urlencode({"prospect": prospect.pk}) if prospect else ""
    return render(
        request,
        TEMPLATE,
        {
            "section": "content",
            "content": content,
            "preview": email_preview(content, prospect),
            "prospect": prospect,
            "prospects": preview_prospects(request.workspace, first_stage(content)),
            "frame_url": reverse("coach:content_preview_html", args=[content.pk])
            + (f"?{query}" if query else ""),
            "my_address": request.user.email,
        },
    )


@require_safe
@workspace_required
@xframe_options_sameorigin
def content_preview_html(request: HttpRequest, pk: int) -> HttpResponse:
    preview = email_preview(get_content(request, pk), chosen_prospect(request))
    response = HttpResponse(preview.html, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = FRAME_CSP
    return response


@require_POST
@workspace_required
def content_test(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue the saved email, with the chosen prospect's details, to the coach's own address."""
    content = get_content(request, pk)
    prospect = chosen_prospect(request)
    back = reverse("coach:content_preview", args=[content.pk])
    if prospect:
        back += "?" + urlencode({"prospect": prospect.pk})
    if prospect is None:
        messages.error(request, "Choose whose details to fill in, then send the test.")
        return redirect(back)
    try:
        queue_test(content, prospect=prospect, to=request.user.email)
    except BridgeError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"Test sent to {request.user.email}, marked [Test], with {prospect.name}'s "
            "details: it goes through the outbox like any email, within seconds.",
        )
    return redirect(back)
