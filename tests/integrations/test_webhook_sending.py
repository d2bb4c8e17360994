"""Webhooks go out signed, through their outbox, to a real receiver that verifies them."""

import datetime
import socket

import pytest
import time_machine
from django.utils import timezone

from relationships.integrations.addresses import AddressRefused, check_url, is_public, vet
from relationships.integrations.dispatch import claim_due
from relationships.integrations.sending import deliver_claimed
from relationships.integrations.webhooks import add_endpoint, send_test_event
from relationships.models import (
    AttemptOutcome,
    Event,
    EventType,
    WebhookDelivery,
    WebhookStatus,
)
from relationships.people.prospects import create_prospect
from tests.support.factories import MembershipFactory
from tests.support.processes import free_port
from tests.support.webhook_receiver import Receiver

pytestmark = pytest.mark.django_db

ALL = [EventType.PROSPECT_CREATED, EventType.PROSPECT_UPDATED]


def drain() -> int:
    """Claim and deliver everything due now, as the dispatcher and a worker would."""
    done = 0
    while (claim := claim_due(limit=50)).ids:
        deliver_claimed(claim.ids, claim.token)
        done += len(claim.ids)
    return done


def receiving(workspace, path="/hook", *, answers=None, events=ALL):
    port = free_port()
    endpoint = add_endpoint(workspace, url=f"http://127.0.0.1:{port}{path}", events=events, by=None)
    return endpoint, Receiver(endpoint.secret, port=port, answers=answers)


def add(workspace, n: int = 0):
    return create_prospect(workspace, name=f"Ann Lee {n}", email=f"ann{n}@example.org")


def test_a_real_receiver_verifies_the_signature_of_each_event(workspace):
    endpoint, receiver = receiving(workspace)
    with receiver:
        prospect = add(workspace)
        assert drain() == 1
    [request] = receiver.requests
    event = Event.objects.get(type=EventType.PROSPECT_CREATED)
    assert request.verified
    assert request.webhook_id == event.public_id
    assert request.body["type"] == "prospect.created"
    assert request.body["data"]["prospect"]["email"] == prospect.email
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.status == WebhookStatus.DELIVERED
    attempt = delivery.attempt_log.get()
    assert attempt.status_code == 200 and attempt.response_ms is not None


def test_a_receiver_answering_500_then_200_gets_it_once_more_with_the_same_webhook_id(workspace):
    endpoint, receiver = receiving(workspace, "/flaky", answers={"/flaky": [500, 200]})
    with receiver:
        add(workspace)
        drain()
        delivery = WebhookDelivery.objects.get(endpoint=endpoint)
        assert delivery.status == WebhookStatus.SCHEDULED
        assert delivery.due_at > timezone.now()  # backoff, not at once
        assert drain() == 0
        with time_machine.travel(delivery.due_at + datetime.timedelta(seconds=1)):
            assert drain() == 1
    first, second = receiver.requests
    assert (first.status, second.status) == (500, 200)
    assert first.webhook_id == second.webhook_id
    assert first.verified and second.verified
    delivery.refresh_from_db()
    assert delivery.status == WebhookStatus.DELIVERED and delivery.attempts == 2
    outcomes = list(delivery.attempt_log.order_by("at").values_list("outcome", flat=True))
    assert outcomes == [AttemptOutcome.RETRYING, AttemptOutcome.DELIVERED]


@pytest.mark.parametrize("status", [400, 404, 410, 302])
def test_other_4xx_and_redirects_are_not_retried(workspace, status):
    endpoint, receiver = receiving(workspace, "/no", answers={"/no": [status]})
    with receiver:
        add(workspace)
        drain()
        with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
            assert drain() == 0
    assert len(receiver.requests) == 1
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.status == WebhookStatus.FAILED
    assert delivery.last_status_code == status


def test_a_429_is_retried_no_sooner_than_its_retry_after(workspace):
    endpoint, receiver = receiving(workspace, "/busy", answers={"/busy": [429, 200]})
    with receiver:
        add(workspace)
        before = timezone.now()
        drain()
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.status == WebhookStatus.SCHEDULED
    assert delivery.due_at >= before + datetime.timedelta(seconds=120)


