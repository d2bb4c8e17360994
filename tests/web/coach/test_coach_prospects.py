"""The prospects list: search, filters, sort, pages, and bulk actions that are all-or-nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from relationships.models import (
    Consent,
    Delivery,
    Enrollment,
    EnrollmentState,
    Prospect,
    StageChange,
    StageKey,
    Tag,
)
from relationships.nurture.enrollment import enroll
from relationships.web.coach.queries.prospects import PROSPECTS_PER_PAGE
from relationships.web.coach.views import prospects as prospect_views
from tests.support.factories import (
    DiagnosisFactory,
    ProspectFactory,
    SequenceFactory,
    WorkspaceFactory,
    stage,
)

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def signed_in(client, coach):
    client.force_login(coach)
    return client


def names_in(page: str, prospects) -> list[str]:
    """The given prospects' names in the order the page shows them."""
    shown = [(page.find(f">{p.name}</a>"), p.name) for p in prospects]
    return [name for position, name in sorted(shown) if position != -1]


def test_an_empty_workspace_invites_to_add_the_first_prospect(signed_in):
    page = signed_in.get(reverse("coach:prospects")).content.decode()
    assert "No prospects yet." in page and "Add your first prospect" in page


def test_search_finds_by_name_or_email(signed_in, workspace):
    amara = ProspectFactory(workspace=workspace, name="Amara Okafor", email="amara@studio.example")
    ben = ProspectFactory(workspace=workspace, name="Ben Hartley", email="ben@example.org")
    by_name = signed_in.get(reverse("coach:prospects"), {"q": "okaf"}).content.decode()
    assert names_in(by_name, [amara, ben]) == ["Amara Okafor"]
    by_email = signed_in.get(reverse("coach:prospects"), {"q": "STUDIO"}).content.decode()
    assert names_in(by_email, [amara, ben]) == ["Amara Okafor"]
    nobody = signed_in.get(reverse("coach:prospects"), {"q": "zzz"}).content.decode()
    assert "Nobody matches." in nobody


def test_filters_by_stage_consent_owner_tag_source_and_attention(signed_in, workspace, coach):
    exploring = stage(workspace, StageKey.EXPLORING)
    tag = Tag.objects.create(workspace=workspace, name="founder")
    a = ProspectFactory(workspace=workspace, name="A Exploring", stage=exploring, owner=coach)
    b = ProspectFactory(workspace=workspace, name="B Pending", consent=Consent.PENDING)
    c = ProspectFactory(workspace=workspace, name="C Tagged", source="Workshop")
    c.tags.add(tag)
    d = ProspectFactory(
        workspace=workspace, name="D Waiting", needs_attention=True, attention_reason="Replied"
    )
    everyone = [a, b, c, d]

    def shown(**params):
        page = signed_in.get(reverse("coach:prospects"), params).content.decode()
        return names_in(page, everyone)

    assert shown(stage=exploring.pk) == ["A Exploring"]
    assert shown(consent="pending") == ["B Pending"]
    assert shown(owner=coach.pk) == ["A Exploring"]
    assert shown(tag=tag.pk) == ["C Tagged"]
    assert shown(source="Workshop") == ["C Tagged"]
    assert shown(attention="on") == ["D Waiting"]


def test_sorts_and_defaults_to_who_needs_attention_first(signed_in, workspace):
    now = timezone.now()
    old = ProspectFactory(
        workspace=workspace, name="Old Touch", last_touch_at=now.replace(year=2020)
    )
    new = ProspectFactory(workspace=workspace, name="New Touch", last_touch_at=now)
    waiting = ProspectFactory(workspace=workspace, name="Zed Waiting", needs_attention=True)
    everyone = [old, new, waiting]

    def order(**params):
        return names_in(
            signed_in.get(reverse("coach:prospects"), params).content.decode(), everyone
        )

    assert order() == ["Zed Waiting", "New Touch", "Old Touch"]
    assert order(sort="name") == ["New Touch", "Old Touch", "Zed Waiting"]
    assert order(sort="recent") == ["New Touch", "Old Touch", "Zed Waiting"]
    assert order(sort="quiet") == ["Zed Waiting", "Old Touch", "New Touch"]


def test_pages_through_many_prospects_keeping_the_filters(signed_in, workspace):
    for i in range(PROSPECTS_PER_PAGE + 5):
        ProspectFactory(workspace=workspace, name=f"Person {i:02d}", source="Website")
    first = signed_in.get(reverse("coach:prospects"), {"source": "Website", "sort": "name"})
    page = first.content.decode()
    assert f"showing 1–{PROSPECTS_PER_PAGE}" in page
    assert "?source=Website&amp;sort=name&amp;page=2" in page
    second = signed_in.get(
        reverse("coach:prospects"), {"source": "Website", "sort": "name", "page": 2}, **HTMX
    )
    assert b"<html" not in second.content and b'id="results"' in second.content
    assert b"Person 29" in second.content and b"Person 00" not in second.content
    assert signed_in.get(reverse("coach:prospects"), {"page": "999"}).status_code == 200


