"""Settings → Activity: who changed what in the workspace, for its owners."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from relationships.history.queries import ACTIVITY_SHOWN, workspace_activity
from relationships.models import ChangeArea
from relationships.web.coach.access import role_required, workspace_required
from relationships.workspaces import roles


@require_safe
@workspace_required
@role_required(roles.MANAGE_TEAM, what="see the workspace's activity")
def activity(request: HttpRequest) -> HttpResponse:
    area = request.GET.get("area", "")
    if area not in ChangeArea.values:
        area = ""
    return render(
        request,
        "coach/accounts/activity.html",
        {
            "section": "settings",
            "tab": "activity",
            "changes": list(workspace_activity(request.workspace, area=area)),
            "areas": ChangeArea.choices,
            "area": area,
            "shown": ACTIVITY_SHOWN,
        },
    )
