"""Diagnose before you prescribe: the guided listening form, with what was learned before."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from relationships.errors import BridgeError
from relationships.people.diagnosis import record_diagnosis
from relationships.web.coach.access import workspace_required
from relationships.web.coach.forms.base import add_refusal
from relationships.web.coach.forms.people import DiagnosisForm
from relationships.web.coach.pages import get_prospect, go, safe_next
from relationships.web.coach.queries.timeline import latest_diagnoses, recent_conversation


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_required
def diagnosis(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a diagnosis. Reached from a refused move (`move_to`), it returns to that move."""
    prospect = get_prospect(request, pk)
    detail = reverse("coach:prospect", args=[prospect.pk])
    next_url = safe_next(request, detail)
    params = request.POST if request.method == "POST" else request.GET
    move_to_id = params.get("move_to", "")
    move_to = (
        request.workspace.stages.filter(pk=move_to_id).first() if move_to_id.isdigit() else None
    )
    form = DiagnosisForm(request.POST or None, initial={"diagnosed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            record_diagnosis(prospect, author=request.user, **form.cleaned_data)
        except BridgeError as error:
            add_refusal(form, error)
        else:
            messages.success(request, f"Saved the diagnosis of {prospect.name}.")
            if move_to is not None:
                # Back to the move that was refused for want of this diagnosis.
                move = reverse("coach:prospect_move", args=[prospect.pk])
                return go(request, f"{move}?{urlencode({'to': move_to.pk, 'next': next_url})}")
            return go(request, next_url)
    return render(
        request,
        "coach/people/diagnosis.html",
        {
            "section": "prospects",
            "prospect": prospect,
            "form": form,
            "earlier": latest_diagnoses(prospect),
            "conversation": recent_conversation(prospect),
            "move_to": move_to,
            "next": next_url,
        },
    )
