"""Importing a coach's list: upload, map the columns, preview, run in chunks.

Each chunk is validated and deduplicated in memory against one query, written in a few
statements (prospects, their first stage change, tags, notes, events, confirmation
emails) and recorded on the run in the same transaction: all of a chunk or none of it
(DESIGN.md 8). Consent never travels by import: people are kept without email unless the
coach says they opted in, or asks them to confirm; addresses that unsubscribed, bounced,
complained or were erased are never subscribed again.
"""

import csv
import datetime
import io
import queue
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from itertools import islice

from celery import current_app
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import File
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from relationships.errors import BridgeError
from relationships.integrations import events
from relationships.integrations.representations import ProspectOut, as_data
from relationships.models import (
    Actor,
    Consent,
    Delivery,
    DeliveryKind,
    Event,
    EventType,
    ImportConsent,
    ImportDuplicates,
    ImportRefusal,
    ImportRun,
    ImportStatus,
    Interaction,
    InteractionKind,
    Membership,
    Prospect,
    Sequence,
    Stage,
    StageChange,
    StageKey,
    Suppression,
    Tag,
    Workspace,
)
from relationships.nurture.enrollment import enroll_many
from relationships.people.erasure import erased_among
from relationships.transfer.columns import FIELDS, guess_mapping, spreadsheet_safe
from relationships.transfer.pipeline import PipelinedWrites, WriteRestSequentially
from relationships.transfer.reading import ImportFileError, Layout, count_rows, data_rows, sniff
from relationships.transfer.rows import PreparedRow, Refused, prepare
from relationships.transfer.writing import (
    ProspectJSON,
    db_value,
    insert_many,
    insert_with_defaults,
    prospect_ids,
    record_events,
    reserve_ids,
)
from relationships.workspaces import roles

RUN_TASK = "relationships.tasks.run_import"
PREVIEW_ROWS = 10


class ImportChoiceError(BridgeError):
    """A choice on the import's steps that can't be used."""


# ---- step 1: upload -------------------------------------------------------------------------


@transaction.atomic
def start_import(
    workspace: Workspace,
    *,
    upload: File,
    filename: str,
    by: Membership | None,
    user: AbstractBaseUser | None = None,
) -> ImportRun:
    """Keep the uploaded file, read how it is written and guess the columns; writes no
    prospect. Refuses a file that isn't a readable list, with the reason."""
    roles.require(by, roles.IMPORT_PROSPECTS, workspace=workspace)
    size = getattr(upload, "size", None) or 0
    if size > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(
            f"The file is {filesizeformat(size)}; the most Bridge takes is "
            f"{filesizeformat(settings.IMPORT_MAX_BYTES)}. Split it, or leave out columns."
        )
    layout = sniff(upload, filename)
    run = ImportRun(
        workspace=workspace,
        created_by=user,
        filename=filename[:200],
        file_format=layout.file_format,
        encoding=layout.encoding,
        delimiter=layout.delimiter,
        headers=layout.headers,
        mapping=guess_mapping(layout.headers),
    )
    upload.seek(0)
    run.file.save(f"{workspace.pk}-{timezone.now():%Y%m%d%H%M%S}.{layout.file_format}", upload)
    return run


def layout_of(run: ImportRun) -> Layout:
    return Layout(run.file_format, run.encoding, run.delimiter, run.headers)


# ---- step 2: map the columns and choose consent and duplicates --------------------------


