"""Today, the home page: who needs the coach now, and what the engine sends before the day ends."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from relationships.web.coach.access import workspace_required
from relationships.web.coach.pages import page
from relationships.web.coach.queries.today import today_board

TEMPLATE = "coach/people/today.html"


def today_context(request: HttpRequest, **extra) -> dict:
    return {"section": "today", "board": today_board(request.workspace), **extra}


@require_safe
@workspace_required
@vary_on_headers("HX-Request")
def today(request: HttpRequest) -> HttpResponse:
    return page(request, TEMPLATE, today_context(request), partial="today")
