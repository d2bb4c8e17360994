import pytest

from relationships.errors import ProspectError
from relationships.models import Actor, StageKey
from relationships.people.prospects import create_prospect
from tests.support.factories import WorkspaceFactory


@pytest.mark.django_db
def test_it_normalizes_the_email_and_records_how_they_arrived(workspace, coach):
    prospect = create_prospect(
        workspace, name=" Ada Lovelace ", email="  Ada@Example.ORG ", source="Referral", user=coach
    )
    assert prospect.email == "ada@example.org"
    assert prospect.name == "Ada Lovelace"
    assert prospect.stage.key == StageKey.NEEDS_HELP
    change = prospect.stage_changes.get()
    assert change.from_stage is None
    assert change.to_stage == prospect.stage
    assert change.actor == Actor.COACH
    assert change.user == coach
    assert change.reason == "Added from Referral"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "variant", ["ada@example.org", "ADA@EXAMPLE.ORG", " ada@example.org", "Ada@Example.org\t"]
)
def test_it_refuses_a_duplicate_email_in_the_same_workspace(workspace, variant):
    create_prospect(workspace, name="Ada", email="ada@example.org")
    with pytest.raises(ProspectError, match="already a prospect") as refusal:
        create_prospect(workspace, name="Ada again", email=variant)
    assert refusal.value.field == "email"
    assert workspace.prospects.count() == 1


@pytest.mark.django_db
def test_the_same_email_may_be_a_prospect_in_another_workspace(workspace):
    create_prospect(workspace, name="Ada", email="ada@example.org")
    other = WorkspaceFactory()
    assert create_prospect(other, name="Ada", email="ADA@example.org").workspace == other


@pytest.mark.django_db
def test_the_database_refuses_a_case_variant_even_past_the_service(workspace):
    from django.db import IntegrityError, transaction

    from tests.support.factories import ProspectFactory

    ProspectFactory(workspace=workspace, email="ada@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProspectFactory(workspace=workspace, email="ADA@example.org")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["Europe/Berlin", "America/Argentina/Buenos_Aires", "UTC"])
def test_it_accepts_iana_timezones(workspace, name):
    prospect = create_prospect(workspace, name="Ada", email="a@example.org", timezone_name=name)
    assert str(prospect.zone) == name


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["Berlin", "Europe/Atlantis", "../../etc/passwd", "GMT+25"])
def test_it_refuses_unknown_timezones(workspace, name):
    with pytest.raises(ProspectError, match="not a time zone") as refusal:
        create_prospect(workspace, name="Ada", email="a@example.org", timezone_name=name)
    assert refusal.value.field == "timezone"
    assert not workspace.prospects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("email", ["", "not-an-email", "a@", "@example.org"])
def test_it_refuses_invalid_emails(workspace, email):
    with pytest.raises(ProspectError, match="valid email"):
        create_prospect(workspace, name="Ada", email=email)


@pytest.mark.django_db
def test_it_refuses_a_stage_of_another_workspace(workspace):
    foreign = WorkspaceFactory().stages.get(key=StageKey.EXPLORING)
    with pytest.raises(ProspectError, match="another workspace"):
        create_prospect(workspace, name="Ada", email="a@example.org", stage=foreign)


@pytest.mark.django_db
def test_tags_are_shared_per_workspace_case_insensitively(workspace):
    a = create_prospect(workspace, name="A", email="a@example.org", tags=["Founder", "burnout"])
    b = create_prospect(workspace, name="B", email="b@example.org", tags=["founder"])
    assert set(a.tags.values_list("name", flat=True)) == {"Founder", "burnout"}
    assert list(b.tags.values_list("name", flat=True)) == ["Founder"]
    assert workspace.tags.count() == 2
