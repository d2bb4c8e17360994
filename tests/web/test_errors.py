import pytest
from django.test import Client


@pytest.mark.django_db
def test_a_form_without_its_csrf_token_gets_a_friendly_403():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "Please try that again" in body and "Nothing you sent was saved" in body
