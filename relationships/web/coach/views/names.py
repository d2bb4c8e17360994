"""Settings → Stages and tags: the coach's own names for stages and tags."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from relationships.errors import BridgeError
from relationships.models import Tag
from relationships.web.coach.access import has_role, role_required, workspace_required
from relationships.web.coach.pages import go
from relationships.workspaces import roles
from relationships.workspaces.names import delete_tag, rename_stages, rename_tag

TEMPLATE = "coach/workspaces/names.html"


def names_page(request: HttpRequest, *, posted: dict | None = None, **extra) -> HttpResponse:
    workspace = request.workspace
    stages = list(workspace.stages.order_by("position", "pk"))
    for stage in stages:
        # A refused save shows what was typed, not what is stored.
        stage.name, stage.description = (posted or {}).get(
            stage.pk, (stage.name, stage.description)
        )
    return render(
        request,
        TEMPLATE,
        {
            "section": "settings",
            "tab": "names",
            "stages": stages,
            "tags": list(workspace.tags.order_by("name")),
            "may_change": has_role(request, roles.CHANGE_SETTINGS),
            **extra,
        },
        status=400 if extra.get("problem") else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_required
def names(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return names_page(request)
    if not has_role(request, roles.CHANGE_SETTINGS):
        return names_page(request, problem="An owner or a coach can rename stages.")
    posted = {}
    for stage in request.workspace.stages.all():
        posted[stage.pk] = (
            request.POST.get(f"stage-{stage.pk}-name", stage.name),
            request.POST.get(f"stage-{stage.pk}-description", stage.description),
        )
    try:
        changed = rename_stages(request.workspace, names=posted, by=request.membership)
    except BridgeError as error:
        return names_page(request, problem=error.message, posted=posted)
    messages.success(request, f"Saved the stages' names ({changed} changed).")
    return go(request, reverse("coach:names"))


@require_POST
@workspace_required
@role_required(roles.CHANGE_SETTINGS, what="rename or remove tags")
def tag_change(request: HttpRequest, pk: int) -> HttpResponse:
    tag = get_object_or_404(Tag, pk=pk, workspace=request.workspace)
    old = tag.name
    try:
        if request.POST.get("delete") == "1":
            delete_tag(tag, by=request.membership)
            messages.success(request, f"Removed the tag “{old}” from everyone who had it.")
        else:
            rename_tag(tag, name=request.POST.get("name", ""), by=request.membership)
            messages.success(request, f"Renamed “{old}” to “{tag.name}”.")
    except BridgeError as error:
        return names_page(request, problem=error.message)
    return go(request, reverse("coach:names"))
