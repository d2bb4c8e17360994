"""The send path against a real SMTP server (aiosmtpd): parts, headers, links, faults."""

import datetime
import re
import threading

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone

from relationships.models import (
    Consent,
    ContentStatus,
    Delivery,
    DeliveryStatus,
    EnrollmentState,
    StageKey,
)
from relationships.nurture.dispatch import claim_due
from relationships.nurture.enrollment import enroll
from relationships.nurture.messages import delivery_id_from_message_id
from relationships.nurture.sending import Batch, send_claimed
from relationships.selfservice.tokens import read_token
from tests.support.factories import ProspectFactory, SequenceFactory, stage
from tests.support.smtp_sink import Sink

TUESDAY = datetime.datetime(2026, 3, 10, 9, 30, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    with time_machine.travel(TUESDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def smtp():
    with (
        Sink() as sink,
        override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=sink.port,
            EMAIL_USE_TLS=False,
            EMAIL_TIMEOUT=5,
            SITE_URL="https://bridge.example.com",
        ),
    ):
        yield sink


def due_now(*prospects, steps=1):
    """Enroll each prospect in a one-step sequence and make its delivery due now."""
    workspace = prospects[0].workspace
    sequence = SequenceFactory(workspace=workspace, steps=[DAY * 0] * steps)
    for prospect in prospects:
        enroll(prospect, sequence)
    Delivery.objects.filter(prospect__in=prospects).update(due_at=timezone.now())
    return sequence


def send_everything_due():
    claim = claim_due(limit=100)
    return send_claimed(claim.ids, claim.token)


def test_a_sent_message_is_multipart_with_headers_footer_and_working_links(
    workspace, smtp, clock, client
):
    prospect = ProspectFactory(workspace=workspace, name="Ada Lovelace", email="ada@example.org")
    due_now(prospect)
    report = send_everything_due()
    assert report.sent == 1
    message = smtp.messages[0]

    assert message["To"] == "Ada Lovelace <ada@example.org>"
    assert message["From"] == f"{workspace.sender_name} <{workspace.sender_email}>"
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Hi Ada," in text and "{{" not in text
    assert "five-minute weekly review" in text and "**" not in text
    assert "the worksheet (https://example.com/review)" in text
    assert "<strong>five-minute weekly review</strong>" in html and "{{" not in html
    assert 'style="' in html  # CSS inlined
    assert "<style" not in html.split("</head>")[-1]
    for part in (text, html):
        assert workspace.postal_address in part or "Bristol BS1 1AA" in part
        for label in ("I'd like to talk", "Not now", "Less often", "Stop these emails"):
            assert label.replace("'", "&#x27;") in part or label in part

    delivery = Delivery.objects.get(prospect=prospect)
    assert delivery.status == DeliveryStatus.SENT
    assert message["Message-ID"] == delivery.message_id
    assert delivery_id_from_message_id(message["Message-ID"]) == delivery.pk

    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.fullmatch(
        r"<(https://bridge\.example\.com/p/unsubscribe/(\S+)/)>",
        message["List-Unsubscribe"].strip(),
    )
    assert unsubscribe, message["List-Unsubscribe"]
    assert read_token(unsubscribe.group(2), "unsubscribe") == prospect.pk
    # RFC 8058: a POST without cookies or CSRF token, answered without a redirect.
    response = client.post(
        unsubscribe.group(1).removeprefix("https://bridge.example.com"),
        {"List-Unsubscribe": "One-Click"},
    )
    assert response.status_code == 200
    prospect.refresh_from_db()
    assert prospect.consent == Consent.UNSUBSCRIBED

    links = set(re.findall(r"https://bridge\.example\.com/p/([a-z-]+)/[^/\s\"<>]+/", html))
    assert links == {"talk", "not-now", "less-often", "unsubscribe", "where", "preferences"}


def test_the_sent_event_carries_the_delivery_as_the_api_shows_it(workspace, smtp, clock):
    from relationships.integrations.representations import DeliveryOut
    from relationships.models import Event, EventType

    people = [ProspectFactory(workspace=workspace) for _ in range(2)]
    due_now(*people)
    Delivery.objects.filter(prospect=people[1]).update(smtp_attempts=2, reason="Moved: cap")
    assert send_everything_due().sent == 2
    for delivery in Delivery.objects.select_related("enrollment", "step"):
        event = Event.objects.get(type=EventType.DELIVERY_SENT, prospect=delivery.prospect)
        assert event.data["delivery"] == DeliveryOut.from_orm(delivery).model_dump(mode="json")
    assert {e.data["delivery"]["attempts"] for e in Event.objects.all()} == {1, 3}


@pytest.mark.parametrize("count", [2, 12])
def test_a_batch_costs_the_same_queries_however_many_it_sends(
    workspace, smtp, clock, django_assert_num_queries, count, settings
):
    """Loading, re-checking, sending and recording: no query per delivery (a deferred column
    the send path reads would show here as one)."""
    settings.NURTURE_RECORD_GROUP = 25
    due_now(*[ProspectFactory(workspace=workspace) for _ in range(count)])
    claim = claim_due(limit=100)
    # Claimed rows with their prospects and enrollments; steps, workspaces, stages,
    # sequences; recent sends; the record in its transaction: the UPDATE, the events,
    # their endpoints.
    with django_assert_num_queries(11):
        assert send_claimed(claim.ids, claim.token).sent == count


def test_content_is_rendered_once_per_batch_and_personalized_per_person(workspace, smtp, clock):
    people = [
        ProspectFactory(workspace=workspace, name=name, email=f"{name.lower()}@example.org")
        for name in ("Ada", "Grace", "Katherine")
    ]
    due_now(*people)
    assert send_everything_due().sent == 3
    greetings = sorted(m.get_body(("plain",)).get_content().split(",")[0] for m in smtp.messages)
    assert greetings == ["Hi Ada", "Hi Grace", "Hi Katherine"]
    assert len({m["Message-ID"] for m in smtp.messages}) == 3


def test_merge_values_are_escaped_in_html(workspace, smtp, clock):
    prospect = ProspectFactory(workspace=workspace, name="<b>Mallory</b> & co")
    due_now(prospect)
    send_everything_due()
    html = smtp.messages[0].get_body(("html",)).get_content()
    assert "&lt;b&gt;Mallory&lt;/b&gt;" in html and "<b>Mallory" not in html


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"consent": Consent.UNSUBSCRIBED}, "Consent is unsubscribed"),
        ({"consent": Consent.BOUNCED}, "Consent is bounced"),
    ],
)
def test_it_skips_a_delivery_whose_prospect_no_longer_consents(
    workspace, smtp, clock, change, reason
):
    prospect = ProspectFactory(workspace=workspace)
    due_now(prospect)
    type(prospect).objects.filter(pk=prospect.pk).update(**change)
    report = send_everything_due()
    assert (report.sent, report.skipped) == (0, 1)
    delivery = Delivery.objects.get(prospect=prospect)
    assert (delivery.status, delivery.reason) == (DeliveryStatus.SKIPPED, reason)
    assert smtp.messages == []


