"""Who may do what in a workspace: one policy that the pages, the admin and the API share.

Owners run the workspace (its team and anything that can't be undone); coaches
do the work (content, sequences, settings); assistants keep the records (add and
update prospects, log calls, write drafts) but delete nothing and change no settings.
The services that change these things check the role themselves, so no door
(page, admin, API) can skip the rule.

An API key acts with a role too: a read-write key as a coach, a read-only key as a
reader, who may read and change nothing.
"""

from collections.abc import Iterable

from relationships.errors import BridgeError
from relationships.models import Membership, Role

# The role of a read-only API key; no member has it.
READER = "reader"

EVERY_ROLE = frozenset(Role)
EDITORS = frozenset({Role.OWNER, Role.COACH})
OWNERS = frozenset({Role.OWNER})

# The actions that need more than membership, in the words a refusal uses.
DELETE_CONTENT = "delete content"
DELETE_SEQUENCE = "delete a sequence"
CHANGE_SETTINGS = "change the workspace's settings"
MANAGE_TEAM = "manage the team"
CHANGE_RECORDS = "add or change prospects and their records"
MANAGE_INTEGRATIONS = "manage API keys and webhooks"
ERASE_PROSPECTS = "erase a prospect"
DELETE_WORKSPACE = "delete the workspace"
EXPORT_WORKSPACE = "export the whole workspace"
IMPORT_PROSPECTS = "import prospects"

POLICY: dict[str, frozenset[str]] = {
    DELETE_CONTENT: EDITORS,
    DELETE_SEQUENCE: EDITORS,
    CHANGE_SETTINGS: EDITORS,
    MANAGE_TEAM: OWNERS,
    # Every member keeps the records; a read-only key is the one that may not.
    CHANGE_RECORDS: EVERY_ROLE,
    # A key or a webhook acts for the workspace and carries its data out: the editors'.
    MANAGE_INTEGRATIONS: EDITORS,
    # Moving in and out: an erasure can't be undone, an export carries everyone out,
    # an import writes thousands of records at once.
    ERASE_PROSPECTS: EDITORS,
    DELETE_WORKSPACE: OWNERS,
    EXPORT_WORKSPACE: OWNERS,
    IMPORT_PROSPECTS: EDITORS,
}


class RoleError(BridgeError):
    """The member's role doesn't allow it."""


def who_may(roles: Iterable[str]) -> str:
    roles = frozenset(roles)
    if roles == OWNERS:
        return "an owner"
    if roles == EDITORS:
        return "an owner or a coach"
    return "a member or a read-write API key"


def may(membership: Membership | None, action: str) -> bool:
    """`membership` is whoever acts with a role in a workspace: a Membership, or an API key
    (relationships.integrations.keys gives it its role). `None` is an operator acting
    outside any workspace role (the shell, a superuser)."""
    return membership is None or membership.role in POLICY[action]


def require(membership: Membership | None, action: str, *, workspace=None) -> None:
    """Refuse with a message a coach can read, unless the member may do it here."""
    if membership is not None and workspace is not None and membership.workspace_id != workspace.pk:
        raise RoleError(f"Only a member of {workspace.name} can {action}.")
    if not may(membership, action):
        raise RoleError(f"Only {who_may(POLICY[action])} can {action}.")
