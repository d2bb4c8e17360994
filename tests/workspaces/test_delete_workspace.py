import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from relationships.errors import BridgeError
from relationships.models import (
    Consent,
    Content,
    Delivery,
    Event,
    ImportRun,
    Prospect,
    Role,
    Stage,
    Workspace,
)
from relationships.people.diagnosis import record_diagnosis
from relationships.people.prospects import create_prospect
from relationships.workspaces.roles import RoleError
from relationships.workspaces.services import delete_workspace
from tests.support.factories import MembershipFactory, SequenceFactory, WorkspaceFactory


@pytest.fixture
def busy(workspace, coach):
    """A workspace whose stages and content are in use: what used to raise ProtectedError."""
    SequenceFactory(workspace=workspace)
    for n in range(3):
        prospect = create_prospect(
            workspace, name=f"P {n}", email=f"p{n}@example.org", consent=Consent.CONFIRMED
        )
        record_diagnosis(prospect, current_situation="x", desired_outcome="y", author=coach)
    assert Delivery.objects.filter(workspace=workspace).count() == 9
    return workspace


@pytest.mark.django_db(transaction=True)
def test_an_owner_deletes_a_workspace_and_every_row_of_it(busy):
    owner = MembershipFactory(workspace=busy, role=Role.OWNER)
    other = WorkspaceFactory()
    create_prospect(other, name="Stays", email="stays@example.org")
    run = ImportRun.objects.create(workspace=busy, filename="a.csv", file_format="csv")
    run.file.save("a.csv", ContentFile(b"email\nx@example.org\n"))
    stored = run.file.name
    delete_workspace(busy, by=owner, confirm_name=f" {busy.name} ")
    assert not Workspace.objects.filter(pk=busy.pk).exists()
    for model in (Prospect, Stage, Content, Delivery, Event):
        assert not model.objects.filter(workspace_id=busy.pk).exists(), model
    assert Prospect.objects.filter(workspace=other).count() == 1
    assert not default_storage.exists(stored)


@pytest.mark.django_db
def test_it_asks_for_the_name_typed(busy):
    owner = MembershipFactory(workspace=busy, role=Role.OWNER)
    with pytest.raises(BridgeError, match="Type the workspace's name") as refusal:
        delete_workspace(busy, by=owner, confirm_name="something else")
    assert refusal.value.field == "confirm_name"
    assert Workspace.objects.filter(pk=busy.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.COACH, Role.ASSISTANT])
def test_only_an_owner_deletes_a_workspace(busy, role):
    member = MembershipFactory(workspace=busy, role=role)
    with pytest.raises(RoleError, match="Only an owner"):
        delete_workspace(busy, by=member, confirm_name=busy.name)
    assert Prospect.objects.filter(workspace=busy).count() == 3
