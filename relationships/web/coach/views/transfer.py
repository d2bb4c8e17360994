"""Moving in and out: the four import steps, the prospects list as CSV, Settings → Your data
(export everything, delete the workspace). Every write is a service in relationships/transfer
or relationships/workspaces."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from relationships.errors import BridgeError
from relationships.models import ImportStatus
from relationships.transfer import exporting, importing
from relationships.web.coach.access import SESSION_KEY, has_role, role_required, workspace_required
from relationships.web.coach.forms.base import add_refusal
from relationships.web.coach.forms.people import ProspectFilterForm
from relationships.web.coach.forms.transfer import DeleteWorkspaceForm, MappingForm, UploadForm
from relationships.web.coach.pages import go, page
from relationships.web.coach.queries.choices import filter_options
from relationships.web.coach.queries.prospects import ProspectFilters, prospect_list
from relationships.web.coach.queries.transfer import (
    get_import,
    recent_exports,
    recent_imports,
    sample_rows,
)
from relationships.workspaces import roles
from relationships.workspaces.services import delete_workspace

UPLOAD = "coach/transfer/import_upload.html"
MAP = "coach/transfer/import_map.html"
PREVIEW = "coach/transfer/import_preview.html"
PROGRESS = "coach/transfer/import_progress.html"
YOUR_DATA = "coach/transfer/your_data.html"
DELETE = "coach/transfer/delete_workspace.html"

may_import = role_required(roles.IMPORT_PROSPECTS, what="import prospects")


def step_url(run) -> str:
    """Where an import stands: the step it waits on, or its progress."""
    if run.status == ImportStatus.UPLOADED:
        return reverse("coach:import_map", args=[run.pk])
    return reverse("coach:import_progress", args=[run.pk])


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_required
@may_import
def import_upload(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            run = importing.start_import(
                request.workspace,
                upload=upload,
                filename=upload.name,
                by=request.membership,
                user=request.user,
            )
        except BridgeError as error:
            add_refusal(form, error)
        else:
            return redirect("coach:import_map", pk=run.pk)
    status = 400 if form.errors else 200
    context = {
        "section": "prospects",
        "step": 1,
        "form": form,
        "imports": recent_imports(request.workspace),
    }
    return render(request, UPLOAD, context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_required
@may_import
def import_map(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_import(request, pk)
    if run.status != ImportStatus.UPLOADED:
        return redirect(step_url(run))
    form = MappingForm(
        request.POST if request.method == "POST" else None,
        headers=run.headers,
        samples=sample_rows(run),
        mapping=run.mapping,
        initial={
            "consent": run.consent,
            "consent_note": run.consent_note,
            "duplicates": run.duplicates,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            importing.configure_import(
                run,
                mapping=form.mapping(),
                consent=data["consent"],
                consent_note=data["consent_note"],
                duplicates=data["duplicates"],
                by=request.membership,
            )
        except BridgeError as error:
            add_refusal(form, error)
        else:
            return redirect("coach:import_preview", pk=run.pk)
    context = {"section": "prospects", "step": 2, "run": run, "form": form}
    return render(request, MAP, context, status=400 if form.errors else 200)


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_required
@may_import
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_import(request, pk)
    if run.status != ImportStatus.UPLOADED:
        return redirect(step_url(run))
    if request.method == "POST":
        try:
            importing.queue_import(run, by=request.membership)
        except BridgeError as error:
            messages.error(request, error.message)
            return redirect("coach:import_map", pk=run.pk)
        return redirect("coach:import_progress", pk=run.pk)
    try:
        rows = importing.preview_import(run)
    except BridgeError as error:
        messages.error(request, error.message)
        return redirect("coach:import_map", pk=run.pk)
    mapped = [
        (int(index), name) for index, name in sorted(run.mapping.items(), key=lambda i: int(i[0]))
    ]
    context = {"section": "prospects", "step": 3, "run": run, "rows": rows, "mapped": mapped}
    return render(request, PREVIEW, context)


@require_safe
@workspace_required
@vary_on_headers("HX-Request")
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_import(request, pk)
    if run.status == ImportStatus.UPLOADED:
        return redirect(step_url(run))
    context = {"section": "prospects", "step": 4, "run": run}
    return page(request, PROGRESS, context, partial="progress")


@require_POST
@workspace_required
@may_import
@vary_on_headers("HX-Request")
def import_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    run = importing.cancel_import(get_import(request, pk), by=request.membership)
    if run.status == ImportStatus.CANCELLED:
        messages.info(request, "Import cancelled.")
    return go(request, reverse("coach:import_progress", args=[run.pk]))


@require_safe
@workspace_required
def import_refused(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    run = get_import(request, pk)
    response = StreamingHttpResponse(
        importing.refusals_csv(run), content_type="text/csv; charset=utf-8"
    )
    stem = run.filename.rsplit(".", 1)[0][:60] or "import"
    response["Content-Disposition"] = f'attachment; filename="refused-{stem}.csv"'
    return response


@require_safe
@workspace_required
def prospects_export(request: HttpRequest) -> StreamingHttpResponse:
    """The prospects list as filtered on the page, as CSV the import reads back."""
    workspace = request.workspace
    form = ProspectFilterForm(request.GET, options=filter_options(workspace))
    prospects = prospect_list(workspace, ProspectFilters(**form.values()))
    response = StreamingHttpResponse(
        exporting.prospects_csv(prospects), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{exporting.prospects_filename(workspace)}"'
    )
    return response


@require_safe
@workspace_required
def your_data(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace
    context = {
        "section": "settings",
        "tab": "your_data",
        "may_export": has_role(request, roles.EXPORT_WORKSPACE),
        "may_import": has_role(request, roles.IMPORT_PROSPECTS),
        "exports": recent_exports(workspace),
        "imports": recent_imports(workspace),
    }
    return render(request, YOUR_DATA, context)


@require_POST
@workspace_required
@role_required(roles.EXPORT_WORKSPACE, what="export the whole workspace")
def export_request(request: HttpRequest) -> HttpResponse:
    exporting.request_export(request.workspace, by=request.membership, user=request.user)
    messages.success(
        request,
        "Preparing the export. We'll email you a download link when it's ready; it also "
        "appears here.",
    )
    return go(request, reverse("coach:your_data"))


@require_safe
@workspace_required
@role_required(roles.EXPORT_WORKSPACE, what="download the workspace's export")
def export_download(request: HttpRequest, token: str) -> HttpResponse:
    try:
        export = exporting.read_export_token(token, workspace=request.workspace)
    except exporting.ExportError as error:
        raise Http404(error.message) from None
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=f"{request.workspace.slug}-export-{export.created_at:%Y-%m-%d}.zip",
    )


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_required
@role_required(roles.DELETE_WORKSPACE, what="delete the workspace")
def workspace_delete(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace
    form = DeleteWorkspaceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        name = workspace.name
        try:
            delete_workspace(
                workspace, by=request.membership, confirm_name=form.cleaned_data["confirm_name"]
            )
        except BridgeError as error:
            add_refusal(form, error)
        else:
            request.session.pop(SESSION_KEY, None)
            messages.success(request, f"Deleted {name} and everything in it.")
            return go(request, reverse("coach:today"))
    context = {
        "section": "settings",
        "tab": "your_data",
        "form": form,
        "prospect_count": workspace.prospects.count(),
    }
    return render(request, DELETE, context, status=400 if form.errors else 200)
