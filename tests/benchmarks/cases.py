"""Measuring the nurture engine, each case against a baseline taken in the same run.

Machines are noisy, so no case reports a bare number alone: the send path is set
against plain smtplib to the same sink, a claim in a big outbox against one in a
small outbox, a worker's memory late in a drain against early in it. Everything
runs in a throwaway test database (created here, destroyed at the end, also on
error); the developer's own database is never opened.

Cases are a registry (`CASES`); `python manage.py benchmark` is a thin front end.
"""

import contextlib
import dataclasses
import datetime
import os
import platform
import re
import secrets
import signal
import smtplib
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import django
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from relationships.models import (
    Consent,
    Content,
    ContentKind,
    ContentStatus,
    Delivery,
    DeliveryStatus,
    Enrollment,
    EnrollmentState,
    Prospect,
    Sequence,
    StageKey,
    Step,
    Workspace,
)
from relationships.nurture.dispatch import claim_due, claimable, dispatch_due
from relationships.nurture.enrollment import enroll_many
from relationships.nurture.messages import build_message, render_delivery
from relationships.nurture.sending import SendReport, send_claimed
from relationships.workspaces.services import seed_stages

Progress = Callable[[str], None]

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
CLAIM_BATCH = 500
# Enrollments in the big outbox: rows = enrollments x steps, as (enrollment, step) is unique.
OUTBOX_ENROLLMENTS = 1000
CLAIM_REPEATS = 7
ALL_DAY = (datetime.time(0, 0), datetime.time(23, 59, 59, 999999))

BODY = """Hi {{ first_name }},

A weekly review sounds like something only very organised people do. In practice it's
three questions and fifteen minutes, ideally on a **Friday afternoon** while the week is
still fresh.

1. What went well this week? Write down at least two things, even small ones.
2. What got stuck? Not who was to blame, just where the friction was.
3. What is the *one thing* for next week? One, not five.

Keep your answers in one notebook so you can look back after a month: patterns appear
quickly, and they show you what to adjust in your week rather than in yourself.
There is a [one-page worksheet](https://example.com/weekly-review) if you like paper.

Have a good weekend,
{{ coach_name }}
"""


@dataclasses.dataclass(frozen=True)
class Scale:
    name: str
    dispatch: int  # deliveries through the whole send path
    outbox_baseline: int  # rows in the small outbox of claim_scaling
    outbox: int  # rows in the big one
    fanout: int  # prospects enrolled; queries are also counted at a tenth of it
    fanout_chunk: int  # prospects per enroll_many call
    rss_early: int  # sends before the worker's first RSS reading
    rss_late: int  # sends before its second


SCALES = {
    "tiny": Scale("tiny", 100, 2_000, 20_000, 200, 20, 100, 500),
    "small": Scale("small", 500, 10_000, 100_000, 1_000, 100, 500, 5_000),
    "full": Scale("full", 5_000, 10_000, 1_000_000, 10_000, 500, 5_000, 50_000),
}

CASES: dict[str, Callable[[Scale, Progress], dict]] = {}


def case(name: str):
    def register(function: Callable[[Scale, Progress], dict]):
        CASES[name] = function
        return function

    return register


def run(names: list[str], *, scale: Scale, progress: Progress) -> dict:
    """Measure the named cases in one throwaway database; one dict, ready for JSON.

    A case that raises is reported with its error and the others still run.
    """
    started = time.monotonic()
    result = {
        "scale": scale.name,
        "database": connection.vendor,
        "machine": machine(),
        "debug": False,
        "cases": {},
    }
    # Production settings for the measured code: DEBUG would log every query.
    with override_settings(DEBUG=False), throwaway_database(progress):
        result["database_version"] = database_version()
        for index, name in enumerate(names):
            if index:
                call_command("flush", interactive=False, verbosity=0)
            progress(f"[{name}] starting ({scale.name})")
            case_started = time.monotonic()
            try:
                outcome = CASES[name](
                    scale, lambda message, name=name: progress(f"[{name}] {message}")
                )
            except Exception as exc:
                progress(traceback.format_exc())
                outcome = {"error": f"{type(exc).__name__}: {exc}"}
            outcome["seconds"] = round(time.monotonic() - case_started, 1)
            result["cases"][name] = outcome
            progress(f"[{name}] done in {outcome['seconds']} s")
    result["seconds"] = round(time.monotonic() - started, 1)
    return result


