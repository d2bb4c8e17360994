"""Every change on record: who changed a prospect, content, a sequence, settings or the team."""

import datetime

import pytest
from django.urls import reverse

from relationships.models import Change, ChangeArea, Role
from tests.support.factories import MembershipFactory, ProspectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(workspace):
    user = UserFactory(first_name="Olu", last_name="Owner")
    MembershipFactory(user=user, workspace=workspace, role=Role.OWNER)
    return user


def test_editing_a_prospect_is_on_their_timeline_with_who_and_what(client, owner, workspace):
    prospect = ProspectFactory(workspace=workspace, name="Jess Park", email="jess@example.org")
    client.force_login(owner)
    client.post(
        reverse("coach:prospect_edit", args=[prospect.pk]),
        {"name": "Jess Park", "email": "jess.park@example.org", "timezone": "Europe/Paris"},
    )
    change = Change.objects.get(prospect=prospect)
    assert change.actor == owner and change.actor_name == "Olu Owner"
    assert change.summary == "Changed email, time zone"
    assert change.fields["email"] == ["jess@example.org", "jess.park@example.org"]

    page = client.get(reverse("coach:prospect", args=[prospect.pk])).content.decode()
    assert "Changed email, time zone" in page
    assert "jess@example.org → jess.park@example.org" in page
    assert "Olu Owner" in page


def test_settings_and_team_changes_are_on_record_and_owners_see_the_activity(
    client, owner, workspace
):
    client.force_login(owner)
    client.post(reverse("coach:team_invite"), {"email": "new@example.com", "role": "coach"})
    member = MembershipFactory(workspace=workspace, role=Role.COACH)
    client.post(reverse("coach:team_role", args=[member.pk]), {"role": "assistant"})
    areas = list(Change.objects.values_list("area", "summary"))
    assert (ChangeArea.TEAM, "Invited new@example.com as coach") in areas
    assert any(summary.startswith("Made ") and "(was coach)" in summary for _, summary in areas)

    page = client.get(reverse("coach:activity"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Invited new@example.com as coach" in text and "Olu Owner" in text
    assert (
        "Invited" not in client.get(reverse("coach:activity"), {"area": "content"}).content.decode()
    )


def test_only_owners_see_the_activity(client, workspace):
    coach = UserFactory()
    MembershipFactory(user=coach, workspace=workspace, role=Role.COACH)
    client.force_login(coach)
    assert client.get(reverse("coach:activity")).status_code == 403


def test_a_deleted_actor_keeps_their_name_on_record(client, owner, workspace):
    prospect = ProspectFactory(workspace=workspace)
    editor = UserFactory(first_name="Eve", last_name="Editor")
    MembershipFactory(user=editor, workspace=workspace, role=Role.COACH)
    client.force_login(editor)
    client.post(
        reverse("coach:prospect_edit", args=[prospect.pk]),
        {"name": "A New Name", "email": prospect.email, "timezone": ""},
    )
    client.logout()
    editor.delete()
    change = Change.objects.get(prospect=prospect)
    assert change.actor is None and change.actor_name == "Eve Editor"


def test_changes_through_the_api_name_the_key(workspace):
    from relationships.history.changes import acting
    from relationships.workspaces.services import update_settings

    with acting(name="API key “Zapier”"):
        update_settings(workspace, by=None, send_window_end=datetime.time(12, 0))
    change = Change.objects.get(area=ChangeArea.SETTINGS)
    assert change.actor_name == "API key “Zapier”"
    assert change.fields == {"send window end": ["11:00:00", "12:00:00"]}


def test_an_erased_prospect_takes_their_record_along(workspace, owner):
    from relationships.history.changes import acting
    from relationships.people.prospects import update_prospect

    prospect = ProspectFactory(workspace=workspace)
    with acting(owner):
        update_prospect(prospect, name="Someone Else", email=prospect.email)
    assert Change.objects.filter(prospect=prospect).exists()
    prospect.delete()
    assert not Change.objects.exists()


def test_tagging_many_at_once_is_on_each_ones_record(workspace, owner):
    from relationships.history.changes import acting
    from relationships.people.bulk import run_bulk

    people = [ProspectFactory(workspace=workspace) for _ in range(3)]
    with acting(owner):
        run_bulk("tag", people, tag="Workshop")
    changes = Change.objects.filter(area=ChangeArea.PROSPECT)
    assert sorted(c.prospect_id for c in changes) == sorted(p.pk for p in people)
    assert {c.fields["tags"][1] for c in changes} == {"Workshop"}
    assert {c.actor_name for c in changes} == {"Olu Owner"}
