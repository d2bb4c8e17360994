"""A claim in a 1,000,000-row outbox against one in a 10,000-row outbox; claim and record
without SMTP over a whole outbox of due rows."""

import datetime
import os
import statistics
import time
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from relationships.models import (
    Delivery,
    DeliveryStatus,
    Enrollment,
    EnrollmentState,
)
from relationships.nurture.dispatch import claim_due, claimable
from relationships.nurture.sending import Batch
from tests.benchmarks.core import Progress, Scale, case
from tests.support.builders import load_outbox, prospects_for, sequence_for, workspace_for

CLAIM_BATCH = 500


# Enrollments in the big outbox: rows = enrollments x steps, as (enrollment, step) is unique.
OUTBOX_ENROLLMENTS = 1000


CLAIM_REPEATS = 7


def timed_claims(repeats: int) -> tuple[float, list[float]]:
    """Median seconds of `repeats` claims of CLAIM_BATCH rows, each put back afterwards."""
    times = []
    for attempt in range(repeats + 1):
        started = time.perf_counter()
        claim = claim_due(limit=CLAIM_BATCH)
        elapsed = time.perf_counter() - started
        if len(claim.ids) != CLAIM_BATCH:
            raise RuntimeError(f"claimed {len(claim.ids)} rows, expected {CLAIM_BATCH}")
        Delivery.objects.filter(pk__in=claim.ids).update(
            status=DeliveryStatus.SCHEDULED, claim_token="", lease_until=None, claims=0
        )
        if attempt:  # the first one warms caches up
            times.append(elapsed)
    return statistics.median(times), times


def candidates():
    """claim_due's first step: the due rows it would lock, oldest first."""
    rows = claimable(timezone.now()).order_by("due_at")
    if connection.features.has_select_for_update_skip_locked:
        rows = rows.select_for_update(skip_locked=True)
    return rows.values_list("pk", flat=True)[:CLAIM_BATCH]


def timed_selects(repeats: int) -> float:
    """Median seconds of the candidate query alone (the rest of a claim is the UPDATE of
    its rows and the commit, which cost the same per row whatever the outbox's size)."""
    times = []
    for _ in range(repeats):
        with transaction.atomic():
            started = time.perf_counter()
            list(candidates())
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def claim_plan() -> str:
    with transaction.atomic():
        if connection.vendor == "postgresql":
            return candidates().explain(analyze=True, buffers=True)
        return candidates().explain()


@case("claim_scaling")
def claim_scaling_case(scale: Scale, progress: Progress) -> dict:
    workspace = workspace_for("claims")
    sequence = sequence_for(workspace, [datetime.timedelta(0)])
    prospects = prospects_for(workspace, OUTBOX_ENROLLMENTS)
    now = timezone.now()
    # Completed enrollments: the partial unique constraint only covers open ones.
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(
            prospect=p,
            sequence=sequence,
            state=EnrollmentState.COMPLETED,
            enrolled_at=now,
            updated_at=now,
            ended_at=now,
        )
        for p in prospects
    )
    last_due = sorted(e.pk for e in enrollments)[CLAIM_BATCH + 99]  # 600 due rows
    results = {}
    # Step 1 first, on its own: its due rows then lie together, ahead of the bulk, at
    # both sizes, so both claims touch the same pages and only the outbox's size differs.
    load_outbox(sequence, range(1, 2), last_due=last_due, now=now)
    loaded_steps = 1
    for label, rows in (("baseline", scale.outbox_baseline), ("big", scale.outbox)):
        steps = rows // OUTBOX_ENROLLMENTS
        progress(f"loading the outbox to {rows} rows")
        started = time.perf_counter()
        load_outbox(sequence, range(loaded_steps + 1, steps + 1), last_due=last_due, now=now)
        loaded_steps = steps
        load_seconds = time.perf_counter() - started
        progress(f"{rows} rows loaded in {load_seconds:.1f} s; claiming {CLAIM_BATCH}")
        median, times = timed_claims(CLAIM_REPEATS)
        select = timed_selects(CLAIM_REPEATS)
        results[label] = {
            "rows": Delivery.objects.count(),
            "open_rows": Delivery.objects.filter(
                status__in=[DeliveryStatus.SCHEDULED, DeliveryStatus.CLAIMED]
            ).count(),
            "load_seconds": round(load_seconds, 1),
            "claim_ms": round(1000 * median, 2),
            "claim_ms_all": [round(1000 * t, 2) for t in times],
            "select_ms": round(1000 * select, 2),
        }
    plan = claim_plan()
    return {
        "claim_batch": CLAIM_BATCH,
        "due_rows": CLAIM_BATCH + 100,
        "baseline": results["baseline"],
        "big": results["big"],
        "ratio": round(results["big"]["claim_ms"] / results["baseline"]["claim_ms"], 3),
        "select_ratio": round(results["big"]["select_ms"] / results["baseline"]["select_ms"], 3),
        "goal": "<= 1.5 on PostgreSQL",
        "uses_delivery_open_due": "delivery_open_due" in plan,
        "plan": plan,
    }


