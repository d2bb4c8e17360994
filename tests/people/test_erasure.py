import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail

from relationships.models import (
    Consent,
    Delivery,
    Erasure,
    ErasureRequest,
    Event,
    EventType,
    ImportRefusal,
    ImportRun,
    Prospect,
    Role,
    Suppression,
    WebhookEndpoint,
)
from relationships.people.diagnosis import record_diagnosis
from relationships.people.erasure import address_hash, erase_own_data, erase_prospect, erased_among
from relationships.people.interactions import log_interaction
from relationships.people.prospects import create_prospect
from relationships.people.subject_access import subject_access, subject_access_json
from relationships.selfservice.tokens import make_token
from relationships.workspaces.roles import RoleError
from tests.support.factories import MembershipFactory, SequenceFactory, WorkspaceFactory
from tests.support.traces import traces_of

EMAIL = "zelda.quibblewright@example.org"
NAME = "Zelda Quibblewright"


@pytest.fixture
def member(workspace, coach):
    return coach.memberships.get(workspace=workspace)


@pytest.fixture
def zelda(workspace, coach):
    """A prospect with a record in every table that can hold one."""
    SequenceFactory(workspace=workspace)
    WebhookEndpoint.objects.create(
        workspace=workspace,
        url="https://hooks.example.com/in",
        events=[t.value for t in EventType],
        secret="whsec_test",
    )
    prospect = create_prospect(
        workspace,
        name=NAME,
        email=EMAIL,
        consent=Consent.CONFIRMED,
        consent_note="Asked at the workshop",
        tags=["workshop"],
        user=coach,
    )
    prospect.help_request = f"I am {NAME} and I need focus"
    prospect.save(update_fields=["help_request"])
    log_interaction(prospect, kind="call", summary=f"Called {NAME} about her plans", author=coach)
    record_diagnosis(
        prospect,
        current_situation="Stuck between two offers",
        desired_outcome="One clear offer",
        own_words=f"“I'm {NAME} and I'm tired”",
        author=coach,
    )
    run = ImportRun.objects.create(workspace=workspace, filename="list.csv", file_format="csv")
    ImportRefusal.objects.create(
        run=run, line=3, email=EMAIL.upper(), values=[EMAIL, NAME], reason="duplicate"
    )
    LogEntry.objects.create(
        user=coach,
        content_type=ContentType.objects.get_for_model(Prospect),
        object_id=str(prospect.pk),
        object_repr=str(prospect),
        action_flag=CHANGE,
    )
    return prospect


@pytest.mark.django_db
def test_an_erased_prospect_leaves_no_trace_in_any_table(workspace, member, coach, zelda):
    assert Delivery.objects.filter(prospect=zelda).exists()
    assert traces_of(EMAIL, NAME)  # the search can fail: it sees them before
    erasure = erase_prospect(zelda, by=member, user=coach)
    assert traces_of(EMAIL, NAME, EMAIL.split("@")[0]) == []
    assert not Prospect.objects.filter(pk=zelda.pk).exists()
    assert erasure.prospect_ref == zelda.pk
    assert erasure.by_name == coach.get_username()
    assert erasure.counts["stage_changes"] == 1
    assert erasure.counts["interactions"] >= 1
    assert erasure.counts["diagnoses"] == 1


@pytest.mark.django_db
def test_it_keeps_a_keyed_hash_of_the_address_only(workspace, member, zelda):
    erase_prospect(zelda, by=member)
    kept = Suppression.objects.get(workspace=workspace)
    assert kept.address_hash == address_hash(workspace.pk, " Zelda.QuibbleWright@example.org ")
    assert EMAIL not in kept.address_hash
    assert erased_among(workspace.pk, [EMAIL, "other@example.org"]) == {EMAIL}
    # Another workspace never sees it: the hash is keyed per workspace.
    assert erased_among(WorkspaceFactory().pk, [EMAIL]) == set()


@pytest.mark.django_db
def test_it_tells_webhooks_only_the_id(workspace, member, zelda):
    erase_prospect(zelda, by=member)
    event = Event.objects.get(type=EventType.PROSPECT_ERASED)
    assert event.data == {"prospect": {"id": zelda.pk}}
    assert event.prospect_id is None
    assert event.webhook_deliveries.count() == 1


