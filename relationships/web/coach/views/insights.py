"""Insights: where people are, how they move, what the engine sent, and what helped.

Every figure is counted by the database and described in words (queries/insights.py);
the charts are SVG drawn on the server (charts.py), with the same numbers as tables.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from relationships.web.coach.access import workspace_required
from relationships.web.coach.queries.insights import insights_overview

TEMPLATE = "coach/insights/overview.html"


@require_safe
@workspace_required
def insights(request: HttpRequest) -> HttpResponse:
    overview = insights_overview(request.workspace, now=timezone.now())
    return render(request, TEMPLATE, {"section": "insights", **overview})
