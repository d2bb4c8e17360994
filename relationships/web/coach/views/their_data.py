"""A prospect's rights from the coach's side: download everything held about them (GDPR
Art. 15/20), and erase them (Art. 17)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from relationships.people.erasure import erase_prospect
from relationships.people.subject_access import subject_access_filename, subject_access_json
from relationships.web.coach.access import role_required, workspace_required
from relationships.web.coach.forms.transfer import EraseForm
from relationships.web.coach.pages import get_prospect
from relationships.workspaces import roles

ERASE = "coach/transfer/erase.html"


@require_safe
@workspace_required
def prospect_data(request: HttpRequest, pk: int) -> HttpResponse:
    prospect = get_prospect(request, pk)
    response = HttpResponse(
        subject_access_json(prospect), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{subject_access_filename(prospect)}"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_required
@role_required(roles.ERASE_PROSPECTS, what="erase a prospect")
def prospect_erase(request: HttpRequest, pk: int) -> HttpResponse:
    prospect = get_prospect(request, pk)
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        erase_prospect(prospect, by=request.membership, user=request.user)
        messages.success(
            request,
            "Erased. Everything held about them is gone; their address is kept only as a "
            "hash, so no import adds them again.",
        )
        return redirect("coach:prospects")
    context = {"section": "prospects", "prospect": prospect, "form": form}
    return render(request, ERASE, context, status=400 if form.errors else 200)
