"""Today, the home page: who needs the coach now, and what the engine sends before the day ends."""

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from relationships.models import Prospect
from relationships.people.reminders import due_reminders
from relationships.web.coach.access import workspace_required
from relationships.web.coach.pages import page
from relationships.web.coach.queries.today import today_board

TEMPLATE = "coach/people/today.html"


def today_context(request: HttpRequest, **extra) -> dict:
    return {
        "section": "today",
        "board": today_board(request.workspace),
        "reminders": due_reminders(request.workspace),
        "today_date": timezone.localdate(timezone=request.workspace.zone),
        **extra,
    }


@require_safe
@workspace_required
@vary_on_headers("HX-Request")
def today(request: HttpRequest) -> HttpResponse:
    return page(
        request, TEMPLATE, today_context(request, undo=undo_offer(request)), partial="today"
    )


def undo_offer(request: HttpRequest) -> dict | None:
    """After "Mark handled" without htmx: the prospect and reason its undo puts back."""
    reason, who = request.GET.get("handled", ""), request.GET.get("who", "")
    if not reason or not who.isdigit():
        return None
    prospect = Prospect.objects.filter(
        pk=int(who), workspace=request.workspace, needs_attention=False
    ).first()
    return {"prospect": prospect, "reason": reason} if prospect else None
