"""The pipeline board: columns per stage, filters, and moves through move_stage."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from relationships.models import StageChange, StageKey, Tag
from relationships.people.prospects import mark_handled
from relationships.people.replies import record_reply
from relationships.web.coach.queries.pipeline import BOARD_CARDS_PER_COLUMN
from tests.support.factories import (
    DiagnosisFactory,
    MembershipFactory,
    ProspectFactory,
    UserFactory,
    WorkspaceFactory,
    stage,
)

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def signed_in(client, coach):
    client.force_login(coach)
    return client


def column(page: str, name: str) -> str:
    """One column's HTML, from its heading to the next column."""
    start = page.index(f"<span>{name}</span>")
    end = page.find('<li class="column', start)
    return page[start : end if end != -1 else len(page)]


def test_it_shows_a_column_per_stage_in_order_with_counts(signed_in, workspace):
    ProspectFactory.create_batch(2, workspace=workspace, stage=stage(workspace, StageKey.EXPLORING))
    ProspectFactory(workspace=workspace, name="Dana Diagnosed")

    page = signed_in.get(reverse("coach:pipeline")).content.decode()

    names = re.findall(r'<h2 class="column-head"[^>]*>\s*<span>([^<]+)</span>', page)
    assert names == [s.name for s in workspace.stages.order_by("position")]
    assert '<span class="count">2<span class="visually-hidden"> prospects</span>' in column(
        page, "Exploring"
    )
    assert "Nobody here yet." in column(page, "Client")


def test_cards_show_days_in_stage_last_touch_and_signals(signed_in, workspace):
    prospect = ProspectFactory(
        workspace=workspace,
        name="Rita Replied",
        stage_entered_at=timezone.now() - datetime.timedelta(days=5),
    )
    record_reply(prospect, summary="Tell me more.")

    card = column(signed_in.get(reverse("coach:pipeline")).content.decode(), "In conversation")

    assert "Rita Replied" in card
    assert "0 days in stage" in card  # the reply moved them into conversation just now
    assert "Last touch today" in card
    assert '<li class="signal signal-attention">Replied</li>' in card
    mark_handled(prospect)
    card = column(signed_in.get(reverse("coach:pipeline")).content.decode(), "In conversation")
    # Handled, the reply stays on the card as a signal.
    assert '<li class="signal">Replied</li>' in card


def test_filters_narrow_the_board_and_htmx_gets_the_board_partial(signed_in, workspace, coach):
    other = UserFactory(first_name="Olive")
    MembershipFactory(user=other, workspace=workspace)
    mine = ProspectFactory(
        workspace=workspace, name="Mine Referral", owner=coach, source="Referral"
    )
    tagged = ProspectFactory(workspace=workspace, name="Theirs Tagged", owner=other)
    tag = Tag.objects.create(workspace=workspace, name="founder")
    tagged.tags.add(tag)

    by_owner = signed_in.get(reverse("coach:pipeline"), {"owner": coach.pk}, **HTMX)
    assert b"<html" not in by_owner.content and b'id="board"' in by_owner.content
    assert mine.name.encode() in by_owner.content and tagged.name.encode() not in by_owner.content

    by_tag = signed_in.get(reverse("coach:pipeline"), {"tag": tag.pk}).content.decode()
    assert tagged.name in by_tag and mine.name not in by_tag
    assert "match these filters" in by_tag

    by_source = signed_in.get(reverse("coach:pipeline"), {"source": "Referral"}).content.decode()
    assert mine.name in by_source and tagged.name not in by_source


def test_a_stale_or_foreign_filter_is_ignored_not_an_error(signed_in, workspace):
    foreign_tag = Tag.objects.create(workspace=WorkspaceFactory(), name="elsewhere")
    ProspectFactory(workspace=workspace, name="Still Shown")
    response = signed_in.get(
        reverse("coach:pipeline"), {"tag": foreign_tag.pk, "owner": "nobody", "source": "?"}
    )
    assert response.status_code == 200
    assert b"Still Shown" in response.content


def test_moving_a_card_moves_them_through_move_stage(signed_in, workspace, coach):
    prospect = ProspectFactory(workspace=workspace, name="Ben Moving")
    exploring = stage(workspace, StageKey.EXPLORING)

    response = signed_in.post(
        reverse("coach:board_move", args=[prospect.pk]), {"stage": exploring.pk, "query": ""}
    )

    assert response.status_code == 302 and response["Location"] == reverse("coach:pipeline")
    prospect.refresh_from_db()
    assert prospect.stage == exploring
    change = StageChange.objects.filter(prospect=prospect).latest()
    assert (change.to_stage, change.user, change.actor) == (exploring, coach, "coach")


def test_a_move_keeps_the_filters_the_board_had(signed_in, workspace):
    prospect = ProspectFactory(workspace=workspace, source="Referral")
    response = signed_in.post(
        reverse("coach:board_move", args=[prospect.pk]),
        {"stage": stage(workspace, StageKey.EXPLORING).pk, "query": "source=Referral"},
    )
    assert response["Location"] == reverse("coach:pipeline") + "?source=Referral"


