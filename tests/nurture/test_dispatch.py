import datetime
import threading

import pytest
import time_machine
from django.db import connection, connections
from django.test import override_settings

from relationships.models import Delivery, DeliveryStatus
from relationships.nurture.dispatch import claim_due, dispatch_due
from relationships.nurture.enrollment import enroll
from tests.support.factories import ProspectFactory, SequenceFactory

NOW = datetime.datetime(2026, 3, 10, 9, 30, tzinfo=datetime.UTC)


def queue(workspace, count, *, due=NOW):
    sequence = SequenceFactory(workspace=workspace, steps=[datetime.timedelta(0)])
    for _ in range(count):
        enroll(ProspectFactory(workspace=workspace), sequence)
    Delivery.objects.update(due_at=due)


@pytest.mark.django_db
def test_it_claims_due_rows_oldest_first_with_a_lease(workspace):
    with time_machine.travel(NOW, tick=False):
        queue(workspace, 5)
        Delivery.objects.filter(pk=Delivery.objects.order_by("pk").last().pk).update(
            due_at=NOW + datetime.timedelta(minutes=1)
        )
        claim = claim_due(limit=3)
        assert len(claim.ids) == 3
        rows = Delivery.objects.filter(pk__in=claim.ids)
        assert {r.status for r in rows} == {DeliveryStatus.CLAIMED}
        assert {r.claim_token for r in rows} == {claim.token}
        assert {(r.claims, r.smtp_attempts) for r in rows} == {(1, 0)}
        assert all(r.lease_until > NOW for r in rows)
        rest = claim_due(limit=10)
        assert len(rest.ids) == 1  # the one due in a minute is not due yet
        assert set(rest.ids).isdisjoint(claim.ids)


@pytest.mark.django_db
def test_an_expired_lease_is_claimed_again_and_a_live_one_is_not(workspace):
    with time_machine.travel(NOW, tick=False) as clock:
        queue(workspace, 2)
        first = claim_due(limit=10)
        assert claim_due(limit=10).ids == []
        with override_settings(NURTURE_LEASE_SECONDS=300):
            clock.shift(datetime.timedelta(seconds=301))
            again = claim_due(limit=10)
    assert sorted(again.ids) == sorted(first.ids)
    assert again.token != first.token


@pytest.mark.django_db
def test_dispatch_hands_every_batch_to_the_queue(workspace):
    with time_machine.travel(NOW, tick=False):
        queue(workspace, 7)
        batches = []
        claimed = dispatch_due(
            enqueue=lambda ids, token: batches.append((ids, token)), batch_size=3, max_batches=10
        )
    assert claimed == 7
    assert [len(ids) for ids, _ in batches] == [3, 3, 1]
    assert len({token for _, token in batches}) == 3


@pytest.mark.django_db
def test_an_unreachable_broker_delays_but_never_loses(workspace):
    def broker_down(ids, token):
        raise ConnectionError("broker unreachable")

    with time_machine.travel(NOW, tick=False) as clock:
        queue(workspace, 2)
        with pytest.raises(ConnectionError):
            dispatch_due(enqueue=broker_down, batch_size=10, max_batches=1)
        clock.shift(datetime.timedelta(minutes=10))
        assert len(claim_due(limit=10).ids) == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_claimers_never_claim_the_same_row(workspace):
    with time_machine.travel(NOW, tick=False):
        queue(workspace, 60)
    claims: list[list[int]] = []
    errors = []
    start = threading.Barrier(4)

    def claimer():
        try:
            start.wait()
            while True:
                claim = claim_due(limit=7)  # real time: everything queued is long due
                if not claim.ids:
                    return
                claims.append(claim.ids)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claimer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    claimed = [pk for ids in claims for pk in ids]
    assert len(claimed) == len(set(claimed)) == 60
    assert Delivery.objects.filter(status=DeliveryStatus.CLAIMED).count() == 60


@pytest.mark.django_db
def test_the_claim_query_uses_skip_locked_on_postgresql(workspace):
    from django.test.utils import CaptureQueriesContext

    with time_machine.travel(NOW, tick=False):
        queue(workspace, 2)
        with CaptureQueriesContext(connection) as queries:
            claim_due(limit=5)
    sql = " ".join(q["sql"] for q in queries.captured_queries).upper()
    if connection.vendor == "postgresql":
        assert "FOR UPDATE SKIP LOCKED" in sql
    else:
        assert "FOR UPDATE" not in sql


@pytest.mark.django_db
def test_the_claim_reads_the_open_rows_through_their_partial_index(workspace):
    with time_machine.travel(NOW, tick=False):
        queue(workspace, 3)
        from relationships.nurture.dispatch import claimable

        sql, params = claimable(NOW).order_by("due_at").values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
                plan = " ".join(str(row) for row in cursor.fetchall())
            else:
                cursor.execute("SET enable_seqscan = off")
                cursor.execute(f"EXPLAIN {sql}", params)
                plan = " ".join(row[0] for row in cursor.fetchall())
    assert "delivery_open_due" in plan, plan


@pytest.mark.django_db
def test_dispatch_keeps_no_more_in_flight_than_the_cap(workspace):
    """Claimed rows wait in the broker under a lease: never more than the workers can take
    up within it; rows whose lease ran out no longer count."""
    with time_machine.travel(NOW, tick=False) as clock:
        queue(workspace, 10)
        batches = []

        def enqueue(ids, token):
            batches.append(ids)

        assert dispatch_due(enqueue=enqueue, batch_size=3, max_batches=10, max_in_flight=5) == 5
        assert [len(ids) for ids in batches] == [3, 2]
        assert dispatch_due(enqueue=enqueue, batch_size=3, max_batches=10, max_in_flight=5) == 0
        Delivery.objects.filter(pk__in=batches[0]).update(status=DeliveryStatus.SENT)
        assert dispatch_due(enqueue=enqueue, batch_size=3, max_batches=10, max_in_flight=5) == 3
        with override_settings(NURTURE_LEASE_SECONDS=60):
            clock.shift(datetime.timedelta(seconds=301))  # every lease ran out: lost tasks
            assert dispatch_due(enqueue=enqueue, batch_size=3, max_batches=10, max_in_flight=5) == 5
    claims = list(Delivery.objects.values_list("claims", flat=True))
    assert sum(claims) == 5 + 3 + 5 and max(claims) == 2


def test_a_prefork_pool_shares_the_record_group_among_its_processes(settings):
    from relationships.nurture import sending

    settings.NURTURE_RECORD_GROUP = 25
    try:
        assert sending.record_group() == 25
        sending.share_record_group(2)
        assert sending.record_group() == 12
        sending.share_record_group(40)
        assert sending.record_group() == 1
    finally:
        sending.share_record_group(1)