@transaction.atomic
def configure_import(
    run: ImportRun,
    *,
    mapping: dict[str, str],
    consent: str,
    consent_note: str = "",
    duplicates: str = ImportDuplicates.SKIP,
    by: Membership | None,
) -> ImportRun:
    roles.require(by, roles.IMPORT_PROSPECTS, workspace=run.workspace)
    if run.status != ImportStatus.UPLOADED:
        raise ImportChoiceError("This import has already started.")
    mapping = {
        str(index): name
        for index, name in mapping.items()
        if name and name in FIELDS and 0 <= int(index) < len(run.headers)
    }
    chosen = list(mapping.values())
    if "email" not in chosen:
        raise ImportChoiceError(
            "Choose the column that holds the email addresses: every prospect needs one.",
            field="mapping",
        )
    twice = sorted({FIELDS[name] for name in chosen if chosen.count(name) > 1})
    if twice:
        raise ImportChoiceError(
            f"Each field can come from one column only: {', '.join(twice)}.", field="mapping"
        )
    if consent not in ImportConsent.values:
        raise ImportChoiceError("Choose how they agreed to hear from you.", field="consent")
    if consent == ImportConsent.OPTED_IN and not consent_note.strip() and "opted_in" not in chosen:
        raise ImportChoiceError(
            "Say when or where they opted in (e.g. “sign-up form on my site, 2024”), or choose "
            "the column with the opt-in date.",
            field="consent_note",
        )
    if duplicates not in ImportDuplicates.values:
        raise ImportChoiceError(
            "Choose what to do with people you already have.", field="duplicates"
        )
    run.mapping = mapping
    run.consent = consent
    run.consent_note = consent_note.strip()[:300]
    run.duplicates = duplicates
    run.save(update_fields=["mapping", "consent", "consent_note", "duplicates"])
    return run


# ---- step 3: preview ------------------------------------------------------------------------


@dataclass
class PreviewRow:
    line: int
    outcome: str  # "new", "update", "skip", "refuse"
    row: PreparedRow | None
    problems: list[str]
    values: list[str]


def preview_import(run: ImportRun, *, limit: int = PREVIEW_ROWS) -> list[PreviewRow]:
    """The first rows as they will be stored, with each row's problems; writes nothing."""
    with run.file.open("rb") as handle:
        rows = list(islice(data_rows(handle, layout_of(run)), limit))
    context = ChunkContext.for_run(run)
    plan = plan_chunk(run, context, rows)
    shown = []
    for line, values in rows:
        outcome, problems = plan.outcomes[line]
        shown.append(PreviewRow(line, outcome, plan.prepared.get(line), problems, values))
    return shown


# ---- step 4: run ----------------------------------------------------------------------------


@transaction.atomic
def queue_import(run: ImportRun, *, by: Membership | None, send: bool = True) -> ImportRun:
    """Ready to run; `send` hands it to a worker (the command runs it in its own process)."""
    roles.require(by, roles.IMPORT_PROSPECTS, workspace=run.workspace)
    if "email" not in run.mapping.values():
        raise ImportChoiceError("Choose the email column first.", field="mapping")
    updated = ImportRun.objects.filter(pk=run.pk, status=ImportStatus.UPLOADED).update(
        status=ImportStatus.QUEUED
    )
    if updated:
        run.status = ImportStatus.QUEUED
    if updated and send:
        # By name: the areas sit below the task layer and never import it.
        transaction.on_commit(lambda: current_app.send_task(RUN_TASK, args=[run.pk]), robust=True)
    return run


def cancel_import(run: ImportRun, *, by: Membership | None) -> ImportRun:
    """Stop after the chunk being written; what was written stays (each chunk is whole)."""
    roles.require(by, roles.IMPORT_PROSPECTS, workspace=run.workspace)
    ImportRun.objects.filter(pk=run.pk).update(cancel_requested=True)
    # A run no worker has picked up yet ends here.
    ended = ImportRun.objects.filter(
        pk=run.pk, status__in=[ImportStatus.UPLOADED, ImportStatus.QUEUED]
    ).update(status=ImportStatus.CANCELLED, finished_at=timezone.now())
    run.refresh_from_db()
    if ended:
        discard_file(run)
    return run


