"""Provider webhooks through django-anymail, fed with Postmark's documented payloads."""

import base64
import json

import pytest
from django.conf import settings
from django.utils import timezone

from relationships.models import (
    Consent,
    Delivery,
    DeliveryStatus,
    EnrollmentState,
    Sequence,
    StageKey,
)
from relationships.nurture.enrollment import enroll
from relationships.nurture.messages import message_id_for
from tests.support.factories import ProspectFactory, SequenceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def postmark_webhooks(settings):
    # Only the configured provider's webhook URLs answer (relationships/web/esp_webhooks.py).
    settings.ANYMAIL_WEBHOOK_ESP = "postmark"


@pytest.fixture
def sent(workspace):
    prospect = ProspectFactory(workspace=workspace, email="ada@example.org")
    enroll(prospect, SequenceFactory(workspace=workspace))
    delivery = prospect.deliveries.order_by("due_at").first()
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENT,
        sent_at=timezone.now(),
        message_id=message_id_for(delivery.pk, "practice.example"),
    )
    delivery.refresh_from_db()
    return delivery


def post(client, path, payload, secret=None):
    secret = secret or settings.ANYMAIL["WEBHOOK_SECRET"]
    auth = base64.b64encode(secret.encode()).decode()
    return client.post(
        path,
        json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {auth}",
    )


def bounce(delivery, **extra):
    # Postmark's documented bounce webhook body (postmarkapp.com/developer/webhooks/bounce-webhook).
    return {
        "RecordType": "Bounce",
        "ID": 4323372036854775807,
        "Type": "HardBounce",
        "TypeCode": 1,
        "Name": "Hard bounce",
        "Tag": "nurture",
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "Metadata": {"bridge_delivery": str(delivery.pk)},
        "ServerID": 23,
        "MessageStream": "broadcast",
        "Description": (
            "The server was unable to deliver your message (ex: unknown user, mailbox not found)."
        ),
        "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
        "Email": "ada@example.org",
        "From": "sam@practice.example",
        "BouncedAt": "2026-03-10T09:31:00Z",
        "DumpAvailable": True,
        "Inactive": True,
        "CanActivate": True,
        "Subject": "One small idea for your week",
        **extra,
    }


def test_a_hard_bounce_marks_the_address_bounced_and_stops_everything(client, sent):
    response = post(client, "/anymail/postmark/tracking/", bounce(sent))
    assert response.status_code == 200
    prospect = sent.prospect
    prospect.refresh_from_db()
    assert prospect.consent == Consent.BOUNCED
    assert prospect.enrollments.get().state == EnrollmentState.EXITED
    assert not prospect.deliveries.filter(status=DeliveryStatus.SCHEDULED).exists()


def test_a_spam_complaint_withdraws_consent(client, sent):
    payload = bounce(sent, RecordType="SpamComplaint", Type="SpamComplaint", TypeCode=512)
    assert post(client, "/anymail/postmark/tracking/", payload).status_code == 200
    sent.prospect.refresh_from_db()
    assert sent.prospect.consent == Consent.COMPLAINED


def test_a_click_is_a_signal_recorded_once(client, sent):
    click = {
        "RecordType": "Click",
        "MessageStream": "broadcast",
        "ClickLocation": "HTML",
        "Platform": "Desktop",
        "OriginalLink": "https://example.com/review",
        "MessageID": "00000000-0000-0000-0000-000000000000",
        "ReceivedAt": "2026-03-10T10:00:00Z",
        "Tag": "nurture",
        "Recipient": "ada@example.org",
        "Metadata": {"bridge_delivery": str(sent.pk)},
    }
    assert post(client, "/anymail/postmark/tracking/", click).status_code == 200
    sent.refresh_from_db()
    assert sent.clicked_at is not None
    sent.prospect.refresh_from_db()
    assert sent.prospect.consent == Consent.CONFIRMED


def test_events_for_mail_bridge_did_not_send_are_ignored(client, sent):
    payload = bounce(sent, Metadata={})
    assert post(client, "/anymail/postmark/tracking/", payload).status_code == 200
    sent.prospect.refresh_from_db()
    assert sent.prospect.consent == Consent.CONFIRMED


def test_a_webhook_without_the_secret_is_refused(client, sent):
    response = post(client, "/anymail/postmark/tracking/", bounce(sent), secret="who:knows")
    assert response.status_code == 400
    sent.prospect.refresh_from_db()
    assert sent.prospect.consent == Consent.CONFIRMED


def test_an_inbound_reply_is_matched_by_in_reply_to_and_stops_automation(client, sent):
    # A sequence that may go on in conversation: the reply pauses it (one bound to the
    # stage they leave exits as they move; see test_enrollment).
    Sequence.objects.filter(pk=sent.enrollment.sequence_id).update(exit_on_stage_leave=False)
    # Postmark's documented inbound webhook body, trimmed to what a reply carries.
    inbound = {
        "FromName": "Ada Lovelace",
        "MessageStream": "inbound",
        "From": "ada@example.org",
        "FromFull": {"Email": "ada@example.org", "Name": "Ada Lovelace", "MailboxHash": ""},
        "To": "sam@practice.example",
        "ToFull": [{"Email": "sam@practice.example", "Name": "", "MailboxHash": ""}],
        "Cc": "",
        "CcFull": [],
        "Bcc": "",
        "BccFull": [],
        "OriginalRecipient": "sam@practice.example",
        "Subject": "Re: One small idea for your week",
        "MessageID": "73e6d360-66eb-11e1-8e72-a8904824019b",
        "ReplyTo": "",
        "MailboxHash": "",
        "Date": "Tue, 10 Mar 2026 11:00:00 +0000",
        "TextBody": "This landed at the right time. Could we talk next week?",
        "HtmlBody": "",
        "StrippedTextReply": "This landed at the right time. Could we talk next week?",
        "Tag": "",
        "Headers": [
            {"Name": "In-Reply-To", "Value": sent.message_id},
            {"Name": "References", "Value": sent.message_id},
        ],
        "Attachments": [],
    }
    assert post(client, "/anymail/postmark/inbound/", inbound).status_code == 200
    prospect = sent.prospect
    prospect.refresh_from_db()
    sent.refresh_from_db()
    assert prospect.needs_attention and prospect.attention_reason == "Replied"
    assert prospect.stage.key == StageKey.IN_CONVERSATION
    assert sent.replied_at is not None
    reply = prospect.interactions.get(kind="email_in")
    assert "right time" in reply.summary
    assert prospect.enrollments.get().state == EnrollmentState.PAUSED
