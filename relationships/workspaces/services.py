"""Creating workspaces, the rows every workspace starts with, and changing their settings."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.text import slugify

from relationships.content.services import copy_starter_library
from relationships.errors import BridgeError
from relationships.history.changes import record_change, shown
from relationships.models import ChangeArea, Membership, Role, Stage, StageKey, StageKind, Workspace
from relationships.workspaces import roles
from relationships.workspaces.timezones import is_valid_timezone

# (key, kind, description): the readiness path of DESIGN.md section 2.
DEFAULT_STAGES = [
    (StageKey.NEEDS_HELP, StageKind.ACTIVE, "Has a problem and just met us."),
    (StageKey.EXPLORING, StageKind.ACTIVE, "Reading and using the free content."),
    (StageKey.IN_CONVERSATION, StageKind.ACTIVE, "Two-way contact happened: a reply, a call."),
    (StageKey.DIAGNOSED, StageKind.ACTIVE, "Discovery done; their situation is written down."),
    (StageKey.READY, StageKind.ACTIVE, "They said so, or we agreed on a fit."),
    (StageKey.CLIENT, StageKind.OUTCOME, "Working together."),
    (StageKey.NOT_NOW, StageKind.OUTCOME, "Parked until the revisit date; nurture resumes then."),
    (StageKey.NOT_A_FIT, StageKind.OUTCOME, "Closed; no more nurture."),
]


def seed_stages(workspace: Workspace) -> list[Stage]:
    """Create the default stages a workspace lacks; safe to run again."""
    existing = set(workspace.stages.exclude(key="").values_list("key", flat=True))
    missing = [
        Stage(
            workspace=workspace,
            key=key,
            name=key.label,
            kind=kind,
            position=(index + 1) * 10,
            description=description,
        )
        for index, (key, kind, description) in enumerate(DEFAULT_STAGES)
        if key not in existing
    ]
    return Stage.objects.bulk_create(missing)


def unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "workspace"
    slug, n = base, 1
    while Workspace.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def create_workspace(
    name: str, *, owner: AbstractBaseUser | None = None, timezone: str = "UTC", **details
) -> Workspace:
    """A new workspace with its readiness stages, a copy of the starter library, and its owner."""
    if not is_valid_timezone(timezone):
        raise BridgeError(f"“{timezone}” is not a time zone name.", field="timezone")
    workspace = Workspace.objects.create(
        name=name, slug=details.pop("slug", None) or unique_slug(name), timezone=timezone, **details
    )
    seed_stages(workspace)
    copy_starter_library(workspace)
    if owner is not None:
        Membership.objects.create(user=owner, workspace=workspace, role=Role.OWNER)
    return workspace


@transaction.atomic
def update_settings(workspace: Workspace, *, by: Membership | None, **changes) -> list[str]:
    """Change the workspace's settings (the fields given, already validated by the form or
    the API schema); returns the names of the fields that changed."""
    roles.require(by, roles.CHANGE_SETTINGS, workspace=workspace)
    changed = [name for name, value in changes.items() if getattr(workspace, name) != value]
    values = {name: [shown(getattr(workspace, name)), shown(changes[name])] for name in changed}
    for name in changed:
        setattr(workspace, name, changes[name])
    if changed:
        workspace.save(update_fields=changed)
        labels = {name: Workspace._meta.get_field(name).verbose_name for name in changed}
        record_change(
            workspace,
            area=ChangeArea.SETTINGS,
            subject=workspace.name,
            summary="Changed " + ", ".join(labels.values()),
            fields={labels[name]: pair for name, pair in values.items()},
        )
    return changed


def signup_owner(workspace: Workspace):
    """Who a new sign-up belongs to: the default coach while they still work here,
    else the workspace's first owner; None only if nobody does."""
    if workspace.default_owner_id:
        member = workspace.memberships.filter(user_id=workspace.default_owner_id).first()
        if member is not None:
            return member.user
    first_owner = (
        workspace.memberships.filter(role=Role.OWNER).select_related("user").order_by("pk").first()
    )
    return first_owner.user if first_owner else None
