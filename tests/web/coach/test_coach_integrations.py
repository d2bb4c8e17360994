"""Settings → API keys and Webhooks: keys shown once and kept hashed; endpoints, their test
event and their log; only owners and coaches change them; another workspace's ids are 404."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from relationships.integrations.keys import hash_key
from relationships.integrations.webhooks import add_endpoint
from relationships.models import (
    ApiKey,
    AttemptOutcome,
    Event,
    Role,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from tests.support.api import ApiClient, key_for
from tests.support.factories import MembershipFactory, UserFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
HOOK = "https://hooks.example.com/"


def signed_in(client, workspace, role=Role.COACH):
    user = UserFactory()
    MembershipFactory(user=user, workspace=workspace, role=role)
    client.force_login(user)
    return user


def test_a_new_key_is_shown_once_and_only_its_hash_is_kept(client, workspace):
    signed_in(client, workspace)
    answer = client.post(
        reverse("coach:api_key_create"), {"name": "Zapier", "access": "read_write"}, **HTMX
    )
    assert answer.status_code == 200
    shown = re.search(r'value="(brg_[^"]+)"', answer.content.decode()).group(1)
    key = ApiKey.objects.get()
    assert key.key_hash == hash_key(shown) and shown not in key.key_hash
    assert shown.startswith(key.prefix)
    assert ApiClient(shown).get("/workspace").json()["key"]["access"] == "read_write"
    page = client.get(reverse("coach:api_keys")).content.decode()
    assert shown not in page and key.prefix in page and "Last used" in page


def test_a_revoked_key_stops_working_at_once(client, workspace):
    signed_in(client, workspace)
    token = key_for(workspace)
    key = ApiKey.objects.get()
    client.post(reverse("coach:api_key_revoke", args=[key.pk]))
    assert ApiClient(token).get("/workspace").status_code == 401


def test_an_assistant_sees_keys_but_cannot_make_or_revoke_them(client, workspace):
    signed_in(client, workspace, Role.ASSISTANT)
    key_for(workspace)
    assert client.get(reverse("coach:api_keys")).status_code == 200
    assert client.post(reverse("coach:api_key_create"), {"name": "X"}).status_code == 403
    key = ApiKey.objects.get()
    assert client.post(reverse("coach:api_key_revoke", args=[key.pk])).status_code == 403
    assert ApiKey.objects.get().revoked_at is None


def test_another_workspaces_key_and_endpoint_answer_404(client, workspace):
    signed_in(client, workspace)
    other = WorkspaceFactory()
    key_for(other)
    endpoint = add_endpoint(
        other, url="https://hooks.example.com/", events=["prospect.created"], by=None
    )
    key = ApiKey.objects.get()
    assert client.post(reverse("coach:api_key_revoke", args=[key.pk])).status_code == 404
    for name in ("webhook", "webhook_log"):
        assert client.get(reverse(f"coach:{name}", args=[endpoint.pk])).status_code == 404
    for name in ("webhook_test", "webhook_switch", "webhook_secret", "webhook_delete"):
        assert client.post(reverse(f"coach:{name}", args=[endpoint.pk])).status_code == 404
    assert WebhookEndpoint.objects.get().enabled


def test_adding_an_endpoint_and_sending_it_a_test_event(client, workspace):
    signed_in(client, workspace)
    answer = client.post(
        reverse("coach:webhook_add"),
        {"url": "https://hooks.example.com/bridge", "events": ["prospect.created"]},
    )
    endpoint = WebhookEndpoint.objects.get()
    assert answer.url == reverse("coach:webhook", args=[endpoint.pk])
    assert endpoint.secret.startswith("whsec_")
    page = client.get(answer.url).content.decode()
    assert endpoint.secret in page and "Send a test event" in page
    client.post(reverse("coach:webhook_test", args=[endpoint.pk]))
    assert WebhookDelivery.objects.get().event.type == "webhook.test"


def test_a_bad_endpoint_url_is_refused_beside_the_field(client, workspace, settings):
    settings.WEBHOOK_REQUIRE_HTTPS = True
    signed_in(client, workspace)
    answer = client.post(
        reverse("coach:webhook_add"), {"url": "http://hooks.example.com/", "events": ["x"]}
    )
    assert answer.status_code == 422
    assert not WebhookEndpoint.objects.exists()
    assert "events" in answer.context["form"].errors


def test_the_log_shows_each_request_and_its_time(client, workspace, django_assert_num_queries):
    signed_in(client, workspace)
    endpoint = add_endpoint(
        workspace, url="https://hooks.example.com/", events=["prospect.created"], by=None
    )
    for n in range(5):
        event = Event.objects.create(workspace=workspace, type="prospect.created")
        delivery = WebhookDelivery.objects.create(endpoint=endpoint, event=event)
        WebhookAttempt.objects.create(
            endpoint=endpoint,
            delivery=delivery,
            status_code=500 + n,
            response_ms=12,
            outcome=AttemptOutcome.RETRYING,
        )
    # The session, the user, their workspaces, the endpoint, its log, what waits.
    with django_assert_num_queries(6):
        page = client.get(reverse("coach:webhook_log", args=[endpoint.pk])).content.decode()
    assert "504" in page and "12 ms" in page and "Will retry" in page
    assert "hx-trigger" in page  # five wait to go out: the log refreshes itself


def test_create_api_key_prints_a_key_for_operators(workspace):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "create_api_key", "--workspace", workspace.slug, "--read-only", stdout=out, stderr=err
    )
    token = out.getvalue().strip()
    assert ApiKey.objects.get().key_hash == hash_key(token)
    assert ApiClient(token).get("/workspace").json()["key"]["access"] == "read_only"
    assert "not shown again" in err.getvalue()
