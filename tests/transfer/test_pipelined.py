"""Chunks written on two connections in turn (PostgreSQL): the same rows, counts and
guarantees as one chunk at a time. These tests commit for real (the overlapping writers
are separate connections, which can't see a test's open transaction)."""

import os
import subprocess
import sys
import threading
import time
from unittest import mock

import pytest
from django.db import IntegrityError, connection

from relationships.models import Event, ImportRun, ImportStatus, Prospect, StageChange, Tag
from relationships.transfer import importing, pipeline
from tests.support.factories import WorkspaceFactory
from tests.support.processes import ROOT, database_url, wait_for
from tests.transfer.helpers import import_file, upload

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="two writers overlap on PostgreSQL only"
    ),
]


@pytest.fixture(autouse=True)
def pipelined(settings):
    settings.IMPORT_PIPELINED = True


@pytest.fixture
def chunks_handed():
    """Counts the chunks the overlapping writers were handed (proof the path was taken)."""
    handed = []
    real = pipeline.PipelinedWrites.write

    def write(self, rows, addresses):
        handed.append(len(rows))
        return real(self, rows, addresses)

    with mock.patch.object(pipeline.PipelinedWrites, "write", write):
        yield handed


def first_chunk_held(then=None, seconds=0.4):
    """The first chunk, all its rows written and counted, holds its transaction open a
    moment before committing (or raising `then`), while the second chunk's writer goes
    ahead."""
    real = pipeline._Turns.mark

    def mark(self, **reached):
        real(self, **reached)
        if reached.get("counted") == 0:
            time.sleep(seconds)
            if then is not None:
                raise then

    return mock.patch.object(pipeline._Turns, "mark", mark)


@pytest.fixture
def one_at_a_time():
    """The first lines of the chunks written by the one-chunk-at-a-time path."""
    lines = []
    real = importing.write_chunk

    def write_chunk(run, context, rows):
        lines.append(rows[0][0])
        real(run, context, rows)

    with mock.patch.object(importing, "write_chunk", write_chunk):
        yield lines


def queued_run(workspace, text: str) -> ImportRun:
    run = importing.start_import(workspace, upload=upload(text), filename="l.csv", by=None)
    importing.configure_import(run, mapping=run.mapping, consent="track", by=None)
    return importing.queue_import(run, by=None, send=False)


def addresses(count: int, start: int = 0) -> str:
    return "".join(f"p{n}@example.org,P{n},tag {n % 3}\n" for n in range(start, start + count))


def test_every_row_goes_in_once_with_its_stage_change_tags_and_event(chunks_handed):
    workspace = WorkspaceFactory()
    run = import_file(workspace, "email,name,tags\n" + addresses(25), chunk_rows=4)
    assert run.status == ImportStatus.DONE
    assert (run.rows_done, run.created, run.skipped, run.refused) == (25, 25, 0, 0)
    assert chunks_handed == [4] * 6 + [1]
    prospects = Prospect.objects.filter(workspace=workspace)
    assert prospects.count() == 25
    assert StageChange.objects.filter(prospect__workspace=workspace).count() == 25
    assert Event.objects.filter(workspace=workspace, type="prospect.created").count() == 25
    assert Tag.objects.filter(workspace=workspace).count() == 3
    assert Prospect.tags.through.objects.filter(prospect__workspace=workspace).count() == 25
    assert not [t for t in threading.enumerate() if t.name.startswith("import-writer")]


def test_an_address_in_the_chunk_still_committing_is_found_not_written_twice(
    chunks_handed, one_at_a_time
):
    workspace = WorkspaceFactory()
    # Line 5 (second chunk) repeats line 2 (first chunk); line 9 fills in B's blank phone.
    text = (
        "email,name,phone\n"
        "a@example.org,A,\nb@example.org,B,\nc@example.org,C,\n"
        "A@example.org,A again,\nd@example.org,D,\ne@example.org,E,\n"
        "f@example.org,F,\nb@example.org,B,+44 20 7946 0000\n"
    )
    with first_chunk_held():
        run = import_file(workspace, text, chunk_rows=3, duplicates="update")
    assert run.status == ImportStatus.DONE
    assert (run.created, run.updated, run.skipped) == (6, 1, 1)
    # The second chunk waited for the first's commit before planning, so nothing conflicted
    # and nothing was written again one chunk at a time.
    assert chunks_handed == [3, 3, 2] and one_at_a_time == []
    assert (
        Prospect.objects.get(workspace=workspace, email="b@example.org").phone == "+44 20 7946 0000"
    )
    assert Prospect.objects.filter(workspace=workspace).count() == 6


