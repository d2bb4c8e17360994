"""Only the configured provider's webhook URLs exist; the others are 404, never 500."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PROVIDERS = [
    "amazon_ses",
    "brevo",
    "mailersend",
    "mailgun",
    "mailjet",
    "mailtrap",
    "postal",
    "postmark",
    "resend",
    "sendgrid",
    "sparkpost",
]


@pytest.mark.parametrize("esp", PROVIDERS)
def test_with_no_provider_configured_every_webhook_url_is_404(settings, esp):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ANYMAIL_WEBHOOK_ESP = ""
    client = Client(raise_request_exception=False)
    assert client.post(f"/anymail/{esp}/tracking/", "{}", content_type="json").status_code == 404
    assert client.post(f"/anymail/{esp}/inbound/", "{}", content_type="json").status_code == 404


def test_only_the_configured_providers_urls_answer(settings):
    settings.EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
    settings.ANYMAIL_WEBHOOK_ESP = ""
    client = Client(raise_request_exception=False)
    # Postmark's own URL is there (it asks for the webhook's basic auth).
    assert client.post(reverse("anymail:postmark_tracking_webhook"), {}).status_code == 400
    # Mailgun isn't set up: before, its view raised ImproperlyConfigured, a 500.
    assert client.post("/anymail/mailgun/tracking/", {}).status_code == 404
    assert client.post("/anymail/mandrill/", {}).status_code == 404
