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


# ---- a workspace in the shape of a busy coaching business (the `pages` benchmark) ----------

FIRST_NAMES = [
    "Alex", "Sam", "Jo", "Priya", "Tomás", "Mei", "Ngozi", "Lars", "Amira", "Dev",
    "Hana", "Luca", "Zoe", "Omar", "Ines", "Kofi", "Maya", "Rafael", "Sofia", "Yuki",
]  # fmt: skip
LAST_NAMES = [
    "Okafor", "Lindqvist", "Moreau", "Tanaka", "Haddad", "Kowalski", "Fernández", "Nguyen",
    "Brennan", "Castillo", "Ivanova", "Mensah", "Schultz", "Patel", "Rossi", "Dubois",
    "Eriksen", "Yilmaz", "Kaur", "Novak", "Abebe", "Silva", "Larsen", "Kim", "Walsh",
    "Costa", "Bauer", "Ali", "Murphy", "Sato", "Jansen", "Rahman", "Ortiz", "Fischer",
    "Hughes", "Varga", "Popescu", "Mwangi", "Lund", "Reyes", "Koch", "Nowak", "Byrne",
    "Singh", "Morales", "Weber", "Quinn", "Horvat", "Adeyemi", "Dalton",
]  # fmt: skip
SOURCES = ["Referral", "Website", "Workshop", "Podcast", "LinkedIn", ""]
CONSENTS = [Consent.CONFIRMED] * 7 + [Consent.PENDING, Consent.UNSUBSCRIBED, Consent.BOUNCED]
ATTENTION_REASONS = ["Replied", "Asked to talk", "Revisit date reached", "Email bounced", ""]


def bulk_insert(objects: list, *, batch: int = 5000) -> None:
    """Insert unsaved model instances fast: PostgreSQL's COPY, else bulk_create in batches.

    The values are prepared by the fields themselves (defaults, JSON, time zones), so a
    column added later needs nothing here.
    """
    if not objects:
        return
    model = type(objects[0])
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=batch)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for obj in objects:
            copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])


def ids_of(model, **lookup) -> list[int]:
    return list(model.objects.filter(**lookup).order_by("pk").values_list("pk", flat=True))


