"""The sequences list, and whom the sequence builder's preview offers."""

from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from relationships.models import (
    Enrollment,
    Prospect,
    Step,
    Workspace,
)
from relationships.nurture.enrollment import OPEN


def sequences_for_list(workspace: Workspace) -> QuerySet:
    """The workspace's sequences, active first, each with its steps and how many people
    are in it now.

    The count is a subquery per sequence shown, read from the index enrollment_open: a
    join and COUNT DISTINCT sorted every enrollment of the workspace (issue 16).
    """
    open_enrollments = (
        Enrollment.objects.filter(sequence=OuterRef("pk"), state__in=OPEN)
        .order_by()
        .values("sequence")
        .annotate(n=Count("pk"))
        .values("n")
    )
    steps = Step.objects.select_related("content").order_by("position", "pk")
    return (
        workspace.sequences.select_related("entry_stage")
        .annotate(open_count=Coalesce(Subquery(open_enrollments), 0))
        .prefetch_related(Prefetch("steps", queryset=steps))
        .order_by("-active", "name", "pk")
    )


# The preview offers this many prospects, those in the entry stage first.
PREVIEW_CHOICES = 200


def preview_prospects(workspace: Workspace, entry_stage_id: int | None) -> list[Prospect]:
    """Whom the preview offers: those in the entry stage first, then everyone else, by name."""
    prospects = list(
        workspace.prospects.annotate(
            in_entry=Case(
                When(stage_id=entry_stage_id or 0, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .only(
            "pk", "workspace", "name", "timezone", "consent", "needs_attention", "nurture_spacing"
        )
        .order_by("in_entry", "name", "pk")[:PREVIEW_CHOICES]
    )
    for prospect in prospects:
        prospect.workspace = workspace
    return prospects
