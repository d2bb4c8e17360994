"""Content-Security-Policy on every kind of page: no inline script, nothing from elsewhere."""

import pytest
from django.urls import reverse

from relationships.models import Role
from tests.support.factories import MembershipFactory, ProspectFactory, UserFactory

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    parts = [part.strip().split(" ", 1) for part in header.split(";") if part.strip()]
    return {name: value for name, value in parts}


def strict(response) -> None:
    rules = policy(response)
    assert rules["script-src"] == "'self'"
    assert rules["default-src"] == "'self'"
    assert rules["object-src"] == "'none'" and rules["base-uri"] == "'none'"
    assert "unsafe-inline" not in rules["script-src"] and "unsafe-eval" not in str(rules)


@pytest.fixture
def owner(workspace):
    user = UserFactory(is_staff=True, is_superuser=True)
    MembershipFactory(user=user, workspace=workspace, role=Role.OWNER)
    return user


def test_the_sign_in_sign_up_and_reset_pages(client):
    for name in ("account_login", "account_signup", "account_reset_password"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        strict(response)
        assert policy(response)["frame-ancestors"] == "'none'"


def test_the_coachs_pages(client, owner, workspace):
    prospect = ProspectFactory(workspace=workspace)
    client.force_login(owner)
    for url in (
        reverse("coach:today"),
        reverse("coach:pipeline"),
        reverse("coach:prospect", args=[prospect.pk]),
        reverse("coach:content"),
        reverse("coach:settings"),
        reverse("mfa_index"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        strict(response)


def test_the_prospects_pages_and_the_embed_keeps_its_own_frame_ancestors(client, workspace):
    page = client.get(reverse("public:signup", kwargs={"slug": workspace.slug}))
    strict(page)
    assert policy(page)["frame-ancestors"] == "'none'"
    embed = client.get(reverse("public:signup", kwargs={"slug": workspace.slug}), {"embed": 1})
    strict(embed)
    assert policy(embed)["frame-ancestors"] == "'self' http: https:"


def test_the_admin_the_api_docs_and_error_pages(client, owner):
    client.force_login(owner)
    for url, status in (("/admin/", 200), ("/api/v1/docs", 200), ("/no-such-page/", 404)):
        response = client.get(url)
        assert response.status_code == status, url
        strict(response)


def test_no_template_holds_an_inline_script():
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parents[2] / "templates"
    inline = []
    for template in root.rglob("*.html"):
        for tag in re.findall(r"<script\b[^>]*>", template.read_text()):
            if "src=" not in tag and "application/json" not in tag:
                inline.append(f"{template.relative_to(root)}: {tag}")
        if re.search(r"\son[a-z]+=", template.read_text()):
            inline.append(f"{template.relative_to(root)}: an on… handler")
    assert inline == []
