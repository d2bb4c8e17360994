"""One email as a chosen prospect gets it, and "Send me a test" through the outbox."""

import pytest
from django.core import mail
from django.urls import reverse

from relationships.models import Consent, Delivery, DeliveryKind, DeliveryStatus
from relationships.nurture.dispatch import claim_due
from relationships.nurture.sending import send_claimed
from tests.support.factories import ContentFactory, ProspectFactory, WorkspaceFactory


@pytest.fixture
def signed_in(client, coach):
    coach.email = "sam@northstar.example"
    coach.save(update_fields=["email"])
    client.force_login(coach)
    return client


@pytest.fixture
def content(workspace):
    return ContentFactory(
        workspace=workspace,
        subject="A thought for you, {{ first_name }}",
        body="Hi {{ first_name }}.",
    )


def test_the_preview_fills_the_merge_fields_for_the_chosen_prospect(signed_in, workspace, content):
    ana = ProspectFactory(workspace=workspace, name="Ana Ruiz")
    url = reverse("coach:content_preview", args=[content.pk])
    page = signed_in.get(url, {"prospect": ana.pk}).content.decode()
    assert "A thought for you, Ana" in page and "Hi Ana." in page
    html = signed_in.get(
        reverse("coach:content_preview_html", args=[content.pk]), {"prospect": ana.pk}
    )
    assert b"Hi Ana." in html.content and b'href="#"' in html.content
    assert html["Content-Security-Policy"].startswith("default-src 'none'")
    example = signed_in.get(url).content.decode()
    assert "Hi Alex." in example


def test_another_workspaces_prospect_or_content_answers_404(signed_in, workspace, content):
    stranger = ProspectFactory(workspace=WorkspaceFactory())
    url = reverse("coach:content_preview", args=[content.pk])
    assert signed_in.get(url, {"prospect": stranger.pk}).status_code == 404
    theirs = ContentFactory(workspace=stranger.workspace)
    assert signed_in.get(reverse("coach:content_preview", args=[theirs.pk])).status_code == 404
    test = reverse("coach:content_test", args=[content.pk])
    assert signed_in.post(test, {"prospect": stranger.pk}).status_code == 404
    assert not Delivery.objects.exists()


def test_send_me_a_test_goes_through_the_outbox_to_the_coach_only(
    signed_in, workspace, content, django_capture_on_commit_callbacks
):
    ana = ProspectFactory(workspace=workspace, name="Ana Ruiz", consent=Consent.PENDING)
    with django_capture_on_commit_callbacks(execute=False):
        response = signed_in.post(
            reverse("coach:content_test", args=[content.pk]), {"prospect": ana.pk}, follow=True
        )
    assert "Test sent to sam@northstar.example" in response.content.decode()
    test = Delivery.objects.get()
    assert (test.kind, test.to_address, test.prospect) == (
        DeliveryKind.TEST,
        "sam@northstar.example",
        ana,
    )

    claim = claim_due(limit=10)
    send_claimed(claim.ids, claim.token)
    test.refresh_from_db()
    assert test.status == DeliveryStatus.SENT
    (message,) = mail.outbox
    assert message.to == ["sam@northstar.example"]
    assert message.subject == "[Test] A thought for you, Ana"
    assert message.extra_headers["X-Bridge-Test"] == "yes"
    assert "List-Unsubscribe" not in message.extra_headers
    assert "/p/" not in message.body  # its links never act on Ana's behalf
    ana.refresh_from_db()
    assert ana.consent == Consent.PENDING
    page = signed_in.get(reverse("coach:prospect", args=[ana.pk])).content.decode()
    assert "[Test]" not in page


def test_a_test_needs_a_prospect_and_the_coachs_address(signed_in, coach, workspace, content):
    url = reverse("coach:content_test", args=[content.pk])
    page = signed_in.post(url, {}, follow=True).content.decode()
    assert "Choose whose details to fill in" in page
    coach.email = ""
    coach.save(update_fields=["email"])
    ana = ProspectFactory(workspace=workspace)
    page = signed_in.post(url, {"prospect": ana.pk}, follow=True).content.decode()
    assert "no email address to send the test to" in page
    assert not Delivery.objects.exists()
