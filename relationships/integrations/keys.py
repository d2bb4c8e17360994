"""API keys: made in Settings or by `manage.py create_api_key`, shown once, kept as a hash.

A key is 32 random bytes, so a plain SHA-256 of it is as good as a slow password hash
and lets a request find its key with one indexed lookup. A key acts in its workspace
with a role (workspaces/roles.py): a read-write key as a coach, a read-only key as a
reader who may change nothing.
"""

import dataclasses
import datetime
import hashlib
import secrets

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from relationships.errors import BridgeError
from relationships.models import ApiKey, ApiKeyAccess, Membership, Role, Workspace
from relationships.workspaces import roles

PREFIX = "brg_"
# The part shown in Settings to tell keys apart: the prefix and 8 characters.
SHOWN = len(PREFIX) + 8
NAME_MAX = 100
# Writing "last used" once a minute is precise enough and spares a write per request.
LAST_USED_EVERY = datetime.timedelta(minutes=1)


class ApiKeyError(BridgeError):
    """A key that can't be made or used as asked."""


@dataclasses.dataclass(frozen=True)
class KeyRole:
    """An API key acting in its workspace, as roles.require sees a member."""

    key: ApiKey

    @property
    def workspace_id(self) -> int:
        return self.key.workspace_id

    @property
    def role(self) -> str:
        return roles.READER if self.key.read_only else Role.COACH


def hash_key(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


@dataclasses.dataclass(frozen=True)
class NewKey:
    key: ApiKey
    plaintext: str


@transaction.atomic
def create_api_key(
    workspace: Workspace,
    *,
    name: str,
    access: str = ApiKeyAccess.READ_ONLY,
    expires_at: datetime.datetime | None = None,
    by: Membership | None = None,
    user: AbstractBaseUser | None = None,
) -> NewKey:
    """A new key; its plaintext is returned once and never stored."""
    roles.require(by, roles.MANAGE_INTEGRATIONS, workspace=workspace)
    name = name.strip()
    if not name:
        raise ApiKeyError("Name the key after what will use it, e.g. “Zapier”.", field="name")
    if len(name) > NAME_MAX:
        raise ApiKeyError(f"Keep the name under {NAME_MAX} characters.", field="name")
    if access not in ApiKeyAccess.values:
        raise ApiKeyError("Choose read only, or read and write.", field="access")
    if expires_at is not None and expires_at <= timezone.now():
        raise ApiKeyError("The expiry must be in the future.", field="expires_at")
    plaintext = PREFIX + secrets.token_urlsafe(32)
    key = ApiKey.objects.create(
        workspace=workspace,
        name=name,
        access=access,
        prefix=plaintext[:SHOWN],
        key_hash=hash_key(plaintext),
        created_by=user or (by.user if by is not None else None),
        expires_at=expires_at,
    )
    return NewKey(key, plaintext)


@transaction.atomic
def revoke_api_key(key: ApiKey, *, by: Membership | None) -> bool:
    """Stop a key working at once; returns False if it was revoked already."""
    roles.require(by, roles.MANAGE_INTEGRATIONS, workspace=key.workspace)
    revoked = ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    key.refresh_from_db(fields=["revoked_at"])
    return bool(revoked)


def key_from_token(token: str, *, now: datetime.datetime | None = None) -> ApiKey:
    """The live key a bearer token names, with its workspace; refuses anything else."""
    now = now or timezone.now()
    if not token.startswith(PREFIX):
        raise ApiKeyError("That is not a Bridge API key.")
    key = ApiKey.objects.select_related("workspace").filter(key_hash=hash_key(token)).first()
    if key is None:
        raise ApiKeyError("No such API key.")
    if key.revoked_at is not None:
        raise ApiKeyError("This API key was revoked.")
    if key.expires_at is not None and key.expires_at <= now:
        raise ApiKeyError("This API key has expired.")
    if key.last_used_at is None or now - key.last_used_at >= LAST_USED_EVERY:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
    return key


def key_state(key: ApiKey, *, now: datetime.datetime | None = None) -> str:
    """ "active", "revoked" or "expired", for Settings."""
    now = now or timezone.now()
    if key.revoked_at is not None:
        return "revoked"
    if key.expires_at is not None and key.expires_at <= now:
        return "expired"
    return "active"