def test_it_skips_when_content_is_no_longer_approved_or_the_stage_moved_on(workspace, smtp, clock):
    a = ProspectFactory(workspace=workspace)
    b = ProspectFactory(workspace=workspace)
    sequence = due_now(a)
    enroll(b, sequence)
    Delivery.objects.filter(prospect=b).update(due_at=timezone.now())
    step = sequence.steps.get()
    type(step.content).objects.filter(pk=step.content_id).update(status=ContentStatus.DRAFT)
    send_everything_due()
    reasons = set(Delivery.objects.values_list("reason", flat=True))
    assert reasons == {"Content no longer approved"}

    c = ProspectFactory(workspace=workspace)
    type(step.content).objects.filter(pk=step.content_id).update(status=ContentStatus.APPROVED)
    enroll(c, sequence)
    Delivery.objects.filter(prospect=c).update(due_at=timezone.now())
    type(c).objects.filter(pk=c.pk).update(stage=stage(workspace, StageKey.EXPLORING))
    send_everything_due()
    assert Delivery.objects.get(prospect=c).reason == "Now in Exploring"
    assert smtp.messages == []


def test_outside_the_window_it_reschedules_into_the_next_window(workspace, smtp, clock):
    prospect = ProspectFactory(workspace=workspace, timezone="Europe/London")
    due_now(prospect)
    clock.move_to(datetime.datetime(2026, 3, 13, 15, tzinfo=datetime.UTC))  # a Friday afternoon
    Delivery.objects.update(due_at=timezone.now())
    report = send_everything_due()
    assert report.rescheduled == 1
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.SCHEDULED
    assert delivery.reason == "Moved: outside the send window"
    local = delivery.due_at.astimezone(prospect.zone)
    assert local.isoweekday() == 2 and 9 <= local.hour < 11  # the next Tuesday morning


