"""Real Celery workers drain the webhook outbox to a real receiver in its own process; a
worker killed mid-batch loses no event, and a copy sent again carries the same webhook-id."""

import contextlib
import json
import os
import signal
import time
import uuid

import pytest
from django.db import connection
from django.test import override_settings

from relationships.integrations.dispatch import dispatch_due
from relationships.integrations.events import emit_many
from relationships.integrations.sending import RECORD_EVERY
from relationships.integrations.webhooks import add_endpoint
from relationships.models import Event, EventType, WebhookDelivery, WebhookStatus
from relationships.tasks import deliver_webhooks
from tests.support.factories import WorkspaceFactory
from tests.support.processes import celery_worker, stop
from tests.support.webhook_receiver import received, receiver_process

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

BATCH = 25
LEASE_SECONDS = 6
LIMITS = {
    "WEBHOOK_LEASE_SECONDS": str(LEASE_SECONDS),
    "WEBHOOK_SEND_TIME_LIMIT": str(LEASE_SECONDS - 1),
    "WEBHOOK_TIMEOUT_SECONDS": "2",
    "WEBHOOK_ALLOW_PRIVATE_TARGETS": "true",
}


def delivered() -> int:
    return WebhookDelivery.objects.filter(status=WebhookStatus.DELIVERED).count()


def in_flight() -> int:
    return WebhookDelivery.objects.filter(status=WebhookStatus.CLAIMED).count()


def enqueue_to(queue: str):
    return lambda ids, token: deliver_webhooks.apply_async(args=(ids, token), queue=queue)


def test_a_worker_killed_mid_batch_loses_no_event(tmp_path):
    workspace = WorkspaceFactory()
    log = tmp_path / "received.log"
    with override_settings(WEBHOOK_ALLOW_PRIVATE_TARGETS=True):
        endpoint = add_endpoint(
            workspace, url="http://127.0.0.1:1/", events=[EventType.PROSPECT_UPDATED], by=None
        )
    count = 600
    events = emit_many(
        [
            Event(type=EventType.PROSPECT_UPDATED, workspace=workspace, data={"n": n})
            for n in range(count)
        ]
    )
    expected = {event.public_id for event in events}
    queue = f"test-{uuid.uuid4().hex[:8]}"
    started = time.monotonic()
    killed = {}
    with (
        receiver_process(endpoint.secret, log) as port,
        override_settings(WEBHOOK_LEASE_SECONDS=LEASE_SECONDS),
        contextlib.ExitStack() as workers,
    ):
        # Each answer takes 10 ms, so a batch of 25 is a quarter of a second: long enough
        # to kill a worker in the middle of one.
        endpoint.url = f"http://127.0.0.1:{port}/hook?delay_ms=10"
        endpoint.save(update_fields=["url"])
        doomed = workers.enter_context(celery_worker(queue, extra_env=LIMITS))
        survivor = workers.enter_context(celery_worker(queue, extra_env=LIMITS))
        deadline = time.monotonic() + 120
        while (done := delivered()) < count and time.monotonic() < deadline:
            if not killed and done >= count // 3:
                os.killpg(doomed.pid, signal.SIGKILL)
                killed.update(after_delivered=done, in_flight=in_flight())
                workers.enter_context(celery_worker(queue, extra_env=LIMITS))
            if in_flight() < 3 * BATCH:
                dispatch_due(enqueue=enqueue_to(queue), batch_size=BATCH, max_batches=2)
            time.sleep(0.05)
        output = "" if done >= count else stop(survivor)[-3000:]
    assert done >= count, f"{done} of {count} delivered:\n{output}"
    assert killed, "the drain ended before a worker could be killed"

    copies = received(log)
    missing = expected - set(copies)
    doubled = {webhook_id: n for webhook_id, n in copies.items() if n > 1}
    figures = {
        "events": count,
        "killed_after_delivered": killed["after_delivered"],
        "in_flight_at_kill": killed["in_flight"],
        "lost": len(missing),
        "sent_twice": len(doubled),
        "seconds": round(time.monotonic() - started, 1),
    }
    print(f"webhook fault test ({connection.vendor}): {json.dumps(figures)}")
    assert not missing, f"{len(missing)} events never reached the receiver"
    assert set(copies) == expected
    # Only the killed batch's answers not yet recorded can go out twice.
    assert len(doubled) <= RECORD_EVERY
