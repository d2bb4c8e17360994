"""Today: who needs the coach now, what goes out."""

import dataclasses
import datetime
from collections import defaultdict

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone

from relationships.models import (
    Delivery,
    DeliveryStatus,
    Enrollment,
    EnrollmentState,
    Prospect,
    Workspace,
)
from relationships.people.consent import EMAIL_BOUNCED
from relationships.selfservice.actions import ASKED_TO_TALK
from relationships.web.coach.queries.cards import QUEUED, REPLIED, REVISIT_REACHED, decorate

SENDING_TODAY_SHOWN = 15


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


# Today shows this many people per group; "See all" opens the rest in the prospects list.
SHOWN_PER_GROUP = 5


# Kinds are numbered in SQL: grouping and sorting by a number is cheap, by text is not.
KIND_NUMBERS = {kind.key: number for number, kind in enumerate(ATTENTION_KINDS)}


def attention_kind_expression() -> Case:
    """Why a prospect needs the coach now, as the number of one of ATTENTION_KINDS.

    The reasons the services write come first; then "diagnose next"; anything else
    flagged. In SQL, so the database can group, count and rank by it.
    """
    return Case(
        *(
            When(needs_attention=True, attention_reason=reason, then=Value(KIND_NUMBERS[kind]))
            for reason, kind in ATTENTION_BY_REASON.items()
        ),
        When(
            Q(diagnose_next=True) | Q(attention_reason__endswith="diagnose next"),
            then=Value(KIND_NUMBERS["diagnose_next"]),
        ),
        default=Value(KIND_NUMBERS["flagged"]),
        output_field=IntegerField(),
    )


def waiting_for_coach(prospects: QuerySet) -> QuerySet:
    """Everyone Today lists (the index prospect_waiting holds just them)."""
    return prospects.filter(Q(needs_attention=True) | Q(diagnose_next=True))


@dataclasses.dataclass
class AttentionGroup:
    kind: AttentionKind
    prospects: list[Prospect]
    count: int

    @property
    def more(self) -> int:
        return self.count - len(self.prospects)


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


def attention_groups(
    workspace: Workspace, now: datetime.datetime, *, shown: int = SHOWN_PER_GROUP
) -> list[AttentionGroup]:
    """Who needs the coach now, grouped by why, each group's first `shown` people and how
    many it holds; groups with nobody in them are left out.

    Two queries, so the page stays the same size whether 10 or 2,000 people wait (issue
    16): how many wait per group, and the people shown, ranked in the database before
    anything else is read for them.
    """
    kind = attention_kind_expression()
    waiting = waiting_for_coach(workspace.prospects.all()).annotate(kind=kind)
    counts = dict(waiting.order_by().values_list("kind").annotate(n=Count("pk")))
    order = [F("last_touch_at").desc(nulls_last=True), F("name").asc(), F("pk").asc()]
    shown_people = list(
        Prospect.objects.filter(pk__in=first_of_each_kind(waiting, order, shown))
        .annotate(
            kind=kind,
            nurture_paused=Exists(
                Enrollment.objects.filter(prospect=OuterRef("pk"), state=EnrollmentState.PAUSED)
            ),
        )
        .select_related("stage", "owner")
        .order_by(*order)
    )
    decorate(shown_people, now)
    by_kind = defaultdict(list)
    for prospect in shown_people:
        by_kind[prospect.kind].append(prospect)
    return [
        AttentionGroup(kind, by_kind[number], counts[number])
        for number, kind in enumerate(ATTENTION_KINDS)
        if counts.get(number)
    ]


def first_of_each_kind(waiting: QuerySet, order: list, shown: int) -> RawSQL:
    """The ids of each group's first `shown` people: one LIMIT per group, glued with UNION
    ALL, each reading the index prospect_waiting in Today's order until it has them."""
    parts, params = [], []
    for number in range(len(ATTENTION_KINDS)):
        group = waiting.filter(kind=number).order_by(*order).values("pk")[:shown]
        sql, group_params = group.query.get_compiler(using=group.db).as_sql()
        parts.append(f"SELECT * FROM ({sql}) group_{number}")
        params.extend(group_params)
    return RawSQL(" UNION ALL ".join(parts), params)


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
    # The first rows are chosen before they are joined, or every queued row is joined.
    first = queued.order_by("due_at", "pk").values("pk")[:SENDING_TODAY_SHOWN]
    sending = list(
        Delivery.objects.filter(pk__in=first)
        .select_related("prospect", "step__content", "enrollment__sequence")
        .order_by("due_at", "pk")
    )
    return TodayBoard(
        groups=groups,
        waiting=sum(group.count for group in groups),
        sending=sending,
        sending_count=queued.count(),
        sent_today=Delivery.objects.filter(
            workspace=workspace, status=DeliveryStatus.SENT, sent_at__gte=day_starts
        ).count(),
        day_ends=day_ends,
    )