@case("claim_record")
def claim_record_case(scale: Scale, progress: Progress) -> dict:
    """The engine's own work per row, without SMTP: claim (one UPDATE … RETURNING), load
    what the send needs, record as sent with its events in the writes `send_claimed`
    makes (half a record group each). Rows per second over the whole outbox, and where
    the time goes."""
    workspace = workspace_for("claim-record")
    sequence = sequence_for(workspace, [datetime.timedelta(0)])
    progress(f"loading {scale.claim_record} due rows")
    prospects = prospects_for(workspace, scale.claim_record)
    now = timezone.now()
    enrollments = Enrollment.objects.bulk_create(
        (
            Enrollment(prospect=p, sequence=sequence, enrolled_at=now, updated_at=now)
            for p in prospects
        ),
        batch_size=5000,
    )
    load_outbox(sequence, range(1, 2), last_due=max(e.pk for e in enrollments), now=now)
    batch_size = settings.NURTURE_BATCH_SIZE
    claim_s = load_s = record_s = 0.0
    rows = 0
    server = server_process()
    cpu_started, server_started = time.process_time(), cpu_seconds(server)
    started = time.perf_counter()
    while True:
        t0 = time.perf_counter()
        claim = claim_due(limit=batch_size)
        t1 = time.perf_counter()
        if not claim.ids:
            break
        batch = Batch(claim.ids, claim.token)
        t2 = time.perf_counter()
        for delivery in batch.deliveries:
            batch.pending_sent.append(delivery)
            if len(batch.pending_sent) >= batch.flush_size:
                batch.flush_sent()
        batch.flush_sent()
        t3 = time.perf_counter()
        claim_s, load_s, record_s = claim_s + t1 - t0, load_s + t2 - t1, record_s + t3 - t2
        rows += len(claim.ids)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    server_cpu = cpu_seconds(server) - server_started if server else None
    recorded = Delivery.objects.filter(status=DeliveryStatus.SENT, workspace=workspace).count()
    return {
        "rows": rows,
        "batch_size": batch_size,
        "record_group": settings.NURTURE_RECORD_GROUP,
        "rows_per_write": (settings.NURTURE_RECORD_GROUP + 1) // 2,
        "rows_per_second": round(rows / seconds, 1),
        "goal": ">= 10000 on PostgreSQL",
        "us_per_row": {
            "claim": round(1e6 * claim_s / rows, 1),
            "load": round(1e6 * load_s / rows, 1),
            "record": round(1e6 * record_s / rows, 1),
        },
        # CPU time per row, which other work on the machine stretches far less than the
        # wall clock: this process's, and its database backend's when the server runs here.
        "cpu_us_per_row": {
            "client": round(1e6 * cpu / rows, 1),
            "server": round(1e6 * server_cpu / rows, 1) if server_cpu is not None else None,
        },
        "verified": recorded == rows == scale.claim_record,
    }


def server_process() -> Path | None:
    """/proc's entry of this connection's PostgreSQL backend, when the server runs on this
    machine (and /proc exists); None otherwise."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        stat = Path(f"/proc/{cursor.fetchone()[0]}/stat")
    host = connection.settings_dict.get("HOST") or "localhost"
    local = host in {"localhost", "127.0.0.1", "::1"} or host.startswith("/")
    return stat if local and stat.exists() else None


def cpu_seconds(stat: Path | None) -> float:
    """User and system CPU seconds of the process whose /proc stat this is."""
    if stat is None:
        return 0.0
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