def machine() -> dict:
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "django": django.get_version(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
    }


def database_version() -> str:
    if connection.vendor == "sqlite":
        return sqlite3.sqlite_version
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        return cursor.fetchone()[0]


# ---- the throwaway database ---------------------------------------------------------------


def benchmark_database_name() -> str:
    if connection.vendor == "sqlite":
        # A file, so a worker process can open it; never the test suite's file.
        return str(settings.VAR_DIR / f"benchmark-{os.getpid()}.sqlite3")
    return f"test_benchmark_{os.getpid()}"


@contextlib.contextmanager
def throwaway_database(progress: Progress) -> Iterator[None]:
    """A freshly migrated database for the run, destroyed afterwards whatever happens."""
    original = connection.settings_dict["NAME"]
    test_settings = connection.settings_dict.setdefault("TEST", {})
    saved_test_name = test_settings.get("NAME")
    test_settings["NAME"] = benchmark_database_name()
    progress(f"creating the throwaway database {test_settings['NAME']}")
    try:
        connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False, keepdb=False
        )
        yield
    finally:
        name = connection.settings_dict["NAME"]
        if name != original:
            progress(f"destroying the throwaway database {name}")
            connection.creation.destroy_test_db(original, verbosity=0, keepdb=False)
            if connection.vendor == "sqlite":
                for suffix in ("-wal", "-shm", "-journal"):
                    Path(name + suffix).unlink(missing_ok=True)
        test_settings["NAME"] = saved_test_name


def database_url() -> str:
    """DATABASE_URL for another process to open the database this process uses now."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "localhost"
    return f"postgres://{auth}@{host}:{db['PORT'] or 5432}/{quote(db['NAME'], safe='')}"


# ---- other processes: the SMTP sink and a Celery worker -----------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_process(process: subprocess.Popen, timeout: float = 15) -> None:
    """SIGTERM the process group (started with start_new_session), SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextlib.contextmanager
