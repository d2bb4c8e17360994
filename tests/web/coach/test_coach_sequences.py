"""The sequence builder: steps added, moved and removed, the rule live, the real schedule."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from relationships.models import (
    ContentKind,
    ContentStatus,
    Delivery,
    DeliveryStatus,
    Enrollment,
    Prospect,
    Role,
    Sequence,
    StageKey,
)
from relationships.nurture.enrollment import enroll
from relationships.nurture.scheduling import SendWindow, due_times_for_steps
from tests.support.factories import (
    ContentFactory,
    MembershipFactory,
    ProspectFactory,
    SequenceFactory,
    UserFactory,
    WorkspaceFactory,
    stage,
)

HTMX = {"HTTP_HX_REQUEST": "true"}
# A Wednesday, 08:00 in London.
NOW = datetime.datetime(2026, 3, 4, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def signed_in(client, coach):
    client.force_login(coach)
    return client


@pytest.fixture
def emails(workspace):
    """Approved content of each type, and a draft."""
    return {
        "value": ContentFactory(workspace=workspace, title="Weekly review", kind=ContentKind.VALUE),
        "value2": ContentFactory(workspace=workspace, title="Two lists", kind=ContentKind.VALUE),
        "question": ContentFactory(
            workspace=workspace,
            title="What matters now?",
            kind=ContentKind.QUESTION,
            body="What matters most to you this month?",
        ),
        "invitation": ContentFactory(
            workspace=workspace, title="Shall we talk?", kind=ContentKind.INVITATION
        ),
        "draft": ContentFactory(
            workspace=workspace, title="Half written", status=ContentStatus.DRAFT
        ),
    }


def builder_data(workspace, steps, **extra) -> dict:
    """The builder's form as a browser posts it; steps are (content, days[, window])."""
    data = {
        "name": "Welcome",
        "entry_stage": stage(workspace, StageKey.NEEDS_HELP).pk,
        "active": "on",
        "exit_on_stage_leave": "on",
        "step_count": str(len(steps)),
    }
    for index, step in enumerate(steps):
        content, days, *window = step
        data[f"step-{index}-content"] = content.pk if content else ""
        data[f"step-{index}-delay_days"] = str(days)
        if window:
            days_, start, end = window[0]
            data[f"step-{index}-window_days"] = [str(d) for d in days_]
            data[f"step-{index}-window_start"] = start
            data[f"step-{index}-window_end"] = end
    data.update(extra)
    return data


def chosen(page: str) -> list[str]:
    """The title of the email chosen in each step of the builder, in order."""
    out = []
    for chunk in page.split('<li class="step')[1:]:
        marker = chunk.find(" selected>")
        out.append(chunk[marker + len(" selected>") :].split(" · ")[0] if marker != -1 else "")
    return out


# ---- the list ------------------------------------------------------------------------------


def test_the_list_shows_each_sequence_with_its_steps_and_who_is_in_it(signed_in, workspace):
    sequence = SequenceFactory(workspace=workspace, name="Welcome series")
    enroll(ProspectFactory(workspace=workspace), sequence)
    SequenceFactory(workspace=WorkspaceFactory(), name="Someone else's")

    page = signed_in.get(reverse("coach:sequences")).content.decode()

    assert "Welcome series" in page and "Someone else's" not in page
    assert page.count('class="type-chip type-value"') == 3
    assert '<td data-label="Enrolled now" class="num">1</td>' in page
    assert "Needs help" in page


def test_a_sequence_that_breaks_the_rule_is_marked(signed_in, workspace, emails):
    sequence = SequenceFactory(workspace=workspace, steps=[])
    sequence.steps.create(content=emails["invitation"], position=1)
    page = signed_in.get(reverse("coach:sequences")).content.decode()
    assert "problem" in page and "signal-attention" in page


def test_no_sequences_yet_is_a_friendly_empty_state(signed_in):
    page = signed_in.get(reverse("coach:sequences")).content.decode()
    assert "No sequences yet." in page and "Build your first sequence" in page


