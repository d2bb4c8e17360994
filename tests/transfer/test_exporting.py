"""Export everything: built as a stream whatever the workspace's size; and files of people's
data (exports, uploads) kept no longer than needed."""

import datetime
import json
import tempfile
import tracemalloc
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from relationships.models import Actor, ImportRun, ImportStatus, Prospect, StageChange
from relationships.transfer import exporting, importing
from tests.support.builders import prospects_for, workspace_for

pytestmark = pytest.mark.django_db


def with_history(workspace, count: int) -> None:
    """`count` prospects, each with a stage change: rows in two tables that grow together."""
    prospects = prospects_for(workspace, count)
    StageChange.objects.bulk_create(
        StageChange(prospect=p, to_stage_id=p.stage_id, actor=Actor.COACH, reason="x" * 200)
        for p in prospects
    )


def peak_while_zipping(workspace) -> tuple[int, int]:
    """Python's peak memory while the zip is written, and the prospects the zip holds."""
    with tempfile.TemporaryFile() as target:
        tracemalloc.start()
        try:
            exporting.write_workspace_zip(workspace, target)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        target.seek(0)
        with zipfile.ZipFile(target) as archive:
            whole = json.loads(archive.read("workspace.json"))
            lines = archive.read("prospects.csv").decode().count("\n")
    assert len(whole["tables"]["prospects"]) == lines - 1
    return peak, lines - 1


def test_export_everything_holds_no_table_in_memory(monkeypatch):
    # Rows are read this many at a time, so a workspace ten times bigger is many reads.
    monkeypatch.setattr(exporting, "ROWS_PER_QUERY", 100)
    warm = workspace_for("warm-up")
    with_history(warm, 50)
    peak_while_zipping(warm)  # the first build compiles queries and fills caches
    small, big = workspace_for("small"), workspace_for("big")
    with_history(small, 300)
    with_history(big, 3000)
    small_peak, small_rows = peak_while_zipping(small)
    big_peak, big_rows = peak_while_zipping(big)
    assert (small_rows, big_rows) == (300, 3000)
    # Held in memory, ten times the rows would be about ten times the peak.
    assert big_peak < 1.5 * small_peak, (small_peak, big_peak)


def test_an_import_queued_a_day_ago_that_no_worker_took_is_pruned_and_never_runs(workspace):
    def uploaded(name: str) -> ImportRun:
        run = importing.start_import(
            workspace,
            upload=SimpleUploadedFile(name, b"email\nann@example.org\n"),
            filename=name,
            by=None,
        )
        importing.configure_import(run, mapping={"0": "email"}, consent="track", by=None)
        return importing.queue_import(run, by=None, send=False)

    lost, recent, started = uploaded("lost.csv"), uploaded("recent.csv"), uploaded("started.csv")
    old = timezone.now() - datetime.timedelta(days=2)
    ImportRun.objects.filter(pk__in=[lost.pk, started.pk]).update(created_at=old)
    ImportRun.objects.filter(pk=started.pk).update(status=ImportStatus.RUNNING)
    files = {run.pk: run.file.name for run in (lost, recent, started)}

    assert exporting.prune_transfers() == 1

    lost.refresh_from_db()
    assert lost.status == ImportStatus.CANCELLED and not lost.file
    assert not default_storage.exists(files[lost.pk])
    for kept in (recent, started):
        kept.refresh_from_db()
        assert kept.file and default_storage.exists(files[kept.pk])
    # The lost task, delivered late after all, finds nothing to run.
    assert importing.run_import(lost.pk).status == ImportStatus.CANCELLED
    assert not Prospect.objects.filter(workspace=workspace).exists()
