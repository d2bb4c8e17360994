"""The workspace's settings page."""

import copy

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from relationships.nurture.scheduling import describe_window
from relationships.selfservice.embed import embed_snippets, signup_url
from relationships.web.coach.access import (
    forbidden,
    has_role,
    workspace_required,
)
from relationships.web.coach.forms.settings import WorkspaceSettingsForm
from relationships.web.coach.pages import go
from relationships.workspaces import roles
from relationships.workspaces.services import update_settings

SETTINGS = "coach/workspaces/settings.html"


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_required
def settings_page(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace
    may_change = has_role(request, roles.CHANGE_SETTINGS)
    if request.method == "POST" and not may_change:
        return forbidden(request, what="change the workspace's settings", who="an owner or a coach")
    # A copy: a form that fails must not rename the workspace in the page's own header.
    form = WorkspaceSettingsForm(request.POST or None, instance=copy.copy(workspace))
    if request.method == "POST" and form.is_valid():
        changed = update_settings(
            workspace,
            by=request.membership,
            **{name: getattr(form.instance, name) for name in form.changed_data},
        )
        if changed:
            messages.success(request, "Saved the workspace's settings.")
        else:
            messages.info(request, "Nothing had changed.")
        return go(request, reverse("coach:settings"))
    if not may_change:
        for field in form.fields.values():
            field.disabled = True
    return render(
        request,
        SETTINGS,
        {
            "section": "settings",
            "tab": "workspace",
            "form": form,
            "may_change": may_change,
            "window": describe_window(
                workspace.send_days, workspace.send_window_start, workspace.send_window_end
            ),
            "signup_url": signup_url(workspace),
            "embed": embed_snippets(workspace),
        },
    )
