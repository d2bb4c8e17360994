"""Real Celery workers drain the outbox through a real SMTP server: none lost, none doubled.

The sink counts what it accepted by Message-ID, and the Message-ID is derived from
the delivery, so a copy sent twice shows up as the same ID twice. Kills and a broker
outage, with beat and a prefork pool, are in test_faults.py.
"""

import threading
import time
import uuid
from collections import Counter

import pytest
from django.db import connection

from relationships.models import Delivery, DeliveryStatus
from relationships.nurture.dispatch import dispatch_due
from relationships.tasks import send_batch
from tests.support.builders import queued_for_sending, workspace_for
from tests.support.processes import celery_worker, mail_to, smtp_sink_process, stop, wait_for
from tests.support.smtp_sink import Sink, message_ids

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

BATCH = 50


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