def test_the_cap_reschedules_a_second_email_due_the_same_day(workspace, smtp, clock):
    prospect = ProspectFactory(workspace=workspace)
    due_now(prospect, steps=2)
    report = send_everything_due()
    assert (report.sent, report.rescheduled) == (1, 1)
    later = Delivery.objects.get(status=DeliveryStatus.SCHEDULED)
    assert later.due_at - timezone.now() >= DAY * workspace.frequency_cap_days
    assert later.reason == "Moved: frequency cap"


@pytest.mark.parametrize("fault", ["tempfail-2", "busy-1", "drop-1"])
def test_temporary_failures_retry_with_backoff_then_succeed(workspace, smtp, clock, fault):
    prospect = ProspectFactory(workspace=workspace, email=f"{fault}-x@example.org")
    neighbour = ProspectFactory(workspace=workspace, email="fine@example.org")
    due_now(prospect, neighbour)
    waits = []
    for _ in range(6):
        report = send_everything_due()
        delivery = Delivery.objects.get(prospect=prospect)
        if delivery.status == DeliveryStatus.SENT:
            break
        assert delivery.status == DeliveryStatus.SCHEDULED
        assert delivery.last_error
        waits.append(delivery.due_at - timezone.now())
        clock.move_to(delivery.due_at)
    assert delivery.status == DeliveryStatus.SENT
    assert waits == sorted(waits) and waits[0] >= datetime.timedelta(minutes=1)
    # One failure never holds back or re-sends its neighbour.
    sent_to = [m["To"] for m in smtp.messages]
    assert sum("fine@example.org" in to for to in sent_to) == 1
    assert sum(fault in to for to in sent_to) == 1
    assert report is not None


def test_a_reused_connection_is_reset_after_an_error(workspace, smtp, clock):
    people = [
        ProspectFactory(workspace=workspace, email=email)
        for email in ("a@example.org", "drop-2-b@example.org", "c@example.org", "d@example.org")
    ]
    due_now(*people)
    report = send_everything_due()
    # b's kept connection died: tried once more on a fresh one, which died too.
    assert (report.sent, report.retrying) == (3, 1)
    assert sorted(m["To"].addresses[0].username for m in smtp.messages) == ["a", "c", "d"]


def test_unknown_recipient_fails_marks_bounced_and_exits_enrollments(workspace, smtp, clock):
    prospect = ProspectFactory(workspace=workspace, email="unknown-ada@example.org")
    sequence = due_now(prospect, steps=3)
    report = send_everything_due()
    assert (report.failed, report.bounced) == (1, 1)
    prospect.refresh_from_db()
    assert prospect.consent == Consent.BOUNCED
    enrollment = prospect.enrollments.get(sequence=sequence)
    assert enrollment.state == EnrollmentState.EXITED
    failed = Delivery.objects.get(status=DeliveryStatus.FAILED)
    assert failed.last_error.startswith("550")
    assert not Delivery.objects.filter(status=DeliveryStatus.SCHEDULED).exists()


def test_a_permanent_rejection_fails_without_bouncing_the_address(workspace, smtp, clock):
    prospect = ProspectFactory(workspace=workspace, email="rejectdata-ada@example.org")
    due_now(prospect)
    report = send_everything_due()
    assert (report.failed, report.bounced) == (1, 0)
    prospect.refresh_from_db()
    assert prospect.consent == Consent.CONFIRMED
    assert Delivery.objects.get().last_error.startswith("554")


