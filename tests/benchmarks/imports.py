"""Import: rows of a realistic CSV into a workspace that already holds many, against plain
`bulk_create` of the same prepared rows in the same run, and the import's peak memory for a
big file against a file a tenth of its size (memory must stay flat in the file's size)."""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import connection

from relationships.models import ImportStatus, Prospect
from relationships.transfer import importing
from relationships.transfer.rows import prepare
from tests.benchmarks.core import Progress, Scale, case, rate
from tests.support.builders import prospects_for, workspace_for
from tests.support.processes import ROOT, database_url

ROWS = {"tiny": 2_000, "small": 20_000, "full": 100_000}
EXISTING = {"tiny": 1_000, "small": 10_000, "full": 50_000}
HEADER = "Email Address,First Name,Last Name,Tags,Source,Phone,Created\n"


def write_list(path: Path, count: int, *, prefix: str) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for n in range(count):
            out.write(
                f'{prefix}{n}@list.example,Jamie{n},Rivera,"workshop, wave {n % 5}",'
                f"Mailchimp,+44 7700 900{n % 1000:03d},2024-0{1 + n % 9}-1{n % 10}\n"
            )


def filled(label: str, existing: int, progress: Progress):
    workspace = workspace_for(label)
    progress(f"{label}: {existing} prospects already there")
    for start in range(0, existing, 10_000):
        prospects_for(workspace, min(10_000, existing - start), start=start)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return workspace


def timed_import(workspace, path: Path) -> tuple[float, object]:
    started = time.perf_counter()
    with path.open("rb") as handle:
        run = importing.start_import(
            workspace, upload=File(handle, name=path.name), filename=path.name, by=None
        )
    importing.configure_import(run, mapping=run.mapping, consent="track", by=None)
    importing.queue_import(run, by=None, send=False)
    run = importing.run_import(run.pk)
    return time.perf_counter() - started, run


def prepared_prospects(workspace, path: Path) -> list[Prospect]:
    """The floor's input: the same rows, already parsed and prepared as model instances."""
    import csv

    stage = workspace.stages.get(key="needs_help")
    mapping = {"0": "email", "1": "first_name", "2": "last_name", "4": "source", "5": "phone"}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [prepare(n, values, mapping) for n, values in enumerate(csv.reader(handle)) if n]
    return [
        Prospect(
            workspace=workspace,
            name=row.name,
            email=row.email,
            stage=stage,
            source=row.source,
            phone=row.phone,
        )
        for row in rows
    ]


def timed_bulk_create(prospects: list[Prospect]) -> float:
    started = time.perf_counter()
    Prospect.objects.bulk_create(prospects, batch_size=2000)
    return time.perf_counter() - started


# The child reports its own peak: VmHWM counts only what it touched since its exec
# (a fork's copy of this big process would otherwise be counted as its peak).
MEASURED_IMPORT = """
import os, sys, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings")
django.setup()
from django.core.management import call_command
call_command("import_prospects", sys.argv[1], workspace=sys.argv[2])
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        print("peak", int(line.split()[1]) * 1024)
"""


def peak_rss(path: Path, slug: str) -> int:
    """Peak resident memory of the import command over the file, in bytes."""
    env = {**os.environ, "DATABASE_URL": database_url(), "DEBUG": "false"}
    done = subprocess.run(
        [sys.executable, "-c", MEASURED_IMPORT, str(path), slug],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(done.stderr[-2000:])
    return int(done.stdout.split("peak")[-1])


@case("import")
def import_case(scale: Scale, progress: Progress) -> dict:
    rows, existing = ROWS[scale.name], EXISTING[scale.name]
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "list.csv"
        write_list(big, rows, prefix="new")
        target = filled("import", existing, progress)
        floor = filled("bulk", existing, progress)
        prepared = prepared_prospects(floor, big)
        half = len(prepared) // 2
        # The floor is timed half before and half after the import, so that load from other
        # processes on a shared machine weighs on both sides alike.
        progress("half of the same rows through bulk_create")
        floor_seconds = timed_bulk_create(prepared[:half])
        progress(f"importing {rows} rows")
        seconds, run = timed_import(target, big)
        if run.status != ImportStatus.DONE or run.created != rows:
            raise RuntimeError(f"import ended {run.status}: {run.created} of {rows} created")
        progress("the other half through bulk_create")
        floor_seconds += timed_bulk_create(prepared[half:])

        progress("peak memory of the command, a tenth of the file, then all of it")
        small = Path(folder) / "small.csv"
        write_list(small, rows // 10, prefix="small")
        workspace_for("rss-small")
        workspace_for("rss-big")
        small_rss = peak_rss(small, "benchmark-rss-small")
        big_rss = peak_rss(big, "benchmark-rss-big")
    return {
        "rows": rows,
        "existing": existing,
        "chunk_rows": settings.IMPORT_CHUNK_ROWS,
        "import_seconds": round(seconds, 2),
        "rows_per_second": rate(rows, seconds),
        "bulk_create_rows_per_second": rate(rows, floor_seconds),
        "ratio": round(floor_seconds / seconds, 3),
        "peak_rss_small_mb": round(small_rss / 2**20, 1),
        "peak_rss_big_mb": round(big_rss / 2**20, 1),
        "rss_ratio": round(big_rss / small_rss, 3),
    }