def test_a_failing_chunk_keeps_the_whole_chunks_before_it_and_nothing_after():
    workspace = WorkspaceFactory()
    real = importing.write_steps

    def third_breaks(run, context, rows):
        if rows[0][0] == 2 + 2 * 4:  # the third chunk's first line
            raise RuntimeError("bug")
        yield from real(run, context, rows)

    with (
        mock.patch.object(importing, "write_steps", third_breaks),
        pytest.raises(RuntimeError, match="bug"),
    ):
        import_file(workspace, "email,name,tags\n" + addresses(20), chunk_rows=4)
    run = workspace.imports.get()
    assert run.status == ImportStatus.FAILED and "after 8 rows" in run.error
    assert (run.rows_done, run.created) == (8, 8)
    assert sorted(Prospect.objects.filter(workspace=workspace).values_list("email", flat=True)) == [
        f"p{n}@example.org" for n in range(8)
    ]
    # The rest of the file goes in when it is imported again, nothing twice.
    again = import_file(workspace, "email,name,tags\n" + addresses(20), chunk_rows=4)
    assert (again.created, again.skipped) == (12, 8)


def test_a_chunk_after_one_that_fails_at_its_commit_is_rolled_back_too():
    workspace = WorkspaceFactory()
    # No tags: the second chunk references nothing the first one wrote.
    text = "email\n" + "".join(f"p{n}@example.org\n" for n in range(8))
    with first_chunk_held(then=RuntimeError("lost at commit")), pytest.raises(RuntimeError):
        import_file(workspace, text, chunk_rows=4)
    run = workspace.imports.get()
    # The second chunk had its rows written while the first was held; it must not commit
    # without the first, or rows_done would count a chunk that isn't there.
    assert run.status == ImportStatus.FAILED and (run.rows_done, run.created) == (0, 0)
    assert not Prospect.objects.filter(workspace=workspace).exists()


def test_a_conflict_hands_the_rest_to_the_one_chunk_at_a_time_path(one_at_a_time):
    workspace = WorkspaceFactory()
    real = importing.write_steps
    conflicts = []

    def second_conflicts_once(run, context, rows):
        if rows[0][0] == 2 + 4 and not conflicts:
            conflicts.append(1)
            raise IntegrityError("someone else wrote this address meanwhile")
        yield from real(run, context, rows)

    with mock.patch.object(importing, "write_steps", second_conflicts_once):
        run = import_file(workspace, "email,name,tags\n" + addresses(20), chunk_rows=4)
    assert run.status == ImportStatus.DONE
    assert (run.rows_done, run.created, run.skipped) == (20, 20, 0)
    assert Prospect.objects.filter(workspace=workspace).count() == 20
    # The writers stopped at the conflict (the first chunk committed); the rest went one
    # chunk at a time from the conflicting chunk's first line.
    assert one_at_a_time == [6, 10, 14, 18]


def test_cancelling_stops_after_the_chunks_already_handed_over(chunks_handed):
    workspace = WorkspaceFactory()
    real = importing.write_steps

    def cancel_during_second(run, context, rows):
        yield from real(run, context, rows)
        if rows[0][0] == 2 + 4:
            importing.ImportRun.objects.filter(pk=run.pk).update(cancel_requested=True)

    with mock.patch.object(importing, "write_steps", cancel_during_second):
        run = import_file(workspace, "email,name,tags\n" + addresses(40), chunk_rows=4)
    assert run.status == ImportStatus.CANCELLED
    # Whole chunks only, in file order, from the first line.
    assert run.created == run.rows_done and run.rows_done % 4 == 0 and 8 <= run.rows_done < 40
    emails = set(Prospect.objects.filter(workspace=workspace).values_list("email", flat=True))
    assert emails == {f"p{n}@example.org" for n in range(run.rows_done)}


KILLED_IMPORT = """
import os, sys, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings")
django.setup()
from relationships.transfer import importing
importing.run_import(int(sys.argv[1]), chunk_rows=200)
"""


def test_a_worker_killed_mid_import_leaves_whole_chunks_from_the_top_and_resumes():
    """A real SIGKILL while both writers hold a transaction: what is in is exactly the
    file's first rows_done lines, and the run delivered again adds the rest, once each."""
    workspace = WorkspaceFactory()
    total = 20_000
    run = queued_run(workspace, "email,name,tags\n" + addresses(total))
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_IMPORT, str(run.pk)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url(), "IMPORT_PIPELINED": "true"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(lambda: ImportRun.objects.get(pk=run.pk).rows_done >= 2_000, timeout=60)
    finally:
        child.kill()
        child.wait()
    run.refresh_from_db()
    assert run.status == ImportStatus.RUNNING and 0 < run.rows_done < total
    assert run.rows_done % 200 == 0 and run.created == run.rows_done
    emails = set(Prospect.objects.filter(workspace=workspace).values_list("email", flat=True))
    assert emails == {f"p{n}@example.org" for n in range(run.rows_done)}
    assert Event.objects.filter(workspace=workspace).count() == run.rows_done

    run = importing.run_import(run.pk, chunk_rows=200)
    assert run.status == ImportStatus.DONE and (run.rows_done, run.created) == (total, total)
    assert Prospect.objects.filter(workspace=workspace).count() == total
    assert Event.objects.filter(workspace=workspace).count() == total
