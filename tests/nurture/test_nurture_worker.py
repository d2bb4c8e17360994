"""Real Celery workers drain the outbox through a real SMTP server: none lost, none doubled.

The sink counts what it accepted by Message-ID, and the Message-ID is derived from
the delivery, so a copy sent twice shows up as the same ID twice.
"""

import contextlib
import json
import os
import signal
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings

from relationships.models import Delivery, DeliveryStatus
from relationships.nurture.dispatch import dispatch_due
from relationships.nurture.sending import RECORD_EVERY
from relationships.tasks import send_batch
from tests.support.builders import queued_for_sending, workspace_for
from tests.support.processes import celery_worker, mail_to, smtp_sink_process, stop, wait_for
from tests.support.smtp_sink import Sink, message_ids

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

BATCH = 50
# Short leases so a killed worker's claim comes back within the test; a live claim
# must still outlast a batch, so the dispatcher keeps only a few batches in flight.
LEASE_SECONDS = 5
FAULT_REPORT = Path(settings.BASE_DIR) / "test-output" / "fault-test.json"


def quiet(message: str) -> None:
    pass


def due(count: int) -> set[str]:
    """`count` deliveries due now; returns the Message-IDs they will carry."""
    workspace = workspace_for(f"worker-{uuid.uuid4().hex[:6]}")
    queued_for_sending(workspace, count, quiet)
    domain = workspace.sender_email.rsplit("@", 1)[1]
    return {f"<nurture.{pk}@{domain}>" for pk in Delivery.objects.values_list("pk", flat=True)}


def enqueue_to(queue: str):
    return lambda ids, token: send_batch.apply_async(args=(ids, token), queue=queue)


def sent() -> int:
    return Delivery.objects.filter(status=DeliveryStatus.SENT).count()


def in_flight() -> int:
    return Delivery.objects.filter(status=DeliveryStatus.CLAIMED).count()


def dispatch_until_sent(queue: str, total: int, *, timeout: float, on_progress=None) -> bool:
    """Wake the dispatcher like beat does, a few batches in flight, until all are sent."""
    deadline = time.monotonic() + timeout
    while (done := sent()) < total:
        if time.monotonic() > deadline:
            return False
        if on_progress:
            on_progress(done)
        if in_flight() < 3 * BATCH:
            dispatch_due(enqueue=enqueue_to(queue), batch_size=BATCH, max_batches=2)
        time.sleep(0.05)
    return True


def outputs(*workers) -> str:
    return "\n".join(stop(worker)[-3000:] for worker in workers)


def test_a_worker_process_sends_every_due_delivery_exactly_once():
    expected = due(120)
    queue = f"test-{uuid.uuid4().hex[:8]}"
    with Sink() as sink, celery_worker(queue, extra_env=mail_to(sink.port)) as worker:
        drained = dispatch_until_sent(queue, len(expected), timeout=60)
        assert drained, f"not all sent:\n{outputs(worker)}"
        assert sink.wait_for(len(expected), timeout=5)

    received = [message["Message-ID"] for message in sink.messages]
    assert len(received) == len(expected)
    assert set(received) == expected
    assert set(Delivery.objects.values_list("message_id", flat=True)) == expected
    for message in sink.messages:
        assert message.get_content_type() == "multipart/alternative"
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message["X-Bridge-Delivery"] in message["Message-ID"]


def unrecorded(log: Path) -> int:
    """Messages the server accepted from this log's worker that no row records as sent."""
    accepted = list(message_ids(log))
    recorded = Delivery.objects.filter(message_id__in=accepted, status=DeliveryStatus.SENT)
    return len(accepted) - recorded.count()