def test_an_unreachable_endpoint_is_retried_and_its_other_events_wait_untried(workspace):
    port = free_port()  # nothing listens there
    endpoint = add_endpoint(workspace, url=f"http://127.0.0.1:{port}/", events=ALL, by=None)
    for n in range(3):
        add(workspace, n)
    drain()
    rows = list(WebhookDelivery.objects.filter(endpoint=endpoint).order_by("pk"))
    assert all(row.status == WebhookStatus.SCHEDULED for row in rows)
    assert [row.attempts for row in rows] == [1, 0, 0]
    assert rows[0].last_error
    assert len({row.due_at for row in rows}) == 1


def test_an_endpoint_that_keeps_failing_is_switched_off_and_the_owners_emailed(
    workspace, settings, mailoutbox
):
    settings.WEBHOOK_DISABLE_AFTER_FAILURES = 3
    settings.WEBHOOK_DISABLE_AFTER_SECONDS = 0
    owner = MembershipFactory(workspace=workspace, role="owner").user
    endpoint, receiver = receiving(workspace, "/down", answers={"/down": [503]})
    with receiver:
        for n in range(4):
            add(workspace, n)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("django.db.transaction.on_commit", lambda f, robust=False: f())
            drain()
    endpoint.refresh_from_db()
    assert not endpoint.enabled
    assert endpoint.disabled_reason == "Kept failing"
    assert len(receiver.requests) == 4  # one batch, folded into its health at the end
    # What waited for a retry is cancelled, and nothing new is queued for it.
    assert WebhookDelivery.objects.filter(status=WebhookStatus.CANCELLED).count() == 4
    add(workspace, 5)
    assert WebhookDelivery.objects.filter(endpoint=endpoint).count() == 4
    [mail] = mailoutbox
    assert mail.to == [owner.email]
    assert endpoint.url in mail.body


def test_a_test_event_goes_to_that_endpoint_alone(workspace):
    endpoint, receiver = receiving(workspace)
    other, _ = receiving(workspace, "/other")
    with receiver:
        send_test_event(endpoint, by=None)
        drain()
    [request] = receiver.requests
    assert request.body["type"] == "webhook.test" and request.verified
    assert not WebhookDelivery.objects.filter(endpoint=other).exists()


# ---- public addresses only in production ------------------------------------------------


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("fd00::1", False),
        ("::ffff:127.0.0.1", False),
        ("2606:4700:4700::1111", True),
    ],
)
def test_only_public_addresses_count_as_public(address, public):
    assert is_public(address) is public


def test_production_refuses_private_and_plain_http_urls(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    settings.WEBHOOK_REQUIRE_HTTPS = True
    for url in ("http://hooks.example.com/", "https://127.0.0.1/", "https://[::1]/", "ftp://x/"):
        with pytest.raises(AddressRefused):
            check_url(url)
    with pytest.raises(AddressRefused):
        check_url("https://user:secret@hooks.example.com/")
    assert check_url("https://hooks.example.com/in?x=1").path == "/in?x=1"


def test_a_name_that_resolves_to_any_private_address_is_refused_at_send_time(settings, monkeypatch):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    # DNS is outside this machine: a rebinding answer is played back here.
    answers = [("93.184.215.14", 443), ("10.0.0.5", 443)]
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, port, **kw: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", a) for a in answers],
    )
    with pytest.raises(AddressRefused, match=r"10\.0\.0\.5"):
        vet("https://rebind.example/hook")
    answers.pop()
    assert vet("https://rebind.example/hook").address == "93.184.215.14"


def test_a_webhook_to_a_private_address_is_refused_when_sending_in_production(workspace, settings):
    endpoint, receiver = receiving(workspace)
    with receiver:
        add(workspace)
        settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
        drain()
    assert receiver.requests == []
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.status == WebhookStatus.FAILED
    assert "not a public address" in delivery.last_error
