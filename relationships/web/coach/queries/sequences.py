"""Whom the sequence builder's preview offers."""

from django.db.models import Case, IntegerField, Value, When

from relationships.models import (
    Prospect,
    Workspace,
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
