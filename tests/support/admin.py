"""What the admin tests share: staff users, admin URLs, what the admin's forms post, reading pages.

`fast_password_hashing` is an autouse fixture: a test module that imports it
gets it for every test (pytest finds fixtures by name in the module).
"""

import re

from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from relationships.models import (
    Consent,
    Diagnosis,
    Interaction,
    Membership,
    Prospect,
    Role,
    Stage,
    StageChange,
    StageKey,
    Tag,
    Workspace,
)
from relationships.workspaces.admin_access import ensure_coach_group
from tests.support.factories import MembershipFactory, UserFactory, stage

BRIDGE_MODELS = [
    Workspace,
    Membership,
    Stage,
    Tag,
    Prospect,
    StageChange,
    Diagnosis,
    Interaction,
]
INLINE_PREFIXES = ("diagnoses", "interactions", "stage_changes")


def staff_member(workspace: Workspace, *, role: str = Role.COACH, **user_fields):
    """A non-superuser staff user in the Coaches group, member of `workspace`."""
    user = UserFactory(is_staff=True, **user_fields)
    user.groups.add(ensure_coach_group())
    MembershipFactory(user=user, workspace=workspace, role=role)
    return user


def admin_url(model, action: str = "changelist", obj=None) -> str:
    args = [obj.pk] if obj is not None else []
    return reverse(f"admin:relationships_{model._meta.model_name}_{action}", args=args)


def inline_management(**totals: int) -> dict:
    data = {}
    for prefix in INLINE_PREFIXES:
        data |= {
            f"{prefix}-TOTAL_FORMS": totals.get(prefix, 0),
            f"{prefix}-INITIAL_FORMS": 0,
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
    return data


def prospect_add_data(workspace: Workspace, /, **values) -> dict:
    data = {
        "workspace": workspace.pk,
        "name": "Ann Example",
        "email": "ann@example.org",
        "timezone": "",
        "owner": "",
        "source": "",
        "stage": stage(workspace, StageKey.NEEDS_HELP).pk,
        "revisit_on": "",
        "stage_reason": "",
        "consent": Consent.PENDING,
        "consent_note": "",
    }
    return data | inline_management() | values


def prospect_change_data(prospect: Prospect, **values) -> dict:
    data = {
        "name": prospect.name,
        "email": prospect.email,
        "timezone": prospect.timezone,
        "owner": prospect.owner_id or "",
        "source": prospect.source,
        "tags": [tag.pk for tag in prospect.tags.all()],
        "stage": prospect.stage_id,
        "revisit_on": prospect.revisit_on or "",
        "stage_reason": "",
        "attention_reason": prospect.attention_reason,
        "consent_note": prospect.consent_note,
    }
    if prospect.needs_attention:
        data["needs_attention"] = "on"
    return data | inline_management() | values


def choose(action: str, *rows) -> dict:
    """What the changelist posts when an action is picked for these rows."""
    return {"action": action, "index": 0, "_selected_action": [row.pk for row in rows]}


def form_errors(response) -> dict:
    return response.context["adminform"].form.errors


def message_texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def select_options(html: str, name: str) -> set[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no <select name={name}>"
    return set(re.findall(r'<option value="([^"]+)"', select.group(1)))


def checkbox_values(html: str, name: str) -> set[str]:
    return set(re.findall(rf'<input type="checkbox" name="{name}" value="([^"]+)"', html))


def pks(*objs) -> set[str]:
    return {str(obj.pk) for obj in objs}


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)