# ---- building: add, move, remove -----------------------------------------------------------


def test_a_new_builder_starts_with_one_empty_step(signed_in, emails):
    page = signed_in.get(reverse("coach:sequence_new")).content.decode()
    assert page.count('<li class="step') == 1
    assert "Weekly review · Value" in page and "Half written · Value (draft)" in page
    assert 'hx-trigger="change delay:250ms"' in page


def test_adding_a_step_answers_with_the_builder_and_focuses_the_new_step(
    signed_in, workspace, emails
):
    data = builder_data(workspace, [(emails["value"], 0)], op="add")
    response = signed_in.post(reverse("coach:sequence_new_preview"), data, **HTMX)

    page = response.content.decode()
    assert "<html" not in page and '<section id="builder"' in page
    assert page.count('<li class="step') == 2
    select = page[page.index('<select name="step-1-content"') :]
    assert "autofocus" in select[: select.index(">")]
    assert "Added step 2." in page
    # The judgement comes along out of band.
    assert 'id="sequence-check" class="sequence-check" hx-swap-oob="true"' in page
    assert not Sequence.objects.exists()


def test_moving_a_step_keeps_the_focus_on_it(signed_in, workspace, emails):
    steps = [(emails["value"], 0), (emails["question"], 2), (emails["value2"], 3)]
    data = builder_data(workspace, steps, op="down-0")

    page = signed_in.post(reverse("coach:sequence_new_preview"), data, **HTMX).content.decode()

    assert chosen(page) == ["What matters now?", "Weekly review", "Two lists"]
    assert 'id="step-1-down" class="btn btn-quiet btn-small"' in page
    down = page[page.index('id="step-1-down"') :]
    assert " autofocus" in down[: down.index(">")]
    assert "Moved step 1 down: it is now step 2." in page
    # The delay travels with its step.
    assert 'name="step-1-delay_days" value="0"' in page


def test_moving_to_the_top_puts_the_focus_on_the_other_arrow(signed_in, workspace, emails):
    steps = [(emails["value"], 0), (emails["question"], 2)]
    page = signed_in.post(
        reverse("coach:sequence_new_preview"), builder_data(workspace, steps, op="up-1"), **HTMX
    ).content.decode()
    assert chosen(page) == ["What matters now?", "Weekly review"]
    tag = page[page.index('id="step-0-down"') :]
    assert " autofocus" in tag[: tag.index(">")]


def test_removing_a_step(signed_in, workspace, emails):
    steps = [(emails["value"], 0), (emails["question"], 2), (emails["value2"], 3)]
    page = signed_in.post(
        reverse("coach:sequence_new_preview"),
        builder_data(workspace, steps, op="remove-1"),
        **HTMX,
    ).content.decode()
    assert chosen(page) == ["Weekly review", "Two lists"]
    assert "Removed step 2." in page


def test_without_javascript_the_step_buttons_redraw_the_whole_page_and_save_nothing(
    signed_in, workspace, emails
):
    steps = [(emails["value"], 0), (emails["question"], 2)]
    response = signed_in.post(
        reverse("coach:sequence_new"), builder_data(workspace, steps, op="down-0")
    )
    page = response.content.decode()
    assert response.status_code == 200 and "<html" in page
    assert chosen(page) == ["What matters now?", "Weekly review"]
    assert not Sequence.objects.exists()


def test_a_forged_step_count_or_op_is_harmless(signed_in, workspace, emails):
    data = builder_data(workspace, [(emails["value"], 0)], op="up-99")
    data["step_count"] = "100000"
    response = signed_in.post(reverse("coach:sequence_new_preview"), data, **HTMX)
    assert response.status_code == 200
    assert response.content.decode().count('<li class="step') == 40


# ---- the rule, live ------------------------------------------------------------------------


