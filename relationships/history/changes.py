"""Recording a change, inside the service's own transaction.

Who acts is known at the door, not in the service: the coach's pages set it per request
(relationships/web/actor.py), the API per key; a task or the shell acts as Bridge. So the
services record changes without every signature carrying a user.
"""

import contextlib
import contextvars
import dataclasses
from collections.abc import Iterator

from django.contrib.auth.models import AbstractBaseUser

from relationships.models import Change, Prospect, Workspace


@dataclasses.dataclass(frozen=True)
class Actor:
    user: AbstractBaseUser | None
    name: str


_actor: contextvars.ContextVar[Actor | None] = contextvars.ContextVar("bridge_actor", default=None)


def person(user: AbstractBaseUser) -> str:
    return user.get_full_name() or user.get_username()


@contextlib.contextmanager
def acting(user: AbstractBaseUser | None = None, *, name: str = "") -> Iterator[None]:
    """Changes made inside are recorded as this person's (or this named key's)."""
    token = _actor.set(Actor(user, name or (person(user) if user is not None else "")))
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor() -> Actor | None:
    return _actor.get()


def shown(value) -> str:
    """A value as the record keeps it: short, readable."""
    if value is None or value == "":
        return "—"
    if isinstance(value, list | tuple | set):
        return ", ".join(str(item) for item in value) or "—"
    text = str(value)
    return text if len(text) <= 200 else text[:199] + "…"


def differences(before: dict, after: dict) -> dict[str, list[str]]:
    return {
        name: [shown(before.get(name)), shown(after.get(name))]
        for name in after
        if before.get(name) != after.get(name)
    }


def record_change(
    workspace: Workspace,
    *,
    area: str,
    summary: str,
    subject: str = "",
    prospect: Prospect | None = None,
    fields: dict[str, list[str]] | None = None,
) -> Change:
    actor = current_actor()
    user = actor.user if actor and actor.user and actor.user.is_authenticated else None
    return Change.objects.create(
        workspace=workspace,
        actor=user,
        actor_name=(actor.name if actor else "")[:300],
        area=area,
        prospect=prospect,
        subject=subject[:300],
        summary=summary[:500],
        fields=fields or {},
    )