def test_bulk_move_moves_everyone_selected(signed_in, workspace):
    people = ProspectFactory.create_batch(3, workspace=workspace)
    exploring = stage(workspace, StageKey.EXPLORING)
    response = signed_in.post(
        reverse("coach:prospects_bulk"),
        {"prospects": [p.pk for p in people], "action": "move", "stage": exploring.pk},
    )
    assert response.status_code == 302
    assert set(Prospect.objects.values_list("stage", flat=True)) == {exploring.pk}
    page = signed_in.get(response["Location"]).content.decode()
    assert "Moved 3 prospects to Exploring." in page


def test_bulk_move_is_all_or_nothing_and_explains_each_refusal(signed_in, workspace):
    diagnosed = ProspectFactory(workspace=workspace, name="Dee Diagnosed")
    DiagnosisFactory(prospect=diagnosed)
    undiagnosed = ProspectFactory(workspace=workspace, name="Una Undiagnosed")
    ready = stage(workspace, StageKey.READY)
    changes_before = StageChange.objects.count()

    response = signed_in.post(
        reverse("coach:prospects_bulk"),
        {"prospects": [diagnosed.pk, undiagnosed.pk], "action": "move", "stage": ready.pk},
        **HTMX,
    )

    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert "Nothing was changed." in page
    assert "Record a diagnosis of Una Undiagnosed before moving them to Ready to invest" in page
    assert f"{reverse('coach:diagnosis', args=[undiagnosed.pk])}?move_to={ready.pk}" in page
    assert "Dee Diagnosed before" not in page
    assert StageChange.objects.count() == changes_before
    diagnosed.refresh_from_db()
    assert diagnosed.stage.key == StageKey.NEEDS_HELP
    # The selection is kept, so the coach can fix the cause and try again.
    assert f'value="{diagnosed.pk}" id="select-{diagnosed.pk}" checked' in page


def test_bulk_move_to_not_now_asks_for_the_revisit_date_once(signed_in, workspace):
    people = ProspectFactory.create_batch(2, workspace=workspace)
    not_now = stage(workspace, StageKey.NOT_NOW)
    response = signed_in.post(
        reverse("coach:prospects_bulk"),
        {"prospects": [p.pk for p in people], "action": "move", "stage": not_now.pk},
    )
    page = response.content.decode()
    assert page.count("Not now needs a revisit date") == 1
    revisit = timezone.localdate() + datetime.timedelta(days=60)
    signed_in.post(
        reverse("coach:prospects_bulk"),
        {
            "prospects": [p.pk for p in people],
            "action": "move",
            "stage": not_now.pk,
            "revisit_on": revisit.isoformat(),
        },
    )
    assert set(Prospect.objects.values_list("revisit_on", flat=True)) == {revisit}


def test_bulk_tag_adds_the_tag_and_keeps_the_others(signed_in, workspace):
    prospect = ProspectFactory(workspace=workspace)
    prospect.tags.add(Tag.objects.create(workspace=workspace, name="founder"))
    other = ProspectFactory(workspace=workspace)
    signed_in.post(
        reverse("coach:prospects_bulk"),
        {"prospects": [prospect.pk, other.pk], "action": "tag", "tag": " workshop "},
    )
    assert sorted(t.name for t in prospect.tags.all()) == ["founder", "workshop"]
    assert [t.name for t in other.tags.all()] == ["workshop"]


def test_bulk_enroll_refuses_all_when_one_has_not_agreed_to_email(signed_in, workspace):
    sequence = SequenceFactory(workspace=workspace)
    agreed = ProspectFactory(workspace=workspace)
    pending = ProspectFactory(workspace=workspace, name="Pia Pending", consent=Consent.PENDING)

    response = signed_in.post(
        reverse("coach:prospects_bulk"),
        {"prospects": [agreed.pk, pending.pk], "action": "enroll", "sequence": sequence.pk},
    )

    assert b"Pia Pending has not agreed to nurture email (consent: pending)." in response.content
    assert not Enrollment.objects.exists()
    signed_in.post(
        reverse("coach:prospects_bulk"),
        {"prospects": [agreed.pk], "action": "enroll", "sequence": sequence.pk},
    )
    assert Enrollment.objects.get().prospect == agreed


def test_bulk_enroll_refuses_someone_whose_stage_the_sequence_would_never_mail(
    signed_in, workspace
):
    # Issue 15, defect 1: the sender skips every email to someone outside the
    # sequence's stage, so enrolling them would show a schedule that never goes out.
    sequence = SequenceFactory(workspace=workspace, name="Welcome")
    fits = ProspectFactory(workspace=workspace)
    exploring = ProspectFactory(
        workspace=workspace, name="Eli Exploring", stage=stage(workspace, StageKey.EXPLORING)
    )

    response = signed_in.post(
        reverse("coach:prospects_bulk"),
        {"prospects": [fits.pk, exploring.pk], "action": "enroll", "sequence": sequence.pk},
    )

    page = response.content.decode()
    assert "Eli Exploring is in Exploring" in page
    assert "“Welcome” only mails people in Needs help" in page
    assert not Enrollment.objects.exists()
    assert not Delivery.objects.exists()


