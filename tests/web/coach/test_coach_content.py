"""The content library and the editor: the live check, flags in place, save and approve."""

import pytest
from django.urls import reverse

from relationships.content.services import save_content
from relationships.models import Content, ContentKind, ContentStatus, Role, StageKey
from relationships.web.coach.views.content import ShownFlag, highlight
from tests.support.factories import (
    ContentFactory,
    MembershipFactory,
    SequenceFactory,
    UserFactory,
    WorkspaceFactory,
    stage,
)

HTMX = {"HTTP_HX_REQUEST": "true"}
CLEAN = (
    "Hi {{ first_name }},\n\nHere is a small exercise for your week: write down the three "
    "things that would make next week feel lighter, and ask of every other task whether it "
    "moves one of them.\n\nWhat would be on your list?\n\n{{ coach_name }}"
)
PUSHY = (
    "Hi {{ first_name }},\n\nOnly 3 spots left! Doors close tonight at midnight, so what are "
    "you waiting for? Book your call now.\n\n{{ coach_name }}"
)


@pytest.fixture
def signed_in(client, coach):
    client.force_login(coach)
    return client


def write(workspace, body=CLEAN, **fields):
    return save_content(
        workspace,
        title=fields.pop("title", "A small exercise"),
        subject=fields.pop("subject", "Three things for next week"),
        body=body,
        **fields,
    )


def form_data(**overrides) -> dict:
    data = {
        "title": "A small exercise",
        "subject": "Three things for next week",
        "body": CLEAN,
        "kind": ContentKind.VALUE,
        "topics": "focus, planning",
        "override_reason": "",
    }
    data.update(overrides)
    return data


# ---- the library ---------------------------------------------------------------------------


def test_the_library_lists_type_status_verdict_score_and_stages(signed_in, workspace):
    clean = write(workspace, title="Small exercise", stages=[stage(workspace, StageKey.EXPLORING)])
    write(workspace, title="Loud offer", body=PUSHY, kind=ContentKind.INVITATION)

    page = signed_in.get(reverse("coach:content")).content.decode()

    assert "2 emails." in page
    assert "Small exercise" in page and "Loud offer" in page
    assert "Value-first" in page and "Pitch" in page
    assert ">100<" in page
    assert "Invitation" in page and "Draft" in page
    assert '<span class="tag">Exploring</span>' in page
    assert reverse("coach:content_edit", args=[clean.pk]) in page


def test_filters_narrow_the_library_and_htmx_gets_the_results_partial(signed_in, workspace):
    write(workspace, title="Small exercise")
    write(workspace, title="Loud offer", body=PUSHY, kind=ContentKind.INVITATION)

    by_verdict = signed_in.get(reverse("coach:content"), {"verdict": "pitch"}, **HTMX)
    assert b"<html" not in by_verdict.content and b'id="results"' in by_verdict.content
    assert b"Loud offer" in by_verdict.content and b"Small exercise" not in by_verdict.content

    by_kind = signed_in.get(reverse("coach:content"), {"kind": "value"}).content.decode()
    assert "Small exercise" in by_kind and "Loud offer" not in by_kind
    by_words = signed_in.get(reverse("coach:content"), {"q": "doors close"}).content.decode()
    assert "Loud offer" in by_words and "Small exercise" not in by_words
    stale = signed_in.get(reverse("coach:content"), {"stage": "999999", "status": "nonsense"})
    assert stale.status_code == 200 and b"Small exercise" in stale.content


def test_an_empty_library_invites_the_first_email(signed_in, workspace):
    workspace.contents.all().delete()
    page = signed_in.get(reverse("coach:content")).content.decode()
    assert "No emails yet." in page and "Write your first email" in page
    filtered = signed_in.get(reverse("coach:content"), {"q": "nothing"}).content.decode()
    assert "No email matches." in filtered


