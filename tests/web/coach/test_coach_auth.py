"""Signing in and out, resetting a password, and which workspace a coach works in."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from relationships.models import Role
from relationships.web.coach.access import SESSION_KEY
from tests.support.factories import (
    MembershipFactory,
    ProspectFactory,
    UserFactory,
    WorkspaceFactory,
)

PASSWORD = "pw-for-tests-123"

COACH_PAGES = [
    ("coach:today", []),
    ("coach:pipeline", []),
    ("coach:prospects", []),
    ("coach:prospect_new", []),
]


@pytest.mark.parametrize(("name", "args"), COACH_PAGES)
def test_it_sends_strangers_to_the_sign_in_page(client, db, name, args):
    url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_an_htmx_request_after_the_session_ended_sends_the_window_to_sign_in(client, db):
    response = client.get(
        reverse("coach:pipeline"),
        {"owner": "1"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/pipeline/?tag=2",
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{reverse('login')}?next=/pipeline/%3Ftag%3D2"


def test_it_sends_strangers_from_a_prospect_page_to_sign_in(client, workspace):
    prospect = ProspectFactory(workspace=workspace)
    url = reverse("coach:prospect", args=[prospect.pk])
    assert client.get(url)["Location"].startswith(reverse("login"))


def test_signing_in_lands_on_today(client, coach):
    response = client.post(
        reverse("login"), {"login": coach.username, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("coach:today")
    assert b"Needs you now" in response.content


def test_signing_in_returns_to_the_page_asked_for(client, coach):
    url = reverse("coach:pipeline")
    response = client.post(
        reverse("login"), {"login": coach.username, "password": PASSWORD, "next": url}
    )
    assert response["Location"] == url


def test_a_wrong_password_says_so_and_keeps_the_username(client, coach):
    response = client.post(reverse("login"), {"login": coach.username, "password": "nope"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "don&#x27;t match" in page
    assert f'value="{coach.username}"' in page


def test_signing_out_takes_a_post_and_ends_the_session(client, coach):
    client.force_login(coach)
    response = client.post(reverse("logout"), follow=True)
    assert response.status_code == 200
    assert b"You&#x27;re signed out" in response.content
    assert client.get(reverse("coach:today")).status_code == 302


def test_password_reset_mails_a_link_that_sets_a_new_password(client, coach):
    response = client.post(reverse("account_reset_password"), {"email": coach.email})
    assert response["Location"] == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [coach.email]
    assert message.subject == "Choose a new Bridge password"
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", message.body).group(1)

    form = client.get(link, follow=True)
    assert b"Choose a new password" in form.content
    done = client.post(
        form.redirect_chain[-1][0],
        {"password1": "a-calm-new-pass-42", "password2": "a-calm-new-pass-42"},
        follow=True,
    )
    assert b"Your password is changed" in done.content
    assert client.login(username=coach.username, password="a-calm-new-pass-42")


def test_a_used_or_broken_reset_link_explains_itself(client, db):
    response = client.get(reverse("account_reset_password_from_key", args=["MQ", "set-password"]))
    assert response.status_code == 200
    assert b"This link has expired" in response.content


def test_someone_without_a_workspace_is_told_so(client, db, settings):
    settings.ALLOW_SIGNUP = False  # with sign-up on, the first run makes their workspace
    loner = UserFactory()
    client.force_login(loner)
    response = client.get(reverse("coach:today"))
    assert response.status_code == 403
    assert b"not in a workspace yet" in response.content


def test_a_coach_works_in_their_first_workspace_until_they_switch(client, db):
    user = UserFactory()
    first = WorkspaceFactory(name="Alpha Coaching")
    second = WorkspaceFactory(name="Beta Coaching")
    MembershipFactory(user=user, workspace=first)
    MembershipFactory(user=user, workspace=second, role=Role.OWNER)
    ProspectFactory(workspace=first, name="Only In Alpha")
    ProspectFactory(workspace=second, name="Only In Beta")
    client.force_login(user)

    page = client.get(reverse("coach:prospects")).content.decode()
    assert "Only In Alpha" in page and "Only In Beta" not in page
    assert 'id="workspace-switch"' in page

    response = client.post(reverse("coach:switch_workspace"), {"workspace": second.pk})
    assert response["Location"] == reverse("coach:today")
    assert client.session[SESSION_KEY] == second.pk
    page = client.get(reverse("coach:prospects")).content.decode()
    assert "Only In Beta" in page and "Only In Alpha" not in page


def test_switching_to_a_workspace_you_are_not_in_answers_404(client, coach):
    stranger = WorkspaceFactory()
    client.force_login(coach)
    response = client.post(reverse("coach:switch_workspace"), {"workspace": stranger.pk})
    assert response.status_code == 404
    assert SESSION_KEY not in client.session


def test_a_stale_workspace_in_the_session_falls_back_to_a_membership(client, coach, workspace):
    client.force_login(coach)
    session = client.session
    session[SESSION_KEY] = WorkspaceFactory().pk
    session.save()
    response = client.get(reverse("coach:today"))
    assert response.status_code == 200
    assert workspace.name.encode() in response.content


def test_one_workspace_shows_its_name_instead_of_a_switcher(client, coach, workspace):
    client.force_login(coach)
    page = client.get(reverse("coach:today")).content.decode()
    assert 'id="workspace-switch"' not in page
    assert workspace.name in page


def test_every_page_has_a_skip_link_landmarks_and_csrf_for_htmx(client, coach):
    client.force_login(coach)
    page = client.get(reverse("coach:today")).content.decode()
    assert 'href="#main"' in page and '<main id="main"' in page
    assert '<nav class="mainnav" aria-label="Main">' in page
    assert re.search(r"hx-headers='\{\"X-CSRFToken\": \"\w+\"\}'", page)
    assert 'aria-live="polite"' in page
