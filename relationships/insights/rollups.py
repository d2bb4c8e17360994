"""Weekly figures for Insights: closed weeks counted once and kept, this week counted live.

Insights show stage moves and nurture outcomes per week for twelve weeks and, per email,
how often it was sent, replied to and voted useful over all time. Counting all of that on
each view grew with the workspace (issue 16). A week that is over doesn't change, so the
first view of a new week rolls the weeks since the last roll into WeeklyFigure (a few
grouped queries over those weeks only); every view then reads those rows and counts the
current week live, from indexes on the times involved.

Each event counts in the week it happened: a send by its send time (skipped and failed
mail by its due time), a reply by its reply time, a vote by its vote time (or the send's
for votes recorded without one). An event recorded later with an earlier time, in a week
already rolled, is not counted: the charts show weeks as they closed.

Erasing a prospect (people/erasure.py) removes the rows they counted in. So the figures
stay right, it rolls the closed weeks first and keeps what they counted in the weeks not
rolled yet as `erased` rows: figure, week, key and a count, summed over everyone erased.
"""

import dataclasses
import datetime

from django.db import IntegrityError, transaction
from django.db.models import CharField, Count, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, Concat, TruncWeek
from django.utils import timezone

from relationships.models import (
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Figure,
    Prospect,
    RolledWeeks,
    StageChange,
    Step,
    WeeklyFigure,
    Workspace,
)

OUTCOMES = [DeliveryStatus.SENT, DeliveryStatus.SKIPPED, DeliveryStatus.FAILED]


def monday_of(moment: datetime.datetime) -> datetime.date:
    """The Monday of the week `moment` falls in, on the current time zone's clock."""
    day = timezone.localdate(moment)
    return day - datetime.timedelta(days=day.weekday())


def start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def week_of(value) -> datetime.date:
    """A TruncWeek result as a date (SQLite gives datetimes, sometimes naive)."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


@dataclasses.dataclass(frozen=True)
class Counted:
    """One figure's rows: (week, key, count)."""

    figure: str
    rows: list[tuple[datetime.date, str, int]]


