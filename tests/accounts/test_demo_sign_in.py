"""The demo's login (`make run` prints it) still signs in through the sign-in page."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from relationships.workspaces.demo import load_demo


@pytest.mark.django_db
def test_the_demo_login_signs_in_on_the_sign_in_page(client):
    load_demo()
    response = client.post(reverse("login"), {"login": "demo", "password": "bridge-demo"})
    assert response["Location"] == reverse("coach:today")
    assert SESSION_KEY in client.session
    assert client.get(reverse("coach:today")).status_code == 200
