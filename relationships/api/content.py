"""Content: the workspace's nurture emails, and the value-first check on any text."""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from relationships.api import queries
from relationships.api.types import Id, Limit, Text, decode_cursor
from relationships.api.writes import changes_nothing
from relationships.content.check import RULES, Thresholds, check_content
from relationships.models import Content, ContentKind, ContentStatus

router = Router()


class ContentFilters(Schema):
    status: ContentStatus | None = None
    kind: ContentKind | None = None
    cursor: Text(200) | None = None
    limit: Limit = 50


class ContentSummary(Schema):
    id: int
    title: str
    subject: str
    kind: ContentKind
    status: ContentStatus
    topics: list[str]
    stage_ids: list[int] = Field(description="The stages it serves.")
    check_verdict: str = Field(description="value-first, needs-work or pitch.")
    check_score: int | None
    updated_at: datetime.datetime

    @staticmethod
    def resolve_stage_ids(content: Content) -> list[int]:
        return sorted(stage.pk for stage in content.stages.all())

    @staticmethod
    def resolve_topics(content: Content) -> list[str]:
        return [str(topic) for topic in content.topics or []]


class FlagOut(Schema):
    rule: str
    title: str
    severe: bool
    field: str = Field(description="subject or body.")
    start: int
    end: int
    excerpt: str
    why: str
    suggestion: str


class CheckOut(Schema):
    verdict: str = Field(description="value-first, needs-work or pitch.")
    score: int
    flags: list[FlagOut]
    stats: dict[str, Any]


class ContentOut(ContentSummary):
    body: str = Field(description="Markdown, with merge fields such as {{ first_name }}.")
    check: CheckOut | None = Field(description="The value-first check of the saved text.")
    override_reason: str = Field(description="Why the coach approved it despite flags.")
    approved_at: datetime.datetime | None

    @staticmethod
    def resolve_check(content: Content) -> dict | None:
        if not content.check_result:
            return None
        return shown(content.check_result)


class ContentPage(Schema):
    items: list[ContentSummary]
    next_cursor: str | None


class CheckIn(Schema):
    subject: Text(200) = ""
    body: Text(50000) = Field("", description="Markdown.")
    kind: ContentKind = ContentKind.VALUE
    is_first_email: bool = Field(False, description="The first email someone gets.")


def shown(result: dict) -> dict:
    """A check result with each flag's rule title and severity, as the editor shows them."""
    flags = [
        {**flag, "title": RULES[flag["rule"]].title, "severe": RULES[flag["rule"]].severe}
        for flag in result.get("flags", [])
        if flag.get("rule") in RULES
    ]
    return {**result, "flags": flags}


@router.get("", response=ContentPage, summary="List content")
def list_content(request: HttpRequest, filters: Query[ContentFilters]):
    rows = queries.contents(request.workspace)
    if filters.status is not None:
        rows = rows.filter(status=filters.status)
    if filters.kind is not None:
        rows = rows.filter(kind=filters.kind)
    return queries.page_of(rows, after=decode_cursor(filters.cursor), limit=filters.limit)


@router.post("/check", response=CheckOut, summary="Run the value-first check on text")
@changes_nothing
def check(request: HttpRequest, payload: CheckIn):
    """The check the editor runs as the coach types: urgency, pressure, price-first
    openings, calls to action, "I/we" against "you" talk. Nothing is saved."""
    result = check_content(
        payload.subject,
        payload.body,
        content_type=payload.kind,
        is_first_email=payload.is_first_email,
        thresholds=Thresholds.from_settings(),
    )
    return shown(result.as_dict())


@router.get("/{content_id}", response=ContentOut, summary="Read content")
def read_content(request: HttpRequest, content_id: Id):
    return queries.one(queries.contents(request.workspace), content_id, "content")
