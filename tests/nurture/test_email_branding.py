"""Nurture and system emails carry the workspace's branding and privacy notice (one base)."""

import pytest
from django.urls import reverse

from relationships.nurture.rendering import render_content, render_email
from tests.support.factories import WorkspaceFactory


@pytest.fixture
def branded(db):
    return WorkspaceFactory(
        accent_color="#7a1f5c",
        logo_url="https://cdn.example.com/logo.png",
        email_signature="Sam Rivers\nCareer coach",
        privacy_url="https://northstar.example/privacy",
        postal_address="1 High Street, York",
    )


def test_a_nurture_email_has_the_accent_logo_signature_and_privacy_link(branded):
    rendered = render_content(subject="Hi", body="A useful idea.", workspace=branded)
    assert "#7a1f5c" in rendered.html  # links and buttons in the coach's colour
    assert 'src="https://cdn.example.com/logo.png"' in rendered.html
    assert "Sam Rivers" in rendered.html and "Career coach" in rendered.html
    assert 'href="https://northstar.example/privacy"' in rendered.html
    assert "Sam Rivers\nCareer coach" in rendered.text
    assert "Privacy notice: https://northstar.example/privacy" in rendered.text


def test_a_system_email_uses_the_same_base_and_branding(branded):
    rendered = render_email("confirm_signup", {"workspace": branded, "confirm_url": "#"})
    assert 'src="https://cdn.example.com/logo.png"' in rendered.html
    assert "Privacy notice: https://northstar.example/privacy" in rendered.text


def test_without_branding_the_email_keeps_the_house_look(db):
    rendered = render_content(subject="Hi", body="Idea.", workspace=WorkspaceFactory())
    assert "<img" not in rendered.html and "Privacy notice" not in rendered.html


def test_the_sign_up_page_links_the_privacy_notice(client, branded):
    page = client.get(reverse("public:signup", args=[branded.slug])).content.decode()
    assert 'href="https://northstar.example/privacy"' in page
