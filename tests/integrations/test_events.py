"""Events are written in the same transaction as the change, and fanned out to the
endpoints that want them."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from relationships import tasks
from relationships.errors import StageRuleError
from relationships.integrations.webhooks import add_endpoint
from relationships.models import (
    AttemptOutcome,
    Consent,
    Event,
    EventType,
    IdempotencyKey,
    StageKey,
    WebhookAttempt,
    WebhookDelivery,
)
from relationships.nurture.dispatch import claim_due
from relationships.nurture.sending import send_claimed
from relationships.people.consent import confirm_consent, mark_bounced, unsubscribe
from relationships.people.diagnosis import record_diagnosis
from relationships.people.prospects import create_prospect, update_prospect
from relationships.people.replies import record_reply
from relationships.people.stages import move_stage
from relationships.selfservice.actions import ask_to_talk
from tests.support.api import key_for
from tests.support.builders import queued_for_sending, workspace_for
from tests.support.factories import ProspectFactory, stage

pytestmark = pytest.mark.django_db


def types() -> list[str]:
    return list(Event.objects.order_by("pk").values_list("type", flat=True))


def test_each_service_emits_its_event(workspace):
    prospect = create_prospect(workspace, name="Ann Lee", email="ann@example.org")
    confirm_consent(prospect, how="Asked at the workshop")
    update_prospect(prospect, name="Ann B", email="ann@example.org")
    record_diagnosis(prospect, current_situation="Stuck.", desired_outcome="Moving.")
    move_stage(prospect, to=stage(workspace, StageKey.EXPLORING), actor="coach")
    record_reply(prospect, summary="Thanks!")
    ask_to_talk(prospect)
    ask_to_talk(prospect)  # a second click is not a second request
    mark_bounced(prospect, detail="550 no such user")
    other = ProspectFactory(workspace=workspace)
    unsubscribe(other)
    assert types() == [
        "prospect.created",
        "prospect.updated",
        "prospect.updated",
        "diagnosis.recorded",
        "prospect.stage_changed",
        "prospect.stage_changed",
        "prospect.replied",
        "prospect.asked_to_talk",
        "delivery.bounced",
        "prospect.unsubscribed",
    ]
    changed = Event.objects.filter(type=EventType.PROSPECT_STAGE_CHANGED).first()
    assert changed.data["stage_change"]["to_stage"]["key"] == StageKey.EXPLORING
    assert changed.data["prospect"]["stage"]["key"] == StageKey.EXPLORING
    assert Event.objects.get(type=EventType.PROSPECT_UNSUBSCRIBED).data["prospect"]["consent"] == (
        Consent.UNSUBSCRIBED
    )


def test_a_change_rolled_back_leaves_no_event_and_no_webhook(workspace):
    add_endpoint(workspace, url="https://hooks.example.com/", events=["prospect.created"], by=None)
    with pytest.raises(RuntimeError), transaction.atomic():
        create_prospect(workspace, name="Ann", email="ann@example.org")
        raise RuntimeError("the request failed after the service")
    assert not Event.objects.exists() and not WebhookDelivery.objects.exists()


def test_a_refused_move_emits_nothing(workspace):
    prospect = ProspectFactory(workspace=workspace)
    with pytest.raises(StageRuleError):
        move_stage(prospect, to=stage(workspace, StageKey.READY), actor="coach")
    assert not Event.objects.exists()


def test_events_go_only_to_enabled_endpoints_of_their_workspace_that_want_them(workspace):
    wants = add_endpoint(
        workspace, url="https://a.example.com/", events=["prospect.created"], by=None
    )
    add_endpoint(workspace, url="https://b.example.com/", events=["prospect.updated"], by=None)
    off = add_endpoint(
        workspace, url="https://c.example.com/", events=["prospect.created"], by=None
    )
    off.enabled = False
    off.save()
    elsewhere = ProspectFactory().workspace
    add_endpoint(elsewhere, url="https://d.example.com/", events=["prospect.created"], by=None)
    create_prospect(workspace, name="Ann", email="ann@example.org")
    assert list(WebhookDelivery.objects.values_list("endpoint", flat=True)) == [wants.pk]


def test_the_send_path_emits_delivery_sent_for_each_email_it_records(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    workspace = workspace_for("events")
    queued_for_sending(workspace, 3, lambda message: None)
    claim = claim_due(limit=10)
    assert send_claimed(claim.ids, claim.token).sent == 3
    sent = Event.objects.filter(type=EventType.DELIVERY_SENT)
    assert sorted(e.data["delivery"]["id"] for e in sent) == sorted(claim.ids)
    assert {e.data["delivery"]["status"] for e in sent} == {"sent"}


def test_old_idempotency_keys_and_webhook_requests_are_pruned(workspace):
    key_for(workspace)
    endpoint = add_endpoint(
        workspace, url="https://a.example.com/", events=["prospect.created"], by=None
    )
    create_prospect(workspace, name="Ann", email="ann@example.org")
    delivery = WebhookDelivery.objects.get()
    long_ago = timezone.now() - datetime.timedelta(days=40)
    WebhookAttempt.objects.create(
        endpoint=endpoint, delivery=delivery, at=long_ago, outcome=AttemptOutcome.DELIVERED
    )
    WebhookAttempt.objects.create(endpoint=endpoint, delivery=delivery, outcome="delivered")
    api_key = workspace.api_keys.get()
    IdempotencyKey.objects.create(
        api_key=api_key, key="old", fingerprint="x", status_code=201, created_at=long_ago
    )
    IdempotencyKey.objects.create(api_key=api_key, key="new", fingerprint="x", status_code=201)
    assert tasks.prune_integrations() == 2
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]
    assert WebhookAttempt.objects.count() == 1
