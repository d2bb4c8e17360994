import json
import os
import subprocess
import sys

import pytest
from django.test import override_settings

from tests.support.processes import ROOT


@pytest.mark.django_db
def test_it_answers_ok_when_database_and_broker_are_reachable(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}
    assert "no-cache" in response["Cache-Control"]


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
