"""A worker's memory late in a long drain against early in it."""

import datetime
import os
import secrets
import subprocess
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from relationships.models import (
    Delivery,
    DeliveryStatus,
    Workspace,
)
from relationships.nurture.dispatch import dispatch_due
from tests.benchmarks.core import Progress, Scale, case, rate
from tests.support.builders import queued_for_sending, workspace_for
from tests.support.processes import (
    celery_worker,
    mail_to,
    rss_bytes,
    smtp_sink_process,
    tail,
    wait_until_ready,
)
from tests.support.smtp_sink import message_ids


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
            env = mail_to(port, DEBUG=debug)
            with celery_worker(queue, extra_env=env, log_path=worker_log) as worker:
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
