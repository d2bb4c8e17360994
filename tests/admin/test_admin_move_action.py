"""The "Move to stage…" action: one stage for many prospects, all of them or none."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from relationships.models import Actor, Prospect, Role, StageChange, StageKey
from tests.support.admin import admin_url, message_texts, staff_member
from tests.support.factories import DiagnosisFactory, MembershipFactory, ProspectFactory, stage

CHANGELIST = admin_url(Prospect)


@pytest.fixture
def coach(workspace):
    return staff_member(workspace, role=Role.COACH)


@pytest.fixture
def coach_client(client, coach):
    client.force_login(coach)
    return client


@pytest.fixture
def ann(workspace):
    return ProspectFactory(workspace=workspace, name="Ann Archer")


@pytest.fixture
def bob(workspace):
    return ProspectFactory(workspace=workspace, name="Bob Baker")


def choose(*prospects: Prospect) -> dict:
    """What the changelist posts when the action is picked for these rows."""
    return {"action": "move_to_stage", "index": 0, "_selected_action": [p.pk for p in prospects]}


def apply(*prospects: Prospect, to, reason: str = "", revisit_on="") -> dict:
    """What the intermediate page posts back."""
    return {
        "action": "move_to_stage",
        "_selected_action": [p.pk for p in prospects],
        "apply": "Move them",
        "stage": to.pk,
        "reason": reason,
        "revisit_on": revisit_on,
    }


def stage_keys(*prospects: Prospect) -> list[str]:
    return [Prospect.objects.get(pk=p.pk).stage.key for p in prospects]


@pytest.mark.django_db
def test_the_action_asks_for_a_stage_of_their_workspace_on_a_csrf_protected_page(
    coach_client, workspace, ann, bob
):
    ProspectFactory()  # another workspace's stages must not be offered
    response = coach_client.post(CHANGELIST, choose(ann, bob))
    assert response.status_code == 200
    assert response.templates[0].name == "admin/relationships/prospect/move_to_stage.html"
    html = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert "Ann Archer" in html and "Bob Baker" in html
    form = response.context["form"]
    assert set(form.fields["stage"].queryset) == set(workspace.stages.all())


@pytest.mark.django_db
def test_the_action_moves_every_chosen_prospect_through_move_stage(
    coach_client, coach, workspace, ann, bob
):
    exploring = stage(workspace, StageKey.EXPLORING)
    data = apply(ann, bob, to=exploring, reason="Both read the guide")
    response = coach_client.post(CHANGELIST, data)
    assert response.status_code == 302
    assert stage_keys(ann, bob) == [StageKey.EXPLORING, StageKey.EXPLORING]
    changes = StageChange.objects.filter(to_stage=exploring)
    assert {(c.prospect_id, c.actor, c.user, c.reason) for c in changes} == {
        (ann.pk, Actor.COACH, coach, "Both read the guide"),
        (bob.pk, Actor.COACH, coach, "Both read the guide"),
    }
    assert message_texts(response) == ["Moved 2 prospects to Exploring."]


@pytest.mark.django_db
def test_one_refusal_moves_nobody_and_shows_every_refusal(
    coach_client, workspace, ann, bob, django_capture_on_commit_callbacks
):
    DiagnosisFactory(prospect=ann)
    carl = ProspectFactory(workspace=workspace, name="Carl Cole")
    ready = stage(workspace, StageKey.READY)
    with django_capture_on_commit_callbacks() as follow_ups:
        response = coach_client.post(CHANGELIST, apply(ann, bob, carl, to=ready))
    assert response.status_code == 200
    assert follow_ups == []  # Ann's move was undone, nurture hears nothing of it
    assert stage_keys(ann, bob, carl) == [StageKey.NEEDS_HELP] * 3
    assert not StageChange.objects.exists()
    assert message_texts(response) == [
        "Bob Baker: Record a diagnosis of Bob Baker before moving them to Ready to invest: "
        "diagnose before you prescribe.",
        "Carl Cole: Record a diagnosis of Carl Cole before moving them to Ready to invest: "
        "diagnose before you prescribe.",
    ]
    # The page stays, with the same prospects, so the coach can change course.
    assert [p.name for p in response.context["prospects"]] == [
        "Ann Archer",
        "Bob Baker",
        "Carl Cole",
    ]


@pytest.mark.django_db
def test_not_now_without_a_revisit_date_is_refused_for_all(coach_client, workspace, ann, bob):
    not_now = stage(workspace, StageKey.NOT_NOW)
    response = coach_client.post(CHANGELIST, apply(ann, bob, to=not_now))
    assert stage_keys(ann, bob) == [StageKey.NEEDS_HELP] * 2
    assert message_texts(response) == [
        "Ann Archer, Bob Baker: Not now needs a revisit date: when should we get back in touch?"
    ]


@pytest.mark.django_db
def test_not_now_with_a_revisit_date_parks_them_until_then(coach_client, workspace, ann, bob):
    revisit = timezone.localdate() + datetime.timedelta(days=120)
    not_now = stage(workspace, StageKey.NOT_NOW)
    response = coach_client.post(
        CHANGELIST, apply(ann, bob, to=not_now, revisit_on=revisit.isoformat())
    )
    assert response.status_code == 302
    assert set(Prospect.objects.values_list("stage__key", "revisit_on")) == {
        (StageKey.NOT_NOW, revisit)
    }


@pytest.mark.django_db
def test_prospects_of_several_workspaces_are_refused_together(client, workspace, ann):
    elsewhere = ProspectFactory(name="Eve Elsewhere")
    user = staff_member(workspace)
    MembershipFactory(user=user, workspace=elsewhere.workspace)
    client.force_login(user)
    response = client.post(CHANGELIST, choose(ann, elsewhere))
    assert response.status_code == 302
    assert message_texts(response) == [
        "The selected prospects are in several workspaces: select one workspace's "
        "prospects to move them together."
    ]
    response = client.post(
        CHANGELIST, apply(ann, elsewhere, to=stage(workspace, StageKey.EXPLORING))
    )
    assert stage_keys(ann, elsewhere) == [StageKey.NEEDS_HELP] * 2


@pytest.mark.django_db
def test_a_forged_stage_of_another_workspace_is_refused(coach_client, workspace, ann):
    foreign = stage(ProspectFactory().workspace, StageKey.EXPLORING)
    response = coach_client.post(CHANGELIST, apply(ann, to=foreign))
    assert response.status_code == 200
    assert "Select a valid choice" in response.context["form"].errors["stage"][0]
    assert stage_keys(ann) == [StageKey.NEEDS_HELP]


@pytest.mark.django_db
def test_a_forged_prospect_of_another_workspace_is_left_alone(coach_client, workspace, ann):
    foreign = ProspectFactory()
    data = apply(ann, foreign, to=stage(workspace, StageKey.EXPLORING))
    response = coach_client.post(CHANGELIST, data)
    assert message_texts(response) == ["Moved 1 prospect to Exploring."]
    assert stage_keys(ann, foreign) == [StageKey.EXPLORING, StageKey.NEEDS_HELP]


@pytest.mark.django_db
def test_the_move_needs_the_csrf_token(coach, workspace, ann):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coach)
    response = client.post(CHANGELIST, apply(ann, to=stage(workspace, StageKey.EXPLORING)))
    assert response.status_code == 403
    assert stage_keys(ann) == [StageKey.NEEDS_HELP]
