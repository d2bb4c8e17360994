"""The workspace switcher, for coaches who work in several workspaces."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from relationships.web.coach.access import choose_workspace, workspace_required
from relationships.web.coach.pages import go


@require_POST
@workspace_required
def switch_workspace(request: HttpRequest) -> HttpResponse:
    """Work in another of your workspaces; one you are not a member of answers 404."""
    wanted = request.POST.get("workspace", "")
    membership = next((m for m in request.memberships if str(m.workspace_id) == wanted), None)
    if membership is None:
        raise Http404("No such workspace.")
    choose_workspace(request, membership.workspace)
    messages.success(request, f"You're working in {membership.workspace.name}.")
    # Pages show one workspace's rows: start again from its Today.
    return go(request, reverse("coach:today"))