def test_temporary_failures_give_up_after_the_attempt_limit(workspace, smtp, clock):
    prospect = ProspectFactory(workspace=workspace, email="tempfail-99-ada@example.org")
    due_now(prospect)
    with override_settings(NURTURE_MAX_ATTEMPTS=3):
        for _ in range(5):
            send_everything_due()
            delivery = Delivery.objects.get()
            if delivery.status == DeliveryStatus.FAILED:
                break
            clock.move_to(delivery.due_at)
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.smtp_attempts == 3
    assert delivery.last_error.startswith("451")


def test_claims_without_a_send_do_not_use_up_smtp_attempts(workspace, smtp, clock):
    """Leases lost to crashes or a broker restart are claims, not tries: the first real
    451 still earns the full retries, and the first backoff."""
    prospect = ProspectFactory(workspace=workspace, email="tempfail-1-ada@example.org")
    due_now(prospect)
    with override_settings(NURTURE_MAX_ATTEMPTS=3, NURTURE_LEASE_SECONDS=60):
        for _ in range(4):  # claimed, and the task lost each time
            assert len(claim_due(limit=10).ids) == 1
            clock.shift(datetime.timedelta(seconds=61))
        report = send_everything_due()
    delivery = Delivery.objects.get()
    assert report.retrying == 1
    assert (delivery.status, delivery.claims, delivery.smtp_attempts) == (
        DeliveryStatus.SCHEDULED,
        5,
        1,
    )
    assert delivery.due_at - timezone.now() == datetime.timedelta(minutes=1)
    clock.move_to(delivery.due_at)
    send_everything_due()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.claims, delivery.smtp_attempts) == (DeliveryStatus.SENT, 6, 2)


def test_accept_then_hang_up_records_the_send_and_spares_the_next_row(workspace, smtp, clock):
    """The server says 250 and closes: that row is sent, once; the next one goes out over a
    fresh connection at once instead of failing on the dead one."""
    people = [
        ProspectFactory(workspace=workspace, email=email)
        for email in ("acceptdrop-1-ada@example.org", "grace@example.org", "kath@example.org")
    ]
    due_now(*people)
    report = send_everything_due()
    assert (report.sent, report.retrying) == (3, 0)
    rows = Delivery.objects.order_by("pk")
    assert {(d.status, d.smtp_attempts) for d in rows} == {(DeliveryStatus.SENT, 1)}
    ids = [m["Message-ID"] for m in smtp.messages]
    assert sorted(ids) == sorted(d.message_id for d in rows)


def test_an_accept_whose_reply_is_lost_is_sent_again_with_the_same_message_id(
    workspace, smtp, clock
):
    """Accepted, but the connection died before the 250 arrived: the row can't know, so it
    goes again, once, recognisable by its Message-ID; never lost."""
    prospect = ProspectFactory(workspace=workspace, email="lostreply-1-ada@example.org")
    due_now(prospect)
    assert send_everything_due().retrying == 1
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.smtp_attempts) == (DeliveryStatus.SCHEDULED, 1)
    clock.move_to(delivery.due_at)
    assert send_everything_due().sent == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.smtp_attempts) == (DeliveryStatus.SENT, 2)
    assert [m["Message-ID"] for m in smtp.messages] == [delivery.message_id] * 2


def test_a_stale_claim_sends_nothing(workspace, smtp, clock):
    prospect = ProspectFactory(workspace=workspace)
    due_now(prospect)
    claim = claim_due(limit=10)
    assert send_claimed(claim.ids, "not-the-token").sent == 0
    assert send_claimed(claim.ids, claim.token).sent == 1
    assert send_claimed(claim.ids, claim.token).sent == 0
    assert len(smtp.messages) == 1


def test_open_tracking_is_off_by_default(workspace, smtp, clock):
    prospect = ProspectFactory(workspace=workspace)
    due_now(prospect)
    send_everything_due()
    html = smtp.messages[0].get_body(("html",)).get_content()
    assert "<img" not in html and "/p/o/" not in html