def test_a_change_answers_with_the_judgement_and_each_steps_type(signed_in, workspace, emails):
    steps = [(emails["invitation"], 0), (emails["value"], 2), (emails["draft"], 2)]
    response = signed_in.post(
        reverse("coach:sequence_new_preview"), builder_data(workspace, steps), **HTMX
    )

    page = response.content.decode()
    assert page.lstrip().startswith('<div id="sequence-check"')
    assert "Step 1 is an Invitation" in page
    assert "is a draft: approve the content first" in page
    assert '<span id="step-type-0" hx-swap-oob="true" class="type-chip type-invitation">' in page
    assert '<span id="step-type-2" hx-swap-oob="true" class="type-chip type-value">' in page


def test_a_good_mix_says_so(signed_in, workspace, emails):
    steps = [
        (emails["value"], 0),
        (emails["question"], 2),
        (emails["value2"], 3),
        (emails["invitation"], 3),
    ]
    page = signed_in.post(
        reverse("coach:sequence_new_preview"), builder_data(workspace, steps), **HTMX
    ).content.decode()
    assert "The mix is right" in page
    assert "3 Value or Question, 1 Invitation." in page


def test_an_incomplete_step_is_left_out_of_the_judgement_not_an_error(signed_in, workspace, emails):
    data = builder_data(workspace, [(emails["value"], 0), (emails["value2"], "soon")])
    page = signed_in.post(reverse("coach:sequence_new_preview"), data, **HTMX).content.decode()
    assert "Step 2 is left out until it's complete: Enter a number." in page


# ---- the schedule preview ------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_the_preview_shows_the_real_schedule_in_the_prospects_time_zone(
    signed_in, workspace, emails
):
    workspace.frequency_cap_days = 3
    workspace.save()
    tokyo = ProspectFactory(workspace=workspace, name="Aiko Tanaka", timezone="Asia/Tokyo")
    # Something already queued for Aiko: the cap keeps the sequence's first email away from it.
    other = SequenceFactory(workspace=workspace, steps=[datetime.timedelta(days=1)])
    enroll(tokyo, other, now=NOW)
    thursday = ([4], "14:00", "16:00")
    steps = [(emails["value"], 0), (emails["question"], 2, thursday), (emails["value2"], 3)]
    data = builder_data(workspace, steps, preview_prospect=tokyo.pk)

    page = signed_in.post(reverse("coach:sequence_new_preview"), data, **HTMX).content.decode()

    zone = zoneinfo.ZoneInfo("Asia/Tokyo")
    usual = SendWindow(frozenset(workspace.send_days), datetime.time(9), datetime.time(11))
    taken = list(Delivery.objects.filter(prospect=tokyo).values_list("due_at", flat=True))
    expected = due_times_for_steps(
        NOW,
        delays=[datetime.timedelta(days=d) for d in (0, 2, 3)],
        zone=zone,
        windows=[usual, SendWindow(frozenset({4}), datetime.time(14), datetime.time(16)), usual],
        taken=taken,
        cap=datetime.timedelta(days=3),
        spread_key=tokyo.pk,
    )
    assert "If Aiko Tanaka joined now, on their clock (Asia/Tokyo)" in page
    for due in expected:
        local = due.astimezone(zone)
        assert f'{local:%A} {local.day} {local:%b}, <time datetime="{local.isoformat()}">' in page
        assert f">{local:%H:%M}</time>" in page
    assert expected[1].astimezone(zone).isoweekday() == 4
    assert "Counts 1 other email queued or recently sent to them" in page
    assert "spaced out by the frequency cap" in page or "waits for the send window" in page


@time_machine.travel(NOW, tick=False)
def test_without_a_prospect_the_preview_uses_the_workspace_clock(signed_in, workspace, emails):
    data = builder_data(workspace, [(emails["value"], 0)], preview_prospect="")
    page = signed_in.post(reverse("coach:sequence_new_preview"), data, **HTMX).content.decode()
    # Wednesday 08:00 UTC is 08:00 in London: the 09:00-11:00 window opens the same day.
    assert "If someone new joined now, on their clock (Europe/London)" in page
    assert "Wednesday 4 Mar, <time" in page and ">09:00</time>" in page


