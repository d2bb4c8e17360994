"""The prospects list: filters, sorts, pages."""

import dataclasses

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import (
    F,
    Q,
    QuerySet,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower

from relationships.models import (
    Prospect,
    Sequence,
    Stage,
    Workspace,
)
from relationships.web.coach.queries.today import (
    KIND_NUMBERS,
    attention_kind_expression,
    waiting_for_coach,
)

PROSPECTS_PER_PAGE = 25


# Each sort but "stage" is the order of an index on the workspace's prospects
# (prospect_sort_*), so a page of 25 reads 25 index entries past its offset (issue 16).
SORTS = {
    "attention": ("Needs attention first", [F("needs_attention").desc(), Lower("name"), "pk"]),
    "name": ("Name", [Lower("name"), "pk"]),
    "recent": ("Last touch, recent first", [F("last_touch_at").desc(nulls_last=True), "pk"]),
    # The index prospect_sort_touch read backwards: hence "-pk" among equal times.
    "quiet": ("Longest without contact", [F("last_touch_at").asc(nulls_first=True), "-pk"]),
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
    why: str = ""
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
                self.why,
            )
        )


def search(words: str) -> Q:
    """Name or email containing the words. On PostgreSQL the trigram indexes of migration
    0008 answer it (UPPER(…) LIKE is what icontains says there); SQLite scans."""
    return Q(name__icontains=words) | Q(email__icontains=words)


def matching(workspace: Workspace, filters: ProspectFilters) -> QuerySet:
    """The workspace's prospects matching the filters, in no order."""
    prospects = workspace.prospects.all()
    if filters.q:
        prospects = prospects.filter(search(filters.q))
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
    if filters.attention or filters.why:
        prospects = waiting_for_coach(prospects)
    if filters.why:
        why = KIND_NUMBERS.get(filters.why, -1)
        prospects = prospects.alias(why=attention_kind_expression()).filter(why=why)
    return prospects


def order_of(filters: ProspectFilters) -> list:
    _label, order = SORTS.get(filters.sort, SORTS[DEFAULT_SORT])
    return order


def prospect_list(workspace: Workspace, filters: ProspectFilters) -> QuerySet:
    """The workspace's prospects matching the filters, sorted, with what each row shows."""
    return (
        matching(workspace, filters)
        .select_related("stage", "owner")
        .prefetch_related("tags")
        .order_by(*order_of(filters))
    )


def prospect_page(
    workspace: Workspace, filters: ProspectFilters, wanted, *, stages: list[Stage]
) -> Page:
    """One page of the list: three queries, each reading about a page's worth of rows.

    The count; the page's 25 ids read from the sort's index past the offset, then only
    those rows joined to their stage and owner; their tags. Sorting by stage follows the
    stages' order, which no index on prospects holds: each stage gives its first rows by
    name (index prospect_sort_stage), as many as the page reaches, and those are sorted.
    """
    found = matching(workspace, filters)
    paginator = Paginator(found.order_by("pk"), PROSPECTS_PER_PAGE)
    try:
        number = paginator.validate_number(wanted)
    except PageNotAnInteger:
        number = 1
    except EmptyPage:
        number = paginator.num_pages
    start = (number - 1) * PROSPECTS_PER_PAGE
    order = order_of(filters)
    ranked = found
    if filters.sort == "stage" and stages:
        reach = start + PROSPECTS_PER_PAGE
        ranked = found.filter(pk__in=first_in_each_stage(found, stages, reach))
    ids = ranked.order_by(*order).values("pk")[start : start + PROSPECTS_PER_PAGE]
    rows = list(
        Prospect.objects.filter(pk__in=ids)
        .select_related("stage", "owner")
        .prefetch_related("tags")
        .order_by(*order)
    )
    return Page(rows, number, paginator)


def first_in_each_stage(prospects: QuerySet, stages: list[Stage], reach: int) -> RawSQL:
    """Ids of each stage's first `reach` prospects by name, one LIMIT per stage."""
    parts, params = [], []
    for number, stage in enumerate(stages):
        part = prospects.filter(stage=stage).order_by(Lower("name"), "pk").values("pk")[:reach]
        sql, part_params = part.query.get_compiler(using=part.db).as_sql()
        parts.append(f"SELECT * FROM ({sql}) stage_{number}")
        params.extend(part_params)
    return RawSQL(" UNION ALL ".join(parts), params)


def sequences_to_enroll_in(workspace: Workspace) -> list[Sequence]:
    return list(workspace.sequences.filter(active=True).order_by(Lower("name"), "pk"))