def run_import(run_id: int, *, chunk_rows: int | None = None) -> ImportRun:
    """Import the run's rows from where it stopped, chunk by chunk; safe to run twice."""
    chunk_rows = chunk_rows or settings.IMPORT_CHUNK_ROWS
    claimed = ImportRun.objects.filter(
        pk=run_id, status__in=[ImportStatus.QUEUED, ImportStatus.RUNNING]
    ).update(status=ImportStatus.RUNNING, started_at=timezone.now())
    run = ImportRun.objects.select_related("workspace").get(pk=run_id)
    if not claimed:
        return run
    layout = layout_of(run)
    try:
        if run.rows_total is None:
            with run.file.open("rb") as handle:
                run.rows_total = count_rows(handle, layout)
            ImportRun.objects.filter(pk=run.pk).update(rows_total=run.rows_total)
        context = ChunkContext.for_run(run)
        try:
            finished = import_chunks(run, context, layout, chunk_rows, pipelined=pipelined())
        except WriteRestSequentially:
            # A conflict stopped the overlapping writers after their last whole chunk:
            # the rest goes one chunk at a time, each planned again on conflict.
            context.reload_tags()
            finished = import_chunks(run, context, layout, chunk_rows, pipelined=False)
        if not finished:
            return finish(run, ImportStatus.CANCELLED)
    except ImportFileError as error:
        return finish(run, ImportStatus.FAILED, error=error.message)
    except Exception:
        # Whole chunks before it stay in; importing the file again skips them and adds
        # the rest. A killed worker raises nothing here: its task is delivered again and
        # resumes after the last whole chunk.
        done = ImportRun.objects.values_list("rows_done", flat=True).get(pk=run.pk)
        finish(
            run,
            ImportStatus.FAILED,
            error=f"The import stopped after {done} rows because of an error on our side. "
            "The rows before it are in; import the same file again to add the rest.",
        )
        raise
    return finish(run, ImportStatus.DONE)


def import_chunks(
    run: ImportRun, context: "ChunkContext", layout: Layout, chunk_rows: int, *, pipelined: bool
) -> bool:
    """Write the run's rows from after its last whole chunk; False if it was cancelled."""
    done = ImportRun.objects.values_list("rows_done", flat=True).get(pk=run.pk)
    with run.file.open("rb") as handle:
        rows = islice(data_rows(handle, layout), done, None)
        with (
            read_ahead(chunks(rows, chunk_rows), run.mapping) as ready,
            chunk_writer(run, context, pipelined=pipelined) as write,
        ):
            for chunk in ready:
                if ImportRun.objects.filter(pk=run.pk, cancel_requested=True).exists():
                    return False
                write(chunk)
    return True


def pipelined() -> bool:
    """Chunks overlap on two connections only on PostgreSQL (SQLite has one writer), and
    not inside a caller's transaction, whose rows another connection couldn't see."""
    return (
        settings.IMPORT_PIPELINED
        and connection.vendor == "postgresql"
        and not connection.in_atomic_block
    )


@contextmanager
def chunk_writer(run: ImportRun, context: "ChunkContext", *, pipelined: bool):
    if not pipelined:
        yield lambda chunk: write_chunk(run, context, chunk)
        return
    with PipelinedWrites(partial(write_steps, run, context)) as writes:
        yield lambda chunk: writes.write(
            chunk, (row.email for row in chunk.prepared if isinstance(row, PreparedRow))
        )


def finish(run: ImportRun, status: str, *, error: str = "") -> ImportRun:
    ImportRun.objects.filter(pk=run.pk).update(
        status=status, error=error[:500], finished_at=timezone.now()
    )
    run.refresh_from_db()
    discard_file(run)
    return run


def discard_file(run: ImportRun) -> None:
    """The list was read: no copy of it stays behind."""
    if run.file:
        run.file.delete(save=False)
        ImportRun.objects.filter(pk=run.pk).update(file="")


def chunks(rows: Iterable, size: int) -> Iterator[list]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


class ReadChunk(list):
    """A chunk's (line, values), with each row already prepared (or its Refused)."""

    prepared: list


@contextmanager
def read_ahead(source: Iterator[list], mapping: dict[str, str]) -> Iterator[Iterator[list]]:
    """The chunks of `source`, read and prepared one chunk ahead in a thread while this
    one waits for the database to write the chunk before (the thread touches only the
    file, never the database). At most two chunks are held, so memory stays flat."""
    handoff: queue.Queue = queue.Queue(maxsize=1)
    stop = threading.Event()
    done = object()

    def hand(item) -> bool:
        while not stop.is_set():
            try:
                handoff.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for rows in source:
                chunk = ReadChunk(rows)
                chunk.prepared = [
                    prepared_or_refused(line, values, mapping) for line, values in rows
                ]
                if not hand(chunk):
                    return
            hand(done)
        except BaseException as error:  # handed to the importing thread, raised there
            hand(error)

    def consume() -> Iterator[list]:
        while (item := handoff.get()) is not done:
            if isinstance(item, BaseException):
                raise item
            yield item

    worker = threading.Thread(target=produce, name="import-read-ahead", daemon=True)
    worker.start()
    try:
        yield consume()
    finally:
        stop.set()
        worker.join()


