"""Who may do what in a workspace: one policy that the pages, the admin and the API share.

Owners run the workspace (its team and anything that can't be undone); coaches
do the work (content, sequences, settings); assistants keep the records (add and
update prospects, log calls, write drafts) but delete nothing and change no settings.
The services that change these things check the role themselves, so no door
(page, admin, API) can skip the rule.
"""

from collections.abc import Iterable

from relationships.errors import BridgeError
from relationships.models import Membership, Role

EVERY_ROLE = frozenset(Role)
EDITORS = frozenset({Role.OWNER, Role.COACH})
OWNERS = frozenset({Role.OWNER})

# The actions that need more than membership, in the words a refusal uses.
DELETE_CONTENT = "delete content"
DELETE_SEQUENCE = "delete a sequence"
CHANGE_SETTINGS = "change the workspace's settings"
MANAGE_TEAM = "manage the team"

POLICY: dict[str, frozenset[str]] = {
    DELETE_CONTENT: EDITORS,
    DELETE_SEQUENCE: EDITORS,
    CHANGE_SETTINGS: EDITORS,
    MANAGE_TEAM: OWNERS,
}


class RoleError(BridgeError):
    """The member's role doesn't allow it."""


def who_may(roles: Iterable[str]) -> str:
    roles = frozenset(roles)
    return "an owner" if roles == OWNERS else "an owner or a coach"


def may(membership: Membership | None, action: str) -> bool:
    """`None` is an operator acting outside any workspace role (the shell, a superuser)."""
    return membership is None or membership.role in POLICY[action]


def require(membership: Membership | None, action: str, *, workspace=None) -> None:
    """Refuse with a message a coach can read, unless the member may do it here."""
    if membership is not None and workspace is not None and membership.workspace_id != workspace.pk:
        raise RoleError(f"Only a member of {workspace.name} can {action}.")
    if not may(membership, action):
        raise RoleError(f"Only {who_may(POLICY[action])} can {action}.")
