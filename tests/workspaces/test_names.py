"""Settings → Stages and tags: the coach's names; the stages' meanings stay fixed."""

import pytest
from django.urls import reverse

from relationships.errors import StageRuleError
from relationships.models import Actor, Role, StageKey, Tag
from relationships.people.stages import move_stage
from tests.support.factories import (
    MembershipFactory,
    ProspectFactory,
    UserFactory,
    WorkspaceFactory,
)


@pytest.fixture
def signed_in(client, coach):
    client.force_login(coach)
    return client


def stage_data(workspace, **names) -> dict:
    data = {}
    for stage in workspace.stages.all():
        data[f"stage-{stage.pk}-name"] = names.get(stage.key, stage.name)
        data[f"stage-{stage.pk}-description"] = stage.description
    return data


def test_a_stage_renamed_keeps_its_rules(signed_in, workspace, coach):
    response = signed_in.post(
        reverse("coach:names"), stage_data(workspace, not_now="Later", ready="Ready to go")
    )
    assert response.status_code == 302
    not_now = workspace.stages.get(key=StageKey.NOT_NOW)
    assert not_now.name == "Later"
    board = signed_in.get(reverse("coach:pipeline")).content.decode()
    assert ">Later<" in board and ">Ready to go<" in board
    with pytest.raises(StageRuleError, match="revisit date"):
        move_stage(ProspectFactory(workspace=workspace), to=not_now, actor=Actor.COACH, user=coach)


def test_two_stages_may_swap_names_but_not_share_one(signed_in, workspace):
    swapped = stage_data(workspace, exploring="Needs help", needs_help="Exploring")
    assert signed_in.post(reverse("coach:names"), swapped).status_code == 302
    assert workspace.stages.get(key=StageKey.EXPLORING).name == "Needs help"
    same = stage_data(workspace, exploring="Client")
    response = signed_in.post(reverse("coach:names"), same)
    assert response.status_code == 400
    assert "Two stages can&#x27;t both be called “Client”" in response.content.decode()
    assert 'value="Client"' in response.content.decode()  # what was typed is kept
    assert workspace.stages.get(key=StageKey.EXPLORING).name == "Needs help"
    blank = stage_data(workspace, client="  ")
    assert (
        "Give every stage a name." in signed_in.post(reverse("coach:names"), blank).content.decode()
    )


def test_a_tag_is_renamed_or_removed_from_everyone(signed_in, workspace):
    founder = Tag.objects.create(workspace=workspace, name="founder")
    Tag.objects.create(workspace=workspace, name="workshop")
    ana = ProspectFactory(workspace=workspace)
    ana.tags.add(founder)
    signed_in.post(reverse("coach:tag_change", args=[founder.pk]), {"name": "Founders"})
    founder.refresh_from_db()
    assert founder.name == "Founders"
    clash = signed_in.post(reverse("coach:tag_change", args=[founder.pk]), {"name": "Workshop"})
    assert "There is already a tag “Workshop”." in clash.content.decode()
    signed_in.post(reverse("coach:tag_change", args=[founder.pk]), {"delete": "1"})
    assert not ana.tags.exists() and ana.pk


def test_an_assistant_reads_but_cannot_rename(client, workspace):
    assistant = UserFactory()
    MembershipFactory(user=assistant, workspace=workspace, role=Role.ASSISTANT)
    client.force_login(assistant)
    tag = Tag.objects.create(workspace=workspace, name="founder")
    response = client.post(reverse("coach:names"), stage_data(workspace, client="Won"))
    assert response.status_code == 400
    assert workspace.stages.get(key=StageKey.CLIENT).name == "Client"
    assert client.post(reverse("coach:tag_change", args=[tag.pk]), {"name": "x"}).status_code == 403


def test_another_workspaces_tag_answers_404(signed_in):
    theirs = Tag.objects.create(workspace=WorkspaceFactory(), name="theirs")
    assert (
        signed_in.post(reverse("coach:tag_change", args=[theirs.pk]), {"name": "x"}).status_code
        == 404
    )
