"""Real processes for tests and the benchmark: a Celery worker, Celery beat, a Redis server
of the test's own, the SMTP sink, `make run`, each pointed at the database this process
uses (the test database, or the benchmark's)."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

# Not from settings: the SMTP sink imports this module in a process without Django.
ROOT = Path(__file__).resolve().parents[2]
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def mail_to(port: int, **extra: str) -> dict[str, str]:
    """Worker environment that sends over SMTP to a sink on `port`."""
    return {"EMAIL_URL": f"smtp://127.0.0.1:{port}", "EMAIL_BACKEND": SMTP_BACKEND, **extra}


@contextlib.contextmanager
def celery_worker(
    queue: str,
    *,
    broker_url: str | None = None,
    extra_env: dict | None = None,
    log_path: Path | None = None,
    pool: str = "solo",
    concurrency: int = 1,
) -> Iterator[subprocess.Popen]:
    """A real `celery worker` consuming one queue; stopped and reaped on exit.

    Its output goes to a file (`log_path`, or a temporary one that `stop` returns): a pipe
    nobody reads fills up and stalls the worker.
    """
    env = celery_env(broker_url, extra_env)
    log = open(log_path, "ab+") if log_path else tempfile.TemporaryFile()  # noqa: SIM115
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "crm", "worker", f"--pool={pool}",
         f"--concurrency={concurrency}", "--without-gossip", "--without-mingle",
         "--without-heartbeat", "-Q", queue, "--loglevel=INFO", "-n", f"{queue}@%h"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    worker.log = log
    try:
        yield worker
    finally:
        stop(worker)
        log.close()


def celery_env(broker_url: str | None, extra_env: dict | None) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": broker_url or settings.CELERY_BROKER_URL,
        "PYTHONUNBUFFERED": "1",
        **(extra_env or {}),
    }


@contextlib.contextmanager
def celery_beat(
    folder: Path, *, broker_url: str | None = None, extra_env: dict | None = None
) -> Iterator[subprocess.Popen]:
    """The real `celery beat`, its schedule file and log in `folder`; stopped on exit.
    Give it CELERY_TASK_DEFAULT_QUEUE in `extra_env` so its ticks reach only the test's
    worker (another checkout's tests may share the broker)."""
    log = open(folder / "beat.log", "ab+")  # noqa: SIM115
    beat = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "crm", "beat", "--loglevel=INFO",
         "-s", str(folder / "beat-schedule")],
        cwd=ROOT, env=celery_env(broker_url, extra_env), stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    beat.log = log
    try:
        yield beat
    finally:
        stop(beat)
        log.close()


class RedisServer:
    """A redis-server of the test's own on a free port, without persistence: stopped and
    started again, it comes back empty, as a broker that lost every queued task."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 10) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process, signal.SIGKILL)
            self.process = None


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 15) -> str:
    """Stop a process group (started with start_new_session) and return what it printed;
    SIGKILL if it lingers."""
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
        stop(process)