def test_switched_on_an_open_is_recorded_once_as_a_signal(workspace, smtp, clock, client):
    prospect = ProspectFactory(workspace=workspace)
    due_now(prospect)
    with override_settings(NURTURE_TRACK_OPENS=True):
        send_everything_due()
        html = smtp.messages[0].get_body(("html",)).get_content()
        pixel = re.search(r'<img src="https://bridge\.example\.com(/p/o/[^"]+\.gif)"', html)
        assert pixel, html
        assert client.get(pixel.group(1)).status_code == 200
        first = Delivery.objects.get().opened_at
        clock.shift(datetime.timedelta(hours=1))
        response = client.get(pixel.group(1))
    assert response["Content-Type"] == "image/gif"
    assert first is not None and Delivery.objects.get().opened_at == first
    assert client.get("/p/o/forged-token.gif").status_code == 200


def test_a_sign_up_confirmation_goes_through_the_outbox_without_window_or_cap(
    workspace, smtp, clock, django_capture_on_commit_callbacks
):
    from relationships.models import DeliveryKind
    from relationships.nurture.outbox import queue_transactional

    prospect = ProspectFactory(workspace=workspace, consent=Consent.PENDING, name="Ada Byron")
    clock.move_to(datetime.datetime(2026, 3, 14, 22, tzinfo=datetime.UTC))  # Saturday night
    with django_capture_on_commit_callbacks() as wake:
        queue_transactional(prospect, kind=DeliveryKind.CONFIRM_SIGNUP)
    assert len(wake) == 1  # the dispatcher is woken after commit
    report = send_everything_due()
    assert report.sent == 1
    message = smtp.messages[0]
    assert "Please confirm" in message["Subject"]
    assert message["List-Unsubscribe"] is None
    text = message.get_body(("plain",)).get_content()
    confirm = re.search(r"https://bridge\.example\.com/p/confirm/(\S+)/", text)
    assert confirm and read_token(confirm.group(1), "confirm") == prospect.pk
    assert "Hi Ada," in text

    type(prospect).objects.filter(pk=prospect.pk).update(consent=Consent.CONFIRMED)
    queue_transactional(prospect, kind=DeliveryKind.CONFIRM_SIGNUP)
    assert send_everything_due().skipped == 1


def test_a_batch_that_waited_past_its_lease_sends_only_what_is_still_its_own(
    workspace, smtp, clock
):
    people = [ProspectFactory(workspace=workspace) for _ in range(4)]
    due_now(*people)
    with override_settings(NURTURE_LEASE_SECONDS=60):
        late = claim_due(limit=10)
        clock.shift(datetime.timedelta(seconds=61))  # the task sat in the broker
        Delivery.objects.filter(pk__in=late.ids[2:]).update(due_at=timezone.now())
        taken = claim_due(limit=2)  # another dispatcher takes two of the expired rows
        assert len(taken.ids) == 2
        report = send_claimed(late.ids, late.token)
        assert report.sent == 2
        held = Delivery.objects.filter(pk__in=late.ids).exclude(pk__in=taken.ids)
        assert {d.status for d in held} == {DeliveryStatus.SENT}
        assert send_claimed(taken.ids, taken.token).sent == 2
    assert len(smtp.messages) == 4
    assert len({m["Message-ID"] for m in smtp.messages}) == 4


def test_a_batch_that_waited_past_its_lease_renews_before_its_first_send(workspace, smtp, clock):
    """Rows another dispatcher reclaims after a late batch loaded them, before its first
    send, go out once: the batch renews first and finds them gone. (Its sender used to
    start at once, so a busy worker sent such rows twice.)"""
    people = [ProspectFactory(workspace=workspace) for _ in range(4)]
    due_now(*people)
    with override_settings(NURTURE_LEASE_SECONDS=60):
        late = claim_due(limit=10)
        clock.shift(datetime.timedelta(seconds=61))  # the task sat in the broker
        batch = Batch(late.ids, late.token)  # its rows loaded: still its own
        taken = claim_due(limit=2)  # then another dispatcher takes two of them
        assert len(taken.ids) == 2
        record_all, transmit = batch.record_all, batch.transmit
        first_sent = threading.Event()

        def transmit_and_tell(message):
            outcome = transmit(message)
            first_sent.set()
            return outcome

        def busy_record_all(ready, outcomes):  # the recording thread, late on a busy machine
            first_sent.wait(timeout=10)
            record_all(ready, outcomes)

        batch.record_all, batch.transmit = busy_record_all, transmit_and_tell
        assert batch.run().sent == 2
        assert send_claimed(taken.ids, taken.token).sent == 2
    assert len(smtp.messages) == 4
    assert len({m["Message-ID"] for m in smtp.messages}) == 4


