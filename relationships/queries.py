"""Read-side functions for the coach's pages.

Each loads what its page shows, selecting and prefetching what the template
uses, in a fixed number of queries however many prospects a workspace holds.
Writes go through the services (stages.py, prospects.py, ...), never here.
"""

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.functions import Coalesce, Lower, RowNumber
from django.utils import timezone

from .consent import EMAIL_BOUNCED
from .models import (
    Actor,
    Delivery,
    DeliveryStatus,
    Diagnosis,
    Enrollment,
    EnrollmentState,
    Interaction,
    InteractionKind,
    Prospect,
    Sequence,
    Stage,
    StageChange,
    Tag,
    Workspace,
)
from .self_service import ASKED_TO_TALK

# The reasons the services write into Prospect.attention_reason.
REPLIED = "Replied"
REVISIT_REACHED = "Revisit date reached"

QUEUED = [DeliveryStatus.SCHEDULED, DeliveryStatus.CLAIMED]
# On a board, a column shows this many cards; the list holds the rest.
BOARD_CARDS_PER_COLUMN = 40
SENDING_TODAY_SHOWN = 50
TIMELINE_EVENTS_SHOWN = 150
PROSPECTS_PER_PAGE = 25


# ---- small helpers ------------------------------------------------------------------------


def ago(moment: datetime.datetime | None, now: datetime.datetime) -> str:
    """ "today", "yesterday", "3 days ago", "5 weeks ago", "4 months ago"; "never" for None."""
    if moment is None:
        return "never"
    days = (timezone.localdate(now) - timezone.localdate(moment)).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    if days < 730:
        return f"{days // 30} months ago"
    return f"{days // 365} years ago"


def decorate(prospects: Iterable[Prospect], now: datetime.datetime | None = None) -> None:
    """Give each prospect the figures cards and rows show: days in stage, last touch in words."""
    now = now or timezone.now()
    for prospect in prospects:
        prospect.days_in_stage = max((now - prospect.stage_entered_at).days, 0)
        prospect.last_touch_ago = ago(prospect.last_touch_at, now)


def with_signals(prospects: QuerySet) -> QuerySet:
    """Engagement shown to the coach as signals, never used to push harder (DESIGN.md).

    Replied, opened (only if open tracking is on), clicked, and how many emails they
    marked "useful".
    """
    return prospects.annotate(
        has_replied=Exists(
            Interaction.objects.filter(prospect=OuterRef("pk"), kind=InteractionKind.EMAIL_IN)
        ),
        has_opened=Exists(
            Delivery.objects.filter(prospect=OuterRef("pk"), opened_at__isnull=False)
        ),
        has_clicked=Exists(
            Delivery.objects.filter(prospect=OuterRef("pk"), clicked_at__isnull=False)
        ),
        useful_votes=Coalesce(
            Subquery(
                Delivery.objects.filter(prospect=OuterRef("pk"), useful=True)
                .order_by()
                .values("prospect")
                .annotate(votes=Count("pk"))
                .values("votes")
            ),
            0,
        ),
    )


def ordered_stages(workspace: Workspace) -> list[Stage]:
    return list(workspace.stages.order_by("position", "pk"))


def members(workspace: Workspace) -> list:
    """The workspace's people, who can own prospects."""
    return list(
        get_user_model()
        .objects.filter(memberships__workspace=workspace)
        .order_by("first_name", "last_name", "username")
    )


def person_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


@dataclasses.dataclass(frozen=True)
class FilterOptions:
    """What a coach can filter prospects by: the workspace's own stages, people, tags, sources."""

    stages: list[Stage]
    members: list
    tags: list[Tag]
    sources: list[str]


def filter_options(workspace: Workspace, stages: list[Stage] | None = None) -> FilterOptions:
    sources = (
        workspace.prospects.exclude(source="")
        .order_by("source")
        .values_list("source", flat=True)
        .distinct()
    )
    return FilterOptions(
        stages=ordered_stages(workspace) if stages is None else stages,
        members=members(workspace),
        tags=list(workspace.tags.order_by(Lower("name"), "pk")),
        sources=list(sources),
    )


# ---- Today ---------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class AttentionKind:
    key: str
    title: str
    hint: str