def test_with_htmx_a_move_answers_with_the_board_and_says_what_happened(signed_in, workspace):
    prospect = ProspectFactory(workspace=workspace, name="Ben Moving")
    response = signed_in.post(
        reverse("coach:board_move", args=[prospect.pk]),
        {"stage": stage(workspace, StageKey.EXPLORING).pk},
        **HTMX,
    )
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert page.lstrip().startswith('<div id="board"')
    assert "Moved Ben Moving to Exploring." in page
    assert "Ben Moving" in column(page, "Exploring")


def test_a_refused_move_to_ready_explains_why_and_offers_to_diagnose(signed_in, workspace):
    prospect = ProspectFactory(workspace=workspace, name="Farid Haddad", source="LinkedIn")
    ready = stage(workspace, StageKey.READY)

    response = signed_in.post(
        reverse("coach:board_move", args=[prospect.pk]),
        {"stage": ready.pk, "query": "source=LinkedIn"},
        **HTMX,
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Farid Haddad did not move." in page
    assert "Record a diagnosis of Farid Haddad before moving them to Ready to invest" in page
    diagnose = reverse("coach:diagnosis", args=[prospect.pk])
    assert f"{diagnose}?move_to={ready.pk}&amp;next=/pipeline/%3Fsource%3DLinkedIn" in page
    prospect.refresh_from_db()
    assert prospect.stage.key == StageKey.NEEDS_HELP


def test_a_refused_move_without_javascript_shows_the_whole_board_with_the_reason(
    signed_in, workspace
):
    prospect = ProspectFactory(workspace=workspace, name="Farid Haddad")
    response = signed_in.post(
        reverse("coach:board_move", args=[prospect.pk]),
        {"stage": stage(workspace, StageKey.READY).pk},
    )
    assert response.status_code == 200
    assert b"<html" in response.content and b"Record diagnosis of Farid Haddad" in response.content


def test_after_a_diagnosis_the_same_move_is_accepted(signed_in, workspace):
    prospect = ProspectFactory(workspace=workspace, name="Farid Haddad")
    DiagnosisFactory(prospect=prospect)
    ready = stage(workspace, StageKey.READY)
    signed_in.post(reverse("coach:board_move", args=[prospect.pk]), {"stage": ready.pk})
    prospect.refresh_from_db()
    assert prospect.stage == ready


def test_not_now_asks_for_a_revisit_date_then_moves(signed_in, workspace):
    prospect = ProspectFactory(workspace=workspace, name="Hannah Schulz")
    not_now = stage(workspace, StageKey.NOT_NOW)
    url = reverse("coach:board_move", args=[prospect.pk])

    asked = signed_in.post(url, {"stage": not_now.pk}, **HTMX).content.decode()

    assert "Not now needs a revisit date" in asked
    assert 'type="date"' in asked and f'name="stage" value="{not_now.pk}"' in asked
    revisit = timezone.localdate() + datetime.timedelta(days=90)
    signed_in.post(url, {"stage": not_now.pk, "revisit_on": revisit.isoformat()}, **HTMX)
    prospect.refresh_from_db()
    assert (prospect.stage, prospect.revisit_on) == (not_now, revisit)


def test_a_revisit_date_that_is_not_a_date_is_a_message_not_a_500(signed_in, workspace):
    prospect = ProspectFactory(workspace=workspace)
    response = signed_in.post(
        reverse("coach:board_move", args=[prospect.pk]),
        {"stage": stage(workspace, StageKey.NOT_NOW).pk, "revisit_on": "someday"},
        **HTMX,
    )
    assert response.status_code == 200
    assert b"Enter a valid date." in response.content


def test_moving_without_a_stage_or_to_a_foreign_stage_explains_it(signed_in, workspace):
    prospect = ProspectFactory(workspace=workspace)
    url = reverse("coach:board_move", args=[prospect.pk])
    assert b"Choose the stage to move them to." in signed_in.post(url, {}, **HTMX).content
    foreign = stage(WorkspaceFactory(), StageKey.EXPLORING)
    response = signed_in.post(url, {"stage": foreign.pk}, **HTMX)
    assert b"Choose one of this workspace&#x27;s stages." in response.content
    prospect.refresh_from_db()
    assert prospect.stage.key == StageKey.NEEDS_HELP


def test_a_full_column_shows_its_first_cards_and_links_to_the_rest(signed_in, workspace):
    ProspectFactory.create_batch(BOARD_CARDS_PER_COLUMN + 3, workspace=workspace)
    page = signed_in.get(reverse("coach:pipeline")).content.decode()
    needs_help = column(page, "Needs help")
    assert needs_help.count('<li class="card') == BOARD_CARDS_PER_COLUMN
    assert "3 more in the list" in needs_help


def test_cards_carry_drag_and_keyboard_paths(signed_in, workspace):
    prospect = ProspectFactory(workspace=workspace, name="Ada Drag")
    page = signed_in.get(reverse("coach:pipeline")).content.decode()
    assert f'draggable="true" data-prospect="{prospect.pk}"' in page
    assert (
        f'<label for="move-{prospect.pk}" class="visually-hidden">Move Ada Drag to</label>' in page
    )
    assert 'src="/static/bridge/board.js"' in page
