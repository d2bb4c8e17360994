"""The send path against plain smtplib to the same sink."""

import datetime
import re
import smtplib
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.test import override_settings
from django.utils import timezone

from relationships.models import (
    Delivery,
    DeliveryStatus,
    Workspace,
)
from relationships.nurture.dispatch import claim_due
from relationships.nurture.messages import build_message, render_delivery
from relationships.nurture.sending import SendReport, send_claimed
from tests.benchmarks.core import Progress, Scale, case, rate
from tests.support.builders import queued_for_sending, workspace_for
from tests.support.processes import SMTP_BACKEND, smtp_sink_process
from tests.support.smtp_sink import message_ids


def smtp_settings(port: int):
    return override_settings(
        EMAIL_BACKEND=SMTP_BACKEND,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_TIMEOUT=10,
    )


DISPATCH_ROUNDS = 5


def drain_in_process(batch_size: int, send: Callable[[list[int], str], SendReport]) -> int:
    """Claim, render, send and record everything due, batch after batch, in this process."""
    sent = 0
    while True:
        claim = claim_due(limit=batch_size)
        if not claim.ids:
            return sent
        sent += send(claim.ids, claim.token).sent


def sample_message(workspace: Workspace) -> EmailMultiAlternatives:
    delivery = (
        Delivery.objects.filter(workspace=workspace)
        .select_related("prospect__workspace", "workspace", "step__content")
        .first()
    )
    rendered = render_delivery(delivery)
    return build_message(delivery, rendered, None)


def prebuilt_messages(workspace: Workspace, count: int) -> list[bytes]:
    """`count` copies of a real nurture message, as bytes, each with its own Message-ID."""
    raw = sample_message(workspace).message().as_bytes(linesep="\r\n")
    header = re.compile(rb"^Message-ID: .*$", re.MULTILINE | re.IGNORECASE)
    return [
        header.sub(f"Message-ID: <baseline.{n}@bench.example>".encode(), raw, count=1)
        for n in range(count)
    ]


def smtplib_seconds(port: int, messages: list[bytes]) -> float:
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
        for raw in messages:
            smtp.sendmail("sam@coaching.example", ["alex@people.example"], raw)
    return time.perf_counter() - started


def measure_dispatch(
    scale: Scale,
    progress: Progress,
    send: Callable[[list[int], str], SendReport],
    *,
    label: str = "dispatch",
) -> dict:
    """The send path against smtplib, in interleaved rounds so that load from other
    processes on the machine weighs on both alike."""
    count = scale.dispatch
    batch_size = settings.NURTURE_BATCH_SIZE
    workspace = workspace_for(label)
    queued_for_sending(workspace, count, progress)
    pks = list(
        Delivery.objects.filter(workspace=workspace).order_by("pk").values_list("pk", flat=True)
    )
    Delivery.objects.filter(workspace=workspace).update(
        due_at=timezone.now() + datetime.timedelta(days=30)
    )
    rounds = [pks[n::DISPATCH_ROUNDS] for n in range(DISPATCH_ROUNDS)]
    path_times, smtplib_times = [], []
    with tempfile.TemporaryDirectory() as folder:
        log_path = Path(folder) / "sink.log"
        with smtp_sink_process(log_path) as port, smtp_settings(port):
            baseline = prebuilt_messages(workspace, count)
            progress(
                f"{count} deliveries in {DISPATCH_ROUNDS} rounds, claims of {batch_size}, "
                "each round after as many pre-built messages over plain smtplib"
            )
            for n, ids in enumerate(rounds):
                smtplib_times.append(smtplib_seconds(port, baseline[n::DISPATCH_ROUNDS]))
                Delivery.objects.filter(pk__in=ids).update(
                    due_at=timezone.now() - datetime.timedelta(seconds=1)
                )
                started = time.perf_counter()
                sent = drain_in_process(batch_size, send)
                path_times.append(time.perf_counter() - started)
                if sent != len(ids):
                    raise RuntimeError(f"round {n}: sent {sent} of {len(ids)}")
        received = message_ids(log_path)
    expected = set(
        Delivery.objects.filter(workspace=workspace, status=DeliveryStatus.SENT).values_list(
            "message_id", flat=True
        )
    )
    nurture = {mid: n for mid, n in received.items() if mid.startswith("<nurture.")}
    verified = (
        len(expected) == count
        and set(nurture) == expected
        and all(n == 1 for n in nurture.values())
    )
    path_rate = rate(count, sum(path_times))
    smtplib_rate = rate(count, sum(smtplib_times))
    return {
        "messages": count,
        "batch_size": batch_size,
        "rounds": DISPATCH_ROUNDS,
        "path_rate": path_rate,
        "path_ms_per_message": round(1000 * sum(path_times) / count, 3),
        "smtplib_rate": smtplib_rate,
        "smtplib_ms_per_message": round(1000 * sum(smtplib_times) / count, 3),
        "ratio": round(path_rate / smtplib_rate, 3) if smtplib_rate else None,
        "round_ratios": [round(b / p, 3) for p, b in zip(path_times, smtplib_times, strict=True)],
        "goal": ">= 0.7",
        "configuration": {
            "bridge": (
                "send_claimed, the worker task's own code, in this process: claim, load, "
                "re-check, render once per content, personalize, send over one connection, "
                "record per half group"
            ),
            "smtplib": "pre-built message bytes over one smtplib connection, nothing else",
        },
        "record_group": settings.NURTURE_RECORD_GROUP,
        "sink_received": sum(nurture.values()),
        "verified": verified,
    }


@case("dispatch")
def dispatch_case(scale: Scale, progress: Progress) -> dict:
    return measure_dispatch(scale, progress, send_claimed)


RECORD_GROUPS = (1, 5, 25)


@case("record_group")
def record_group_case(scale: Scale, progress: Progress) -> dict:
    """What a smaller record group costs: a worker killed mid-batch re-sends at most one
    group, and each group is one write. Each size is measured against smtplib in its own
    interleaved rounds; `vs_25` sets its ratio against the default's."""
    measured = {}
    for group in RECORD_GROUPS:
        progress(f"recording every {group} sends")
        with override_settings(NURTURE_RECORD_GROUP=group):
            outcome = measure_dispatch(scale, progress, send_claimed, label=f"group-{group}")
        measured[group] = {
            key: outcome[key]
            for key in ("path_rate", "path_ms_per_message", "smtplib_rate", "ratio", "verified")
        }
        measured[group]["worst_duplicates_per_kill"] = group
    default = measured[25]["ratio"]
    for outcome in measured.values():
        outcome["vs_25"] = round(outcome["ratio"] / default, 3) if default else None
    return {
        "messages_per_group_size": scale.dispatch,
        "groups": {str(group): outcome for group, outcome in measured.items()},
        "verified": all(outcome["verified"] for outcome in measured.values()),
    }