def test_the_preview_tells_when_they_could_not_be_enrolled(signed_in, workspace, emails):
    pending = ProspectFactory(workspace=workspace, name="Pat Pending", consent="pending")
    data = builder_data(workspace, [(emails["value"], 0)], preview_prospect=pending.pk)
    page = signed_in.post(reverse("coach:sequence_new_preview"), data, **HTMX).content.decode()
    assert "Pat Pending hasn&#x27;t agreed to nurture email (consent: pending)" in page


def test_another_workspaces_prospect_is_not_previewed(signed_in, workspace, emails):
    stranger = ProspectFactory(workspace=WorkspaceFactory(), name="Someone Elsewhere")
    data = builder_data(workspace, [(emails["value"], 0)], preview_prospect=stranger.pk)
    page = signed_in.post(reverse("coach:sequence_new_preview"), data, **HTMX).content.decode()
    assert "Someone Elsewhere" not in page
    assert "If someone new joined now" in page


def test_the_prospect_choice_lists_the_entry_stage_first(signed_in, workspace, emails):
    exploring = stage(workspace, StageKey.EXPLORING)
    ProspectFactory(workspace=workspace, name="Aaron Exploring", stage=exploring)
    ProspectFactory(workspace=workspace, name="Zoe Needs-help")
    page = signed_in.get(reverse("coach:sequence_new")).content.decode()
    select = page[page.index('id="preview_prospect"') :]
    assert select.index("Zoe Needs-help") < select.index("Aaron Exploring")
    assert '<option value="' in select and "selected>Zoe Needs-help" in select


def test_changing_the_starting_stage_moves_the_preview_to_someone_in_it(
    signed_in, workspace, emails
):
    # Issue 15, defect 7: the preview's person stayed the old stage's until saved.
    needs_help = stage(workspace, StageKey.NEEDS_HELP)
    exploring = stage(workspace, StageKey.EXPLORING)
    zoe = ProspectFactory(workspace=workspace, name="Zoe Needs-help")
    aaron = ProspectFactory(workspace=workspace, name="Aaron Exploring", stage=exploring)
    data = builder_data(
        workspace,
        [(emails["value"], 0)],
        entry_stage=exploring.pk,
        preview_stage=needs_help.pk,
        preview_prospect=zoe.pk,
    )

    page = signed_in.post(reverse("coach:sequence_new_preview"), data, **HTMX).content.decode()

    assert "If Aaron Exploring joined now" in page
    panel = page[page.index('id="preview-for"') :]
    assert 'hx-swap-oob="true"' in page[page.index('<div id="preview-for"') :][:120]
    assert f'name="preview_stage" value="{exploring.pk}"' in panel
    assert f'<option value="{aaron.pk}" selected>' in panel

    # The coach's own pick for the same stage stays.
    data.update(preview_stage=exploring.pk, preview_prospect=zoe.pk)
    page = signed_in.post(reverse("coach:sequence_new_preview"), data, **HTMX).content.decode()
    assert "If Zoe Needs-help joined now" in page
    assert 'id="preview-for"' not in page


# ---- saving --------------------------------------------------------------------------------


def test_saving_goes_through_save_sequence(signed_in, workspace, emails):
    window = ([2, 4], "10:00", "12:30")
    steps = [(emails["value"], 0), (emails["question"], 2.5, window), (None, 3)]
    response = signed_in.post(reverse("coach:sequence_new"), builder_data(workspace, steps))

    sequence = Sequence.objects.get(workspace=workspace, name="Welcome")
    assert response["Location"] == reverse("coach:sequence_edit", args=[sequence.pk])
    saved = list(sequence.steps.order_by("position"))
    assert [s.content for s in saved] == [emails["value"], emails["question"]]
    assert saved[1].delay == datetime.timedelta(days=2, hours=12)
    assert saved[1].window_days == [2, 4]
    assert (saved[1].window_start, saved[1].window_end) == (
        datetime.time(10),
        datetime.time(12, 30),
    )
    assert saved[0].window_days is None


