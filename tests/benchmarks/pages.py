"""The coach's pages in a workspace of 50,000 prospects against the same pages in one of 100,
both in the same database, measured in the same run.

Each page reports its median time at each size, the ratio (the goal is at most 2), the
queries one request makes at each size (they must be equal) and the size of its HTML.
"""

import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from relationships.models import Sequence
from tests.benchmarks.core import Progress, Scale, case
from tests.support.builders import busy_workspace

BIG = {"tiny": 5_000, "small": 20_000, "full": 50_000}
SMALL = 100
REPEATS = 7
GOAL = 2.0


def pages_of(workspace) -> dict[str, str]:
    prospect = workspace.prospects.order_by("pk").first()
    sequence = Sequence.objects.filter(workspace=workspace).order_by("pk").first()
    prospects = reverse("coach:prospects")
    return {
        "today": reverse("coach:today"),
        "pipeline": reverse("coach:pipeline"),
        "pipeline_by_source": reverse("coach:pipeline") + "?source=Website",
        "prospects": prospects,
        "prospects_search": prospects + "?q=okafor",
        "prospects_sorted": prospects + "?sort=recent",
        "prospects_page_50": prospects + "?page=50",
        "prospects_by_stage": prospects + "?sort=stage",
        "insights": reverse("coach:insights"),
        "sequences": reverse("coach:sequences"),
        "prospect": reverse("coach:prospect", args=[prospect.pk]),
        "content": reverse("coach:content"),
        "sequence_edit": reverse("coach:sequence_edit", args=[sequence.pk]),
    }


def measure(clients: dict[str, tuple[Client, dict[str, str]]]) -> dict[str, dict]:
    """Per size and page: the median of REPEATS requests, taken in interleaved rounds so that
    load from other processes weighs on each alike; the queries and the HTML of one."""
    times = {size: {page: [] for page in urls} for size, (_c, urls) in clients.items()}
    queries, kilobytes = {}, {}
    for size, (client, urls) in clients.items():
        for page, url in urls.items():
            client.get(url)  # warm up: templates compiled, caches filled
            with CaptureQueriesContext(connection) as captured:
                answer = client.get(url)
            if answer.status_code != 200:
                raise RuntimeError(f"{size} {page}: {answer.status_code}")
            queries[size, page] = len(captured.captured_queries)
            kilobytes[size, page] = round(len(answer.content) / 1024, 1)
    for _ in range(REPEATS):
        for size, (client, urls) in clients.items():
            for page, url in urls.items():
                started = time.perf_counter()
                client.get(url)
                times[size][page].append(time.perf_counter() - started)
    return {
        size: {
            page: {
                "ms": round(1000 * statistics.median(times[size][page]), 2),
                "queries": queries[size, page],
                "kb": kilobytes[size, page],
            }
            for page in urls
        }
        for size, (_c, urls) in clients.items()
    }


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@case("pages")
def pages_case(scale: Scale, progress: Progress) -> dict:
    big_count = BIG[scale.name]
    started = time.monotonic()
    small, small_owner = busy_workspace("pages-small", SMALL, progress)
    big, big_owner = busy_workspace("pages-big", big_count, progress)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    built = round(time.monotonic() - started, 1)
    progress(f"built both workspaces in {built} s; {REPEATS} rounds of every page at both sizes")
    results = measure(
        {
            "small": (signed_in(small_owner), pages_of(small)),
            "big": (signed_in(big_owner), pages_of(big)),
        }
    )
    pages = {}
    for page, at_small in results["small"].items():
        at_big = results["big"][page]
        pages[page] = {
            "ms_small": at_small["ms"],
            "ms_big": at_big["ms"],
            "ratio": round(at_big["ms"] / at_small["ms"], 2),
            "queries_small": at_small["queries"],
            "queries_big": at_big["queries"],
            "kb_small": at_small["kb"],
            "kb_big": at_big["kb"],
        }
    return {
        "small_prospects": SMALL,
        "big_prospects": big_count,
        "built_seconds": built,
        "pages": pages,
        "worst_ratio": max(p["ratio"] for p in pages.values()),
        "queries_constant": all(p["queries_small"] == p["queries_big"] for p in pages.values()),
        "goal": f"every ratio <= {GOAL} on PostgreSQL, queries constant",
        "table": table(pages, big_count),
    }


def table(pages: dict[str, dict], big_count: int) -> str:
    """The closing note: one line per page, ready for an issue."""
    lines = [
        f"| page | ms at {SMALL:,} | ms at {big_count:,} | ratio | queries "
        f"| KB at {SMALL:,} / {big_count:,} |",
        "|---|---|---|---|---|---|",
    ]
    for page, p in pages.items():
        queries = (
            str(p["queries_big"])
            if p["queries_small"] == p["queries_big"]
            else f"{p['queries_small']} / {p['queries_big']}"
        )
        lines.append(
            f"| {page} | {p['ms_small']} | {p['ms_big']} | {p['ratio']} | {queries} "
            f"| {p['kb_small']} / {p['kb_big']} |"
        )
    return "\n".join(lines)