def smtp_sink_process(log_path: Path, *, timeout: float = 20) -> Iterator[int]:
    """The aiosmtpd sink in its own process (so it never competes for this one's GIL).

    Yields its port; each accepted message adds its Message-ID as a line to `log_path`.
    """
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.support.smtp_sink", str(port), str(log_path)],
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the SMTP sink exited with {process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("the SMTP sink did not start listening") from None
                time.sleep(0.05)
        yield port
    finally:
        stop_process(process)


def message_ids(log_path: Path) -> Counter:
    """How often the sink accepted each Message-ID."""
    if not log_path.exists():
        return Counter()
    return Counter(line.strip() for line in log_path.read_text().splitlines() if line.strip())


def worker_env(*, smtp_port: int, **extra: str) -> dict[str, str]:
    """Environment for a worker on this database and broker, mailing the sink."""
    return {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "EMAIL_BACKEND": SMTP_BACKEND,
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


@contextlib.contextmanager
def celery_worker_process(
    queue: str, *, env: dict[str, str], log_path: Path
) -> Iterator[subprocess.Popen]:
    """A real `celery worker --pool=solo` on one queue, its output in a file (a pipe
    nobody reads fills up and stalls a long-running worker)."""
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "crm", "worker", "--pool=solo",
             "--without-gossip", "--without-mingle", "--without-heartbeat",
             "-Q", queue, "--loglevel=INFO", "-n", f"{queue}@%h"],
            cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        yield process
    finally:
        stop_process(process)


def wait_until_ready(process: subprocess.Popen, log_path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the worker exited with {process.returncode}:\n{tail(log_path)}")
        if b" ready." in log_path.read_bytes():
            return
        time.sleep(0.1)
    raise RuntimeError(f"the worker did not get ready:\n{tail(log_path)}")


def tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def rss_bytes(pid: int) -> int:
    """Resident memory of a process and its descendants (from /proc, Linux)."""
    total = 0
    with contextlib.suppress(FileNotFoundError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
        for task in Path(f"/proc/{pid}/task").iterdir():
            children = (task / "children").read_text().split()
            total += sum(rss_bytes(int(child)) for child in children)
    return total


# ---- shared setup (never timed) -----------------------------------------------------------


def workspace_for(label: str, **fields) -> Workspace:
    """A workspace whose window, unless told otherwise, is every day, all day, and no cap:
    the re-checks at send time then pass and move nothing."""
    defaults = {
        "timezone": "UTC",
        "sender_name": "Sam Coach",
        "sender_email": "sam@coaching.example",
        "postal_address": "1 High Street, Bristol BS1 1AA, UK",
        "send_days": list(range(1, 8)),
        "send_window_start": ALL_DAY[0],
        "send_window_end": ALL_DAY[1],
        "frequency_cap_days": 0,
    }
    workspace = Workspace.objects.create(
        name=f"Benchmark {label}", slug=f"benchmark-{label}", **{**defaults, **fields}
    )
    seed_stages(workspace)
    return workspace


def sequence_for(workspace: Workspace, delays: list[datetime.timedelta]) -> Sequence:
    content = Content.objects.create(
        workspace=workspace,
        title="The fifteen-minute weekly review",
        subject="Three questions for Friday afternoon, {{ first_name }}",
        body=BODY,
        kind=ContentKind.VALUE,
        status=ContentStatus.APPROVED,
    )
    sequence = Sequence.objects.create(
        workspace=workspace,
        name="Benchmark series",
        entry_stage=workspace.stages.get(key=StageKey.NEEDS_HELP),
    )
    Step.objects.bulk_create(
        Step(sequence=sequence, position=position, delay=delay, content=content)
        for position, delay in enumerate(delays, start=1)
    )
    return sequence


def prospects_for(workspace: Workspace, count: int, *, start: int = 0) -> list[Prospect]:
    stage = workspace.stages.get(key=StageKey.NEEDS_HELP)
    return Prospect.objects.bulk_create(
        (
            Prospect(
                workspace=workspace,
                name=f"Alex{number} Example",
                email=f"alex{number}@people.example",
                stage=stage,
                consent=Consent.CONFIRMED,
            )
            for number in range(start, start + count)
        ),
        batch_size=1000,
    )


def enroll_in_chunks(prospects: list[Prospect], sequence: Sequence, chunk: int) -> None:
    for offset in range(0, len(prospects), chunk):
        enroll_many(prospects[offset : offset + chunk], sequence)


def queued_for_sending(workspace: Workspace, count: int, progress: Progress) -> Sequence:
    """`count` prospects, each with one delivery due now."""
    progress(f"setting up {count} due deliveries")
    sequence = sequence_for(workspace, [datetime.timedelta(0)])
    enroll_in_chunks(prospects_for(workspace, count), sequence, chunk=1000)
    Delivery.objects.filter(workspace=workspace).update(
        due_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    return sequence


def smtp_settings(port: int):
    return override_settings(
        EMAIL_BACKEND=SMTP_BACKEND,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_TIMEOUT=10,
    )


def rate(count: int, seconds: float) -> float:
    return round(count / seconds, 1) if seconds else 0.0


# ---- dispatch: the whole send path against plain smtplib ----------------------------------

DISPATCH_ROUNDS = 5


def drain_in_process(batch_size: int, send: Callable[[list[int], str], SendReport]) -> int:
    """Claim, render, send and record everything due, batch after batch, in this process."""
    sent = 0
    while True:
        claim = claim_due(limit=batch_size)
        if not claim.ids:
            return sent
        sent += send(claim.ids, claim.token).sent


def sample_message(workspace: Workspace) -> EmailMultiAlternatives:
    delivery = (
        Delivery.objects.filter(workspace=workspace)
        .select_related("prospect__workspace", "workspace", "step__content")
        .first()
    )
    rendered = render_delivery(delivery)
    return build_message(delivery, rendered, None)


def prebuilt_messages(workspace: Workspace, count: int) -> list[bytes]:
    """`count` copies of a real nurture message, as bytes, each with its own Message-ID."""
    raw = sample_message(workspace).message().as_bytes(linesep="\r\n")
    header = re.compile(rb"^Message-ID: .*$", re.MULTILINE | re.IGNORECASE)
    return [
        header.sub(f"Message-ID: <baseline.{n}@bench.example>".encode(), raw, count=1)
        for n in range(count)
    ]


def smtplib_seconds(port: int, messages: list[bytes]) -> float:
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
        for raw in messages:
            smtp.sendmail("sam@coaching.example", ["alex@people.example"], raw)
    return time.perf_counter() - started


def measure_dispatch(
    scale: Scale, progress: Progress, send: Callable[[list[int], str], SendReport]
) -> dict:
    """The send path against smtplib, in interleaved rounds so that load from other
    processes on the machine weighs on both alike."""
    count = scale.dispatch
    batch_size = settings.NURTURE_BATCH_SIZE
    workspace = workspace_for("dispatch")
    queued_for_sending(workspace, count, progress)
    pks = list(
        Delivery.objects.filter(workspace=workspace).order_by("pk").values_list("pk", flat=True)
    )
    Delivery.objects.filter(workspace=workspace).update(
        due_at=timezone.now() + datetime.timedelta(days=30)
    )
    rounds = [pks[n::DISPATCH_ROUNDS] for n in range(DISPATCH_ROUNDS)]
    path_times, smtplib_times = [], []
    with tempfile.TemporaryDirectory() as folder:
        log_path = Path(folder) / "sink.log"
        with smtp_sink_process(log_path) as port, smtp_settings(port):
            baseline = prebuilt_messages(workspace, count)
            progress(
                f"{count} deliveries in {DISPATCH_ROUNDS} rounds, claims of {batch_size}, "
                "each round after as many pre-built messages over plain smtplib"
            )
            for n, ids in enumerate(rounds):
                smtplib_times.append(smtplib_seconds(port, baseline[n::DISPATCH_ROUNDS]))
                Delivery.objects.filter(pk__in=ids).update(
                    due_at=timezone.now() - datetime.timedelta(seconds=1)
                )
                started = time.perf_counter()
                sent = drain_in_process(batch_size, send)
                path_times.append(time.perf_counter() - started)
                if sent != len(ids):
                    raise RuntimeError(f"round {n}: sent {sent} of {len(ids)}")
        received = message_ids(log_path)
    expected = set(
        Delivery.objects.filter(workspace=workspace, status=DeliveryStatus.SENT).values_list(
            "message_id", flat=True
        )
    )
    nurture = {mid: n for mid, n in received.items() if mid.startswith("<nurture.")}
    verified = (
        len(expected) == count
        and set(nurture) == expected
        and all(n == 1 for n in nurture.values())
    )
    path_rate = rate(count, sum(path_times))
    smtplib_rate = rate(count, sum(smtplib_times))
    return {
        "messages": count,
        "batch_size": batch_size,
        "rounds": DISPATCH_ROUNDS,
        "path_rate": path_rate,
        "path_ms_per_message": round(1000 * sum(path_times) / count, 3),
        "smtplib_rate": smtplib_rate,
        "smtplib_ms_per_message": round(1000 * sum(smtplib_times) / count, 3),
        "ratio": round(path_rate / smtplib_rate, 3) if smtplib_rate else None,
        "round_ratios": [round(b / p, 3) for p, b in zip(path_times, smtplib_times, strict=True)],
        "goal": ">= 0.7",
        "sink_received": sum(nurture.values()),
        "verified": verified,
    }


@case("dispatch")
def dispatch_case(scale: Scale, progress: Progress) -> dict:
    return measure_dispatch(scale, progress, send_claimed)


# ---- claim_scaling: a claim in a big outbox against one in a small outbox -----------------

LOAD_OUTBOX = """
INSERT INTO {delivery} (
    kind, enrollment_id, step_id, prospect_id, workspace_id, due_at, status, lease_until,
    claim_token, attempts, last_error, reason, message_id, sent_at, opened_at, clicked_at,
    replied_at, created_at
)
SELECT
    'nurture', e.id, s.id, e.prospect_id, %(workspace)s,
    CASE WHEN s.position = 1 AND e.id <= %(last_due)s THEN %(due)s
         WHEN (e.id + s.position) %% %(every)s = 0 THEN %(future)s
         ELSE %(past)s END,
    CASE WHEN s.position = 1 AND e.id <= %(last_due)s THEN 'scheduled'
         WHEN (e.id + s.position) %% %(every)s = 0 THEN 'scheduled'
         ELSE 'sent' END,
    NULL, '', 0, '', '', '',
    CASE WHEN s.position = 1 AND e.id <= %(last_due)s THEN NULL
         WHEN (e.id + s.position) %% %(every)s = 0 THEN NULL
         ELSE %(past)s END,
    NULL, NULL, NULL, %(past)s
FROM {enrollment} e CROSS JOIN {step} s
WHERE e.sequence_id = %(sequence)s AND s.sequence_id = %(sequence)s
  AND s.position BETWEEN %(first_step)s AND %(last_step)s
"""


def load_outbox(sequence: Sequence, steps: range, *, last_due: int, now) -> None:
    """One INSERT … SELECT over enrollments x steps: most rows sent a month ago, one in
    20 scheduled for tomorrow, and step 1 of the enrollments up to `last_due` due now."""
    content = sequence.steps.first().content  # step 1 exists: sequence_for made it
    Step.objects.bulk_create(
        Step(
            sequence=sequence, position=position, delay=datetime.timedelta(days=1), content=content
        )
        for position in steps
        if position > 1
    )
    sql = LOAD_OUTBOX.format(
        delivery=Delivery._meta.db_table,
        enrollment=Enrollment._meta.db_table,
        step=Step._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "workspace": sequence.workspace_id,
                "sequence": sequence.pk,
                "last_due": last_due,
                "every": 20,
                "due": stored(now - datetime.timedelta(minutes=1)),
                "future": stored(now + datetime.timedelta(days=1)),
                "past": stored(now - datetime.timedelta(days=30)),
                "first_step": steps.start,
                "last_step": steps.stop - 1,
            },
        )
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")


def stored(moment: datetime.datetime):
    """A datetime as the ORM would store it (SQLite keeps naive UTC text)."""
    return connection.ops.adapt_datetimefield_value(moment)


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
            status=DeliveryStatus.SCHEDULED, claim_token="", lease_until=None, attempts=0
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


# ---- fanout: enroll_many's throughput and its queries per prospect ------------------------


def timed_enrollment(prospects: list[Prospect], sequence: Sequence, chunk: int):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        enroll_in_chunks(prospects, sequence, chunk)
        seconds = time.perf_counter() - started
    return seconds, len(queries.captured_queries)


@case("fanout")
def fanout_case(scale: Scale, progress: Progress) -> dict:
    count, chunk = scale.fanout, scale.fanout_chunk
    few = count // 10
    # A real schedule: the default Tue-Thu morning window and a three-day cap, in London.
    workspace = workspace_for(
        "fanout",
        timezone="Europe/London",
        send_days=[2, 3, 4],
        send_window_start=datetime.time(9),
        send_window_end=datetime.time(11),
        frequency_cap_days=3,
    )
    days = datetime.timedelta(days=1)
    sequence = sequence_for(workspace, [0 * days, 3 * days, 7 * days, 14 * days, 21 * days])
    steps = sequence.steps.count()
    progress(f"creating {few + count} prospects")
    prospects = prospects_for(workspace, few + count)
    progress(f"enrolling {few}, then {count}, {chunk} per enroll_many call")
    few_seconds, few_queries = timed_enrollment(prospects[:few], sequence, chunk)
    seconds, queries = timed_enrollment(prospects[few:], sequence, chunk)
    created = Delivery.objects.filter(workspace=workspace).count()
    few_per_prospect = few_queries / few
    per_prospect = queries / count
    return {
        "prospects": count,
        "steps": steps,
        "chunk_size": chunk,
        "deliveries": created,
        "deliveries_per_second": rate(count * steps, seconds),
        "deliveries_per_second_at_tenth": rate(few * steps, few_seconds),
        "queries": {str(few): few_queries, str(count): queries},
        "queries_per_prospect": {
            str(few): round(few_per_prospect, 4),
            str(count): round(per_prospect, 4),
        },
        "constant": per_prospect <= few_per_prospect * 1.1 and created == (few + count) * steps,
    }


# ---- worker_rss: a real worker's memory early and late in a long drain --------------------


def drain_through_worker(
    workspace: Workspace,
    queue: str,
    target: int,
    worker: subprocess.Popen,
    log_path: Path,
    progress: Progress,
) -> None:
    """Dispatch like beat would until `target` rows are sent, a few batches in flight."""
    # Imported here: the tasks module reads time limits from settings at import.
    from relationships.tasks import send_batch

    batch_size = settings.NURTURE_BATCH_SIZE
    sent_rows = Delivery.objects.filter(workspace=workspace, status=DeliveryStatus.SENT)
    in_flight = Delivery.objects.filter(workspace=workspace, status=DeliveryStatus.CLAIMED)
    deadline = time.monotonic() + max(120, target / 20)
    last_report = time.monotonic()
    while (sent := sent_rows.count()) < target:
        if worker.poll() is not None:
            raise RuntimeError(f"the worker died:\n{tail(log_path)}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"only {sent} of {target} sent in time:\n{tail(log_path)}")
        if in_flight.count() < 4 * batch_size:
            dispatch_due(
                enqueue=lambda ids, token: send_batch.apply_async(args=(ids, token), queue=queue),
                max_batches=4,
            )
        if time.monotonic() - last_report > 5:
            progress(f"{sent} of {target} sent")
            last_report = time.monotonic()
        time.sleep(0.1)


@case("worker_rss")
def worker_rss_case(scale: Scale, progress: Progress) -> dict:
    early, late = scale.rss_early, scale.rss_late
    workspace = workspace_for("worker")
    queued_for_sending(workspace, late, progress)
    later = Delivery.objects.filter(workspace=workspace).order_by("pk")[early:]
    Delivery.objects.filter(pk__in=list(later.values_list("pk", flat=True))).update(
        due_at=timezone.now() + datetime.timedelta(days=30)
    )
    queue = f"benchmark-{secrets.token_hex(4)}"
    debug = os.environ.get("DEBUG", "false")
    with tempfile.TemporaryDirectory() as folder:
        sink_log, worker_log = Path(folder) / "sink.log", Path(folder) / "worker.log"
        with smtp_sink_process(sink_log) as port:
            env = worker_env(smtp_port=port, DEBUG=debug)
            with celery_worker_process(queue, env=env, log_path=worker_log) as worker:
                wait_until_ready(worker, worker_log)
                started = time.monotonic()
                progress(f"worker {worker.pid} ready; draining {early}")
                drain_through_worker(workspace, queue, early, worker, worker_log, progress)
                time.sleep(0.5)
                rss_early = rss_bytes(worker.pid)
                progress(f"RSS after {early}: {rss_early / 2**20:.1f} MiB; draining to {late}")
                Delivery.objects.filter(
                    workspace=workspace, status=DeliveryStatus.SCHEDULED
                ).update(due_at=timezone.now() - datetime.timedelta(seconds=1))
                drain_through_worker(workspace, queue, late, worker, worker_log, progress)
                seconds = time.monotonic() - started
                time.sleep(0.5)
                rss_late = rss_bytes(worker.pid)
                progress(f"RSS after {late}: {rss_late / 2**20:.1f} MiB")
        received = message_ids(sink_log)
    sent = Delivery.objects.filter(workspace=workspace, status=DeliveryStatus.SENT).count()
    return {
        "sends": [early, late],
        "rss_mib": {
            str(early): round(rss_early / 2**20, 1),
            str(late): round(rss_late / 2**20, 1),
        },
        "ratio": round(rss_late / rss_early, 3),
        "goal": "<= 1.2",
        "worker": "celery worker --pool=solo",
        "worker_debug": debug,
        "broker": settings.CELERY_BROKER_URL.split("://", 1)[0],
        "sends_per_second": rate(late, seconds),
        "verified": sent == late and len(received) == late and sum(received.values()) == late,
    }


# ---- content_check: the value-first check of a 1,000-word email ---------------------------


@case("content_check")
def content_check_case(scale: Scale, progress: Progress) -> dict:
    """Median time of one check of a 1,000-word email (goal: under 20 ms), against the
    markdown-it render of the same text measured alongside it."""
    from relationships.content.check import median_check_ms
    from relationships.content.starter import load_starter_library
    from relationships.nurture.rendering import markdown_to_html

    words: list[str] = []
    paragraphs: list[str] = []
    for email in load_starter_library():
        for paragraph in email.body.split("\n\n"):
            paragraphs.append(paragraph)
            words += paragraph.split()
            if len(words) >= 1000:
                break
        if len(words) >= 1000:
            break
    body = "\n\n".join(paragraphs)
    repeats = 30 if scale.name == "tiny" else 200
    check_ms = median_check_ms(body, subject="One idea for your week", repeats=repeats)
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        markdown_to_html(body)
        timings.append((time.perf_counter() - started) * 1000)
    render_ms = statistics.median(timings)
    progress(f"{len(body.split())} words: check {check_ms:.2f} ms, render {render_ms:.2f} ms")
    return {
        "words": len(body.split()),
        "check_ms": round(check_ms, 2),
        "markdown_render_ms": round(render_ms, 2),
        "ratio_to_render": round(check_ms / render_ms, 2),
        "goal": "check_ms < 20",
    }
