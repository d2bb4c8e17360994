"""Stages (the readiness path, in the workspace's own names) and tags."""

from django.http import HttpRequest
from ninja import Router, Schema

from relationships.api import queries
from relationships.models import StageKind

stages_router = Router()
tags_router = Router()


class StageOut(Schema):
    id: int
    name: str
    key: str
    position: int
    kind: StageKind
    description: str


class TagOut(Schema):
    id: int
    name: str
    prospect_count: int


@stages_router.get("", response=list[StageOut], summary="List stages")
def list_stages(request: HttpRequest):
    """In board order. `key` names the built-in stage a rule knows (empty for one added)."""
    return queries.stages(request.workspace)


@tags_router.get("", response=list[TagOut], summary="List tags")
def list_tags(request: HttpRequest):
    return queries.tags(request.workspace)
