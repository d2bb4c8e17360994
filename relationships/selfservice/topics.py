"""The topics a workspace writes about, and which ones a prospect turned off."""

import dataclasses

from relationships.models import (
    ContentStatus,
    Prospect,
    Workspace,
)


def offered_topics(workspace: Workspace) -> list[str]:
    """Topics of the approved emails this workspace's active sequences send."""
    topics: set[str] = set()
    rows = (
        workspace.contents.filter(status=ContentStatus.APPROVED, steps__sequence__active=True)
        .values_list("topics", flat=True)
        .distinct()
    )
    for row in rows:
        if isinstance(row, list):
            topics.update(t for t in row if isinstance(t, str) and t.strip())
    return sorted(topics, key=str.casefold)


@dataclasses.dataclass(frozen=True)
class TopicChoice:
    name: str
    wanted: bool


def topic_choices(prospect: Prospect) -> list[TopicChoice]:
    """Every topic they can choose, including ones they turned off that are no longer sent."""
    muted = {t for t in prospect.muted_topics or [] if isinstance(t, str)}
    names = sorted(set(offered_topics(prospect.workspace)) | muted, key=str.casefold)
    return [TopicChoice(name, name not in muted) for name in names]
