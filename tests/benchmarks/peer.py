"""Bridge's send path against django-post_office, the peer a Django user would pick, on the
same SMTP sink with the same content, in interleaved rounds of the same run.

post_office is a dev extra, installed into the throwaway database only for this case
(`modify_settings` adds the app, its migrations make its tables). It sends the way its
own `send_queued_mail` command does, with its default settings (a thread pool, a log
row per email), over Django's SMTP backend.
"""

import datetime
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import modify_settings
from django.utils import timezone

from relationships.models import Delivery, DeliveryStatus
from relationships.nurture.sending import send_claimed
from tests.benchmarks.core import Progress, Scale, case, rate
from tests.benchmarks.dispatch import (
    DISPATCH_ROUNDS,
    drain_in_process,
    sample_message,
    smtp_settings,
)
from tests.support.builders import queued_for_sending, workspace_for
from tests.support.processes import smtp_sink_process
from tests.support.smtp_sink import message_ids


def post_office_batch(message, count: int, round_number: int) -> list[dict]:
    """What a Django project hands post_office for `count` emails of this content."""
    html = next(content for content, kind in message.alternatives if kind == "text/html")
    headers = {
        name: value
        for name, value in message.extra_headers.items()
        if name.lower() in {"list-unsubscribe", "list-unsubscribe-post"}
    }
    return [
        {
            "sender": message.from_email,
            "recipients": [f"peer{round_number}-{n}@people.example"],
            "subject": message.subject,
            "message": message.body,
            "html_message": html,
            "headers": {**headers, "Message-ID": f"<peer.{round_number}.{n}@bench.example>"},
        }
        for n in range(count)
    ]


@case("peer")
def peer_case(scale: Scale, progress: Progress) -> dict:
    from post_office import mail  # the dev extra

    count = scale.dispatch
    workspace = workspace_for("peer")
    queued_for_sending(workspace, count, progress)
    pks = list(
        Delivery.objects.filter(workspace=workspace).order_by("pk").values_list("pk", flat=True)
    )
    Delivery.objects.filter(workspace=workspace).update(
        due_at=timezone.now() + datetime.timedelta(days=30)
    )
    rounds = [pks[n::DISPATCH_ROUNDS] for n in range(DISPATCH_ROUNDS)]
    bridge_times, peer_times = [], []
    with (
        modify_settings(INSTALLED_APPS={"append": "post_office"}),
        tempfile.TemporaryDirectory() as folder,
    ):
        call_command("migrate", "post_office", verbosity=0)
        log_path = Path(folder) / "sink.log"
        with smtp_sink_process(log_path) as port, smtp_settings(port):
            from post_office.mail import send_queued_mail_until_done

            message = sample_message(workspace)
            progress(
                f"{count} emails each way in {DISPATCH_ROUNDS} rounds: post_office's "
                "send_queued_mail, then Bridge's claim, render, send and record"
            )
            for n, ids in enumerate(rounds):
                mail.send_many(post_office_batch(message, len(ids), n))
                started = time.perf_counter()
                send_queued_mail_until_done(lockfile=str(Path(folder) / "post_office"))
                peer_times.append(time.perf_counter() - started)

                Delivery.objects.filter(pk__in=ids).update(
                    due_at=timezone.now() - datetime.timedelta(seconds=1)
                )
                started = time.perf_counter()
                sent = drain_in_process(settings.NURTURE_BATCH_SIZE, send_claimed)
                bridge_times.append(time.perf_counter() - started)
                if sent != len(ids):
                    raise RuntimeError(f"round {n}: Bridge sent {sent} of {len(ids)}")
            from post_office.models import STATUS, Email

            peer_sent = Email.objects.filter(status=STATUS.sent).count()
        received = message_ids(log_path)
    bridge_sent = Delivery.objects.filter(workspace=workspace, status=DeliveryStatus.SENT).count()
    peer_received = sum(n for mid, n in received.items() if mid.startswith("<peer."))
    bridge_received = sum(n for mid, n in received.items() if mid.startswith("<nurture."))
    bridge_rate = rate(count, sum(bridge_times))
    peer_rate = rate(count, sum(peer_times))
    return {
        "messages": count,
        "rounds": DISPATCH_ROUNDS,
        "bridge_rate": bridge_rate,
        "post_office_rate": peer_rate,
        "ratio": round(bridge_rate / peer_rate, 3) if peer_rate else None,
        "round_ratios": [round(p / b, 3) for b, p in zip(bridge_times, peer_times, strict=True)],
        "goal": ">= 1.5",
        "configuration": {
            "bridge": (
                "send_claimed, the worker task's own code, in this process: claims of "
                f"NURTURE_BATCH_SIZE={settings.NURTURE_BATCH_SIZE}, each rendered once and "
                "personalized per prospect, one SMTP connection, recorded per half "
                f"NURTURE_RECORD_GROUP={settings.NURTURE_RECORD_GROUP}"
            ),
            "post_office": (
                "mail.send_many of the same rendered content (personalization not asked of "
                "it), then send_queued_mail_until_done, as its send_queued_mail command: "
                "its documented defaults (THREADS_PER_PROCESS=5, BATCH_SIZE=100, LOG_LEVEL=2)"
            ),
        },
        "verified": (
            bridge_sent == count
            and peer_sent == count
            and peer_received == count
            and bridge_received == count
        ),
    }
