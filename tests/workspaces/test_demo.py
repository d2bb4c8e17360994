import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from relationships.models import (
    Diagnosis,
    Interaction,
    Membership,
    Prospect,
    Stage,
    StageChange,
    StageKey,
    Workspace,
)
from relationships.workspaces.demo import DEMO_PASSWORD, DEMO_USERNAME, PROSPECTS, load_demo

MODELS = [Workspace, Membership, Stage, Prospect, StageChange, Diagnosis, Interaction]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.mark.django_db
def test_loading_the_demo_twice_duplicates_nothing():
    first = load_demo()
    after_first = counts()
    second = load_demo()
    assert counts() == after_first
    assert first.created_prospects == len(PROSPECTS)
    assert second.created_prospects == 0


@pytest.mark.django_db
def test_the_demo_has_someone_at_every_stage_and_a_working_login():
    summary = load_demo()
    keys = set(summary.workspace.prospects.values_list("stage__key", flat=True))
    assert keys == set(StageKey.values)
    user = authenticate(username=DEMO_USERNAME, password=DEMO_PASSWORD)
    assert user is not None and user.is_staff and not user.is_superuser
    assert Membership.objects.filter(user=user, workspace=summary.workspace).exists()
    ready = summary.workspace.prospects.filter(stage__key=StageKey.READY)
    assert all(p.diagnoses.exists() for p in ready)
    assert summary.workspace.prospects.get(stage__key=StageKey.NOT_NOW).revisit_on


@pytest.mark.django_db
def test_the_command_reports_what_it_did(capsys):
    call_command("load_demo")
    call_command("load_demo")
    out = capsys.readouterr().out
    assert f"{len(PROSPECTS)} prospects added" in out
    assert "0 prospects added" in out


@pytest.mark.django_db
def test_the_demo_sends_in_a_humane_window_shown_without_seconds(client):
    # Issue 15, defect 10: the demo sent every day from 00:00 to 23:59:59 (mail at 3 a.m.).
    workspace = load_demo().workspace
    assert workspace.send_days == [1, 2, 3, 4, 5]
    assert (workspace.send_window_start.hour, workspace.send_window_end.hour) == (9, 17)
    client.login(username=DEMO_USERNAME, password=DEMO_PASSWORD)
    page = client.get("/settings/").content.decode()
    assert 'value="09:00"' in page and 'value="17:00"' in page
    assert ":00:00" not in page