def prepared_or_refused(line: int, values: list[str], mapping: dict[str, str]):
    try:
        return prepare(line, values, mapping)
    except Refused as refusal:
        return refusal


# ---- a chunk --------------------------------------------------------------------------------


@dataclass
class ChunkContext:
    """What every chunk of a run needs, loaded once."""

    workspace: Workspace
    stages: dict[str, Stage]
    default_stage: Stage
    tags: dict[str, Tag]
    sequences: list[Sequence]
    confirm_due: datetime.datetime

    @classmethod
    def for_run(cls, run: ImportRun) -> "ChunkContext":
        workspace = run.workspace
        stages = {stage.name.lower(): stage for stage in workspace.stages.all()}
        default = next(s for s in stages.values() if s.key == StageKey.NEEDS_HELP)
        tags = {tag.name.lower(): tag for tag in Tag.objects.filter(workspace=workspace)}
        sequences = list(
            Sequence.objects.filter(workspace=workspace, active=True).select_related("workspace")
        )
        return cls(workspace, stages, default, tags, sequences, confirm_due=timezone.now())

    def reload_tags(self) -> None:
        """The workspace's tags as committed (a rolled-back chunk's new ones are gone)."""
        self.tags = {tag.name.lower(): tag for tag in Tag.objects.filter(workspace=self.workspace)}


@dataclass
class ChunkPlan:
    prepared: dict[int, PreparedRow] = field(default_factory=dict)
    outcomes: dict[int, tuple[str, list[str]]] = field(default_factory=dict)
    new: list[PreparedRow] = field(default_factory=list)
    updates: list[tuple[Prospect, list[str]]] = field(default_factory=list)
    skipped: int = 0
    refusals: list[ImportRefusal] = field(default_factory=list)


BLANK_FILLABLE = ("timezone", "source", "phone")


@dataclass
class NewProspect:
    """A prospect the chunk writes as a plain row: what its event and the steps after the
    insert read, without building a model instance per row."""

    name: str
    email: str
    timezone: str
    stage: Stage
    stage_entered_at: datetime.datetime
    source: str
    phone: str
    consent: str
    consent_note: str
    created_at: datetime.datetime
    pk: int | None = None
    help_request: str = ""
    needs_attention: bool = False
    attention_reason: str = ""
    diagnose_next: bool = False


def plan_chunk(run: ImportRun, context: ChunkContext, rows: list) -> ChunkPlan:
    """Decide each row's fate against one query for the chunk's addresses."""
    plan = ChunkPlan()
    by_email: dict[str, PreparedRow] = {}
    ahead = getattr(rows, "prepared", None)
    for index, (line, values) in enumerate(rows):
        row = ahead[index] if ahead is not None else prepared_or_refused(line, values, run.mapping)
        if isinstance(row, Refused):
            refuse(plan, run, line, values, row.reason)
            continue
        plan.prepared[line] = row
        if row.email in by_email:
            plan.skipped += 1
            plan.outcomes[line] = ("skip", [f"Same address as line {by_email[row.email].line}."])
            continue
        by_email[row.email] = row
    known = prospect_ids(context.workspace.pk, list(by_email))
    existing = (
        {
            p.email.lower(): p
            for p in Prospect.objects.filter(pk__in=list(known.values()))
            .select_related("stage", "owner")
            .prefetch_related("tags")
        }
        if known
        else {}
    )
    # Hashing every new address costs more than the rest of its row; a workspace where
    # nobody was ever erased (most of them) answers with one cheap probe instead.
    erased = (
        erased_among(context.workspace.pk, [e for e in by_email if e not in existing])
        if Suppression.objects.filter(workspace_id=context.workspace.pk).exists()
        else set()
    )
    values_of = dict(rows)
    for email, row in by_email.items():
        problems = list(row.warnings)
        if email in erased:
            refuse(
                plan,
                run,
                row.line,
                values_of[row.line],
                "This person asked to be erased: only they can come back, by signing up.",
            )
            continue
        prospect = existing.get(email)
        if prospect is None:
            if row.stage_name and row.stage_name.lower() not in context.stages:
                problems.append(f"No stage “{row.stage_name}”: {context.default_stage.name}.")
            if run.consent == ImportConsent.OPTED_IN and not (row.opted_in or run.consent_note):
                problems.append("No opt-in date: kept, not emailed.")
            plan.new.append(row)
            plan.outcomes[row.line] = ("new", problems)
            continue
        if prospect.consent in {Consent.UNSUBSCRIBED, Consent.BOUNCED, Consent.COMPLAINED}:
            problems.append(
                f"Already here and {prospect.get_consent_display().lower()}: unchanged."
            )
        changed = []
        if run.duplicates == ImportDuplicates.UPDATE:
            for name in BLANK_FILLABLE:
                if not getattr(prospect, name) and getattr(row, name):
                    setattr(prospect, name, getattr(row, name))
                    changed.append(name)
        if changed:
            plan.updates.append((prospect, changed))
            plan.outcomes[row.line] = ("update", [*problems, f"Fills in {', '.join(changed)}."])
        else:
            plan.skipped += 1
            plan.outcomes[row.line] = ("skip", [*problems, "Already a prospect."])
    return plan