def test_a_long_batch_renews_its_lease_as_it_goes(workspace, smtp, clock):
    people = [ProspectFactory(workspace=workspace) for _ in range(6)]
    due_now(*people)
    leases = []
    with override_settings(NURTURE_LEASE_SECONDS=60, NURTURE_RECORD_GROUP=2):
        claim = claim_due(limit=10)
        original = Delivery.objects.get(pk=claim.ids[-1]).lease_until
        batch = Batch(claim.ids, claim.token)
        transmit, take = batch.transmit, batch.take
        watched = batch.deliveries[-1].pk  # the row sent last

        def slow_transmit(message):
            clock.shift(datetime.timedelta(seconds=20))  # each send takes 20 s
            return transmit(message)

        def take_and_look(delivery, outcome):  # in the recording thread, as the batch
            take(delivery, outcome)
            if delivery.pk != watched:
                leases.append((timezone.now(), Delivery.objects.get(pk=watched).lease_until))

        batch.transmit, batch.take = slow_transmit, take_and_look
        report = batch.run()
    assert report.sent == 6
    # Two minutes of sending on a one-minute lease, renewed whenever 15 s had passed: the
    # last row's lease never ran out while it waited, and was gone once it was sent.
    assert leases[-1][1] > original + datetime.timedelta(seconds=60)
    assert all(lease > moment for moment, lease in leases)
    assert set(Delivery.objects.values_list("status", "lease_until")) == {
        (DeliveryStatus.SENT, None)
    }
    assert len(smtp.messages) == 6


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("listening", [False, True])
def test_a_group_is_recorded_with_its_events_as_one_transaction(smtp, clock, listening):
    """As a worker records, with no transaction open. On PostgreSQL, with no endpoint
    wanting the events, the UPDATE and the events' INSERT go as one statement (the UPDATE
    a CTE whose rows the INSERT reads: one round trip, one transaction); otherwise they go
    in a transaction with the webhook rows. The rows, their Message-IDs and events come
    out the same either way."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from relationships.models import Event, EventType, WebhookDelivery, WebhookEndpoint
    from relationships.nurture.messages import message_id_for, sender_domain
    from tests.support.factories import WorkspaceFactory

    workspace = WorkspaceFactory()
    if listening:
        WebhookEndpoint.objects.create(
            workspace=workspace, url="https://h.example.com/", events=["delivery.sent"], secret="s"
        )
    people = [ProspectFactory(workspace=workspace) for _ in range(3)]
    due_now(*people)
    claim = claim_due(limit=10)
    batch = Batch(claim.ids, claim.token)
    batch.pending_sent = list(batch.deliveries)
    one_string = connection.vendor == "postgresql" and not listening
    # After the endpoints: one query string, or the UPDATE, the events (and webhook rows).
    with CaptureQueriesContext(connection) as queries:
        batch.record_sent()
    written = [" ".join(query["sql"].split()[:3]) for query in queries.captured_queries][1:]
    update, insert = 'UPDATE "relationships_delivery" SET', 'INSERT INTO "relationships_event"'
    if one_string:
        (query,) = queries.captured_queries[1:]
        assert query["sql"].startswith("WITH recorded AS (UPDATE")
        assert f") {insert}" in query["sql"] and "; " not in query["sql"]
    else:
        hooks = ['INSERT INTO "relationships_webhookdelivery"'] if listening else []
        assert [w for w in written if w not in ("BEGIN", "BEGIN IMMEDIATE", "COMMIT")] == [
            update,
            insert,
            *hooks,
        ]
    domain = sender_domain(workspace)
    assert {(d.status, d.message_id) for d in Delivery.objects.all()} == {
        (DeliveryStatus.SENT, message_id_for(pk, domain)) for pk in claim.ids
    }
    events = Event.objects.filter(type=EventType.DELIVERY_SENT)
    assert sorted(e.data["delivery"]["id"] for e in events) == claim.ids
    assert WebhookDelivery.objects.count() == (3 if listening else 0)