def busy_workspace(label: str, count: int, progress: Progress, *, now=None):
    """A workspace of `count` prospects in the shape of a busy practice, per prospect:
    1.6 stage changes, 3 interactions, an enrollment and 3 deliveries (sent over the last
    year, opened, clicked, voted useful, replied; some due today, skipped or failed), about
    3% needing the coach, five sources, five tags and three owners. The same shape at any
    size, so pages at two sizes are compared like for like. Returns the workspace and its
    owner (a user signed in to nothing else)."""
    from django.contrib.auth import get_user_model

    from relationships.models import (
        Actor,
        DeliveryStatus,
        EnrollmentState,
        Interaction,
        InteractionKind,
        Membership,
        Role,
        StageChange,
        Tag,
    )

    now = now or timezone.now()
    day = datetime.timedelta(days=1)
    workspace = workspace_for(label)
    users = get_user_model().objects
    owner = users.create_user(username=f"{label}-owner", password="benchmark", first_name="Sam")
    helpers = [users.create_user(username=f"{label}-coach-{n}") for n in range(2)]
    people = [owner, *helpers]
    Membership.objects.create(user=owner, workspace=workspace, role=Role.OWNER)
    for helper in helpers:
        Membership.objects.create(user=helper, workspace=workspace, role=Role.COACH)
    stages = list(workspace.stages.order_by("position"))
    tags = Tag.objects.bulk_create(
        Tag(workspace=workspace, name=name)
        for name in ("vip", "workshop-2025", "referral", "podcast", "corporate")
    )
    sequences = []
    for n, stage in enumerate(stages[:5]):
        sequence = sequence_for(workspace, [datetime.timedelta(days=d) for d in (0, 3, 7)])
        sequence.name, sequence.entry_stage = f"Series {n + 1}: {stage.name}", stage
        sequence.save(update_fields=["name", "entry_stage"])
        sequences.append(sequence)

    progress(f"{label}: {count} prospects")
    # Stages weighted as a practice looks: many early, few ready, some parked.
    stage_of = [0, 0, 0, 1, 1, 1, 2, 2, 3, 4, 5, 6, 6, 7]
    bulk_insert(
        [
            Prospect(
                workspace=workspace,
                name=f"{FIRST_NAMES[i % 20]} {LAST_NAMES[(i // 20) % 50]}",
                email=f"person{i}@people{i % 97}.example",
                stage=stages[stage_of[i % len(stage_of)] % len(stages)],
                stage_entered_at=now - day * (i * 7 % 365),
                owner=people[i % 4] if i % 4 < 3 else None,
                consent=CONSENTS[i % len(CONSENTS)],
                source=SOURCES[i % len(SOURCES)],
                needs_attention=i % 32 == 5,
                attention_reason=ATTENTION_REASONS[(i // 32) % 5] if i % 32 == 5 else "",
                diagnose_next=i % 331 == 7,
                last_touch_at=now - day * (i * 3 % 200) if i % 5 else None,
                created_at=now - day * (i * 11 % 700),
            )
            for i in range(count)
        ]
    )
    prospects = ids_of(Prospect, workspace=workspace)
    stage_ids = dict(Prospect.objects.filter(workspace=workspace).values_list("pk", "stage_id"))
    bulk_insert(
        [
            Prospect.tags.through(prospect_id=pk, tag_id=tags[n % 5].pk)
            for n, pk in enumerate(prospects)
            if n % 2
        ]
    )
    progress(f"{label}: stage changes and interactions")
    bulk_insert(
        [
            StageChange(
                prospect_id=pk,
                from_stage=None if step == 0 else stages[0],
                to_stage_id=stages[0].pk if step == 0 else stage_ids[pk],
                actor=[Actor.COACH, Actor.PROSPECT, Actor.SYSTEM][(n + step) % 3],
                at=now - day * ((n * 5 + step * 40) % 360),
            )
            for n, pk in enumerate(prospects)
            for step in range(2 if n % 5 < 3 else 1)
        ]
    )
    kinds = [InteractionKind.NOTE, InteractionKind.CALL, InteractionKind.EMAIL_OUT]
    bulk_insert(
        [
            Interaction(
                prospect_id=pk,
                kind=InteractionKind.EMAIL_IN if step == 2 and n % 4 == 0 else kinds[step],
                summary="Talked about their week and what gets in the way.",
                at=now - day * ((n * 7 + step * 13) % 300),
                author=people[n % 3],
            )
            for n, pk in enumerate(prospects)
            for step in range(3)
        ]
    )
    progress(f"{label}: enrollments and deliveries")
    bulk_insert(
        [
            Enrollment(
                prospect_id=pk,
                sequence=sequences[n % len(sequences)],
                state=[
                    EnrollmentState.ACTIVE,
                    EnrollmentState.ACTIVE,
                    EnrollmentState.PAUSED,
                    EnrollmentState.COMPLETED,
                    EnrollmentState.EXITED,
                ][n % 5],
                enrolled_at=now - day * (n % 360),
            )
            for n, pk in enumerate(prospects)
        ]
    )
    enrollments = list(
        Enrollment.objects.filter(prospect__workspace=workspace)
        .order_by("pk")
        .values_list("pk", "prospect_id", "sequence_id")
    )
    steps = defaultdict_list(
        (step.sequence_id, step.pk)
        for step in Step.objects.filter(sequence__in=sequences).order_by("position")
    )
    deliveries = []
    for n, (enrollment, prospect, sequence) in enumerate(enrollments):
        for position, step in enumerate(steps[sequence]):
            sent_at = now - day * ((n * 3 + position * 9) % 364) - datetime.timedelta(hours=1)
            status = DeliveryStatus.SENT
            if position == 2 and n % 25 == 0:
                status = DeliveryStatus.SCHEDULED
            elif position == 2 and n % 25 == 1:
                status = DeliveryStatus.SKIPPED
            elif position == 2 and n % 50 == 2:
                status = DeliveryStatus.FAILED
            sent = status == DeliveryStatus.SENT
            deliveries.append(
                Delivery(
                    enrollment_id=enrollment,
                    step_id=step,
                    prospect_id=prospect,
                    workspace=workspace,
                    # Only what is still scheduled is due ahead; skipped and failed mail
                    # fell due over the year, like what was sent.
                    due_at=now + datetime.timedelta(minutes=10 + n % 300)
                    if status == DeliveryStatus.SCHEDULED
                    else sent_at,
                    status=status,
                    sent_at=sent_at if sent else None,
                    opened_at=sent_at + day if sent and n % 3 == 0 else None,
                    clicked_at=sent_at + day if sent and n % 7 == 0 else None,
                    replied_at=sent_at + day if sent and n % 40 == 0 else None,
                    useful=bool(n % 2) if sent and n % 11 == 0 else None,
                    useful_at=sent_at + day if sent and n % 11 == 0 else None,
                    reason="Outside the send window" if status == DeliveryStatus.SKIPPED else "",
                    created_at=sent_at,
                )
            )
    bulk_insert(deliveries)
    return workspace, owner


def defaultdict_list(pairs) -> dict[int, list[int]]:
    grouped: dict[int, list[int]] = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return grouped
