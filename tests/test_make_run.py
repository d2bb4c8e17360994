"""`make run` as a new user runs it: it comes up, the login works, Ctrl-C stops everything."""

import http.cookiejar
import os
import re
import signal
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.support.processes import ROOT, free_port, wait_for

pytestmark = pytest.mark.slow


def processes_with(marker: str) -> list[int]:
    """Pids of live processes whose environment carries the marker."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if marker.encode() in (proc / "environ").read_bytes():
                found.append(int(proc.name))
        except OSError:
            continue
    return found


def test_make_run_serves_the_demo_and_stops_cleanly_on_ctrl_c(tmp_path):
    port = free_port()
    var_dir = str(tmp_path / "var")
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    env.update(PORT=str(port), BRIDGE_VAR_DIR=var_dir, PYTHONUNBUFFERED="1")
    run = subprocess.Popen(
        ["make", "--no-print-directory", "run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    lines: list[str] = []
    threading.Thread(
        target=lambda: lines.extend(line.decode(errors="replace") for line in run.stdout),
        daemon=True,
    ).start()
    try:
        login = wait_for(
            lambda: re.search(r"Log in: (\S+) / (\S+)", "".join(lines)), timeout=120, interval=0.5
        )
        assert login, "no login was printed:\n" + "".join(lines)
        url = re.search(r"running at (http://\S+)", "".join(lines)).group(1)
        assert url == f"http://localhost:{port}/"

        with urllib.request.urlopen(url + "health/", timeout=5) as response:
            assert response.status == 200

        jar = http.cookiejar.CookieJar()
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        browser.open(url + "admin/login/", timeout=10).read()
        csrf = next(c.value for c in jar if c.name == "csrftoken")
        form = urllib.parse.urlencode(
            {
                "username": login.group(1),
                "password": login.group(2),
                "csrfmiddlewaretoken": csrf,
                "next": "/admin/",
            }
        ).encode()
        request = urllib.request.Request(
            url + "admin/login/", data=form, headers={"Referer": url + "admin/login/"}
        )
        page = browser.open(request, timeout=10)
        assert page.url == url + "admin/"
        assert "Log out" in page.read().decode()

        # Issue 15, defect 13: the requests above logged lines; once quiet, the box with
        # the address and login is the last thing on screen again, and no email's HTML is.
        def box_is_last():
            tail = [line for line in "".join(lines).splitlines() if line.strip()][-8:]
            return tail and tail[-1].strip().startswith("─") and any("Log in:" in t for t in tail)

        assert wait_for(box_is_last, timeout=15, interval=0.5), "".join(lines)[-2000:]
        assert "<html" not in "".join(lines).lower()
    finally:
        # Ctrl-C in a terminal signals the whole foreground process group.
        os.killpg(run.pid, signal.SIGINT)
        try:
            run.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(run.pid, signal.SIGKILL)
            raise
    time.sleep(0.5)
    assert processes_with(f"BRIDGE_VAR_DIR={var_dir}") == [], "processes left behind"
    assert "Bridge stopped." in "".join(lines)
