"""The lock: sign-in, sign-up and password reset are limited per account and per address."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from tests.support.factories import MembershipFactory, UserFactory

PASSWORD = "pw-for-tests-123"
LOCKED = "it is locked for"

pytestmark = pytest.mark.django_db


def sign_in(client, login, password, address, **headers):
    return client.post(
        reverse("account_login"),
        {"login": login, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def test_thirty_wrong_passwords_lock_the_account_and_the_right_one_is_then_refused(client):
    coach = UserFactory(username="demo")
    MembershipFactory(user=coach)
    answers = []
    # From 30 different addresses: the account's own lock doesn't care where guesses come from.
    for n in range(30):
        response = sign_in(client, "demo", f"guess-{n}", f"203.0.113.{n + 1}")
        answers.append(LOCKED in response.content.decode())
    assert answers[:5] == [False] * 5
    assert all(answers[5:])

    right = sign_in(client, "demo", PASSWORD, "203.0.113.99")
    assert right.status_code == 200
    assert LOCKED in right.content.decode()
    assert SESSION_KEY not in client.session


def test_the_lock_is_said_plainly_with_the_way_out(client, address):
    UserFactory(username="sam")
    for n in range(6):
        response = sign_in(client, "sam", f"wrong-{n}", address)
    page = response.content.decode()
    assert "Too many wrong passwords for this account" in page
    assert "15 minutes" in page and "Forgot your password?" in page


def test_the_lock_holds_for_the_address_too(client, address):
    UserFactory(username="ada", email="ada@example.com")
    for n in range(5):
        sign_in(client, "ada", f"wrong-{n}", address)
    # The same account named by its email address is still locked.
    response = sign_in(client, "ada@example.com", PASSWORD, "192.0.2.200")
    assert LOCKED in response.content.decode()
    assert SESSION_KEY not in client.session


def test_a_right_password_before_the_lock_signs_in(client, address):
    UserFactory(username="lee")
    for n in range(4):
        sign_in(client, "lee", f"wrong-{n}", address)
    response = sign_in(client, "lee", PASSWORD, address)
    assert response.status_code == 302
    assert SESSION_KEY in client.session


def test_rotating_x_forwarded_for_without_a_trusted_proxy_is_still_one_client(client, address):
    # Wrong passwords for many accounts, each claiming another address: without
    # TRUSTED_PROXIES the header is ignored, and the per-address limit (20 a minute) holds.
    for n in range(20):
        sign_in(client, f"nobody{n}", "guess", address, HTTP_X_FORWARDED_FOR=f"10.9.8.{n}")
    UserFactory(username="kim")
    response = sign_in(client, "kim", PASSWORD, address, HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert SESSION_KEY not in client.session
    assert "Too many" in response.content.decode()


@override_settings(TRUSTED_PROXIES=["192.0.2.10"])
def test_behind_a_trusted_proxy_each_forwarded_client_counts_on_its_own(client):
    for n in range(20):
        sign_in(client, f"nobody{n}", "guess", "192.0.2.10", HTTP_X_FORWARDED_FOR="198.18.0.1")
    UserFactory(username="kim")
    response = sign_in(client, "kim", PASSWORD, "192.0.2.10", HTTP_X_FORWARDED_FOR="198.18.0.2")
    assert response.status_code == 302
    assert SESSION_KEY in client.session


def test_password_reset_is_limited_per_address_asked_for(client, address):
    UserFactory(email="reset@example.com")
    answers = [
        client.post(
            reverse("account_reset_password"),
            {"email": "reset@example.com"},
            REMOTE_ADDR=f"{address[:-1]}{n}",
        ).status_code
        for n in range(5)
    ]
    assert answers[:3] == [302, 302, 302]
    assert answers[3:] == [429, 429]
    assert len(mail.outbox) == 3


def test_sign_up_is_limited_per_client(client, address):
    answers = []
    for n in range(11):
        response = client.post(
            reverse("account_signup"),
            {"email": f"new{n}@example.com", "password1": "a-calm-long-pass-42"},
            REMOTE_ADDR=address,
        )
        answers.append(response.status_code)
    assert answers[:10] == [302] * 10
    assert answers[10] == 429
    assert "Too many tries from here" in response.content.decode()
