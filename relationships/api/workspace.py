"""The workspace a key works in, and the key itself: a first call to check a key works."""

import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from relationships.models import ApiKeyAccess

router = Router()


class KeyOut(Schema):
    name: str
    access: ApiKeyAccess
    prefix: str
    expires_at: datetime.datetime | None


class WorkspaceOut(Schema):
    name: str
    slug: str
    timezone: str
    key: KeyOut


@router.get("", response=WorkspaceOut, summary="The key's workspace")
def read_workspace(request: HttpRequest):
    workspace = request.workspace
    return {
        "name": workspace.name,
        "slug": workspace.slug,
        "timezone": workspace.timezone,
        "key": request.api_key,
    }
