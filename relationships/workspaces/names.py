"""The coach's own words for stages and tags.

The eight stages' meanings and rules are fixed (their `key`: Not now asks for a revisit
date, Ready to invest for a diagnosis …); what they are called and how they are described
is the coach's. Tags are the coach's entirely: rename or remove them.
"""

from django.db import IntegrityError, transaction

from relationships.errors import BridgeError
from relationships.models import Membership, Stage, Tag, Workspace
from relationships.workspaces import roles

STAGE_NAME_MAX = 80
STAGE_DESCRIPTION_MAX = 300
TAG_NAME_MAX = 60


@transaction.atomic
def rename_stages(
    workspace: Workspace, *, names: dict[int, tuple[str, str]], by: Membership | None
) -> int:
    """New (name, description) per stage id, all or none; returns how many changed."""
    roles.require(by, roles.CHANGE_SETTINGS, workspace=workspace)
    stages = {s.pk: s for s in workspace.stages.select_for_update()}
    if set(names) - set(stages):
        raise BridgeError("Those are not all this workspace's stages.")
    final = {pk: stage.name for pk, stage in stages.items()}
    for pk, (name, description) in names.items():
        name, description = name.strip(), description.strip()
        if not name:
            raise BridgeError("Give every stage a name.", field=f"stage-{pk}-name")
        if len(name) > STAGE_NAME_MAX or len(description) > STAGE_DESCRIPTION_MAX:
            raise BridgeError(
                f"Keep names under {STAGE_NAME_MAX} and descriptions under "
                f"{STAGE_DESCRIPTION_MAX} characters.",
                field=f"stage-{pk}-name",
            )
        final[pk] = name
    seen = {}
    for pk, name in final.items():
        if name.casefold() in seen:
            raise BridgeError(
                f"Two stages can't both be called “{name}”.", field=f"stage-{pk}-name"
            )
        seen[name.casefold()] = pk
    changed = []
    for pk, (name, description) in names.items():
        stage = stages[pk]
        if (stage.name, stage.description) != (name.strip(), description.strip()):
            stage.name, stage.description = name.strip(), description.strip()
            changed.append(stage)
    # Two stages swapping names pass through a free name first (the unique constraint).
    for stage in changed:
        Stage.objects.filter(pk=stage.pk).update(name=f"(renaming {stage.pk})")
    Stage.objects.bulk_update(changed, ["name", "description"])
    return len(changed)


def rename_tag(tag: Tag, *, name: str, by: Membership | None) -> Tag:
    roles.require(by, roles.CHANGE_SETTINGS, workspace=tag.workspace)
    name = name.strip()
    if not name or len(name) > TAG_NAME_MAX:
        raise BridgeError(f"A tag needs a name of up to {TAG_NAME_MAX} characters.", field="name")
    tag.name = name
    try:
        with transaction.atomic():
            tag.save(update_fields=["name"])
    except IntegrityError:
        raise BridgeError(f"There is already a tag “{name}”.", field="name") from None
    return tag


def delete_tag(tag: Tag, *, by: Membership | None) -> None:
    """Remove the tag from everyone who has it; the prospects stay."""
    roles.require(by, roles.CHANGE_SETTINGS, workspace=tag.workspace)
    tag.delete()
