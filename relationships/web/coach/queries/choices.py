"""The stages, members and filter choices the coach pages offer."""

import dataclasses

from django.contrib.auth import get_user_model
from django.db.models.functions import Lower

from relationships.models import (
    Stage,
    Tag,
    Workspace,
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
