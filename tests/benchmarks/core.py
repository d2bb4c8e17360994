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
import os
import platform
import sqlite3
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

import django
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from tests.support.builders import Progress


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
    claim_record: int  # due rows claimed, loaded and recorded without SMTP


SCALES = {
    "tiny": Scale("tiny", 100, 2_000, 20_000, 200, 20, 100, 500, 2_000),
    "small": Scale("small", 500, 10_000, 100_000, 1_000, 100, 500, 5_000, 10_000),
    "full": Scale("full", 5_000, 10_000, 1_000_000, 10_000, 500, 5_000, 50_000, 50_000),
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


def rate(count: int, seconds: float) -> float:
    return round(count / seconds, 1) if seconds else 0.0