def refuse(plan: ChunkPlan, run: ImportRun, line: int, values: list[str], reason: str) -> None:
    email = next((v for v in values if "@" in v), "")[:320] if values else ""
    kept = [value[:200] for value in values[:50]]
    plan.refusals.append(
        ImportRefusal(run=run, line=line, email=email.strip().lower(), values=kept, reason=reason)
    )
    plan.outcomes[line] = ("refuse", [reason])


def write_chunk(run: ImportRun, context: ChunkContext, rows: list) -> None:
    """Plan and write one chunk, and count it on the run: all of it or none of it."""
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                write_statements(run, context, rows)
            return
        except IntegrityError:
            # Someone added one of these addresses (or tags) while we planned: plan again,
            # once, with the tags as they are now (the rolled-back ones are gone).
            if attempt == 2:
                raise
            context.reload_tags()


def write_statements(run: ImportRun, context: ChunkContext, rows: list) -> None:
    """One chunk's writes and its count on the run, in the caller's transaction."""
    for _ in write_steps(run, context, rows):
        pass


def write_steps(run: ImportRun, context: ChunkContext, rows: list) -> Iterator[None]:
    """One chunk's writes in the caller's transaction, in three steps, so that writers
    overlapping on two connections wait for each other only where it matters:
    first what the next chunk's planning must see (its new prospects, tags created,
    consent mail and enrollments, which are paced across chunks); then the rest of its
    rows (stage changes, tag links, notes, events, updates, refusals); then its count
    on the run, whose row each chunk updates in turn."""
    relaxed_commit()
    plan = plan_chunk(run, context, rows)
    inserted = insert_prospects(run, context, plan.new)
    yield
    created = complete_prospects(run, inserted)
    filled = sorted({name for _, changed in plan.updates for name in changed})
    if filled:
        Prospect.objects.bulk_update(
            [prospect for prospect, _ in plan.updates], filled, batch_size=500
        )
    events.emit_many(
        [
            Event(
                type=EventType.PROSPECT_UPDATED,
                workspace_id=prospect.workspace_id,
                prospect_id=prospect.pk,
                data={"prospect": as_data(ProspectOut, prospect)},
            )
            for prospect, _ in plan.updates
        ]
    )
    ImportRefusal.objects.bulk_create(plan.refusals)
    yield
    ImportRun.objects.filter(pk=run.pk).update(
        rows_done=F("rows_done") + len(rows),
        created=F("created") + created,
        updated=F("updated") + len(plan.updates),
        skipped=F("skipped") + plan.skipped,
        refused=F("refused") + len(plan.refusals),
    )


