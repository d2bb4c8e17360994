import datetime
import json
import os
import subprocess
import sys

import pytest
from django.test import override_settings
from django.utils import timezone

from relationships.models import Delivery, DeliveryStatus
from relationships.nurture.enrollment import enroll
from tests.support.factories import ProspectFactory, SequenceFactory
from tests.support.processes import ROOT


@pytest.mark.django_db
def test_it_answers_ok_when_database_and_broker_are_reachable(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "broker": "ok",
        "outbox": {"state": "ok", "oldest_due_seconds": 0, "in_flight": 0, "claimed_past_lease": 0},
    }
    assert "no-cache" in response["Cache-Control"]


def outbox_with(workspace, *, due_ago: int, claimed_lease_ended_ago: int | None = None):
    """Three deliveries: the oldest due `due_ago` seconds ago; one claimed, its lease over."""
    sequence = SequenceFactory(workspace=workspace)
    enroll(ProspectFactory(workspace=workspace), sequence)
    rows = list(Delivery.objects.order_by("pk"))
    now = timezone.now()
    Delivery.objects.filter(pk=rows[0].pk).update(due_at=now - datetime.timedelta(seconds=due_ago))
    if claimed_lease_ended_ago is not None:
        Delivery.objects.filter(pk=rows[1].pk).update(
            status=DeliveryStatus.CLAIMED,
            due_at=now,
            lease_until=now - datetime.timedelta(seconds=claimed_lease_ended_ago),
        )


@pytest.mark.django_db
def test_it_reports_the_outbox_and_stays_ok_while_it_keeps_up(client, workspace, settings):
    settings.NURTURE_HEALTH_MAX_DUE_AGE_SECONDS = 600
    outbox_with(workspace, due_ago=120, claimed_lease_ended_ago=1)  # reclaimed at next tick
    response = client.get("/health/")
    assert response.status_code == 200
    outbox = response.json()["outbox"]
    assert outbox["state"] == "ok"
    assert 120 <= outbox["oldest_due_seconds"] < 130
    assert outbox["claimed_past_lease"] == 0


@pytest.mark.django_db
def test_it_answers_503_when_a_due_email_has_waited_too_long(client, workspace, settings):
    settings.NURTURE_HEALTH_MAX_DUE_AGE_SECONDS = 600
    outbox_with(workspace, due_ago=700)
    response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["database"], body["broker"]) == ("error", "ok", "ok")
    assert body["outbox"]["state"].startswith("a due email has waited 70")


@pytest.mark.django_db
def test_it_answers_503_when_rows_sit_claimed_past_their_lease(client, workspace, settings):
    outbox_with(workspace, due_ago=0, claimed_lease_ended_ago=120)  # beat is not reclaiming
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["outbox"]["claimed_past_lease"] == 1
    assert response.json()["outbox"]["state"] == "1 claimed past their lease"
    settings.NURTURE_HEALTH_MAX_EXPIRED_CLAIMS = 1
    assert client.get("/health/").status_code == 200


@pytest.mark.django_db
def test_it_answers_503_when_the_broker_is_unreachable(client):
    with override_settings(
        CELERY_BROKER_URL="redis://127.0.0.1:9/0", CELERY_BROKER_TRANSPORT_OPTIONS={}
    ):
        response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == "ok"
    assert body["broker"].startswith("error")


@pytest.mark.django_db
def test_it_answers_503_when_the_filesystem_broker_folder_is_gone(client, tmp_path):
    options = {"data_folder_in": str(tmp_path / "missing"), "data_folder_out": str(tmp_path)}
    with override_settings(
        CELERY_BROKER_URL="filesystem://", CELERY_BROKER_TRANSPORT_OPTIONS=options
    ):
        response = client.get("/health/")
    assert response.status_code == 503
    assert "folder" in response.json()["broker"]


def test_it_answers_503_when_the_database_is_unreachable():
    # A separate process, so its settings point at a database server that isn't there.
    script = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/health/'); print(r.status_code); print(r.content.decode())"
    )
    env = {**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none"}
    env.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings")
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    status, body = result.stdout.strip().splitlines()[-2:]
    assert status == "503", result.stderr
    assert json.loads(body)["database"].startswith("error")


def test_health_does_not_accept_posts(client):
    assert client.post("/health/").status_code == 405
