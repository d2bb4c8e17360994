"""The API and webhooks: a page of 100 prospects from a big workspace against a small one,
and webhook dispatch against plain HTTP to the same receiver."""

import json
import statistics
import tempfile
import time
from pathlib import Path

import urllib3
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from relationships.api.types import encode_cursor
from relationships.integrations.dispatch import claim_due
from relationships.integrations.events import emit_many, payload
from relationships.integrations.keys import create_api_key
from relationships.integrations.sending import deliver_claimed
from relationships.integrations.webhooks import add_endpoint
from relationships.models import (
    ApiKeyAccess,
    Event,
    EventType,
    Prospect,
    Tag,
    WebhookDelivery,
    WebhookStatus,
)
from tests.benchmarks.core import Progress, Scale, case, rate
from tests.support.builders import prospects_for, workspace_for
from tests.support.webhook_receiver import received, receiver_process

# The big workspace per scale; the small one always holds one page.
BIG = {"tiny": 5_000, "small": 20_000, "full": 50_000}
SMALL = 100
PAGE = 100
REPEATS = 15
WEBHOOK_EVENTS = {"tiny": 300, "small": 1_000, "full": 5_000}


def loaded_workspace(label: str, count: int, progress: Progress):
    workspace = workspace_for(label)
    progress(f"{label}: {count} prospects")
    prospects = []
    for start in range(0, count, 10_000):
        prospects += prospects_for(workspace, min(10_000, count - start), start=start)
    tags = Tag.objects.bulk_create(
        Tag(workspace=workspace, name=name) for name in ("vip", "workshop", "referral")
    )
    links = [
        Prospect.tags.through(prospect_id=p.pk, tag_id=tags[n % 3].pk)
        for n, p in enumerate(prospects)
        if n % 2 == 0
    ]
    Prospect.tags.through.objects.bulk_create(links, batch_size=5000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    key = create_api_key(workspace, name="Benchmark", access=ApiKeyAccess.READ_ONLY)
    return workspace, key.plaintext


def timed_pages(pages: dict[str, tuple[str, dict]]) -> dict[str, dict]:
    """Per page: the median of REPEATS requests, taken in interleaved rounds so that load
    from other processes weighs on each alike, and the queries one request makes."""
    client = Client()
    times: dict[str, list[float]] = {label: [] for label in pages}
    queries = {}
    for label, (token, params) in pages.items():
        headers = {"Authorization": f"Bearer {token}"}
        client.get("/api/v1/prospects", params, headers=headers)  # warm up, write last used
        with CaptureQueriesContext(connection) as captured:
            client.get("/api/v1/prospects", params, headers=headers)
        queries[label] = len(captured.captured_queries)
    for _ in range(REPEATS):
        for label, (token, params) in pages.items():
            headers = {"Authorization": f"Bearer {token}"}
            started = time.perf_counter()
            answer = client.get("/api/v1/prospects", params, headers=headers)
            times[label].append(time.perf_counter() - started)
            if answer.status_code != 200 or len(answer.json()["items"]) != PAGE:
                raise RuntimeError(f"{label}: {answer.status_code}: {answer.content[:200]}")
    return {
        label: {
            "ms": round(1000 * statistics.median(times[label]), 2),
            "ms_all": [round(1000 * t, 2) for t in times[label]],
            "queries": queries[label],
        }
        for label in pages
    }


@case("api_list")
def api_list_case(scale: Scale, progress: Progress) -> dict:
    big_count = BIG[scale.name]
    _, small_token = loaded_workspace("api-small", SMALL, progress)
    big, big_token = loaded_workspace("api-big", big_count, progress)
    middle = big.prospects.order_by("pk").values_list("pk", flat=True)[big_count // 2]
    pages = {
        "small": (small_token, {"limit": PAGE}),
        "big_first_page": (big_token, {"limit": PAGE}),
        "big_middle_page": (big_token, {"limit": PAGE, "cursor": encode_cursor(middle)}),
        "big_filtered": (big_token, {"limit": PAGE, "tag": "vip"}),
    }
    progress(f"{REPEATS} rounds of {len(pages)} pages of {PAGE} prospects")
    with override_settings(API_RATE_LIMIT=10**6):
        results = timed_pages(pages)
    base = results["small"]["ms"]
    return {
        "page": PAGE,
        "small_prospects": SMALL,
        "big_prospects": big_count,
        **results,
        "ratio": round(results["big_first_page"]["ms"] / base, 3),
        "middle_ratio": round(results["big_middle_page"]["ms"] / base, 3),
        "filtered_ratio": round(results["big_filtered"]["ms"] / base, 3),
        "queries_constant": len({r["queries"] for r in results.values()}) == 1,
        "goal": "ratio <= 2, queries constant",
    }


# ---- webhook dispatch --------------------------------------------------------------------


def plain_posts(port: int, secret: str, bodies: list[tuple[str, str]]) -> float:
    """The baseline: the same signed bodies over one keep-alive urllib3 connection."""
    pool = urllib3.HTTPConnectionPool("127.0.0.1", port, maxsize=1, retries=False)
    signer = Webhook(secret)
    started = time.perf_counter()
    for webhook_id, body in bodies:
        now = timezone.now()
        answer = pool.urlopen(
            "POST",
            "/baseline",
            body=body.encode(),
            headers={
                "Content-Type": "application/json",
                "webhook-id": webhook_id,
                "webhook-timestamp": str(int(now.timestamp())),
                "webhook-signature": signer.sign(webhook_id, now, body),
            },
        )
        if answer.status != 200:
            raise RuntimeError(f"baseline got {answer.status}")
    seconds = time.perf_counter() - started
    pool.close()
    return seconds


@case("webhook_dispatch")
def webhook_dispatch_case(scale: Scale, progress: Progress) -> dict:
    count = WEBHOOK_EVENTS[scale.name]
    workspace = workspace_for("webhooks")
    with override_settings(WEBHOOK_ALLOW_PRIVATE_TARGETS=True):
        endpoint = add_endpoint(
            workspace, url="http://127.0.0.1:1/", events=[EventType.PROSPECT_UPDATED], by=None
        )
        with tempfile.TemporaryDirectory() as folder:
            log = Path(folder) / "received.log"
            with receiver_process(endpoint.secret, log) as port:
                endpoint.url = f"http://127.0.0.1:{port}/hook"
                endpoint.save(update_fields=["url"])
                progress(f"{count} events for one endpoint, a receiver in its own process")
                data = {"prospect": {"id": 1, "name": "Alex Example", "email": "a@b.example"}}
                events = emit_many(
                    [
                        Event(type=EventType.PROSPECT_UPDATED, workspace=workspace, data=data)
                        for _ in range(count)
                    ]
                )
                started = time.perf_counter()
                while (claim := claim_due(limit=100)).ids:
                    deliver_claimed(claim.ids, claim.token)
                path_seconds = time.perf_counter() - started
                bodies = [
                    (f"base_{event.pk}", json.dumps(payload(event), separators=(",", ":")))
                    for event in events
                ]
                plain_seconds = plain_posts(port, endpoint.secret, bodies)
                time.sleep(0.2)
            copies = received(log)
    ours = {k: n for k, n in copies.items() if k.startswith("evt_")}
    delivered = WebhookDelivery.objects.filter(status=WebhookStatus.DELIVERED).count()
    path_rate, plain_rate = rate(count, path_seconds), rate(count, plain_seconds)
    return {
        "events": count,
        "events_per_second": path_rate,
        "plain_posts_per_second": plain_rate,
        "ratio": round(path_rate / plain_rate, 3) if plain_rate else None,
        "delivered": delivered,
        "verified": delivered == count
        and len(ours) == count
        and all(n == 1 for n in ours.values()),
    }
