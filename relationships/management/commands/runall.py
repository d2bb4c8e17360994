"""Run Bridge's embedded mode: web server, one Celery worker and Celery beat together.

Each child gets its own process group so Ctrl-C reaches only this supervisor,
which then stops every child (and the children's children, such as prefork
pool processes) before it exits: no orphaned worker keeps the broker busy.
"""

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from relationships.workspaces.demo import DEMO_PASSWORD, DEMO_SLUG, DEMO_USERNAME

STOP_GRACE_SECONDS = 10
# After this long without output, the box with the address and login is shown again,
# so it is always the last thing on the screen.
QUIET_SECONDS = 1.5


class Command(BaseCommand):
    help = "Start the web server, a Celery worker and Celery beat; Ctrl-C stops them all."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--concurrency", type=int, default=2)

    def handle(self, *args, host: str, port: int, concurrency: int, **options):
        python = sys.executable
        manage = str(settings.BASE_DIR / "manage.py")
        celery = [python, "-m", "celery", "-A", "crm"]
        commands = {
            "web": [python, manage, "runserver", f"{host}:{port}", "--noreload"],
            "worker": [
                # Warnings only: each email says itself in one line (mail_backends.py).
                *celery, "worker", "--loglevel=WARNING", f"--concurrency={concurrency}",
                # The filesystem broker has no broadcast; these need it.
                "--without-gossip", "--without-mingle", "--without-heartbeat",
            ],
            "beat": [
                *celery, "beat", "--loglevel=WARNING",
                f"--schedule={settings.CELERY_BEAT_SCHEDULE_FILENAME}",
            ],
        }  # fmt: skip
        url = f"http://{'localhost' if host in ('127.0.0.1', '0.0.0.0') else host}:{port}/"
        # Links in the demo's emails must point at this server unless told otherwise.
        self.env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.env.setdefault("SITE_URL", url.rstrip("/"))
        self.children: dict[str, subprocess.Popen] = {}
        self.stopping = threading.Event()
        self.output = threading.Lock()
        self.last_output = time.monotonic()
        self.box_is_last = False
        previous = {s: signal.signal(s, self.request_stop) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            for name, command in commands.items():
                self.start(name, command)
            if not self.wait_until_healthy(url):
                raise CommandError("Bridge did not come up; see the output above.")
            self.banner(url)
            while not self.stopping.is_set():
                for name, child in self.children.items():
                    if child.poll() is not None:
                        self.stderr.write(f"{name} exited with {child.returncode}; stopping.")
                        self.stopping.set()
                if not self.box_is_last and time.monotonic() - self.last_output > QUIET_SECONDS:
                    self.banner(url)
                self.stopping.wait(0.5)
        finally:
            self.stop_all()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write("Bridge stopped.")

    def start(self, name: str, command: list[str]) -> None:
        child = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=self.env,
        )
        self.children[name] = child
        threading.Thread(target=self.relay, args=(name, child), daemon=True).start()

    def relay(self, name: str, child: subprocess.Popen) -> None:
        for line in iter(child.stdout.readline, b""):
            with self.output:
                self.stdout.write(f"{name:>6} | {line.decode(errors='replace').rstrip()}")
                self.last_output = time.monotonic()
                self.box_is_last = False

    def wait_until_healthy(self, url: str, timeout: float = 60) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not self.stopping.is_set():
            try:
                with urllib.request.urlopen(url + "health/", timeout=2) as response:
                    if response.status == 200:
                        return True
            except OSError:
                pass
            time.sleep(0.3)
        return False

    def banner(self, url: str) -> None:
        line = "─" * 60
        with self.output:
            self.stdout.write(
                self.style.SUCCESS(
                    f"\n{line}\n  Bridge is running at {url}\n"
                    f"  Admin:  {url}admin/\n"
                    f"  Sign-up page for prospects: {url}p/join/{DEMO_SLUG}/\n"
                    f"  Log in: {DEMO_USERNAME} / {DEMO_PASSWORD}\n"
                    f"  Mail:   {url}sent-mail/ (files in {settings.EMAIL_FILE_PATH})\n"
                    f"  Stop:   Ctrl-C\n{line}\n"
                )
            )
            self.box_is_last = True

    def request_stop(self, signum, frame) -> None:
        self.stopping.set()

    def stop_all(self) -> None:
        # SIGTERM the leaders only: a Celery worker then shuts its pool down itself
        # (warm shutdown), finishing the task at hand.
        for child in self.children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for child in self.children.values():
            try:
                child.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.signal_group(child, signal.SIGKILL)
                child.wait()
        # A worker's pool processes may outlive their parent for a moment.
        for child in self.children.values():
            self.signal_group(child, signal.SIGKILL)

    @staticmethod
    def signal_group(child: subprocess.Popen, sig: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, sig)
