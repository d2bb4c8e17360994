"""Real processes for tests: a Celery worker, `make run`, pointed at the test database."""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)


def test_database_url() -> str:
    """DATABASE_URL for another process to open the database this test uses."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def celery_worker(queue: str, *, broker_url: str | None = None, extra_env: dict | None = None):
    """A real `celery worker` process consuming one queue; stopped and reaped on exit."""
    env = {
        **os.environ,
        "DATABASE_URL": test_database_url(),
        "CELERY_BROKER_URL": broker_url or settings.CELERY_BROKER_URL,
        "PYTHONUNBUFFERED": "1",
        **(extra_env or {}),
    }
    # Its log goes to a file: a pipe nobody reads fills up and blocks the worker.
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed below)
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "crm", "worker", "--pool=solo",
         "--without-gossip", "--without-mingle", "--without-heartbeat",
         "-Q", queue, "--loglevel=INFO", "-n", f"{queue}@%h"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    worker.log = log
    try:
        yield worker
    finally:
        stop(worker)
        log.close()


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 15) -> str:
    """Stop a process group and return what it printed."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, sig)
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        except ProcessLookupError:
            pass
    log = getattr(process, "log", None)
    if log is not None and not log.closed:
        log.seek(0)
        return log.read().decode(errors="replace")
    return process.stdout.read().decode(errors="replace") if process.stdout else ""


def wait_for(predicate, timeout: float = 30, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    return predicate()