def test_bulk_enroll_takes_someone_in_another_stage_when_the_sequence_does_not_stop(
    signed_in, workspace
):
    sequence = SequenceFactory(workspace=workspace, exit_on_stage_leave=False)
    exploring = ProspectFactory(workspace=workspace, stage=stage(workspace, StageKey.EXPLORING))

    signed_in.post(
        reverse("coach:prospects_bulk"),
        {"prospects": [exploring.pk], "action": "enroll", "sequence": sequence.pk},
    )

    assert Enrollment.objects.get().prospect == exploring


def test_bulk_pause_pauses_active_nurture(signed_in, workspace):
    prospect = ProspectFactory(workspace=workspace)
    enrollment = enroll(prospect, SequenceFactory(workspace=workspace))
    quiet = ProspectFactory(workspace=workspace)
    response = signed_in.post(
        reverse("coach:prospects_bulk"),
        {"prospects": [prospect.pk, quiet.pk], "action": "pause"},
        follow=True,
    )
    enrollment.refresh_from_db()
    assert enrollment.state == EnrollmentState.PAUSED
    assert b"Paused nurture for 1 prospect. 1 had no active nurture." in response.content


def test_a_bulk_action_needs_a_selection_and_its_own_field(signed_in, workspace):
    prospect = ProspectFactory(workspace=workspace)
    nothing = signed_in.post(reverse("coach:prospects_bulk"), {"action": "move"})
    assert b"Select at least one prospect first." in nothing.content
    no_tag = signed_in.post(
        reverse("coach:prospects_bulk"), {"prospects": [prospect.pk], "action": "tag", "tag": ""}
    )
    assert b"Type the tag to add." in no_tag.content
    no_sequence = signed_in.post(
        reverse("coach:prospects_bulk"), {"prospects": [prospect.pk], "action": "enroll"}
    )
    assert b"Choose the sequence to enroll them in." in no_sequence.content


def test_bulk_with_another_workspaces_prospect_answers_404(signed_in, workspace):
    mine = ProspectFactory(workspace=workspace)
    theirs = ProspectFactory(workspace=WorkspaceFactory())
    response = signed_in.post(
        reverse("coach:prospects_bulk"),
        {"prospects": [mine.pk, theirs.pk], "action": "tag", "tag": "x"},
    )
    assert response.status_code == 404
    assert not mine.tags.exists() and not theirs.tags.exists()
    garbage = signed_in.post(
        reverse("coach:prospects_bulk"), {"prospects": ["1 OR 1=1"], "action": "pause"}
    )
    assert garbage.status_code == 404


def test_the_list_as_an_htmx_request_gets_only_the_results(signed_in, workspace):
    ProspectFactory(workspace=workspace, name="Ada")
    full = signed_in.get(reverse("coach:prospects"))
    partial = signed_in.get(reverse("coach:prospects"), {"q": "ada"}, **HTMX)
    assert b"<html" in full.content and b'id="prospect-filters"' in full.content
    assert b"<html" not in partial.content and b'id="prospect-filters"' not in partial.content
    assert b'id="results"' in partial.content


def test_select_all_matching_acts_on_every_page_of_the_filtered_list(signed_in, workspace):
    # Issue 15: select all (this page / all N matching).
    exploring = stage(workspace, StageKey.EXPLORING)
    founders = ProspectFactory.create_batch(PROSPECTS_PER_PAGE + 3, workspace=workspace)
    for prospect in founders:
        prospect.tags.add(Tag.objects.get_or_create(workspace=workspace, name="founder")[0])
    other = ProspectFactory(workspace=workspace)
    tag = Tag.objects.get(workspace=workspace, name="founder")
    page = signed_in.get(reverse("coach:prospects"), {"tag": tag.pk}).content.decode()
    assert f"Act on all {PROSPECTS_PER_PAGE + 3} matching, on every page" in page
    assert 'id="select-page" data-select-all="prospects"' in page

    signed_in.post(
        reverse("coach:prospects_bulk"),
        {"everyone": "1", "query": f"tag={tag.pk}", "action": "move", "stage": exploring.pk},
    )

    assert {p.stage_id for p in Prospect.objects.filter(tags=tag)} == {exploring.pk}
    other.refresh_from_db()
    assert other.stage.key == StageKey.NEEDS_HELP


def test_select_all_matching_refuses_more_than_it_can_do_at_once(signed_in, workspace, monkeypatch):
    monkeypatch.setattr(prospect_views, "BULK_MATCHING_LIMIT", 2)
    ProspectFactory.create_batch(3, workspace=workspace)
    response = signed_in.post(
        reverse("coach:prospects_bulk"),
        {"everyone": "1", "query": "", "action": "tag", "tag": "x"},
    )
    assert "That&#x27;s 3 people: narrow the filters to 2 or fewer" in response.content.decode()
    assert not Tag.objects.filter(name="x").exists()
