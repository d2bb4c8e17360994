"""The engine under faults, with the real processes of production: a prefork worker, the
real beat waking the dispatcher, the broker of the stack under test (Redis, or the
filesystem broker) or a Redis server of the test's own, and SMTP sinks in processes
of their own that log each Message-ID they accept.

`pytest -k kill` and `pytest -k outage` select them. Each writes its figures to
test-output/fault-test.json (per database) and prints them.

The lease is short here (FAULT_LEASE_SECONDS, default 8) so that both fit in about a
minute and a half per stack; run with FAULT_LEASE_SECONDS=60 for the production
default's recovery time.
"""

import contextlib
import json
import os
import shutil
import signal
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from relationships.models import Delivery, DeliveryStatus
from tests.conftest import need
from tests.support.builders import queued_for_sending, workspace_for
from tests.support.processes import (
    RedisServer,
    celery_beat,
    celery_worker,
    mail_to,
    smtp_sink_process,
    stop,
    tail,
    wait_for,
    wait_until_ready,
)
from tests.support.smtp_sink import message_ids

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

LEASE_SECONDS = int(os.environ.get("FAULT_LEASE_SECONDS", "8"))
RECORD_GROUP = 25
CONCURRENCY = 2
WAIT = 60 + 2 * LEASE_SECONDS  # for the stranded rows: a lease, a tick, the rest of a drain
FAULT_REPORT = Path(settings.BASE_DIR) / "test-output" / "fault-test.json"


def quiet(message: str) -> None:
    pass


def due(count: int) -> set[str]:
    """`count` deliveries due now; returns the Message-IDs they will carry."""
    workspace = workspace_for(f"faults-{uuid.uuid4().hex[:6]}")
    queued_for_sending(workspace, count, quiet)
    domain = workspace.sender_email.rsplit("@", 1)[1]
    return {f"<nurture.{pk}@{domain}>" for pk in Delivery.objects.values_list("pk", flat=True)}


def engine_env(queue: str, sink_port: int, *, in_flight: int = 400) -> dict[str, str]:
    """Production settings but a short lease, a one-second beat and the test's own queue.
    The rows in flight stay within what two processes send well inside a lease."""
    return mail_to(
        sink_port,
        CELERY_TASK_DEFAULT_QUEUE=queue,
        NURTURE_DISPATCH_SECONDS="1",
        NURTURE_LEASE_SECONDS=str(LEASE_SECONDS),
        NURTURE_BATCH_SIZE="100",
        NURTURE_MAX_IN_FLIGHT=str(in_flight),
        NURTURE_RECORD_GROUP=str(RECORD_GROUP),
    )


def sent() -> int:
    return Delivery.objects.filter(status=DeliveryStatus.SENT).count()


def claimed() -> int:
    return Delivery.objects.filter(status=DeliveryStatus.CLAIMED).count()


def unrecorded(log: Path) -> int:
    """Messages this sink accepted that no row records as sent."""
    accepted = set(message_ids(log))
    recorded = Delivery.objects.filter(message_id__in=accepted, status=DeliveryStatus.SENT)
    return len(accepted) - recorded.count()


def report(fault: str, figures: dict) -> None:
    figures = {"lease_seconds": LEASE_SECONDS, **figures}
    print(f"{fault} ({connection.vendor}): {json.dumps(figures)}")
    FAULT_REPORT.parent.mkdir(exist_ok=True)
    saved = json.loads(FAULT_REPORT.read_text()) if FAULT_REPORT.exists() else {}
    saved.setdefault(connection.vendor, {})[fault] = figures
    FAULT_REPORT.write_text(json.dumps(saved, indent=2) + "\n")


