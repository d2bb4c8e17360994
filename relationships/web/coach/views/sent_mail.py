"""Sent mail, for the local run only (DEBUG): the .eml files `make run` saved, listed and shown.

Production sends through SMTP or a provider and has no such folder: the pages answer 404.
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_safe

from relationships.nurture.mail_backends import one_sent_mail, sent_mail
from relationships.web.coach.access import workspace_required

TEMPLATE = "coach/mail/sent_mail.html"
# The message's own HTML, shown in a frame: its styles, its images, never a script.
MESSAGE_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data: http: https:; "
    "frame-ancestors 'self'"
)


def local_only() -> None:
    if not settings.DEBUG:
        raise Http404("Sent mail is shown only when Bridge runs locally (DEBUG).")


@require_safe
@workspace_required
def sent_mail_list(request: HttpRequest) -> HttpResponse:
    local_only()
    context = {"messages_sent": sent_mail(), "folder": settings.EMAIL_FILE_PATH}
    return render(request, TEMPLATE, context)


@require_safe
@workspace_required
def sent_mail_detail(request: HttpRequest, name: str) -> HttpResponse:
    local_only()
    message = one_sent_mail(name)
    if message is None:
        raise Http404("No such message.")
    return render(request, TEMPLATE, {"message": message, "folder": settings.EMAIL_FILE_PATH})


@require_safe
@workspace_required
@xframe_options_sameorigin
def sent_mail_html(request: HttpRequest, name: str) -> HttpResponse:
    local_only()
    message = one_sent_mail(name)
    if message is None or not message.html:
        raise Http404("No such message.")
    response = HttpResponse(message.html, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = MESSAGE_CSP
    return response