def test_another_workspaces_content_is_not_listed_and_answers_404(signed_in, workspace):
    foreign = ContentFactory(workspace=WorkspaceFactory(), title="Their secret email")
    assert b"Their secret email" not in signed_in.get(reverse("coach:content")).content
    assert signed_in.get(reverse("coach:content_edit", args=[foreign.pk])).status_code == 404
    posted = signed_in.post(reverse("coach:content_edit", args=[foreign.pk]), form_data())
    assert posted.status_code == 404
    assert signed_in.post(reverse("coach:content_delete", args=[foreign.pk])).status_code == 404
    foreign.refresh_from_db()
    assert foreign.title == "Their secret email"


# ---- the live check ------------------------------------------------------------------------


def test_the_live_check_marks_the_flagged_words_in_place(signed_in):
    response = signed_in.post(
        reverse("coach:content_check"),
        {"subject": "Last chance!!", "body": PUSHY, "kind": "value", "status": "draft"},
        **HTMX,
    )

    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert '<section id="check"' in page
    assert "verdict-pitch" in page
    assert '<mark class="flag-severe" title="False scarcity">Only 3 spots left</mark>' in page
    assert 'href="#flag-1"' in page and 'id="flag-1"' in page
    assert '<p class="flag-fix">' in page
    # Said aloud once, and the approval panel's hint follows out of band.
    assert '<div id="live" hx-swap-oob="innerHTML">Check: Pitch' in page
    assert 'id="approval-hint" class="approval-hint" hx-swap-oob="true"' in page
    assert "write below why you'll send it anyway" in page


def test_the_live_check_escapes_what_was_typed(signed_in):
    body = "<script>alert(1)</script> Hurry, act now!"
    page = signed_in.post(
        reverse("coach:content_check"), {"subject": "<b>hi</b>", "body": body}, **HTMX
    ).content.decode()
    assert "<script>alert(1)</script>" not in page and "<b>hi</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<mark" in page


def test_a_clean_email_is_value_first_and_may_be_approved_as_it_is(signed_in):
    page = signed_in.post(
        reverse("coach:content_check"),
        {"subject": "Three things for next week", "body": CLEAN, "kind": "value"},
        **HTMX,
    ).content.decode()
    assert "verdict-value-first" in page and "<strong>100</strong>/100" in page
    assert "<mark" not in page.split("approval-hint")[0]
    assert "No flags: you can approve it as it is." in page


def test_the_check_says_the_verdict_aloud_only_when_it_changed(signed_in):
    data = {"subject": "Three things", "body": CLEAN, "kind": "value"}
    first = signed_in.post(reverse("coach:content_check"), data, **HTMX).content.decode()
    assert "Check: Value-first, score 100." in first
    again = signed_in.post(
        reverse("coach:content_check"), {**data, "checked": "Value-first, score 100"}, **HTMX
    ).content.decode()
    assert 'id="live"' not in again


def test_the_check_lists_merge_field_mistakes(signed_in):
    page = signed_in.post(
        reverse("coach:content_check"),
        {"subject": "Hi", "body": "Hello {{ frist_name }}, what is on your mind?"},
        **HTMX,
    ).content.decode()
    assert "Merge fields to fix before saving" in page and "did you mean first_name?" in page


def test_an_empty_editor_invites_writing(signed_in):
    page = signed_in.get(reverse("coach:content_new")).content.decode()
    assert "Start writing." in page
    assert 'hx-post="/content/check/"' in page
    assert 'hx-trigger="keyup changed delay:500ms, input changed' in page


def test_highlight_handles_overlapping_flags_and_escapes():
    text = "We <3 you. Act now, only 3 spots left!"

    def flag(number, start, end, severe=True):
        return ShownFlag(number, "r", f"Rule {number}", severe, "body", start, end, "", "", "")

    marked = highlight(text, [flag(1, 11, 37), flag(2, 11, 18, severe=False), flag(3, 99, 120)])

    assert marked.startswith("We &lt;3 you. ")
    assert '<mark class="flag-severe" title="Rule 1; Rule 2">Act now</mark>' in marked
    after_act_now = (
        'aria-label="flag 2: Rule 2">2</a></sup><mark class="flag-severe" title="Rule 1">'
    )
    assert after_act_now in marked
    assert marked.endswith('aria-label="flag 1: Rule 1">1</a></sup>!')
    assert "flag 3" not in marked  # outside the text: left out, never an error