def test_a_sequence_the_rule_refuses_lists_every_problem_and_saves_nothing(
    signed_in, workspace, emails
):
    steps = [(emails["invitation"], 0), (emails["draft"], 1)]
    response = signed_in.post(reverse("coach:sequence_new"), builder_data(workspace, steps))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved." in page
    assert "Step 1 is an Invitation" in page and "is a draft" in page
    assert not Sequence.objects.exists()
    assert chosen(page) == ["Shall we talk?", "Half written"]


def test_bad_input_is_shown_on_its_field_with_the_input_kept(signed_in, workspace, emails):
    steps = [(emails["value"], "soon"), (emails["question"], 2, ([3], "11:00", "09:00"))]
    data = builder_data(workspace, steps, name="")
    response = signed_in.post(reverse("coach:sequence_new"), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Give the sequence a name." in page
    assert "Enter a number." in page and 'value="soon"' in page
    assert "The send window must end after it starts" in page
    assert not Sequence.objects.exists()


def test_a_half_given_window_is_explained(signed_in, workspace, emails):
    data = builder_data(workspace, [(emails["value"], 0)])
    data["step-0-window_start"] = "09:00"
    page = signed_in.post(reverse("coach:sequence_new"), data).content.decode()
    assert "A send window of its own needs days, a start and an end" in page


def test_a_duplicate_name_is_a_field_error(signed_in, workspace, emails):
    SequenceFactory(workspace=workspace, name="Welcome")
    page = signed_in.post(
        reverse("coach:sequence_new"), builder_data(workspace, [(emails["value"], 0)])
    ).content.decode()
    assert "There is already a sequence called “Welcome”." in page


def test_editing_shows_the_saved_steps_and_saves_a_new_order(signed_in, workspace, emails):
    sequence = SequenceFactory(workspace=workspace, name="Welcome", steps=[])
    sequence.steps.create(content=emails["value"], position=1)
    sequence.steps.create(content=emails["question"], position=2, delay=datetime.timedelta(1))

    page = signed_in.get(reverse("coach:sequence_edit", args=[sequence.pk])).content.decode()
    assert chosen(page) == ["Weekly review", "What matters now?"]
    assert 'name="step-1-delay_days" value="1"' in page

    steps = [(emails["question"], 1), (emails["value"], 0)]
    signed_in.post(
        reverse("coach:sequence_edit", args=[sequence.pk]), builder_data(workspace, steps)
    )
    assert [s.content for s in sequence.steps.order_by("position")] == [
        emails["question"],
        emails["value"],
    ]


def test_a_step_cannot_use_another_workspaces_email(signed_in, workspace, emails):
    foreign = ContentFactory(workspace=WorkspaceFactory(), title="Not yours")
    page = signed_in.post(
        reverse("coach:sequence_new"), builder_data(workspace, [(foreign, 0)])
    ).content.decode()
    assert "Choose one of this workspace&#x27;s emails." in page
    assert not Sequence.objects.exists()


def test_another_workspaces_sequence_answers_404(signed_in, workspace, emails):
    foreign = SequenceFactory(workspace=WorkspaceFactory())
    data = builder_data(workspace, [(emails["value"], 0)])
    assert signed_in.get(reverse("coach:sequence_edit", args=[foreign.pk])).status_code == 404
    edit = reverse("coach:sequence_edit", args=[foreign.pk])
    assert signed_in.post(edit, data).status_code == 404
    preview = reverse("coach:sequence_preview", args=[foreign.pk])
    assert signed_in.post(preview, data, **HTMX).status_code == 404
    assert signed_in.post(reverse("coach:sequence_delete", args=[foreign.pk])).status_code == 404
    assert Sequence.objects.filter(pk=foreign.pk, name=foreign.name).exists()


# ---- deleting ------------------------------------------------------------------------------


def test_a_sequence_nobody_was_in_can_be_deleted_one_that_ran_cannot(signed_in, workspace):
    unused = SequenceFactory(workspace=workspace, name="Unused")
    ran = SequenceFactory(workspace=workspace, name="Ran")
    enroll(ProspectFactory(workspace=workspace), ran)

    assert signed_in.post(reverse("coach:sequence_delete", args=[unused.pk])).status_code == 302
    kept = signed_in.post(reverse("coach:sequence_delete", args=[ran.pk]), follow=True)

    assert not Sequence.objects.filter(pk=unused.pk).exists()
    assert Sequence.objects.filter(pk=ran.pk).exists()
    assert "switch it off instead" in kept.content.decode()


def test_an_assistant_builds_sequences_but_cannot_delete_them(client, workspace, emails):
    assistant = UserFactory()
    MembershipFactory(user=assistant, workspace=workspace, role=Role.ASSISTANT)
    client.force_login(assistant)
    sequence = SequenceFactory(workspace=workspace)

    assert (
        "Delete this sequence"
        not in client.get(reverse("coach:sequence_edit", args=[sequence.pk])).content.decode()
    )
    saved = client.post(
        reverse("coach:sequence_new"), builder_data(workspace, [(emails["value"], 0)])
    )
    assert saved.status_code == 302
    refused = client.post(reverse("coach:sequence_delete", args=[sequence.pk]))
    assert refused.status_code == 403 and Sequence.objects.filter(pk=sequence.pk).exists()


# ---- query counts --------------------------------------------------------------------------


def fill(workspace, size: int) -> Sequence:
    """`size` prospects, some with queued mail, and `size // 10` sequences of three steps."""
    prospects = Prospect.objects.bulk_create(
        [
            Prospect(
                workspace=workspace,
                name=f"Person {i:03d}",
                email=f"person{i}@example.org",
                stage=workspace.stages.get(key=StageKey.NEEDS_HELP),
                consent="confirmed",
                timezone=["Europe/Berlin", "America/New_York", ""][i % 3],
            )
            for i in range(size)
        ]
    )
    sequences = [SequenceFactory(workspace=workspace) for _ in range(max(size // 10, 1))]
    first = sequences[0]
    enrollments = Enrollment.objects.bulk_create(
        [Enrollment(prospect=p, sequence=first) for p in prospects]
    )
    step = first.steps.first()
    Delivery.objects.bulk_create(
        [
            Delivery(
                enrollment=e,
                step=step,
                prospect=e.prospect,
                workspace=workspace,
                due_at=NOW + datetime.timedelta(days=1),
                status=DeliveryStatus.SCHEDULED,
            )
            for e in enrollments
        ]
    )
    return first


@pytest.mark.parametrize("size", [10, 300])
def test_the_sequence_pages_cost_the_same_queries_at_any_size(
    size, signed_in, workspace, django_assert_num_queries
):
    sequence = fill(workspace, size)
    steps = list(sequence.steps.order_by("position"))
    data = builder_data(workspace, [(s.content, 1) for s in steps])
    data["preview_prospect"] = workspace.prospects.order_by("pk").first().pk
    pages = [
        # session, user, memberships; count; sequences; their steps with content
        ("get", reverse("coach:sequences"), {}, {}, 6),
        # ... the sequence; stages; content; its steps; prospects for the preview;
        # the first one's queued mail; whether they are in this sequence already
        ("get", reverse("coach:sequence_edit", args=[sequence.pk]), {}, {}, 10),
        # ... stages; content; prospects for the preview (no steps yet: nothing to schedule)
        ("get", reverse("coach:sequence_new"), {}, {}, 6),
        ("post", reverse("coach:sequence_preview", args=[sequence.pk]), data, HTMX, 9),
        (
            "post",
            reverse("coach:sequence_preview", args=[sequence.pk]),
            {**data, "op": "add"},
            HTMX,
            9,
        ),
    ]
    for method, url, posted, headers, expected in pages:
        with django_assert_num_queries(expected):
            response = getattr(signed_in, method)(url, posted, **headers)
        assert response.status_code == 200, url