def test_a_worker_killed_mid_drain_loses_nothing_and_resends_at_most_one_group(tmp_path):
    expected = due(3000)
    queue = f"test-{uuid.uuid4().hex[:8]}"
    # The doomed worker mails its own sink, so the test can tell when it is between an
    # SMTP accept and the commit that records it, and kill it right there.
    doomed_log, others_log = tmp_path / "doomed.log", tmp_path / "others.log"
    started = time.monotonic()
    with (
        smtp_sink_process(doomed_log) as doomed_port,
        smtp_sink_process(others_log) as others_port,
        override_settings(NURTURE_LEASE_SECONDS=LEASE_SECONDS),
        contextlib.ExitStack() as workers,
    ):
        # The hard time limit stays inside the lease (DESIGN.md 5.5): no live claim expires.
        limits = {
            "NURTURE_LEASE_SECONDS": str(LEASE_SECONDS),
            "NURTURE_SEND_TIME_LIMIT": str(LEASE_SECONDS - 1),
        }
        doomed = workers.enter_context(
            celery_worker(queue, extra_env=mail_to(doomed_port, **limits))
        )
        survivor = workers.enter_context(
            celery_worker(queue, extra_env=mail_to(others_port, **limits))
        )
        killed = {}

        def kill_mid_group(done: int) -> None:
            if killed or done < len(expected) // 3:
                return
            pending = unrecorded(doomed_log)
            if pending or done > 2 * len(expected) // 3:
                os.killpg(doomed.pid, signal.SIGKILL)
                killed.update(after_sent=done, unrecorded_at_kill=pending)
                workers.enter_context(
                    celery_worker(queue, extra_env=mail_to(others_port, **limits))
                )

        drained = dispatch_until_sent(queue, len(expected), timeout=90, on_progress=kill_mid_group)
        assert drained, f"{sent()} of {len(expected)} sent:\n{outputs(survivor)}"
    assert killed, "the drain ended before a worker could be killed"

    copies = message_ids(doomed_log) + message_ids(others_log)
    missing = expected - set(copies)
    doubled = {message_id: n for message_id, n in copies.items() if n > 1}
    figures = {
        "deliveries": len(expected),
        "killed_workers": 1,
        "killed_after_sent": killed["after_sent"],
        "unrecorded_at_kill": killed["unrecorded_at_kill"],
        "lease_seconds": LEASE_SECONDS,
        "record_every": RECORD_EVERY,
        "lost": len(missing),
        "duplicate_message_ids": len(doubled),
        "extra_copies": sum(n - 1 for n in doubled.values()),
        "seconds": round(time.monotonic() - started, 1),
    }
    print(f"fault test ({connection.vendor}): {json.dumps(figures)}")
    FAULT_REPORT.parent.mkdir(exist_ok=True)
    report = json.loads(FAULT_REPORT.read_text()) if FAULT_REPORT.exists() else {}
    FAULT_REPORT.write_text(json.dumps({**report, connection.vendor: figures}, indent=2) + "\n")

    assert not missing, f"{len(missing)} deliveries never reached the server"
    assert set(copies) == expected
    assert len(doubled) <= RECORD_EVERY * figures["killed_workers"]


def test_two_dispatchers_and_two_workers_never_send_a_delivery_twice(tmp_path):
    expected = due(1000)
    queue = f"test-{uuid.uuid4().hex[:8]}"
    log = tmp_path / "sink.log"
    claimed = Counter()
    errors = []

    def dispatcher(name: str) -> None:
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                count = dispatch_due(enqueue=enqueue_to(queue), batch_size=25, max_batches=2)
                claimed[name] += count
                if (
                    not count
                    and not Delivery.objects.filter(status=DeliveryStatus.SCHEDULED).exists()
                ):
                    return
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    with (
        smtp_sink_process(log) as port,
        celery_worker(queue, extra_env=mail_to(port)) as first,
        celery_worker(queue, extra_env=mail_to(port)) as second,
    ):
        threads = [threading.Thread(target=dispatcher, args=(name,)) for name in ("a", "b")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        drained = wait_for(lambda: sent() == len(expected), timeout=60)
        assert drained, f"{sent()} of {len(expected)} sent:\n{outputs(first, second)}"

    assert not errors
    # Every row was claimed once: no lease expired, so no claim may overlap another.
    assert claimed["a"] + claimed["b"] == len(expected)
    copies = message_ids(log)
    assert set(copies) == expected
    assert [message_id for message_id, n in copies.items() if n > 1] == []
