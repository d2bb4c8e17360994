"""A staff member sees and changes only the rows of their own workspaces, whatever they post."""

import dataclasses

import pytest
from django.contrib.admin import RelatedFieldListFilter
from django.contrib.auth import get_user_model
from django.db.models import Model
from django.urls import reverse

from relationships.admin.forms import ProspectAdminForm
from relationships.admin.scoping import workspace_path_for
from relationships.models import (
    Actor,
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
from tests.support.admin import (
    BRIDGE_MODELS,
    admin_url,
    checkbox_values,
    form_errors,
    pks,
    prospect_add_data,
    prospect_change_data,
    select_options,
    staff_member,
)
from tests.support.factories import (
    DiagnosisFactory,
    InteractionFactory,
    MembershipFactory,
    ProspectFactory,
    UserFactory,
    WorkspaceFactory,
    stage,
)


@dataclasses.dataclass
class Practice:
    """One workspace with one row of every kind, and its owner."""

    workspace: Workspace
    member: object
    rows: dict[type[Model], Model]

    @property
    def prospect(self) -> Prospect:
        return self.rows[Prospect]


def practice(name: str) -> Practice:
    workspace = WorkspaceFactory(name=name)
    member = staff_member(workspace, role=Role.OWNER, username=f"{name.lower()}-owner")
    tag = Tag.objects.create(workspace=workspace, name=f"{name} tag")
    prospect = ProspectFactory(workspace=workspace, owner=member, source=f"{name} fair")
    prospect.tags.add(tag)
    rows = {
        Workspace: workspace,
        Membership: Membership.objects.get(user=member, workspace=workspace),
        Stage: stage(workspace, StageKey.EXPLORING),
        Tag: tag,
        Prospect: prospect,
        StageChange: StageChange.objects.create(
            prospect=prospect, to_stage=prospect.stage, actor=Actor.COACH, reason="Added"
        ),
        Diagnosis: DiagnosisFactory(prospect=prospect),
        Interaction: InteractionFactory(prospect=prospect),
    }
    return Practice(workspace, member, rows)


@pytest.fixture
def ours(db):
    return practice("Ours")


@pytest.fixture
def theirs(db):
    return practice("Theirs")


@pytest.fixture
def our_client(client, ours):
    client.force_login(ours.member)
    return client


# --- lists and pages -----------------------------------------------------------------------


@pytest.mark.parametrize("model", BRIDGE_MODELS, ids=lambda m: m.__name__)
def test_a_list_shows_no_row_of_another_workspace(our_client, ours, theirs, model):
    response = our_client.get(admin_url(model))
    shown = set(response.context["cl"].queryset.values_list("pk", flat=True))
    assert ours.rows[model].pk in shown
    assert theirs.rows[model].pk not in shown


@pytest.mark.parametrize("model", BRIDGE_MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("action", ["change", "delete", "history"])
def test_another_workspaces_row_answers_404(our_client, theirs, model, action):
    assert our_client.get(admin_url(model, action, theirs.rows[model])).status_code == 404


def test_posting_to_another_workspaces_prospect_answers_404_and_changes_nothing(our_client, theirs):
    prospect = theirs.prospect
    url = admin_url(Prospect, "change", prospect)
    assert our_client.post(url, prospect_change_data(prospect, name="Mine")).status_code == 404
    assert (
        our_client.post(admin_url(Prospect, "delete", prospect), {"post": "yes"}).status_code == 404
    )
    prospect.refresh_from_db()
    assert prospect.name != "Mine"


def test_a_superuser_sees_every_workspace(client, ours, theirs):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(admin_url(Prospect))
    assert set(response.context["cl"].queryset) == {ours.prospect, theirs.prospect}
    assert client.get(admin_url(Prospect, "change", theirs.prospect)).status_code == 200


# --- choices on forms ----------------------------------------------------------------------


def test_the_add_prospect_form_offers_only_our_workspace_and_its_rows(our_client, ours, theirs):
    html = our_client.get(admin_url(Prospect, "add")).content.decode()
    assert select_options(html, "workspace") == pks(ours.workspace)
    assert select_options(html, "stage") == pks(*ours.workspace.stages.all())
    assert select_options(html, "owner") == pks(ours.member)
    assert checkbox_values(html, "tags") == pks(ours.rows[Tag])


def test_the_change_prospect_form_offers_only_our_rows(our_client, ours, theirs):
    html = our_client.get(admin_url(Prospect, "change", ours.prospect)).content.decode()
    assert select_options(html, "stage") == pks(*ours.workspace.stages.all())
    assert select_options(html, "owner") == pks(ours.member)
    assert checkbox_values(html, "tags") == pks(ours.rows[Tag])


def test_a_member_of_two_workspaces_sees_whose_stage_is_whose(client, ours, theirs):
    client.force_login(ours.member)
    MembershipFactory(user=ours.member, workspace=theirs.workspace, role=Role.COACH)
    form = client.get(admin_url(Prospect, "add")).context["adminform"].form
    labels = {label for _, label in form.fields["stage"].choices}
    assert {"Needs help (Ours)", "Needs help (Theirs)"} <= labels
    # On a prospect's own page, only its workspace's stages, by their plain names.
    form = client.get(admin_url(Prospect, "change", ours.prospect)).context["adminform"].form
    assert set(form.fields["stage"].queryset) == set(ours.workspace.stages.all())
    assert "Needs help" in {label for _, label in form.fields["stage"].choices}


@pytest.mark.parametrize(
    "field, forged",
    [
        ("workspace", lambda theirs: theirs.workspace.pk),
        ("stage", lambda theirs: stage(theirs.workspace, StageKey.NEEDS_HELP).pk),
        ("owner", lambda theirs: theirs.member.pk),
        ("tags", lambda theirs: [theirs.rows[Tag].pk]),
    ],
)
def test_a_forged_add_with_another_workspaces_row_is_refused(
    our_client, ours, theirs, field, forged
):
    data = prospect_add_data(ours.workspace, **{field: forged(theirs)})
    response = our_client.post(admin_url(Prospect, "add"), data)
    assert response.status_code == 200
    assert "Select a valid choice" in form_errors(response)[field][0]
    assert not Prospect.objects.filter(email="ann@example.org").exists()


@pytest.mark.parametrize(
    "field, forged",
    [
        ("stage", lambda theirs: stage(theirs.workspace, StageKey.EXPLORING).pk),
        ("owner", lambda theirs: theirs.member.pk),
        ("tags", lambda theirs: [theirs.rows[Tag].pk]),
    ],
)
def test_a_forged_change_with_another_workspaces_row_is_refused(
    our_client, ours, theirs, field, forged
):
    prospect = ours.prospect
    data = prospect_change_data(prospect, **{field: forged(theirs)})
    response = our_client.post(admin_url(Prospect, "change", prospect), data)
    assert response.status_code == 200
    assert "Select a valid choice" in form_errors(response)[field][0]
    prospect.refresh_from_db()
    assert prospect.stage.key == StageKey.NEEDS_HELP
    assert not prospect.stage_changes.exclude(reason="Added").exists()


def test_a_member_of_both_cannot_mix_the_workspaces_of_one_prospect(client, ours, theirs):
    client.force_login(ours.member)
    MembershipFactory(user=ours.member, workspace=theirs.workspace, role=Role.COACH)
    data = prospect_add_data(
        ours.workspace,
        stage=stage(theirs.workspace, StageKey.NEEDS_HELP).pk,
        owner=theirs.member.pk,
        tags=[theirs.rows[Tag].pk],
    )
    response = client.post(admin_url(Prospect, "add"), data)
    errors = form_errors(response)
    assert errors["stage"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert "owner" in errors and "tags" in errors
    assert not Prospect.objects.filter(email="ann@example.org").exists()


def test_the_form_refuses_a_row_of_another_workspace_even_among_its_choices(ours, theirs):
    # Choices are narrowed to the prospect's workspace; should they ever not be (a
    # superuser's form, a future widget), the form still checks every related row.
    data = prospect_add_data(
        ours.workspace,
        stage=stage(theirs.workspace, StageKey.NEEDS_HELP).pk,
        owner=theirs.member.pk,
    )
    form = ProspectAdminForm(data=data)
    form.fields["stage"].queryset = Stage.objects.all()
    form.fields["owner"].queryset = get_user_model().objects.all()
    assert not form.is_valid()
    assert form.errors["stage"] == [
        f"“Needs help” belongs to another workspace than {ours.workspace}."
    ]
    assert form.errors["owner"] == [f"“theirs-owner” is not a member of {ours.workspace}."]


@pytest.mark.parametrize("model", [Diagnosis, Interaction], ids=lambda m: m.__name__)
def test_a_note_about_another_workspaces_prospect_is_refused(our_client, theirs, model):
    data = {
        "prospect": theirs.prospect.pk,
        "current_situation": "Forged",
        "desired_outcome": "Forged",
        "diagnosed_on": "2025-03-04",
        "kind": "note",
        "summary": "Forged",
        "at_0": "2025-03-04",
        "at_1": "10:00",
    }
    response = our_client.post(admin_url(model, "add"), data)
    assert "Select a valid choice" in form_errors(response)["prospect"][0]
    assert model.objects.filter(prospect=theirs.prospect).count() == 1


def test_the_prospect_autocomplete_finds_only_our_prospects(our_client, ours, theirs):
    response = our_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "relationships",
            "model_name": "diagnosis",
            "field_name": "prospect",
            "term": "",
        },
    )
    assert {int(row["id"]) for row in response.json()["results"]} == {ours.prospect.pk}


def test_a_tag_cannot_be_added_to_another_workspace(our_client, theirs):
    data = {"workspace": theirs.workspace.pk, "name": "intruder"}
    response = our_client.post(admin_url(Tag, "add"), data)
    assert "Select a valid choice" in form_errors(response)["workspace"][0]
    assert not Tag.objects.filter(name="intruder").exists()


def test_an_owner_adds_members_only_from_people_of_their_workspaces(our_client, ours, theirs):
    form = our_client.get(admin_url(Membership, "add")).context["adminform"].form
    assert set(form.fields["user"].queryset) == {ours.member}
    assert set(form.fields["workspace"].queryset) == {ours.workspace}
    data = {"user": ours.member.pk, "workspace": theirs.workspace.pk, "role": Role.OWNER}
    response = our_client.post(admin_url(Membership, "add"), data)
    assert "Select a valid choice" in form_errors(response)["workspace"][0]
    assert not Membership.objects.filter(user=ours.member, workspace=theirs.workspace).exists()


# --- sidebar filters -----------------------------------------------------------------------


def test_the_prospect_filters_offer_only_our_values(our_client, ours, theirs):
    response = our_client.get(admin_url(Prospect))
    html = response.content.decode()
    choices = {
        spec.title: {str(pk) for pk, _ in getattr(spec, "lookup_choices", [])}
        for spec in response.context["cl"].filter_specs
    }
    assert choices["stage"] == pks(*ours.workspace.stages.all())
    assert choices["owner"] == pks(ours.member)
    assert choices["tags"] == pks(ours.rows[Tag])
    assert choices["source"] == {"Ours fair"}
    assert "workspace" not in choices
    for pk in pks(*theirs.workspace.stages.all()):
        assert f"stage__id__exact={pk}&" not in html and f'stage__id__exact={pk}"' not in html
    assert "Theirs tag" not in html and "theirs-owner" not in html and "Theirs fair" not in html


@pytest.mark.parametrize(
    "model", [StageChange, Stage, Tag, Membership, Diagnosis, Interaction], ids=lambda m: m.__name__
)
def test_every_related_filter_offers_only_rows_of_our_workspaces(client, ours, theirs, model):
    third = practice("Third")
    client.force_login(ours.member)
    MembershipFactory(user=ours.member, workspace=theirs.workspace, role=Role.COACH)
    specs = [
        spec
        for spec in client.get(admin_url(model)).context["cl"].filter_specs
        if isinstance(spec, RelatedFieldListFilter)
    ]
    assert "workspace" in {spec.title for spec in specs}
    for spec in specs:
        related = spec.field.related_model
        path = workspace_path_for(related)
        offered = {pk for pk, _ in spec.lookup_choices}
        visible = related.objects.filter(
            **{f"{path}__in": [ours.workspace.pk, theirs.workspace.pk]}
        )
        assert offered == set(visible.values_list("pk", flat=True)), spec.title
        assert not offered & set(
            related.objects.filter(**{path: third.workspace.pk}).values_list("pk", flat=True)
        )