def kill_while_unrecorded(worker, log: Path, *, after_sent: int, timeout: float) -> int:
    """SIGKILL the worker's whole process group at a moment it has sends the server
    accepted but no row records yet; returns how many. Each try freezes the group
    (SIGSTOP) and looks: nothing moves while the test counts."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sent() < after_sent:
            time.sleep(0.05)
            continue
        os.killpg(worker.pid, signal.SIGSTOP)
        time.sleep(0.2)  # a COMMIT already on its way lands before we count
        pending = unrecorded(log)
        if pending:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(10)
            return pending
        os.killpg(worker.pid, signal.SIGCONT)
        time.sleep(0.01)
    raise AssertionError(f"no moment with unrecorded sends after {after_sent} sent")


def test_a_prefork_worker_killed_twice_loses_nothing_and_resends_at_most_a_group_per_kill(
    tmp_path,
):
    total = 3000
    expected = due(total)
    queue = f"faults-{uuid.uuid4().hex[:8]}"
    logs = [tmp_path / f"sink-{n}.log" for n in range(3)]
    kills = []
    started = time.monotonic()
    with contextlib.ExitStack() as stack:
        beat = None
        for n, log in enumerate(logs):
            port = stack.enter_context(smtp_sink_process(log))
            env = engine_env(queue, port)
            worker_log = tmp_path / f"worker-{n}.log"
            worker = stack.enter_context(
                celery_worker(
                    queue,
                    pool="prefork",
                    concurrency=CONCURRENCY,
                    extra_env=env,
                    log_path=worker_log,
                )
            )
            wait_until_ready(worker, worker_log)
            if beat is None:
                beat = stack.enter_context(celery_beat(tmp_path, extra_env=env))
            if n < 2:
                at = (n + 1) * total // 4
                pending = kill_while_unrecorded(worker, log, after_sent=at, timeout=60)
                kills.append({"after_sent": sent(), "unrecorded_at_kill": pending})
                killed_at = time.monotonic()
                continue
            drained = wait_for(lambda: sent() == total, timeout=WAIT, interval=0.2)
            assert drained, (
                f"{sent()} of {total} sent:\n{tail(worker_log)}\n{tail(tmp_path / 'beat.log')}"
            )
            recovered = time.monotonic() - killed_at
        stop(beat)

    copies = [message_ids(log) for log in logs]
    everything = sum(copies, Counter())
    missing = expected - set(everything)
    doubled = {message_id: n for message_id, n in everything.items() if n > 1}
    # A kill's copies: messages its worker's sink accepted that a later worker sent again.
    for n, kill in enumerate(kills):
        later = sum(copies[n + 1 :], Counter())
        kill["resent"] = sum(1 for message_id in copies[n] if message_id in later)
    report(
        "kill",
        {
            "deliveries": total,
            "pool": f"prefork x{CONCURRENCY}",
            "record_group": RECORD_GROUP,
            "kills": kills,
            "lost": len(missing),
            "duplicated": sum(n - 1 for n in doubled.values()),
            "seconds_from_last_kill_to_drained": round(recovered, 1),
            "seconds": round(time.monotonic() - started, 1),
        },
    )
    assert not missing, f"{len(missing)} deliveries never reached a server"
    assert set(everything) == expected
    for kill in kills:
        assert kill["unrecorded_at_kill"] > 0  # the kill landed in the race it is here for
        assert 0 < kill["resent"] <= RECORD_GROUP
    # Every extra copy is one a killed worker had sent and not recorded; nothing else.
    assert sum(n - 1 for n in doubled.values()) == sum(kill["resent"] for kill in kills)
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_a_broker_outage_that_loses_every_queued_task_delays_but_loses_nothing(tmp_path):
    if shutil.which("redis-server") is None:
        need("redis-server is not installed")
    total = 3000
    expected = due(total)
    queue = f"faults-{uuid.uuid4().hex[:8]}"
    log = tmp_path / "sink.log"
    worker_log = tmp_path / "worker.log"
    redis = RedisServer(tmp_path)
    redis.start()
    started = time.monotonic()
    try:
        with (
            smtp_sink_process(log) as port,
            celery_worker(
                queue,
                broker_url=redis.url,
                pool="prefork",
                concurrency=CONCURRENCY,
                extra_env=engine_env(queue, port, in_flight=1000),
                log_path=worker_log,
            ) as worker,
        ):
            wait_until_ready(worker, worker_log)
            # Ten batches in flight: two being sent, two reserved, the rest in Redis.
            env = engine_env(queue, port, in_flight=1000)
            with celery_beat(tmp_path, broker_url=redis.url, extra_env=env):
                # Stop it while more rows are claimed than the two processes can hold
                # (2 sending + 2 reserved batches of 100): the rest wait in Redis, so the
                # restart strands them, which is the race this test is for.
                assert wait_for(
                    lambda: sent() >= total // 4 and claimed() > 4 * 100,
                    timeout=60,
                    interval=0.05,
                ), f"the dispatcher never got ahead of the worker: {claimed()} claimed"
                redis.stop()
                down_at_sent = sent()
                time.sleep(5)
                claimed_when_back = Delivery.objects.filter(status=DeliveryStatus.CLAIMED).count()
                redis.start()  # empty: every queued task is gone
                back, sent_when_back = time.monotonic(), sent()
                assert wait_for(lambda: sent() > sent_when_back, timeout=WAIT, interval=0.1)
                resumed = time.monotonic() - back
                drained = wait_for(lambda: sent() == total, timeout=WAIT, interval=0.2)
                assert drained, f"{sent()} of {total} sent:\n{tail(worker_log)}"
                catch_up = time.monotonic() - back
    finally:
        redis.stop()
    copies = message_ids(log)
    missing = expected - set(copies)
    doubled = {message_id: n for message_id, n in copies.items() if n > 1}
    report(
        "outage",
        {
            "deliveries": total,
            "outage_seconds": 5,
            "sent_when_broker_went_down": down_at_sent,
            "claimed_when_broker_came_back": claimed_when_back,
            "lost": len(missing),
            "duplicated": sum(n - 1 for n in doubled.values()),
            "seconds_from_restart_to_first_send": round(resumed, 1),
            "seconds_from_restart_to_drained": round(catch_up, 1),
            "seconds": round(time.monotonic() - started, 1),
        },
    )
    assert not missing, f"{len(missing)} deliveries never reached the server"
    assert set(copies) == expected
    assert not doubled
    assert claimed_when_back > 0  # the restart did strand claimed rows