def _grouped(queryset: QuerySet, moment, key, figure: str) -> Counted:
    rows = (
        queryset.annotate(week=TruncWeek(moment), key=key)
        .values("week", "key")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return Counted(figure, [(week_of(r["week"]), str(r["key"]), r["n"]) for r in rows])


def _between(field, start, end) -> Q:
    """`start <= field < end`; no lower bound when start is None."""
    bounds = Q(**{f"{field}__lt": end}) if end is not None else Q()
    if start is not None:
        bounds &= Q(**{f"{field}__gte": start})
    return bounds


def _of(prospect: Prospect | None) -> Q:
    """Everyone's rows, or one prospect's (what they count, as they are erased)."""
    return Q(prospect=prospect) if prospect is not None else Q()


def count_moves(workspace: Workspace, start, end=None, *, prospect=None) -> Counted:
    # A move's stage is one of its workspace's, like its prospect: joining the few stages,
    # not the many prospects, keeps this week's count to this week's moves.
    moves = StageChange.objects.filter(
        _between("at", start, end), _of(prospect), to_stage__workspace=workspace
    )
    key = Concat(F("to_stage_id"), Value(":"), F("actor"), output_field=CharField())
    return _grouped(moves, "at", key, Figure.MOVES)


def count_outcomes(workspace: Workspace, start, end=None, *, prospect=None) -> Counted:
    """Nurture mail sent, skipped and failed: by send time, else by due time."""
    moment = Coalesce("sent_at", "due_at")
    outcomes = (
        Delivery.objects.filter(workspace=workspace, kind=DeliveryKind.NURTURE, status__in=OUTCOMES)
        .filter(_of(prospect))
        # Either time in the range (each has an index), then the one that counts.
        .filter(_between("sent_at", start, end) | _between("due_at", start, end))
        .alias(moment=moment)
        .filter(_between("moment", start, end))
    )
    return _grouped(outcomes, moment, F("status"), Figure.OUTCOMES)


# A vote counts when it was cast; votes recorded without that time, when the mail was sent.
VOTED_AT = Coalesce("useful_at", "sent_at")


def content_events(workspace: Workspace, start, end=None) -> QuerySet:
    """Deliveries with a send, a reply or a vote in the range. Transactional mail (no step)
    is among them and left out by the caller: asking for a step here makes SQLite read
    every delivery that has one."""
    return Delivery.objects.filter(workspace=workspace).filter(
        _between("sent_at", start, end)
        | _between("replied_at", start, end)
        | _between("useful_at", start, end)
    )


def content_counts(start, end=None) -> dict:
    """What content_events are counted as, per content: n_sent, n_replied, n_useful, …"""
    voted = _between("useful_at", start, end) | (
        Q(useful_at__isnull=True) & _between("sent_at", start, end)
    )
    return {
        f"n_{Figure.SENT}": Count(
            "pk", filter=Q(status=DeliveryStatus.SENT) & _between("sent_at", start, end)
        ),
        f"n_{Figure.REPLIED}": Count("pk", filter=_between("replied_at", start, end)),
        f"n_{Figure.USEFUL}": Count("pk", filter=voted & Q(useful=True)),
        f"n_{Figure.NOT_USEFUL}": Count("pk", filter=voted & Q(useful=False)),
    }


def count_content(workspace: Workspace, start, end=None, *, prospect=None) -> list[Counted]:
    """Sends, replies and votes per content and week, each in the week it happened."""
    steps = Delivery.objects.filter(_of(prospect), workspace=workspace, step__isnull=False)
    content = F("step__content_id")
    voted = _between("useful_at", start, end) | (
        Q(useful_at__isnull=True) & _between("sent_at", start, end)
    )
    sent = steps.filter(_between("sent_at", start, end), status=DeliveryStatus.SENT)
    replied = steps.filter(_between("replied_at", start, end))
    return [
        _grouped(sent, "sent_at", content, Figure.SENT),
        _grouped(replied, "replied_at", content, Figure.REPLIED),
        _grouped(steps.filter(voted, useful=True), VOTED_AT, content, Figure.USEFUL),
        _grouped(steps.filter(voted, useful=False), VOTED_AT, content, Figure.NOT_USEFUL),
    ]


def _totals(
    workspace: Workspace, start, end=None, *, prospect=None
) -> dict[tuple[str, datetime.date, str], int]:
    """Every figure, per (figure, week, key), for the weeks from start up to end."""
    counted = [
        count_moves(workspace, start, end, prospect=prospect),
        count_outcomes(workspace, start, end, prospect=prospect),
        *count_content(workspace, start, end, prospect=prospect),
    ]
    totals: dict[tuple[str, datetime.date, str], int] = {}
    for figure in counted:
        for week, key, n in figure.rows:
            totals[figure.figure, week, key] = totals.get((figure.figure, week, key), 0) + n
    return totals


def roll_closed_weeks(workspace: Workspace, *, now: datetime.datetime) -> datetime.date:
    """Keep every week before this one in WeeklyFigure; returns this week's Monday.

    One query when nothing is due (the usual case); the first view of a week counts the
    weeks since the last roll, and the very first view all of the workspace's history.
    Safe to run twice at once: both count the same closed weeks, the rows are written once.
    """
    this_monday = monday_of(now)
    rolled = RolledWeeks.objects.filter(workspace=workspace).values_list("before", flat=True)
    before = rolled.first()
    if before is not None and before >= this_monday:
        return this_monday
    start = start_of(before) if before is not None else None
    totals = _totals(workspace, start, start_of(this_monday))
    with transaction.atomic():
        WeeklyFigure.objects.bulk_create(
            (
                WeeklyFigure(workspace=workspace, figure=figure, week=week, key=key, count=n)
                for (figure, week, key), n in totals.items()
            ),
            batch_size=1000,
            ignore_conflicts=True,
        )
        moved_on = RolledWeeks.objects.filter(workspace=workspace, before__lt=this_monday)
        if before is not None:
            moved_on.update(before=this_monday)
        else:
            try:
                with transaction.atomic():
                    RolledWeeks.objects.create(workspace=workspace, before=this_monday)
            except IntegrityError:
                # Another view rolled the same weeks at the same moment.
                moved_on.update(before=this_monday)
    return this_monday


def keep_erased_counts(prospect: Prospect, *, now: datetime.datetime) -> None:
    """Before a prospect is erased, keep what they count in Insights as numbers only.

    Call inside the erasure's transaction, before their rows go. The closed weeks are
    rolled first, so those counts already hold them; what they count from this Monday on
    (this week, and mail due later) is added to the workspace's `erased` rows, which the
    readers add to the rolled and live counts. No name, address or id of theirs is kept.
    """
    workspace = prospect.workspace
    this_monday = roll_closed_weeks(workspace, now=now)
    totals = _totals(workspace, start_of(this_monday), prospect=prospect)
    if not totals:
        return
    # Two erasures at once add to the same rows: the rollup mark is the workspace's lock.
    RolledWeeks.objects.select_for_update().filter(workspace=workspace).exists()
    erased = WeeklyFigure.objects.filter(workspace=workspace, erased=True)
    for (figure, week, key), n in totals.items():
        if not erased.filter(figure=figure, week=week, key=key).update(count=F("count") + n):
            WeeklyFigure.objects.create(
                workspace=workspace, figure=figure, week=week, key=key, count=n, erased=True
            )


# ---- reading: closed weeks from WeeklyFigure, this week live --------------------------------


def closed_weeks(
    workspace: Workspace, figures: list[str], first: datetime.date, before: datetime.date
) -> dict[str, list[tuple[datetime.date, str, int]]]:
    """The rolled rows of `figures` for the weeks from `first` up to `before`, and what
    erased prospects counted from `first` on (added to the rolled or the live weeks)."""
    rows = (
        WeeklyFigure.objects.filter(workspace=workspace, figure__in=figures, week__gte=first)
        .filter(Q(week__lt=before) | Q(erased=True))
        .values_list("figure", "week", "key", "count")
    )
    found: dict[str, list] = {figure: [] for figure in figures}
    for figure, week, key, n in rows:
        found[figure].append((week, key, n))
    return found


CONTENT_FIGURES = [Figure.SENT, Figure.REPLIED, Figure.USEFUL, Figure.NOT_USEFUL]


def content_totals(workspace: Workspace, this_monday: datetime.date) -> dict[int, dict[str, int]]:
    """Per content id: sent, replied, useful and not_useful over all time.

    Three queries: the rolled weeks summed (with what erased prospects counted), this
    week's events counted live per step, and those steps' content.
    """
    totals: dict[int, dict[str, int]] = {}

    def add(content_id, figure: str, n: int) -> None:
        counts = totals.setdefault(int(content_id), dict.fromkeys(CONTENT_FIGURES, 0))
        counts[figure] += n

    rolled = (
        WeeklyFigure.objects.filter(workspace=workspace, figure__in=CONTENT_FIGURES)
        .filter(Q(week__lt=this_monday) | Q(erased=True))
        .values("figure", "key")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for row in rolled:
        add(row["key"], row["figure"], row["n"])
    start = start_of(this_monday)
    # Grouped by step, not joined to content: joined, SQLite reads every delivery of
    # every step instead of this week's events. The steps' content is a second, small read.
    live = (
        content_events(workspace, start)
        # Grouped by an expression, not the column: SQLite would walk the step index
        # through every delivery to group by it, instead of reading this week's events by
        # their times' indexes. Transactional mail (no step) comes out as step 0.
        .values(step_number=Coalesce("step_id", 0))
        .annotate(**content_counts(start))
        .order_by()
    )
    live = [row for row in live if row["step_number"]]
    content_of = dict(
        Step.objects.filter(pk__in=[row["step_number"] for row in live]).values_list(
            "pk", "content_id"
        )
    )
    for row in live:
        for figure in CONTENT_FIGURES:
            add(content_of[row["step_number"]], figure, row[f"n_{figure}"])
    return totals
