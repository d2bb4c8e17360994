"""The content admin: the check beside the editor, approval with a reason, scoped to workspaces."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from relationships.content.services import save_content
from relationships.models import Content, ContentKind, ContentStatus, Role, StageKey
from tests.support.admin import (
    admin_url,
    checkbox_values,
    choose,
    form_errors,
    message_texts,
    pks,
    select_options,
    staff_member,
)
from tests.support.factories import ContentFactory, SequenceFactory, WorkspaceFactory, stage

CHANGELIST = admin_url(Content)
CLEAN_BODY = (
    "Hi {{ first_name }},\n\n"
    "Here is a five-minute review you can try on Friday: what moved, what got in the way, "
    "and what matters most next week?\n\n{{ coach_name }}"
)
PITCH_SUBJECT = "Only 3 spots left in my spring masterclass"
PITCH_BODY = (
    "Hi {{ first_name }},\n\n"
    "My spring programme is open. Doors close tonight, so act now if you want in.\n\n"
    "{{ coach_name }}"
)


@pytest.fixture
def coach(workspace):
    return staff_member(workspace, role=Role.COACH, first_name="Sam", last_name="Coach")


@pytest.fixture
def coach_client(client, coach):
    client.force_login(coach)
    return client


@pytest.fixture
def elsewhere(db):
    """Another coaching business, with content of its own."""
    return WorkspaceFactory(name="Elsewhere")


def write(workspace, *, title="Weekly review", subject="A five-minute weekly review", **values):
    """Content saved the way the product saves it: checked."""
    values = {"body": CLEAN_BODY, "kind": ContentKind.VALUE} | values
    return save_content(workspace, title=title, subject=subject, **values)


def pitch(workspace, **values):
    values = {"title": "Spring masterclass", "subject": PITCH_SUBJECT, "body": PITCH_BODY} | values
    return write(workspace, **values)


def change_data(content: Content, **values) -> dict:
    """What the change page posts back when nothing was edited."""
    return {
        "title": content.title,
        "subject": content.subject,
        "body": content.body,
        "kind": content.kind,
        "topics": ", ".join(content.topics),
        "stages": [s.pk for s in content.stages.all()],
        "override_reason": "",
    } | values


def add_data(workspace, /, **values) -> dict:
    return {
        "workspace": workspace.pk,
        "title": "Weekly review",
        "subject": "A five-minute weekly review",
        "body": CLEAN_BODY,
        "kind": ContentKind.VALUE,
        "topics": "",
        "override_reason": "",
    } | values


# --- scoped to the coach's workspaces ------------------------------------------------------


@pytest.mark.django_db
def test_the_list_shows_only_our_content_with_its_check(coach_client, workspace, elsewhere):
    ours = pitch(
        workspace,
        stages=[stage(workspace, StageKey.EXPLORING), stage(workspace, StageKey.NEEDS_HELP)],
    )
    theirs = write(elsewhere, title="Their email")
    response = coach_client.get(CHANGELIST)
    assert list(response.context["cl"].result_list) == [ours]
    assert theirs.title not in response.content.decode()
    headers = [str(h["text"]).lower() for h in response.context["result_headers"]][1:]
    assert headers == ["title", "type", "status", "verdict", "score", "stages", "updated"]
    html = response.content.decode()
    assert ">Pitch<" in html and "Needs help, Exploring" in html


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["change", "delete", "history"])
def test_another_workspaces_content_answers_404(coach_client, elsewhere, action):
    theirs = write(elsewhere)
    assert coach_client.get(admin_url(Content, action, theirs)).status_code == 404


@pytest.mark.django_db
def test_a_forged_post_to_another_workspaces_content_changes_nothing(coach_client, elsewhere):
    theirs = write(elsewhere)
    url = admin_url(Content, "change", theirs)
    response = coach_client.post(url, change_data(theirs, title="Mine now", _approve="1"))
    assert response.status_code == 404
    assert coach_client.post(admin_url(Content, "delete", theirs), {"post": "yes"}).status_code == (
        404
    )
    theirs.refresh_from_db()
    assert (theirs.title, theirs.status) == ("Weekly review", ContentStatus.DRAFT)


@pytest.mark.django_db
def test_the_forms_offer_only_our_workspace_and_its_stages(coach_client, workspace, elsewhere):
    html = coach_client.get(admin_url(Content, "add")).content.decode()
    assert select_options(html, "workspace") == pks(workspace)
    assert checkbox_values(html, "stages") == pks(*workspace.stages.all())
    content = write(workspace)
    html = coach_client.get(admin_url(Content, "change", content)).content.decode()
    assert checkbox_values(html, "stages") == pks(*workspace.stages.all())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field, forged",
    [
        ("workspace", lambda elsewhere: elsewhere.pk),
        ("stages", lambda elsewhere: [stage(elsewhere, StageKey.EXPLORING).pk]),
    ],
)
def test_a_forged_add_with_another_workspaces_rows_is_refused(
    coach_client, workspace, elsewhere, field, forged
):
    response = coach_client.post(
        admin_url(Content, "add"), add_data(workspace, **{field: forged(elsewhere)})
    )
    assert response.status_code == 200
    assert "Select a valid choice" in form_errors(response)[field][0]
    assert not Content.objects.exists()


@pytest.mark.django_db
def test_a_forged_stage_on_our_content_is_refused(coach_client, workspace, elsewhere):
    content = write(workspace)
    data = change_data(content, stages=[stage(elsewhere, StageKey.EXPLORING).pk])
    response = coach_client.post(admin_url(Content, "change", content), data)
    assert "Select a valid choice" in form_errors(response)["stages"][0]
    assert not content.stages.exists()


@pytest.mark.django_db
def test_the_filters_offer_only_our_stages_and_filter_by_verdict(coach_client, workspace):
    flagged, clean = pitch(workspace), write(workspace)
    WorkspaceFactory()  # its stages must not be offered
    response = coach_client.get(CHANGELIST)
    specs = {spec.title: spec for spec in response.context["cl"].filter_specs}
    assert set(specs) == {"type", "status", "verdict", "stages"}
    assert {str(pk) for pk, _ in specs["stages"].lookup_choices} == pks(*workspace.stages.all())
    assert list(coach_client.get(CHANGELIST, {"verdict": "pitch"}).context["cl"].result_list) == [
        flagged
    ]
    found = coach_client.get(CHANGELIST, {"verdict": "value-first"}).context["cl"].result_list
    assert list(found) == [clean]
    assert list(coach_client.get(CHANGELIST, {"q": "doors close"}).context["cl"].result_list) == [
        flagged
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("count", [2, 12])
def test_the_list_costs_the_same_queries_however_long(coach_client, workspace, count):
    for n in range(count):
        content = write(workspace, title=f"Email {n}")
        content.stages.set(workspace.stages.all()[: n % 3 + 1])
    with CaptureQueriesContext(connection) as queries:
        response = coach_client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == count
    # Session, user, permissions (2), memberships, the stage filter, the two counts,
    # the page, and its stages.
    assert len(queries) == 10, [q["sql"] for q in queries]


# --- the check panel -----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_change_page_shows_the_verdict_score_stats_and_each_flag_in_its_words(
    coach_client, workspace
):
    content = pitch(workspace)
    html = coach_client.get(admin_url(Content, "change", content)).content.decode()
    panel = html[html.index('class="module content-check"') :]
    panel = panel[: panel.index("</fieldset>")]
    assert ">Pitch<" in panel
    assert f"Score <strong>{content.check_score}</strong>/100" in panel
    assert f"{len(content.flags)} flags" in panel
    assert "words" in panel and "reading grade" in panel and "“you” talk" in panel
    assert "<mark>Only 3 spots left</mark> in my spring masterclass" in panel
    assert "Doors close tonight, so <mark>act now</mark> if you want in." in panel
    assert "in the subject" in panel and "in the body" in panel
    for flag in content.flags:
        assert flag["why"].replace("'", "&#x27;") in panel
        assert flag["suggestion"].replace("'", "&#x27;") in panel


@pytest.mark.django_db
def test_the_panel_shows_no_you_share_without_you_or_i_we(coach_client, workspace):
    content = write(workspace, body="Rain fell on the garden. The beans grew tall.")
    html = coach_client.get(admin_url(Content, "change", content)).content.decode()
    assert "“you” talk 0 · “I/we” talk 0" in html and "% you)" not in html
    assert "gives nothing" in html and "asks nothing" in html


@pytest.mark.django_db
def test_clean_content_says_it_has_no_flags(coach_client, workspace):
    html = coach_client.get(admin_url(Content, "change", write(workspace))).content.decode()
    assert ">Value-first<" in html and "No flags" in html


# --- saving goes through save_content ------------------------------------------------------


@pytest.mark.django_db
def test_adding_content_runs_the_check_and_keeps_topics_and_stages(coach_client, workspace):
    exploring = stage(workspace, StageKey.EXPLORING)
    data = add_data(
        workspace,
        subject=PITCH_SUBJECT,
        body=PITCH_BODY,
        topics=" Time, habits ,, ",
        stages=[exploring.pk],
    )
    response = coach_client.post(admin_url(Content, "add"), data)
    assert response.status_code == 302, form_errors(response)
    content = Content.objects.get()
    assert (content.check_verdict, content.status) == ("pitch", ContentStatus.DRAFT)
    assert content.topics == ["habits", "time"]
    assert list(content.stages.all()) == [exploring]
    assert any(text.startswith("Checked: Pitch, score") for text in message_texts(response))


@pytest.mark.django_db
def test_a_merge_field_mistake_is_an_error_on_its_field_and_nothing_is_saved(
    coach_client, workspace
):
    content = write(workspace)
    data = change_data(content, title="Renamed", body="Hi {{ firstname }}, one idea for you.")
    response = coach_client.post(admin_url(Content, "change", content), data)
    assert response.status_code == 200
    errors = form_errors(response)
    assert "did you mean first_name?" in errors["body"][0]
    content.refresh_from_db()
    assert (content.title, content.body) == ("Weekly review", CLEAN_BODY)

    response = coach_client.post(
        admin_url(Content, "add"), add_data(workspace, subject="{{ x.y }}")
    )
    assert "looks up an attribute" in form_errors(response)["subject"][0]
    assert Content.objects.count() == 1


# --- approval ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_approving_clean_content_just_approves_it(coach_client, coach, workspace):
    content = write(workspace)
    url = admin_url(Content, "change", content)
    response = coach_client.post(url, change_data(content, _approve="Save and approve"))
    assert response.status_code == 302, form_errors(response)
    assert response.url == url
    content.refresh_from_db()
    assert (content.status, content.approved_by, content.override_reason) == (
        ContentStatus.APPROVED,
        coach,
        "",
    )
    assert message_texts(response) == ["Approved “Weekly review”: sequences can use it now."]
    html = coach_client.get(url).content.decode()
    assert "By Sam Coach" in html
    assert 'value="Save and move back to draft" name="_unapprove"' in html
    assert 'value="Save and approve"' not in html


@pytest.mark.django_db
def test_approving_flagged_content_without_a_reason_is_a_form_error(coach_client, workspace):
    content = pitch(workspace)
    data = change_data(content, title="Masterclass", _approve="Save and approve")
    response = coach_client.post(admin_url(Content, "change", content), data)
    assert response.status_code == 200
    [error] = form_errors(response)["override_reason"]
    assert error.startswith(f"This email has {len(content.flags)} flag(s) (")
    assert "record why you are sending it anyway" in error
    content.refresh_from_db()
    # The edit made in the same submit is not kept either.
    assert (content.status, content.title) == (ContentStatus.DRAFT, "Spring masterclass")


@pytest.mark.django_db
def test_approving_flagged_content_with_a_reason_keeps_who_when_and_why(
    coach_client, coach, workspace
):
    content = pitch(workspace)
    url = admin_url(Content, "change", content)
    data = change_data(
        content, override_reason="  The deadline is real: the venue needs numbers. ", _approve="1"
    )
    response = coach_client.post(url, data)
    assert response.status_code == 302, form_errors(response)
    content.refresh_from_db()
    assert content.status == ContentStatus.APPROVED
    assert (content.override_reason, content.override_by) == (
        "The deadline is real: the venue needs numbers.",
        coach,
    )
    assert content.override_at is not None
    flags = len(content.flags)
    assert message_texts(response) == [
        f"Approved “Spring masterclass” despite {flags} flags: your reason is kept with it."
    ]
    page = coach_client.get(url)
    html = page.content.decode()
    assert "“The deadline is real: the venue needs numbers.”" in html
    assert "Sam Coach" in html
    assert 'name="override_reason"' not in html

    # Back in draft, the reason field starts empty: a reason is for the words as they are then.
    coach_client.post(url, change_data(content, _unapprove="1"))
    page = coach_client.get(url)
    assert page.context["adminform"].form["override_reason"].value() == ""
    assert "(for the last approval)" in page.content.decode()


@pytest.mark.django_db
def test_editing_approved_content_into_flags_sends_it_back_to_draft_and_says_so(
    coach_client, workspace
):
    content = write(workspace)
    content = Content.objects.get(pk=content.pk)
    coach_client.post(admin_url(Content, "change", content), change_data(content, _approve="1"))
    content.refresh_from_db()
    assert content.status == ContentStatus.APPROVED
    data = change_data(content, body=CLEAN_BODY + "\n\nDoors close tonight: act now!")
    response = coach_client.post(admin_url(Content, "change", content), data)
    assert response.status_code == 302, form_errors(response)
    content.refresh_from_db()
    assert (content.status, content.approved_at) == (ContentStatus.DRAFT, None)
    assert (
        "Saved. Your edit gave “Weekly review” new flags, so it is back to draft: fix them, or "
        "approve it again with your reason."
    ) in message_texts(response)


@pytest.mark.django_db
def test_unapprove_puts_content_back_to_draft(coach_client, workspace):
    content = ContentFactory(workspace=workspace)
    url = admin_url(Content, "change", content)
    response = coach_client.post(url, change_data(content, _unapprove="1"))
    assert response.status_code == 302, form_errors(response)
    content.refresh_from_db()
    assert (content.status, content.approved_by) == (ContentStatus.DRAFT, None)
    assert message_texts(response) == [f"“{content.title}” is back to draft."]


@pytest.mark.django_db
def test_new_clean_content_can_be_saved_and_approved_at_once(coach_client, coach, workspace):
    response = coach_client.post(admin_url(Content, "add"), add_data(workspace, _approve="1"))
    content = Content.objects.get()
    assert response.url == admin_url(Content, "change", content)
    assert (content.status, content.approved_by) == (ContentStatus.APPROVED, coach)


# --- actions -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_approve_selected_approves_the_clean_and_lists_the_flagged(coach_client, workspace):
    clean, flagged = write(workspace), pitch(workspace)
    theirs = write(WorkspaceFactory())
    response = coach_client.post(CHANGELIST, choose("approve_clean", clean, flagged, theirs))
    assert response.status_code == 302
    statuses = dict(Content.objects.values_list("pk", "status"))
    assert statuses == {
        clean.pk: ContentStatus.APPROVED,
        flagged.pk: ContentStatus.DRAFT,
        theirs.pk: ContentStatus.DRAFT,
    }
    assert message_texts(response) == [
        "Approved 1: “Weekly review”. Sequences can use them now.",
        "Not approved, they have flags: “Spring masterclass”. Open each one to fix them, or to "
        "approve it with your reason.",
    ]


@pytest.mark.django_db
def test_back_to_draft_unapproves_the_selected(coach_client, workspace):
    approved = ContentFactory(workspace=workspace, title="Approved one")
    response = coach_client.post(CHANGELIST, choose("back_to_draft", approved))
    approved.refresh_from_db()
    assert approved.status == ContentStatus.DRAFT
    assert message_texts(response) == ["Back to draft: “Approved one”."]


# --- deleting ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_content_a_sequence_uses_cannot_be_deleted_and_the_page_says_why(coach_client, workspace):
    sequence = SequenceFactory(workspace=workspace, name="Welcome", steps=[datetime.timedelta(0)])
    content = sequence.steps.get().content
    response = coach_client.post(admin_url(Content, "delete", content), {"post": "yes"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"“{content.title}” is used in a nurture sequence, so it can't be deleted" in html
    assert f"“{content.title}” is step 1 of <a href=" in html and ">Welcome</a>" in html
    assert Content.objects.filter(pk=content.pk).exists()

    response = coach_client.post(CHANGELIST, choose("delete_selected", content) | {"post": "yes"})
    assert response.status_code == 200
    assert "used in nurture sequences, so it can't be deleted" in response.content.decode()
    assert Content.objects.filter(pk=content.pk).exists()


@pytest.mark.django_db
def test_content_no_sequence_uses_is_deleted(coach_client, workspace):
    content = write(workspace)
    response = coach_client.post(admin_url(Content, "delete", content), {"post": "yes"})
    assert response.status_code == 302
    assert not Content.objects.exists()
