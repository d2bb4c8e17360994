"""Data for tests and the benchmark: workspaces, sequences, prospects and a loaded outbox."""

import datetime
from collections.abc import Callable

from django.db import connection
from django.utils import timezone

from relationships.models import (
    Consent,
    Content,
    ContentKind,
    ContentStatus,
    Delivery,
    Enrollment,
    Prospect,
    Sequence,
    StageKey,
    Step,
    Workspace,
)
from relationships.nurture.enrollment import enroll_many
from relationships.workspaces.services import seed_stages

# Where long builds report how far they got (the benchmark prints it; tests ignore it).
Progress = Callable[[str], None]

ALL_DAY = (datetime.time(0, 0), datetime.time(23, 59, 59, 999999))


BODY = """Hi {{ first_name }},

A weekly review sounds like something only very organised people do. In practice it's
three questions and fifteen minutes, ideally on a **Friday afternoon** while the week is
still fresh.

1. What went well this week? Write down at least two things, even small ones.
2. What got stuck? Not who was to blame, just where the friction was.
3. What is the *one thing* for next week? One, not five.

Keep your answers in one notebook so you can look back after a month: patterns appear
quickly, and they show you what to adjust in your week rather than in yourself.
There is a [one-page worksheet](https://example.com/weekly-review) if you like paper.

Have a good weekend,
{{ coach_name }}
"""


def workspace_for(label: str, **fields) -> Workspace:
    """A workspace whose window, unless told otherwise, is every day, all day, and no cap:
    the re-checks at send time then pass and move nothing."""
    defaults = {
        "timezone": "UTC",
        "sender_name": "Sam Coach",
        "sender_email": "sam@coaching.example",
        "postal_address": "1 High Street, Bristol BS1 1AA, UK",
        "send_days": list(range(1, 8)),
        "send_window_start": ALL_DAY[0],
        "send_window_end": ALL_DAY[1],
        "frequency_cap_days": 0,
    }
    workspace = Workspace.objects.create(
        name=f"Benchmark {label}", slug=f"benchmark-{label}", **{**defaults, **fields}
    )
    seed_stages(workspace)
    return workspace


def sequence_for(workspace: Workspace, delays: list[datetime.timedelta]) -> Sequence:
    content = Content.objects.create(
        workspace=workspace,
        title="The fifteen-minute weekly review",
        subject="Three questions for Friday afternoon, {{ first_name }}",
        body=BODY,
        kind=ContentKind.VALUE,
        status=ContentStatus.APPROVED,
    )
    sequence = Sequence.objects.create(
        workspace=workspace,
        name="Benchmark series",
        entry_stage=workspace.stages.get(key=StageKey.NEEDS_HELP),
    )
    Step.objects.bulk_create(
        Step(sequence=sequence, position=position, delay=delay, content=content)
        for position, delay in enumerate(delays, start=1)
    )
    return sequence


def prospects_for(workspace: Workspace, count: int, *, start: int = 0) -> list[Prospect]:
    stage = workspace.stages.get(key=StageKey.NEEDS_HELP)
    return Prospect.objects.bulk_create(
        (
            Prospect(
                workspace=workspace,
                name=f"Alex{number} Example",
                email=f"alex{number}@people.example",
                stage=stage,
                consent=Consent.CONFIRMED,
            )
            for number in range(start, start + count)
        ),
        batch_size=1000,
    )


def enroll_in_chunks(prospects: list[Prospect], sequence: Sequence, chunk: int) -> None:
    for offset in range(0, len(prospects), chunk):
        enroll_many(prospects[offset : offset + chunk], sequence)


def queued_for_sending(workspace: Workspace, count: int, progress: Progress) -> Sequence:
    """`count` prospects, each with one delivery due now."""
    progress(f"setting up {count} due deliveries")
    sequence = sequence_for(workspace, [datetime.timedelta(0)])
    enroll_in_chunks(prospects_for(workspace, count), sequence, chunk=1000)
    Delivery.objects.filter(workspace=workspace).update(
        due_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    return sequence


LOAD_OUTBOX = """
INSERT INTO {delivery} (
    kind, enrollment_id, step_id, prospect_id, workspace_id, due_at, status, lease_until,
    claim_token, claims, smtp_attempts, last_error, reason, message_id, sent_at, opened_at,
    clicked_at, replied_at, created_at, to_address
)
SELECT
    'nurture', e.id, s.id, e.prospect_id, %(workspace)s,
    CASE WHEN s.position = 1 AND e.id <= %(last_due)s THEN %(due)s
         WHEN (e.id + s.position) %% %(every)s = 0 THEN %(future)s
         ELSE %(past)s END,
    CASE WHEN s.position = 1 AND e.id <= %(last_due)s THEN 'scheduled'
         WHEN (e.id + s.position) %% %(every)s = 0 THEN 'scheduled'
         ELSE 'sent' END,
    NULL, '', 0, 0, '', '', '',
    CASE WHEN s.position = 1 AND e.id <= %(last_due)s THEN NULL
         WHEN (e.id + s.position) %% %(every)s = 0 THEN NULL
         ELSE %(past)s END,
    NULL, NULL, NULL, %(past)s, ''
FROM {enrollment} e CROSS JOIN {step} s
WHERE e.sequence_id = %(sequence)s AND s.sequence_id = %(sequence)s
  AND s.position BETWEEN %(first_step)s AND %(last_step)s
"""


def load_outbox(sequence: Sequence, steps: range, *, last_due: int, now) -> None:
    """One INSERT … SELECT over enrollments x steps: most rows sent a month ago, one in
    20 scheduled for tomorrow, and step 1 of the enrollments up to `last_due` due now."""
    content = sequence.steps.first().content  # step 1 exists: sequence_for made it
    Step.objects.bulk_create(
        Step(
            sequence=sequence, position=position, delay=datetime.timedelta(days=1), content=content
        )
        for position in steps
        if position > 1
    )
    sql = LOAD_OUTBOX.format(
        delivery=Delivery._meta.db_table,
        enrollment=Enrollment._meta.db_table,
        step=Step._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "workspace": sequence.workspace_id,
                "sequence": sequence.pk,
                "last_due": last_due,
                "every": 20,
                "due": stored(now - datetime.timedelta(minutes=1)),
                "future": stored(now + datetime.timedelta(days=1)),
                "past": stored(now - datetime.timedelta(days=30)),
                "first_step": steps.start,
                "last_step": steps.stop - 1,
            },
        )
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")


def stored(moment: datetime.datetime):
    """A datetime as the ORM would store it (SQLite keeps naive UTC text)."""
    return connection.ops.adapt_datetimefield_value(moment)
