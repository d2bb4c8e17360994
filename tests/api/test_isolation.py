"""A key of workspace A gets 404 for every id of workspace B, on every endpoint; a read-only
key can't write. The endpoints are walked from the generated schema, and every route under
/api/v1/ must be in it, so a new endpoint can't be left out."""

import re

import pytest
from django.urls import get_resolver

from relationships.api.app import api as bridge_api
from relationships.integrations.events import emit
from relationships.models import Delivery, EventType, StageKey
from relationships.nurture.enrollment import enroll
from tests.support.api import ApiClient, key_for
from tests.support.factories import ContentFactory, ProspectFactory, SequenceFactory, stage

pytestmark = pytest.mark.django_db

# A valid body per operation, so a 404 can't hide behind a 422; {ids} are filled in.
BODIES = {
    "create": {"name": "Ann Lee", "email": "ann@example.org", "stage_id": "{stage_id}"},
    "update": {"name": "Ann B"},
    "move": {"stage_id": "{stage_id}", "reason": "Talked"},
    "log": {"kind": "note", "summary": "Met at the workshop."},
    "diagnose": {"current_situation": "Stuck.", "desired_outcome": "Moving."},
    "check": {"subject": "An idea", "body": "Try this."},
    "enroll": {"prospect_id": "{prospect_id}"},
    "pause": {"prospect_id": "{prospect_id}"},
    "resume": {"prospect_id": "{prospect_id}"},
    "erase": {},
}
# Query parameters that name an id, per operation.
QUERY_IDS = {"list_prospects": "stage_id", "list_deliveries": "prospect_id"}


def operations():
    schema = bridge_api.get_openapi_schema()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def ids_of(workspace) -> dict:
    prospect = ProspectFactory(workspace=workspace)
    sequence = SequenceFactory(workspace=workspace)
    content = ContentFactory(workspace=workspace)
    event = emit(EventType.WEBHOOK_TEST, workspace_id=workspace.pk, data={})
    enroll(prospect, sequence)
    return {
        "prospect_id": prospect.pk,
        "sequence_id": sequence.pk,
        "content_id": content.pk,
        "delivery_id": Delivery.objects.filter(prospect=prospect).first().pk,
        "event_id": event.public_id,
        "stage_id": stage(workspace, StageKey.EXPLORING).pk,
    }


def fill(value, ids: dict):
    if isinstance(value, dict):
        return {key: fill(item, ids) for key, item in value.items()}
    if isinstance(value, str) and re.fullmatch(r"\{\w+\}", value):
        return ids[value[1:-1]]
    return value


def call(client: ApiClient, method: str, path: str, body=None, params=None):
    path = path.removeprefix("/api/v1")
    if method == "get":
        return client.get(path, params)
    return client.send(method.upper(), path, body)


def test_every_api_route_is_in_the_schema():
    documented = {re.sub(r"\{(\w+)\}", r"<\1>", path) for path, _, _ in operations()}
    resolver = get_resolver()
    routes = set()
    for pattern in resolver.url_patterns:
        if str(pattern.pattern) != "api/v1/":
            continue
        for inner in pattern.url_patterns:
            for route in getattr(inner, "url_patterns", [inner]):
                routes.add(f"/api/v1/{route.pattern}")
    served = {
        route
        for route in routes
        if route.rstrip("/") not in ("/api/v1", "/api/v1/openapi.json", "/api/v1/docs")
        and "(?P<rest>" not in route
    }
    assert served == documented


def test_a_key_of_one_workspace_gets_404_for_every_id_of_another(workspace):
    other = ProspectFactory().workspace
    mine, theirs = ids_of(workspace), ids_of(other)
    client = ApiClient(key_for(workspace))
    checked = []
    for path, method, operation in operations():
        name = operation["operationId"]
        names = re.findall(r"\{(\w+)\}", path)
        body = fill(BODIES.get(name, {}), mine) if method != "get" else None
        assert method == "get" or name in BODIES, f"add a sample body for {name}"
        for foreign in names:
            own = {key: mine[key] for key in names}
            url = path.format(**{**own, foreign: theirs[foreign]})
            answer = call(client, method, url, body)
            assert answer.status_code == 404, (method, url, answer.content)
            assert answer.json()["code"] == "not_found"
            checked.append((name, foreign))
        url = path.format(**{key: mine[key] for key in names})
        for field in [
            k for k, v in BODIES.get(name, {}).items() if isinstance(v, str) and "{" in v
        ]:
            answer = call(client, method, url, {**body, field: theirs[field]})
            assert answer.status_code == 404, (method, url, field, answer.content)
            checked.append((name, field))
        if name in QUERY_IDS:
            field = QUERY_IDS[name]
            answer = call(client, method, url, params={field: theirs[field]})
            assert answer.status_code == 404, (method, url, field, answer.content)
            checked.append((name, field))
    with_ids = {op["operationId"] for path, _, op in operations() if "{" in path}
    assert with_ids <= {name for name, _ in checked}


def test_a_read_only_key_changes_nothing(workspace):
    mine = ids_of(workspace)
    reader = ApiClient(key_for(workspace, read_only=True))
    before = Delivery.objects.count(), workspace.prospects.count(), workspace.events.count()
    writes = 0
    for path, method, operation in operations():
        if method == "get":
            assert call(reader, method, path.format(**mine)).status_code == 200
            continue
        name = operation["operationId"]
        answer = call(reader, method, path.format(**mine), fill(BODIES[name], mine))
        if name == "check":  # computes an answer, saves nothing
            assert answer.status_code == 200
            continue
        assert answer.status_code == 403, (name, answer.content)
        assert answer.json()["code"] == "read_only_key"
        writes += 1
    assert writes >= 8
    after = Delivery.objects.count(), workspace.prospects.count(), workspace.events.count()
    assert after == before
