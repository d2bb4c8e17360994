"""Reads of the record: a workspace's activity, a prospect's changes."""

from django.db.models import QuerySet

from relationships.models import Change, Prospect, Workspace

ACTIVITY_SHOWN = 200


def workspace_activity(workspace: Workspace, *, area: str = "") -> QuerySet[Change]:
    changes = workspace.changes.select_related("prospect")
    if area:
        changes = changes.filter(area=area)
    return changes[:ACTIVITY_SHOWN]


def prospect_changes(prospect: Prospect, *, limit: int) -> QuerySet[Change]:
    return prospect.changes.all()[:limit]