@pytest.mark.django_db
def test_their_links_stop_working(client, workspace, member, zelda):
    token = make_token(zelda.pk, "preferences")
    erase_prospect(zelda, by=member)
    response = client.get(f"/p/preferences/{token}/")
    assert response.status_code in {400, 404, 410}


@pytest.mark.django_db
def test_an_assistant_may_not_erase(workspace, zelda):
    assistant = MembershipFactory(workspace=workspace, role=Role.ASSISTANT)
    with pytest.raises(RoleError, match="owner or a coach"):
        erase_prospect(zelda, by=assistant)
    assert Prospect.objects.filter(pk=zelda.pk).exists()


@pytest.mark.django_db
def test_a_member_of_another_workspace_may_not_erase(zelda):
    stranger = MembershipFactory(role=Role.OWNER)
    with pytest.raises(RoleError):
        erase_prospect(zelda, by=stranger)
    assert Prospect.objects.filter(pk=zelda.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_erasing_themselves_tells_the_coach_without_saying_who(workspace, coach, zelda):
    mail.outbox.clear()
    erasure = erase_own_data(zelda)
    assert erasure.requested_via == ErasureRequest.PROSPECT
    assert erasure.by_user is None
    told = [m for m in mail.outbox if coach.email in m.to]
    assert len(told) == 1
    assert "delete their data" in told[0].subject
    assert NAME not in told[0].body and EMAIL not in told[0].body
    assert Erasure.objects.filter(workspace=workspace).count() == 1


@pytest.mark.django_db
def test_their_data_is_one_json_of_everything_held(workspace, zelda):
    data = subject_access(zelda)
    assert data["prospect"]["email"] == EMAIL
    assert data["prospect"]["tags"] == ["workshop"]
    assert data["prospect"]["help_request"].startswith("I am")
    assert [c["to_stage"]["key"] for c in data["stage_history"]] == ["needs_help"]
    assert data["diagnoses"][0]["desired_outcome"] == "One clear offer"
    assert any(NAME in i["summary"] for i in data["interactions"])
    assert len(data["sequences"]) == 1
    assert len(data["emails"]) == 3
    assert all(e["subject"] for e in data["emails"])
    assert data["held_by"]["name"] == workspace.name
    assert json.loads(subject_access_json(zelda))["prospect"]["id"] == zelda.pk


@pytest.mark.django_db
def test_their_data_holds_nobody_else(workspace, zelda):
    create_prospect(workspace, name="Other Person", email="other@example.org")
    text = subject_access_json(zelda)
    assert "other@example.org" not in text and "Other Person" not in text


@pytest.mark.django_db(transaction=True)
def test_the_preference_center_erases_them_on_a_confirming_post(client, workspace, coach, zelda):
    token = make_token(zelda.pk, "preferences")
    page = client.get(f"/p/preferences/{token}/")
    assert b"Delete everything you hold about me" in page.content
    asked = client.get(f"/p/preferences/{token}/erase/")
    assert asked.status_code == 200 and Prospect.objects.filter(pk=zelda.pk).exists()
    copy = client.get(f"/p/preferences/{token}/data.json")
    assert json.loads(copy.content)["prospect"]["email"] == EMAIL
    mail.outbox.clear()
    done = client.post(f"/p/preferences/{token}/erase/")
    assert done.status_code == 200 and b"Your data is deleted" in done.content
    assert traces_of(EMAIL, NAME) == []
    assert [m.to for m in mail.outbox] == [[coach.email]]
    assert client.get(f"/p/preferences/{token}/").status_code == 404


@pytest.mark.django_db
def test_the_workspace_record_says_someone_was_erased_but_not_who(workspace, member, coach, zelda):
    from relationships.history.changes import acting
    from relationships.models import Change

    with acting(coach):
        erase_prospect(zelda, by=member, user=coach)
    change = Change.objects.get(workspace=workspace, subject=f"Prospect #{zelda.pk}")
    assert change.actor == coach and change.summary.startswith("Erased")
    assert traces_of(EMAIL, NAME) == []