# ---- saving and approving ------------------------------------------------------------------


def test_saving_a_new_email_goes_through_save_content(signed_in, workspace, coach):
    exploring = stage(workspace, StageKey.EXPLORING)
    response = signed_in.post(
        reverse("coach:content_new"), form_data(stages=[exploring.pk], _save="")
    )

    content = Content.objects.get(workspace=workspace, title="A small exercise")
    assert response.status_code == 302
    assert response["Location"] == reverse("coach:content_edit", args=[content.pk])
    assert content.check_verdict == "value-first" and content.status == ContentStatus.DRAFT
    assert content.topics == ["focus", "planning"]
    assert list(content.stages.all()) == [exploring]


def test_with_htmx_a_save_follows_a_client_redirect(signed_in, workspace):
    response = signed_in.post(reverse("coach:content_new"), form_data(_save=""), **HTMX)
    content = Content.objects.get(workspace=workspace, title="A small exercise")
    assert response["HX-Redirect"] == reverse("coach:content_edit", args=[content.pk])


def test_a_merge_field_mistake_is_shown_on_its_field_and_nothing_is_saved(signed_in, workspace):
    body = "Hi {{ firstname }}, how is your week going?"
    response = signed_in.post(reverse("coach:content_new"), form_data(body=body))

    page = response.content.decode()
    assert response.status_code == 200
    assert not Content.objects.filter(title="A small exercise").exists()
    assert "nothing was saved" in page
    body_field = page[page.index('<div class="field field-body">') :]
    assert "is not a known merge field" in body_field[: body_field.index("</textarea>") + 200]
    assert "Hi {{ firstname }}, how is your week going?" in page  # what was typed is kept


def test_missing_fields_are_errors_with_the_input_kept(signed_in):
    response = signed_in.post(reverse("coach:content_new"), form_data(title="", subject=""))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Give the email a title." in page and "Write a subject line." in page
    assert "write down the three things" in page


def test_a_clean_email_is_approved_directly(signed_in, workspace, coach):
    response = signed_in.post(reverse("coach:content_new"), form_data(_approve=""))
    content = Content.objects.get(title="A small exercise")
    assert response.status_code == 302
    assert content.status == ContentStatus.APPROVED and content.approved_by == coach
    assert content.override_reason == ""
    page = signed_in.get(response["Location"]).content.decode()
    assert "sequences can use it now" in page
    assert "Approved</span> by" in page