def relaxed_commit() -> None:
    """On PostgreSQL, the chunk's commit doesn't wait for its WAL to reach the disk (a
    flush of some megabytes per chunk; most of a commit's time is still the deferred
    foreign-key checks of the chunk's rows). Safe here: the chunk's rows and the run's
    count of them commit together, so a database crash loses both or neither and the
    run resumes after the last chunk it kept; and the run's end is committed as usual,
    which flushes every chunk before it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


@dataclass
class Inserted:
    """A chunk's new prospects, in: what the rest of their rows are written from."""

    prospects: list[NewProspect]
    rows: list[PreparedRow]
    tag_links: list[tuple[int, int]]
    tag_names: list[list[str]]
    now: datetime.datetime
    workspace_id: int


def insert_prospects(
    run: ImportRun, context: ChunkContext, rows: list[PreparedRow]
) -> Inserted | None:
    """The chunk's new prospects and the tags they need, their consent mail queued and
    the opted-in enrolled; everything else of theirs is complete_prospects'."""
    if not rows:
        return None
    now = timezone.now()
    workspace = context.workspace
    consent, base_note = consent_for(run, now)
    prospects, values = [], []
    entered = db_value(Prospect, "stage_entered_at", now)
    created_values = {None: entered}
    for row in rows:
        stage = context.stages.get(row.stage_name.lower(), context.default_stage)
        state, note = consent, base_note
        if run.consent == ImportConsent.OPTED_IN:
            if row.opted_in:
                note = f"Opted in on the coach's site on {row.opted_in:%Y-%m-%d}; imported"
            elif not run.consent_note:
                state, note = Consent.PENDING, "Imported; no opt-in date in the file"
        prospect = NewProspect(
            name=row.name,
            email=row.email,
            timezone=row.timezone,
            stage=stage,
            stage_entered_at=now,
            source=row.source or f"Import: {run.filename}"[:100],
            phone=row.phone,
            consent=state,
            consent_note=f"{note} from {run.filename} ({now:%Y-%m-%d})."[:300],
            created_at=row.created or now,
        )
        created = created_values.get(row.created)
        if created is None:
            created = created_values[row.created] = db_value(Prospect, "created_at", row.created)
        prospects.append(prospect)
        values.append(
            (
                workspace.pk,
                prospect.name,
                prospect.email,
                prospect.timezone,
                stage.pk,
                entered,
                prospect.source,
                prospect.phone,
                prospect.consent,
                prospect.consent_note,
                created,
            )
        )
    columns = [
        "workspace",
        "name",
        "email",
        "timezone",
        "stage",
        "stage_entered_at",
        "source",
        "phone",
        "consent",
        "consent_note",
        "created_at",
    ]
    ids = reserve_ids(Prospect, len(prospects))
    if ids is not None:
        # PostgreSQL: written with ids taken from the sequence, nothing read back.
        for prospect, pk in zip(prospects, ids, strict=True):
            prospect.pk = pk
        insert_with_defaults(
            Prospect, ["id", *columns], [(pk, *row) for pk, row in zip(ids, values, strict=True)]
        )
    else:
        # Written as plain rows, then their ids read back by address: one query.
        insert_with_defaults(Prospect, columns, values)
        known = prospect_ids(workspace.pk, [p.email for p in prospects])
        for prospect in prospects:
            prospect.pk = known[prospect.email]
    tag_names, tag_links = tags_for(context, prospects, rows)
    if run.consent == ImportConsent.CONFIRM:
        queue_confirmations(context, prospects)
    if run.consent == ImportConsent.OPTED_IN:
        enroll_opted_in(context, prospects)
    return Inserted(prospects, rows, tag_links, tag_names, now, workspace.pk)


def complete_prospects(run: ImportRun, inserted: Inserted | None) -> int:
    """The new prospects' first stage change, tag links, notes and created events."""
    if inserted is None:
        return 0
    prospects, rows, now = inserted.prospects, inserted.rows, inserted.now
    at = db_value(StageChange, "at", now)
    reason = f"Imported from {run.filename}"[:500]
    insert_with_defaults(
        StageChange,
        ["prospect", "from_stage", "to_stage", "actor", "user", "reason", "at"],
        ((p.pk, None, p.stage.pk, Actor.COACH, run.created_by_id, reason, at) for p in prospects),
    )
    insert_many(Prospect.tags.through, ["prospect", "tag"], inserted.tag_links)
    insert_with_defaults(
        Interaction,
        ["prospect", "kind", "summary", "at", "author"],
        (
            (p.pk, InteractionKind.NOTE, row.notes, at, run.created_by_id)
            for p, row in zip(prospects, rows, strict=True)
            if row.notes
        ),
    )
    as_json = ProspectJSON()
    record_events(
        EventType.PROSPECT_CREATED,
        workspace_id=inserted.workspace_id,
        items=[
            (p.pk, as_json(p, names))
            for p, names in zip(prospects, inserted.tag_names, strict=True)
        ],
        now=now,
    )
    return len(prospects)


