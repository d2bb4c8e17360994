"""The stages, members and filter choices the coach pages offer."""

import dataclasses

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models.functions import Lower

from relationships.models import (
    Prospect,
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
    return FilterOptions(
        stages=ordered_stages(workspace) if stages is None else stages,
        members=members(workspace),
        tags=list(workspace.tags.order_by(Lower("name"), "pk")),
        sources=sources(workspace),
    )


# A filter menu longer than this is no help; the rest stay reachable by search.
SOURCES_OFFERED = 200

# SELECT DISTINCT reads every prospect of the workspace; this walks the index
# prospect_source instead, one probe per distinct source (a "loose index scan"), so
# its cost follows the number of sources, not of prospects (issue 16). Rows come out in
# the column's collation, like ORDER BY source; ASCII comparison is not assumed.
SOURCES_SQL = """
WITH RECURSIVE sources(source) AS (
    SELECT MIN(source) FROM {table} WHERE workspace_id = %s AND source > ''
    UNION ALL
    SELECT (SELECT MIN(source) FROM {table} WHERE workspace_id = %s AND source > sources.source)
    FROM sources WHERE sources.source IS NOT NULL
)
SELECT source FROM sources WHERE source IS NOT NULL LIMIT %s
"""


def sources(workspace: Workspace) -> list[str]:
    """Where the workspace's prospects came from, in order, without reading every prospect."""
    sql = SOURCES_SQL.format(table=connection.ops.quote_name(Prospect._meta.db_table))
    with connection.cursor() as cursor:
        cursor.execute(sql, [workspace.pk, workspace.pk, SOURCES_OFFERED])
        return [row[0] for row in cursor.fetchall()]