def test_a_flagged_email_needs_a_reason_and_nothing_is_kept_without_one(signed_in, workspace):
    content = write(workspace)
    response = signed_in.post(
        reverse("coach:content_edit", args=[content.pk]),
        form_data(body=PUSHY, _approve=""),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Fix them, or record why you are sending it anyway." in page
    content.refresh_from_db()
    # Neither the approval nor the new words were kept.
    assert content.status == ContentStatus.DRAFT and content.body == CLEAN
    assert "Doors close tonight at midnight" in page


def test_with_a_reason_a_flagged_email_is_approved_and_shows_who_when_and_why(
    signed_in, workspace, coach
):
    content = write(workspace)
    signed_in.post(
        reverse("coach:content_edit", args=[content.pk]),
        form_data(body=PUSHY, _approve="", override_reason="The workshop really is full."),
    )

    content.refresh_from_db()
    assert content.status == ContentStatus.APPROVED
    assert (content.override_reason, content.override_by) == ("The workshop really is full.", coach)
    page = signed_in.get(reverse("coach:content_edit", args=[content.pk])).content.decode()
    assert "Approved despite its flags, because:" in page
    assert "The workshop really is full." in page
    assert coach.get_username() in page


def test_an_edit_that_adds_flags_sends_approved_content_back_to_draft(signed_in, workspace):
    content = ContentFactory(workspace=workspace, body=CLEAN)
    write(workspace, content=content, title=content.title, subject=content.subject)
    content.status = ContentStatus.APPROVED
    content.save()

    response = signed_in.post(
        reverse("coach:content_edit", args=[content.pk]), form_data(body=PUSHY), follow=True
    )

    content.refresh_from_db()
    assert content.status == ContentStatus.DRAFT
    assert "so it is back to draft" in response.content.decode()


def test_back_to_draft(signed_in, workspace):
    content = ContentFactory(workspace=workspace, body=CLEAN, title="A small exercise")
    signed_in.post(
        reverse("coach:content_edit", args=[content.pk]),
        form_data(subject=content.subject, _unapprove=""),
    )
    content.refresh_from_db()
    assert content.status == ContentStatus.DRAFT


def test_without_javascript_the_check_runs_on_a_button_and_saves_nothing(signed_in, workspace):
    content = write(workspace)
    response = signed_in.post(
        reverse("coach:content_edit", args=[content.pk]), form_data(body=PUSHY, _check="")
    )
    page = response.content.decode()
    assert response.status_code == 200 and "verdict-pitch" in page and "<mark" in page
    content.refresh_from_db()
    assert content.body == CLEAN


def test_the_editor_shows_the_saved_email_checked_and_where_it_is_used(signed_in, workspace):
    sequence = SequenceFactory(workspace=workspace, name="Welcome", steps=[])
    content = write(workspace, body=PUSHY, title="Loud")
    sequence.steps.create(content=content, position=1)

    page = signed_in.get(reverse("coach:content_edit", args=[content.pk])).content.decode()

    assert "verdict-pitch" in page and '<mark class="flag-severe"' in page
    assert "Welcome</a>, step 1" in page


# ---- deleting, and what an assistant may do ------------------------------------------------


def test_a_coach_deletes_unused_content_but_not_content_a_sequence_sends(signed_in, workspace):
    unused = write(workspace, title="Unused")
    used = ContentFactory(workspace=workspace, title="Used")
    SequenceFactory(workspace=workspace, steps=[]).steps.create(content=used, position=1)

    gone = signed_in.post(reverse("coach:content_delete", args=[unused.pk]))
    kept = signed_in.post(reverse("coach:content_delete", args=[used.pk]), follow=True)

    assert gone["Location"] == reverse("coach:content")
    assert not Content.objects.filter(pk=unused.pk).exists()
    assert Content.objects.filter(pk=used.pk).exists()
    assert "take it out of the sequence first" in kept.content.decode()


def test_an_assistant_writes_content_but_cannot_delete_it(client, workspace):
    assistant = UserFactory()
    MembershipFactory(user=assistant, workspace=workspace, role=Role.ASSISTANT)
    client.force_login(assistant)
    content = write(workspace)

    page = client.get(reverse("coach:content_edit", args=[content.pk])).content.decode()
    assert "Delete this email" not in page
    saved = client.post(reverse("coach:content_edit", args=[content.pk]), form_data(title="New"))
    assert saved.status_code == 302

    refused = client.post(reverse("coach:content_delete", args=[content.pk]))
    assert refused.status_code == 403
    assert "That's for an owner or a coach" in refused.content.decode()
    assert Content.objects.filter(pk=content.pk).exists()


# ---- query counts --------------------------------------------------------------------------


def fill_library(workspace, size: int) -> Content:
    stages = list(workspace.stages.order_by("position"))
    contents = Content.objects.bulk_create(
        [
            Content(
                workspace=workspace,
                title=f"Email {i:03d}",
                subject=f"Subject {i}",
                body=CLEAN if i % 2 else PUSHY,
                kind=[ContentKind.VALUE, ContentKind.QUESTION, ContentKind.INVITATION][i % 3],
                status=ContentStatus.APPROVED if i % 2 else ContentStatus.DRAFT,
                check_verdict="value-first" if i % 2 else "pitch",
                check_score=100 if i % 2 else 20,
            )
            for i in range(size)
        ]
    )
    Content.stages.through.objects.bulk_create(
        [
            Content.stages.through(content=c, stage=stages[i % len(stages)])
            for i, c in enumerate(contents)
        ]
    )
    sequence = SequenceFactory(workspace=workspace, steps=[])
    for position, content in enumerate(contents[: size // 2], start=1):
        sequence.steps.create(content=content, position=position)
    return contents[0]


@pytest.mark.parametrize("size", [10, 300])
def test_the_content_pages_cost_the_same_queries_at_any_size(
    size, signed_in, workspace, django_assert_num_queries
):
    first = fill_library(workspace, size)
    pages = [
        # session, user, memberships; stages; count; the page; its stages
        (reverse("coach:content"), {}, 7),
        (reverse("coach:content") + "?kind=value&q=email", HTMX, 7),
        # ... the content; the workspace's stages; its stages; where it is used
        (reverse("coach:content_edit", args=[first.pk]), {}, 7),
        (reverse("coach:content_new"), {}, 4),
    ]
    for url, headers, expected in pages:
        with django_assert_num_queries(expected):
            assert signed_in.get(url, **headers).status_code == 200
    # The live check reads nothing but who is asking.
    with django_assert_num_queries(3):
        signed_in.post(reverse("coach:content_check"), {"subject": "Hi", "body": PUSHY}, **HTMX)


# ---- what the sequence and the stages tell the check -----------------------------------------

FOLLOW_UP = "Hi {{ first_name }},\n\nFollowing up on my last email, here is one more idea.\n"


def test_the_live_check_knows_an_email_that_opens_a_sequence(signed_in, workspace):
    opener = write(workspace, body=FOLLOW_UP)
    later = write(workspace, body=FOLLOW_UP, title="Later")
    SequenceFactory(workspace=workspace, steps=[]).steps.create(content=opener, position=1)
    data = {"subject": "One more idea", "body": FOLLOW_UP, "kind": "value"}
    url = reverse("coach:content_check")

    first = signed_in.post(url, {**data, "content": opener.pk}, **HTMX).content.decode()
    assert 'title="Fake familiarity">Following up' in first
    not_first = signed_in.post(url, {**data, "content": later.pk}, **HTMX).content.decode()
    assert "Fake familiarity" not in not_first and "verdict-value-first" in not_first
    # Another workspace's email tells the check nothing.
    foreign = write(WorkspaceFactory(), body=FOLLOW_UP)
    SequenceFactory(workspace=foreign.workspace, steps=[]).steps.create(content=foreign, position=1)
    other = signed_in.post(url, {**data, "content": foreign.pk}, **HTMX).content.decode()
    assert "Fake familiarity" not in other


def test_the_live_check_lets_emails_after_a_conversation_recall_it(signed_in, workspace):
    body = "Hi {{ first_name }},\n\nWhen we talked, you said mornings were hardest.\n"
    data = {"subject": "About mornings", "body": body, "kind": "value"}
    url = reverse("coach:content_check")
    assert "Fake familiarity" in signed_in.post(url, data, **HTMX).content.decode()
    diagnosed = stage(workspace, StageKey.DIAGNOSED)
    after = signed_in.post(url, {**data, "stages": [diagnosed.pk]}, **HTMX).content.decode()
    assert "Fake familiarity" not in after and "verdict-value-first" in after


def test_the_check_shows_no_you_talk_share_without_you_or_i_we(signed_in):
    data = {"subject": "Rain", "body": "Rain fell. The garden grew.", "kind": "value"}
    page = signed_in.post(reverse("coach:content_check"), data, **HTMX).content.decode()
    assert "no “you” or “I/we” talk" in page and "% “you” talk" not in page
    page = signed_in.post(
        reverse("coach:content_check"), {**data, "body": "You will like this."}, **HTMX
    ).content.decode()
    assert "100% “you” talk" in page


def test_the_check_says_what_the_email_gives_and_asks(signed_in):
    body = "Hi,\n\nTry this: write down three wins each evening. What do you notice?\n"
    data = {"subject": "Three wins", "body": body + "\nJust hit reply.\n", "kind": "value"}
    page = signed_in.post(reverse("coach:content_check"), data, **HTMX).content.decode()
    assert "Gives: a question, a tool · Asks: a reply" in page
