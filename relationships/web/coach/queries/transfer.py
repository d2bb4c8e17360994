"""Reads for the import, export and "Your data" pages, scoped to the request's workspace."""

from itertools import islice

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from relationships.models import ExportRun, ImportRun, Workspace
from relationships.transfer.importing import layout_of
from relationships.transfer.reading import data_rows

SAMPLE_ROWS = 3


def get_import(request: HttpRequest, pk: int) -> ImportRun:
    """One of the workspace's imports; another workspace's id answers 404."""
    return get_object_or_404(ImportRun, pk=pk, workspace=request.workspace)


def sample_rows(run: ImportRun) -> list[list[str]]:
    """The first rows, to show an example under each column on step 2."""
    if not run.file:
        return []
    with run.file.open("rb") as handle:
        return [values for _, values in islice(data_rows(handle, layout_of(run)), SAMPLE_ROWS)]


def recent_imports(workspace: Workspace, limit: int = 5) -> list[ImportRun]:
    return list(
        ImportRun.objects.filter(workspace=workspace)
        .select_related("created_by")
        .order_by("-created_at", "-pk")[:limit]
    )


def recent_exports(workspace: Workspace, limit: int = 5) -> list[ExportRun]:
    return list(
        ExportRun.objects.filter(workspace=workspace)
        .select_related("requested_by")
        .order_by("-created_at", "-pk")[:limit]
    )
