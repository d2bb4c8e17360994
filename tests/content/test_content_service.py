import pytest

from relationships.content.services import (
    ContentError,
    approve_content,
    copy_starter_library,
    save_content,
    unapprove_content,
)
from relationships.content.starter import load_starter_library
from relationships.models import ContentKind, ContentStatus, StageKey
from relationships.workspaces.services import create_workspace
from tests.support.factories import WorkspaceFactory, stage

CLEAN = (
    "Hi {{ first_name }},\n\nHere is a small exercise for your week: write down the three "
    "things that would make next week feel lighter, and ask of every other task whether it "
    "moves one of them.\n\nWhat would be on your list?\n\n{{ coach_name }}"
)
PUSHY = (
    "Hi {{ first_name }},\n\nOnly 3 spots left! Doors close tonight at midnight, so what are "
    "you waiting for? Book your call now and get 50% off.\n\n{{ coach_name }}"
)


def write(workspace, body=CLEAN, **fields):
    return save_content(
        workspace,
        title=fields.pop("title", "A small exercise"),
        subject=fields.pop("subject", "Three things for next week"),
        body=body,
        **fields,
    )


@pytest.mark.django_db
def test_saving_runs_the_check_and_stores_the_result(workspace):
    content = write(workspace, topics=[" Focus ", "focus", "Planning"])
    assert content.check_verdict == "value-first"
    assert content.check_score == 100
    assert content.check_result["flags"] == []
    assert content.check_result["stats"]["questions"] >= 1
    assert content.topics == ["focus", "planning"]
    assert content.status == ContentStatus.DRAFT


@pytest.mark.django_db
def test_pressure_is_flagged_with_spans_into_the_text(workspace):
    content = write(workspace, body=PUSHY)
    assert content.check_verdict == "pitch"
    for flag in content.flags:
        source = content.subject if flag["field"] == "subject" else content.body
        assert source[flag["start"] : flag["end"]].strip()
        assert flag["why"] and flag["suggestion"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "subject", "field"),
    [
        ("Hi {{ frist_name }}", "Hello", "body"),
        ("Hi {{ first_name }", "Hello", "body"),
        ("Hi {{ name|upper }}", "Hello", "body"),
        ("Hi", "For {{ settings.SECRET_KEY }}", "subject"),
        ("Hi {% load static %}", "Hello", "body"),
    ],
)
def test_an_unknown_or_malformed_merge_field_is_refused_when_saved(workspace, body, subject, field):
    with pytest.raises(ContentError) as refusal:
        write(workspace, body=body, subject=subject)
    assert refusal.value.field == field
    assert not workspace.contents.exclude(starter_slug__gt="").exists()


@pytest.mark.django_db
def test_clean_content_is_approved_without_a_reason(workspace, coach):
    content = approve_content(write(workspace), user=coach)
    assert (content.status, content.approved_by, content.override_reason) == (
        ContentStatus.APPROVED,
        coach,
        "",
    )


@pytest.mark.django_db
def test_flagged_content_needs_the_coachs_reason_to_be_approved(workspace, coach):
    content = write(workspace, body=PUSHY)
    with pytest.raises(ContentError, match="record why") as refusal:
        approve_content(content, user=coach, override_reason="  ")
    assert refusal.value.field == "override_reason"
    content.refresh_from_db()
    assert content.status == ContentStatus.DRAFT
    approve_content(content, user=coach, override_reason="The retreat really has 3 places left.")
    content.refresh_from_db()
    assert content.status == ContentStatus.APPROVED
    assert content.override_reason.startswith("The retreat")
    assert content.override_by == coach and content.override_at is not None


@pytest.mark.django_db
def test_editing_approved_content_into_pressure_sends_it_back_to_draft(workspace, coach):
    content = approve_content(write(workspace), user=coach)
    content = write(workspace, content=content, body=PUSHY)
    assert content.status == ContentStatus.DRAFT
    assert content.approved_at is None
    edited_clean = approve_content(write(workspace), user=coach)
    edited_clean = write(workspace, content=edited_clean, title="Renamed only")
    assert edited_clean.status == ContentStatus.APPROVED
    assert unapprove_content(edited_clean).status == ContentStatus.DRAFT


@pytest.mark.django_db
def test_stages_must_belong_to_the_workspace(workspace):
    foreign = stage(WorkspaceFactory(), StageKey.EXPLORING)
    with pytest.raises(ContentError, match="another workspace"):
        write(workspace, stages=[foreign])


@pytest.mark.django_db
def test_a_new_workspace_gets_an_approved_copy_of_the_starter_library(coach):
    workspace = create_workspace("Fresh Start Coaching", owner=coach)
    library = load_starter_library()
    assert len(library) >= 12
    copies = workspace.contents.all()
    assert copies.count() == len(library)
    assert set(copies.values_list("status", flat=True)) == {ContentStatus.APPROVED}
    assert set(copies.values_list("check_verdict", flat=True)) == {"value-first"}
    served = {key for c in copies for key in c.stages.values_list("key", flat=True)}
    active = {StageKey.NEEDS_HELP, StageKey.EXPLORING, StageKey.IN_CONVERSATION}
    assert active | {StageKey.DIAGNOSED, StageKey.READY} <= served
    assert {c.kind for c in copies} == set(ContentKind.values)
    assert copy_starter_library(workspace) == []
    assert workspace.contents.count() == len(library)
