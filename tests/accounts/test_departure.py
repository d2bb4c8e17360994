"""Deleting a user keeps their name on history and hands their prospects to an owner."""

import pytest
from django.urls import reverse

from relationships.models import Interaction, InteractionKind, Role
from relationships.people.stages import move_stage
from tests.support.factories import MembershipFactory, ProspectFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_deleting_a_user_keeps_their_name_on_the_prospects_timeline(client, workspace):
    owner = UserFactory(first_name="Olu", last_name="Owner")
    MembershipFactory(user=owner, workspace=workspace, role=Role.OWNER)
    leaving = UserFactory(first_name="Lena", last_name="Leaves")
    membership = MembershipFactory(user=leaving, workspace=workspace, role=Role.COACH)
    prospect = ProspectFactory(workspace=workspace, owner=leaving)
    exploring = workspace.stages.get(key="exploring")
    move_stage(prospect, to=exploring, actor="coach", user=leaving, reason="Read the guide")
    Interaction.objects.create(
        prospect=prospect, kind=InteractionKind.CALL, summary="Talked it over", author=leaving
    )
    assert membership.pk

    leaving.delete()

    change = prospect.stage_changes.get(to_stage=exploring)
    assert change.user is None and change.user_name == "Lena Leaves"
    note = prospect.interactions.get()
    assert note.author is None and note.author_name == "Lena Leaves"
    prospect.refresh_from_db()
    assert prospect.owner == owner

    client.force_login(owner)
    page = client.get(reverse("coach:prospect", args=[prospect.pk])).content.decode()
    assert page.count("Lena Leaves") >= 2