def consent_for(run: ImportRun, now: datetime.datetime) -> tuple[str, str]:
    if run.consent == ImportConsent.OPTED_IN:
        return Consent.CONFIRMED, f"Opted in on the coach's site ({run.consent_note}); imported"
    if run.consent == ImportConsent.CONFIRM:
        return Consent.PENDING, "Asked to confirm (double opt-in); imported"
    return Consent.PENDING, "Kept for tracking, not to be emailed; imported"


def tags_for(
    context: ChunkContext, prospects: list["NewProspect"], rows: list[PreparedRow]
) -> tuple[list[list[str]], list[tuple[int, int]]]:
    """Tags by name, created as needed; each prospect's tag names, and the links to write."""
    wanted = {t.lower(): t for row in rows for t in row.tags}
    missing = [
        Tag(workspace=context.workspace, name=name)
        for key, name in wanted.items()
        if key not in context.tags
    ]
    if missing:
        Tag.objects.bulk_create(missing, ignore_conflicts=True)
        for tag in Tag.objects.filter(workspace=context.workspace):
            context.tags.setdefault(tag.name.lower(), tag)
    # Each tag's id and name read off its model once a chunk, not once per prospect.
    known = {key: (tag.pk, tag.name) for key, tag in context.tags.items()}
    names, links = [], []
    for prospect, row in zip(prospects, rows, strict=True):
        tags = [known[t.lower()] for t in row.tags]
        links += [(prospect.pk, tag_id) for tag_id, _ in tags]
        names.append([name for _, name in tags])
    return names, links


def queue_confirmations(context: ChunkContext, prospects: list["NewProspect"]) -> None:
    """One double opt-in email each through the outbox, paced so a big list goes out
    over time (IMPORT_CONFIRM_PER_MINUTE), never all at once."""
    step = datetime.timedelta(minutes=1) / max(1, settings.IMPORT_CONFIRM_PER_MINUTE)
    rows = []
    for prospect in prospects:
        rows.append(
            Delivery(
                kind=DeliveryKind.CONFIRM_SIGNUP,
                prospect_id=prospect.pk,
                workspace=context.workspace,
                due_at=context.confirm_due,
            )
        )
        context.confirm_due += step
    Delivery.objects.bulk_create(rows)


def enroll_opted_in(context: ChunkContext, prospects: list["NewProspect"]) -> int:
    """Once a chunk's rows are in, those who opted in join their stage's sequences, one
    batch per sequence. Nobody else is enrolled: nurture waits for their consent."""
    starting = {sequence.entry_stage_id for sequence in context.sequences}
    ids = [p.pk for p in prospects if p.consent == Consent.CONFIRMED and p.stage.pk in starting]
    if not ids:
        return 0
    loaded = list(Prospect.objects.filter(pk__in=ids).select_related("workspace"))
    enrolled = 0
    for sequence in context.sequences:
        joining = [p for p in loaded if p.stage_id == sequence.entry_stage_id]
        if joining:
            enrolled += len(enroll_many(joining, sequence))
    return enrolled


# ---- the refused rows, for the coach to fix ---------------------------------------------------


def refusals_csv(run: ImportRun) -> Iterator[str]:
    """The refused rows as CSV lines: line, reason, then the row as it was."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(values) -> str:
        writer.writerow(spreadsheet_safe(str(value)) for value in values)
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield line(["Line", "Reason", *run.headers])
    for refusal in run.refusals.order_by("line").iterator(chunk_size=2000):
        yield line([refusal.line, refusal.reason, *refusal.values])