ATTENTION_KINDS = [
    AttentionKind("replied", "Replied", "They wrote back; their nurture email waits for you."),
    AttentionKind(
        "asked_to_talk", "Asked to talk", "They clicked “I'd like to talk”. Reach out, then log it."
    ),
    AttentionKind(
        "diagnose_next",
        "Said they're ready: diagnose next",
        "Listen before you prescribe: write down where they are and what they want.",
    ),
    AttentionKind(
        "revisit", "Revisit date reached", "Back from Not now: a good moment to check in."
    ),
    AttentionKind(
        "bounced", "Email bounced", "Their address doesn't work: find another way to reach them."
    ),
    AttentionKind("flagged", "Flagged for you", "Marked as needing your attention."),
]
ATTENTION_BY_REASON = {
    REPLIED: "replied",
    ASKED_TO_TALK: "asked_to_talk",
    REVISIT_REACHED: "revisit",
    EMAIL_BOUNCED: "bounced",
}


def attention_kind(prospect: Prospect) -> str:
    """Why a prospect needs the coach now, as one of ATTENTION_KINDS' keys."""
    if prospect.needs_attention and prospect.attention_reason in ATTENTION_BY_REASON:
        return ATTENTION_BY_REASON[prospect.attention_reason]
    if prospect.diagnose_next or prospect.attention_reason.endswith("diagnose next"):
        return "diagnose_next"
    return "flagged"


@dataclasses.dataclass
class AttentionGroup:
    kind: AttentionKind
    prospects: list[Prospect]


@dataclasses.dataclass
class TodayBoard:
    groups: list[AttentionGroup]
    waiting: int
    sending: list[Delivery]
    sending_count: int
    sent_today: int
    day_ends: datetime.datetime

    @property
    def sending_more(self) -> int:
        return self.sending_count - len(self.sending)


def attention_groups(workspace: Workspace, now: datetime.datetime) -> list[AttentionGroup]:
    """Who needs the coach now, grouped by why; groups with nobody in them are left out."""
    waiting = list(
        workspace.prospects.filter(Q(needs_attention=True) | Q(diagnose_next=True))
        .select_related("stage", "owner")
        .annotate(
            nurture_paused=Exists(
                Enrollment.objects.filter(prospect=OuterRef("pk"), state=EnrollmentState.PAUSED)
            )
        )
        .order_by(F("last_touch_at").desc(nulls_last=True), "name", "pk")
    )
    decorate(waiting, now)
    by_kind = defaultdict(list)
    for prospect in waiting:
        by_kind[attention_kind(prospect)].append(prospect)
    return [
        AttentionGroup(kind, by_kind[kind.key]) for kind in ATTENTION_KINDS if by_kind[kind.key]
    ]


def today_board(workspace: Workspace, *, now: datetime.datetime | None = None) -> TodayBoard:
    """Who needs the coach now, and what the engine will send before the day ends."""
    now = now or timezone.now()
    groups = attention_groups(workspace, now)
    today = timezone.localdate(now, timezone=workspace.zone)
    day_starts = datetime.datetime.combine(today, datetime.time(0), tzinfo=workspace.zone)
    day_ends = datetime.datetime.combine(
        today + datetime.timedelta(days=1), datetime.time(0), tzinfo=workspace.zone
    )
    # Overdue rows are included: the dispatcher sends them at its next tick.
    queued = Delivery.objects.filter(workspace=workspace, status__in=QUEUED, due_at__lt=day_ends)
    sending = list(
        queued.select_related("prospect", "step__content", "enrollment__sequence").order_by(
            "due_at", "pk"
        )[:SENDING_TODAY_SHOWN]
    )
    return TodayBoard(
        groups=groups,
        waiting=sum(len(group.prospects) for group in groups),
        sending=sending,
        sending_count=queued.count(),
        sent_today=Delivery.objects.filter(
            workspace=workspace, status=DeliveryStatus.SENT, sent_at__gte=day_starts
        ).count(),
        day_ends=day_ends,
    )


# ---- Pipeline board ------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class BoardFilters:
    owner: int | None = None
    tag: int | None = None
    source: str = ""

    @property
    def active(self) -> bool:
        return bool(self.owner or self.tag or self.source)


@dataclasses.dataclass
class BoardColumn:
    stage: Stage
    count: int
    cards: list[Prospect]

    @property
    def more(self) -> int:
        return self.count - len(self.cards)


def filtered_for_board(workspace: Workspace, filters: BoardFilters) -> QuerySet:
    prospects = workspace.prospects.all()
    if filters.owner:
        prospects = prospects.filter(owner_id=filters.owner)
    if filters.tag:
        prospects = prospects.filter(tags=filters.tag)
    if filters.source:
        prospects = prospects.filter(source=filters.source)
    return prospects


