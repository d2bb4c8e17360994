"""A real Celery worker process consumes real tasks through the broker."""

import datetime
import os
import uuid

import pytest
import redis
from django.utils import timezone

from crm.celery import app
from relationships import tasks
from relationships.models import StageKey
from tests.conftest import need
from tests.support.factories import ProspectFactory, WorkspaceFactory, stage
from tests.support.processes import celery_worker, stop, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


def parked_and_due():
    workspace = WorkspaceFactory()
    return ProspectFactory(
        workspace=workspace,
        stage=stage(workspace, StageKey.NOT_NOW),
        revisit_on=timezone.localdate() - datetime.timedelta(days=1),
    )


def moved_back(prospect) -> bool:
    prospect.refresh_from_db()
    return prospect.stage.key != StageKey.NOT_NOW


def test_a_worker_consumes_a_task_through_the_configured_broker():
    prospect = parked_and_due()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    with celery_worker(queue) as worker:
        tasks.resume_due_revisits.apply_async(queue=queue)
        done = wait_for(lambda: moved_back(prospect), timeout=60)
        output = "" if done else stop(worker)
    assert done, f"the worker did not run the task:\n{output}"


def test_a_worker_consumes_a_task_through_redis():
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        need(f"Redis is not reachable at {REDIS_URL}")
    prospect = parked_and_due()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    with celery_worker(queue, broker_url=REDIS_URL) as worker:
        with app.connection_for_write(REDIS_URL) as conn:
            tasks.resume_due_revisits.apply_async(queue=queue, connection=conn)
        done = wait_for(lambda: moved_back(prospect), timeout=60)
        output = "" if done else stop(worker)
    assert done, f"the worker did not run the task:\n{output}"
