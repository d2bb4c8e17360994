"""Every coach URL with an id answers 404 for another workspace's rows, never their data."""

import pytest
from django.urls import reverse

from relationships.models import Consent, StageKey
from relationships.nurture.enrollment import enroll
from tests.support.factories import (
    MembershipFactory,
    ProspectFactory,
    SequenceFactory,
    UserFactory,
    WorkspaceFactory,
    stage,
)

# (url name, method, data), every coach URL that takes an id.
URLS_WITH_AN_ID = [
    ("coach:prospect", "get", {}),
    ("coach:prospect_edit", "get", {}),
    ("coach:prospect_edit", "post", {"name": "Taken Over", "email": "x@example.org"}),
    ("coach:prospect_log", "post", {"kind": "note", "summary": "Hello"}),
    ("coach:prospect_consent", "post", {"how": "forged"}),
    ("coach:prospect_pause", "post", {}),
    ("coach:prospect_resume", "post", {}),
    ("coach:prospect_handled", "post", {}),
    ("coach:prospect_move", "get", {}),
    ("coach:prospect_move", "post", {"stage": "STAGE"}),
    ("coach:board_move", "post", {"stage": "STAGE"}),
    ("coach:diagnosis", "get", {}),
    ("coach:diagnosis", "post", {"current_situation": "x", "desired_outcome": "y"}),
]


@pytest.fixture
def stranger(db):
    """A prospect of another workspace, with a coach of their own."""
    elsewhere = WorkspaceFactory()
    MembershipFactory(user=UserFactory(), workspace=elsewhere)
    prospect = ProspectFactory(
        workspace=elsewhere,
        name="Someone Elsewhere",
        consent=Consent.PENDING,
        needs_attention=True,
        attention_reason="Replied",
    )
    enroll(prospect, SequenceFactory(workspace=elsewhere))
    return prospect


@pytest.mark.parametrize(("name", "method", "data"), URLS_WITH_AN_ID)
def test_another_workspaces_prospect_answers_404(client, coach, stranger, name, method, data):
    client.force_login(coach)
    data = {
        k: stage(stranger.workspace, StageKey.EXPLORING).pk if v == "STAGE" else v
        for k, v in data.items()
    }
    url = reverse(name, args=[stranger.pk])
    response = getattr(client, method)(url, data)
    assert response.status_code == 404
    assert b"Someone Elsewhere" not in response.content
    stranger.refresh_from_db()
    assert stranger.name == "Someone Elsewhere"
    assert stranger.stage.key == StageKey.NEEDS_HELP
    assert stranger.needs_attention and stranger.consent == Consent.PENDING
    assert not stranger.interactions.exists() and not stranger.diagnoses.exists()


def test_a_workspaces_pages_never_list_another_workspaces_prospects(client, coach, stranger):
    client.force_login(coach)
    for name in ("coach:today", "coach:pipeline", "coach:prospects"):
        assert b"Someone Elsewhere" not in client.get(reverse(name)).content
    assert (
        b"Someone Elsewhere" not in client.get(reverse("coach:prospects"), {"q": "Someone"}).content
    )