def pipeline_board(
    workspace: Workspace,
    filters: BoardFilters | None = None,
    *,
    stages: list[Stage] | None = None,
    per_column: int = BOARD_CARDS_PER_COLUMN,
    now: datetime.datetime | None = None,
) -> list[BoardColumn]:
    """A column per stage, in the workspace's order, with its count and its first cards.

    Three queries: the stages, a count per stage, and at most `per_column` cards
    per stage (ranked in the database), whoever needs the coach first, then
    whoever has waited longest in the stage.
    """
    now = now or timezone.now()
    stages = ordered_stages(workspace) if stages is None else stages
    prospects = filtered_for_board(workspace, filters or BoardFilters())
    counts = dict(
        prospects.order_by()
        .values_list("stage_id")
        .annotate(n=Count("pk"))
        .values_list("stage_id", "n")
    )
    order = [F("needs_attention").desc(), F("stage_entered_at").asc(), F("pk").asc()]
    cards = list(
        with_signals(prospects)
        .select_related("owner")
        .annotate(place=Window(RowNumber(), partition_by=[F("stage_id")], order_by=order))
        .filter(place__lte=per_column)
        .order_by(*order)
    )
    decorate(cards, now)
    by_stage = defaultdict(list)
    for card in cards:
        by_stage[card.stage_id].append(card)
    return [BoardColumn(stage, counts.get(stage.pk, 0), by_stage[stage.pk]) for stage in stages]


# ---- Prospects list ------------------------------------------------------------------------

SORTS = {
    "attention": ("Needs attention first", [F("needs_attention").desc(), Lower("name"), "pk"]),
    "name": ("Name", [Lower("name"), "pk"]),
    "recent": ("Last touch, recent first", [F("last_touch_at").desc(nulls_last=True), "pk"]),
    "quiet": ("Longest without contact", [F("last_touch_at").asc(nulls_first=True), "pk"]),
    "stage": ("Stage", ["stage__position", Lower("name"), "pk"]),
    "waiting": ("Longest in their stage", ["stage_entered_at", "pk"]),
    "newest": ("Newest first", ["-created_at", "-pk"]),
}
DEFAULT_SORT = "attention"


@dataclasses.dataclass(frozen=True)
class ProspectFilters:
    q: str = ""
    stage: int | None = None
    consent: str = ""
    owner: int | None = None
    tag: int | None = None
    source: str = ""
    attention: bool = False
    sort: str = DEFAULT_SORT

    @property
    def active(self) -> bool:
        return any(
            (
                self.q,
                self.stage,
                self.consent,
                self.owner,
                self.tag,
                self.source,
                self.attention,
            )
        )


def prospect_list(workspace: Workspace, filters: ProspectFilters) -> QuerySet:
    """The workspace's prospects matching the filters, sorted, with what each row shows."""
    prospects = workspace.prospects.all()
    if filters.q:
        prospects = prospects.filter(Q(name__icontains=filters.q) | Q(email__icontains=filters.q))
    if filters.stage:
        prospects = prospects.filter(stage_id=filters.stage)
    if filters.consent:
        prospects = prospects.filter(consent=filters.consent)
    if filters.owner:
        prospects = prospects.filter(owner_id=filters.owner)
    if filters.tag:
        prospects = prospects.filter(tags=filters.tag)
    if filters.source:
        prospects = prospects.filter(source=filters.source)
    if filters.attention:
        prospects = prospects.filter(Q(needs_attention=True) | Q(diagnose_next=True))
    _label, order = SORTS.get(filters.sort, SORTS[DEFAULT_SORT])
    return prospects.select_related("stage", "owner").prefetch_related("tags").order_by(*order)


def sequences_to_enroll_in(workspace: Workspace) -> list[Sequence]:
    return list(workspace.sequences.filter(active=True).order_by(Lower("name"), "pk"))


# ---- A prospect's page ---------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class TimelineEvent:
    at: datetime.datetime
    kind: str
    title: str
    detail: str = ""
    by: str = ""
    diagnosis: Diagnosis | None = None


def delivery_title(delivery: Delivery) -> str:
    if delivery.step_id and delivery.step.content_id:
        return f"“{delivery.step.content.subject}”"
    return delivery.get_kind_display().lower()


