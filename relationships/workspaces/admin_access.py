from django.contrib.auth.models import Group, Permission

COACH_GROUP = "Coaches"


def ensure_coach_group() -> Group:
    """The "Coaches" group: add, change, view and delete on every Bridge model.

    The group only opens the admin's doors; which rows a member sees and what
    they may do with them is decided by their Membership in each workspace.
    """
    group, _ = Group.objects.get_or_create(name=COACH_GROUP)
    permissions = Permission.objects.filter(content_type__app_label="relationships")
    group.permissions.add(
        *(p for p in permissions if p.codename.split("_")[0] in {"add", "change", "view", "delete"})
    )
    return group
