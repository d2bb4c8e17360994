"""A prospect's rights through the API: their data as one JSON, and erasure."""

import pytest

from relationships.models import Event, EventType, Prospect, Suppression, WebhookEndpoint
from relationships.people.interactions import log_interaction
from tests.support.api import ApiClient, key_for
from tests.support.factories import ProspectFactory, WorkspaceFactory
from tests.support.traces import traces_of

pytestmark = pytest.mark.django_db


def test_export_answers_everything_held_about_them(workspace, api):
    ann = ProspectFactory(workspace=workspace, name="Ann Lee", email="ann@example.org")
    log_interaction(ann, kind="call", summary="Talked about focus")
    answer = api.get(f"/prospects/{ann.pk}/export")
    assert answer.status_code == 200
    body = answer.json()
    assert body["format"] == "bridge.subject_access"
    assert body["prospect"]["email"] == "ann@example.org"
    assert body["interactions"][0]["summary"] == "Talked about focus"


def test_a_read_only_key_may_export_but_not_erase(workspace, reader):
    ann = ProspectFactory(workspace=workspace)
    assert reader.get(f"/prospects/{ann.pk}/export").status_code == 200
    refused = reader.post(f"/prospects/{ann.pk}/erase")
    assert refused.status_code == 403
    assert Prospect.objects.filter(pk=ann.pk).exists()


def test_erase_removes_them_and_emits_only_their_id(workspace, api):
    WebhookEndpoint.objects.create(
        workspace=workspace, url="https://h.example.com/", events=["prospect.erased"], secret="s"
    )
    ann = ProspectFactory(workspace=workspace, name="Quentin Marblewood", email="qm@example.org")
    answer = api.post(f"/prospects/{ann.pk}/erase", **{"Idempotency-Key": "erase-1"})
    assert answer.status_code == 200
    assert answer.json()["id"] == ann.pk
    assert traces_of("qm@example.org", "Marblewood") == []
    assert Suppression.objects.filter(workspace=workspace).count() == 1
    event = Event.objects.get(type=EventType.PROSPECT_ERASED)
    assert event.data == {"prospect": {"id": ann.pk}}
    assert event.webhook_deliveries.count() == 1
    assert api.get(f"/prospects/{ann.pk}").status_code == 404
    assert api.post(f"/prospects/{ann.pk}/erase").status_code == 404


def test_another_workspaces_prospect_is_not_found(api):
    stranger = ProspectFactory(workspace=WorkspaceFactory())
    assert api.get(f"/prospects/{stranger.pk}/export").status_code == 404
    assert api.post(f"/prospects/{stranger.pk}/erase").status_code == 404
    assert Prospect.objects.filter(pk=stranger.pk).exists()


def test_the_erased_event_is_in_the_feed(workspace, api):
    ann = ProspectFactory(workspace=workspace)
    api.post(f"/prospects/{ann.pk}/erase")
    feed = ApiClient(key_for(workspace, read_only=True)).get("/events", {"type": "prospect.erased"})
    assert feed.status_code == 200
    assert [e["data"] for e in feed.json()["items"]] == [{"prospect": {"id": ann.pk}}]