def delivery_events(delivery: Delivery) -> list[TimelineEvent]:
    """What happened to one email: its send (or why not), and what the prospect did with it."""
    what = delivery_title(delivery)
    sequence = delivery.enrollment.sequence.name if delivery.enrollment_id else ""
    events = []
    if delivery.status == DeliveryStatus.SENT and delivery.sent_at:
        events.append(TimelineEvent(delivery.sent_at, "sent", f"Sent {what}", sequence))
    elif delivery.status == DeliveryStatus.SKIPPED:
        events.append(
            TimelineEvent(delivery.due_at, "skipped", f"Skipped {what}", delivery.reason or "")
        )
    elif delivery.status == DeliveryStatus.FAILED:
        events.append(
            TimelineEvent(
                delivery.due_at, "failed", f"Could not send {what}", delivery.last_error[:300]
            )
        )
    if delivery.opened_at:
        events.append(TimelineEvent(delivery.opened_at, "opened", f"Opened {what}"))
    if delivery.clicked_at:
        events.append(TimelineEvent(delivery.clicked_at, "clicked", f"Clicked a link in {what}"))
    if delivery.replied_at:
        events.append(TimelineEvent(delivery.replied_at, "replied", f"Replied to {what}"))
    if delivery.useful is not None and delivery.useful_at:
        verdict = "Found {} useful" if delivery.useful else "Said {} wasn't useful to them"
        events.append(TimelineEvent(delivery.useful_at, "useful", verdict.format(what)))
    return events


def stage_event(change: StageChange) -> TimelineEvent:
    if change.from_stage is None:
        title = f"Added in {change.to_stage.name}"
    else:
        title = f"Moved from {change.from_stage.name} to {change.to_stage.name}"
    by = {
        Actor.COACH: person_name(change.user) or "A coach",
        Actor.PROSPECT: "Their own choice",
        Actor.SYSTEM: "Bridge",
    }.get(change.actor, "")
    return TimelineEvent(change.at, "stage", title, change.reason, by)


def diagnosis_at(diagnosis: Diagnosis) -> datetime.datetime:
    """A diagnosis dated earlier than it was written sits on its day in the timeline."""
    if timezone.localdate(diagnosis.created_at) == diagnosis.diagnosed_on:
        return diagnosis.created_at
    return datetime.datetime.combine(
        diagnosis.diagnosed_on, datetime.time(12), tzinfo=timezone.get_current_timezone()
    )


def prospect_timeline(
    prospect: Prospect, *, limit: int = TIMELINE_EVENTS_SHOWN
) -> list[TimelineEvent]:
    """Stage changes, interactions, emails and diagnoses in one story, newest first."""
    changes = prospect.stage_changes.select_related("from_stage", "to_stage", "user")[:limit]
    interactions = prospect.interactions.select_related("author")[:limit]
    deliveries = (
        prospect.deliveries.exclude(status__in=[*QUEUED, DeliveryStatus.CANCELLED])
        .select_related("step__content", "enrollment__sequence")
        .order_by("-due_at", "-pk")[:limit]
    )
    diagnoses = prospect.diagnoses.select_related("author")[:limit]
    events = [stage_event(change) for change in changes]
    events += [
        TimelineEvent(
            interaction.at,
            interaction.kind,
            interaction.get_kind_display(),
            interaction.summary,
            person_name(interaction.author),
        )
        for interaction in interactions
    ]
    for delivery in deliveries:
        events += delivery_events(delivery)
    events += [
        TimelineEvent(
            diagnosis_at(diagnosis),
            "diagnosis",
            "Diagnosis recorded",
            diagnosis.desired_outcome,
            person_name(diagnosis.author),
            diagnosis,
        )
        for diagnosis in diagnoses
    ]
    events.sort(key=lambda event: event.at, reverse=True)
    return events[:limit]


def prospect_enrollments(prospect: Prospect) -> list[Enrollment]:
    """Their sequences, open ones first, each with its next scheduled email (if any)."""
    next_due = (
        Delivery.objects.filter(enrollment=OuterRef("pk"), status__in=QUEUED)
        .order_by("due_at")
        .values("due_at")[:1]
    )
    return list(
        prospect.enrollments.select_related("sequence")
        .annotate(
            next_due=next_due,
            is_open=ExpressionWrapper(
                Q(state__in=[EnrollmentState.ACTIVE, EnrollmentState.PAUSED]),
                output_field=BooleanField(),
            ),
        )
        .order_by("-is_open", "-enrolled_at", "-pk")
    )


def latest_diagnoses(prospect: Prospect, *, limit: int = 20) -> list[Diagnosis]:
    return list(prospect.diagnoses.select_related("author")[:limit])


def recent_conversation(prospect: Prospect, *, limit: int = 5) -> list[Interaction]:
    """What they said and what was talked about lately: listening notes beside a diagnosis."""
    return list(
        prospect.interactions.filter(
            kind__in=[InteractionKind.EMAIL_IN, InteractionKind.CALL, InteractionKind.MEETING]
        )[:limit]
    )
