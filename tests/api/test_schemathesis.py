"""schemathesis drives every operation of the generated schema against the app in-process:
valid and invalid requests alike must get an answer the schema documents, never a 500.

Bounded to a few dozen examples per operation, so the whole run takes seconds to a
minute on either database (it runs in both CI passes).
"""

import datetime

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from crm.wsgi import application
from relationships.integrations.events import emit
from relationships.models import EventType, StageKey
from relationships.people.diagnosis import record_diagnosis
from tests.support.api import key_for
from tests.support.factories import (
    ContentFactory,
    InteractionFactory,
    ProspectFactory,
    SequenceFactory,
    WorkspaceFactory,
    stage,
)

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


@pytest.fixture
def in_process():
    """Keep the test's database connection open across requests, as Django's test client
    does: the WSGI handler would close it after each one."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def seeded_key(db, in_process):
    """A workspace with some of everything, so ids 1, 2, 3… hit real rows; and its key."""
    workspace = WorkspaceFactory()
    other = WorkspaceFactory()
    sequence = SequenceFactory(workspace=workspace)
    ContentFactory(workspace=workspace)
    for number in range(6):
        prospect = ProspectFactory(workspace=workspace, source="workshop" if number % 2 else "")
        InteractionFactory(prospect=prospect)
    prospect = ProspectFactory(workspace=workspace, stage=stage(workspace, StageKey.EXPLORING))
    record_diagnosis(prospect, current_situation="Stuck.", desired_outcome="Moving.")
    emit(EventType.WEBHOOK_TEST, workspace_id=workspace.pk, data={"seeded": True})
    ProspectFactory(workspace=other)
    SequenceFactory(workspace=other, steps=[datetime.timedelta(days=1)])
    del sequence
    return key_for(workspace)


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
def test_every_answer_is_documented_and_none_is_a_server_error(case, seeded_key):
    case.call_and_validate(headers={"Authorization": f"Bearer {seeded_key}"}, checks=CHECKS)
