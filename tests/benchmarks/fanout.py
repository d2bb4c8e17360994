"""Enrolling many prospects: rows per second, queries per prospect."""

import datetime
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

from relationships.models import (
    Delivery,
    Prospect,
    Sequence,
)
from tests.benchmarks.core import Progress, Scale, case, rate
from tests.support.builders import enroll_in_chunks, prospects_for, sequence_for, workspace_for


def timed_enrollment(prospects: list[Prospect], sequence: Sequence, chunk: int):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        enroll_in_chunks(prospects, sequence, chunk)
        seconds = time.perf_counter() - started
    return seconds, len(queries.captured_queries)


@case("fanout")
def fanout_case(scale: Scale, progress: Progress) -> dict:
    count, chunk = scale.fanout, scale.fanout_chunk
    few = count // 10
    # A real schedule: the default Tue-Thu morning window and a three-day cap, in London.
    workspace = workspace_for(
        "fanout",
        timezone="Europe/London",
        send_days=[2, 3, 4],
        send_window_start=datetime.time(9),
        send_window_end=datetime.time(11),
        frequency_cap_days=3,
    )
    days = datetime.timedelta(days=1)
    sequence = sequence_for(workspace, [0 * days, 3 * days, 7 * days, 14 * days, 21 * days])
    steps = sequence.steps.count()
    progress(f"creating {few + count} prospects")
    prospects = prospects_for(workspace, few + count)
    progress(f"enrolling {few}, then {count}, {chunk} per enroll_many call")
    few_seconds, few_queries = timed_enrollment(prospects[:few], sequence, chunk)
    seconds, queries = timed_enrollment(prospects[few:], sequence, chunk)
    created = Delivery.objects.filter(workspace=workspace).count()
    few_per_prospect = few_queries / few
    per_prospect = queries / count
    return {
        "prospects": count,
        "steps": steps,
        "chunk_size": chunk,
        "deliveries": created,
        "deliveries_per_second": rate(count * steps, seconds),
        "deliveries_per_second_at_tenth": rate(few * steps, few_seconds),
        "queries": {str(few): few_queries, str(count): queries},
        "queries_per_prospect": {
            str(few): round(few_per_prospect, 4),
            str(count): round(per_prospect, 4),
        },
        "constant": per_prospect <= few_per_prospect * 1.1 and created == (few + count) * steps,
    }
