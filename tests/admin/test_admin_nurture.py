"""The nurture admin: sequences saved whole through save_sequence, enrollments, the outbox,
and the two prospect actions that hand a person back to the coach (consent, a reply)."""

import datetime
import re

import pytest
from django.test import Client

from relationships.models import (
    Consent,
    Content,
    ContentKind,
    ContentStatus,
    Delivery,
    DeliveryStatus,
    Enrollment,
    EnrollmentState,
    InteractionKind,
    Prospect,
    Role,
    Sequence,
    StageKey,
    Step,
)
from relationships.nurture.enrollment import enroll, exit_enrollments, pause_enrollments
from relationships.people.consent import unsubscribe
from tests.support.admin import (
    admin_url,
    choose,
    form_errors,
    message_texts,
    queries_for,
    staff_member,
)
from tests.support.factories import (
    ContentFactory,
    MembershipFactory,
    ProspectFactory,
    SequenceFactory,
    WorkspaceFactory,
    stage,
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
    """Another coaching business, with a sequence, an enrolled prospect and their outbox."""
    workspace = WorkspaceFactory(name="Elsewhere")
    sequence = SequenceFactory(workspace=workspace, name="Their welcome")
    prospect = ProspectFactory(workspace=workspace, name="Theo There")
    enroll(prospect, sequence)
    return workspace


def email(workspace, kind=ContentKind.VALUE, **values) -> Content:
    return ContentFactory(workspace=workspace, kind=kind, **values)


def steps_data(*rows: dict, initial: int = 0) -> dict:
    """The Steps inline as posted: one dict of fields per row."""
    data = {
        "steps-TOTAL_FORMS": len(rows),
        "steps-INITIAL_FORMS": initial,
        "steps-MIN_NUM_FORMS": 0,
        "steps-MAX_NUM_FORMS": 1000,
    }
    for index, row in enumerate(rows):
        row = {"position": "", "delay_days": "3", "window_start": "", "window_end": ""} | row
        data |= {f"steps-{index}-{name}": value for name, value in row.items()}
    return data


def new_step(content: Content, **values) -> dict:
    return {"content": content.pk} | values


def kept_step(step: Step, **values) -> dict:
    return {
        "id": step.pk,
        "sequence": step.sequence_id,
        "position": step.position,
        "content": step.content_id,
        "delay_days": step.delay.days,
    } | values


def sequence_add_data(workspace, /, *rows: dict, **values) -> dict:
    data = {
        "workspace": workspace.pk,
        "name": "Welcome",
        "entry_stage": stage(workspace, StageKey.NEEDS_HELP).pk,
        "active": "on",
        "exit_on_stage_leave": "on",
    }
    return data | steps_data(*rows) | values


def sequence_change_data(sequence: Sequence, *rows: dict, initial: int, **values) -> dict:
    data = {
        "name": sequence.name,
        "entry_stage": sequence.entry_stage_id,
        "active": "on" if sequence.active else "",
        "exit_on_stage_leave": "on" if sequence.exit_on_stage_leave else "",
    }
    return data | steps_data(*rows, initial=initial) | values


def non_field_errors(response) -> list[str]:
    return list(response.context["adminform"].form.non_field_errors())


def select_options(html: str, name: str) -> dict[str, str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no <select name={name}>"
    return dict(re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)</option>', select.group(1)))


# --- sequences: scoped ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_sequence_list_counts_steps_and_who_is_enrolled_now(coach_client, workspace, elsewhere):
    sequence = SequenceFactory(workspace=workspace, name="Welcome")
    SequenceFactory(workspace=workspace, name="Quiet one", steps=[datetime.timedelta(days=1)])
    ann, bob, cleo = (ProspectFactory(workspace=workspace) for _ in range(3))
    for prospect in (ann, bob, cleo):
        enroll(prospect, sequence)
    pause_enrollments(bob, reason="Replied")
    exit_enrollments(cleo, reason="Moved on")
    response = coach_client.get(admin_url(Sequence))
    rows = {
        s.name: (s.step_count, s.open_enrollment_count) for s in response.context["cl"].result_list
    }
    assert rows == {"Welcome": (3, 2), "Quiet one": (1, 0)}
    headers = [str(h["text"]).lower() for h in response.context["result_headers"]][1:]
    assert headers == ["name", "entry stage", "active", "steps", "enrolled now"]
    assert "Their welcome" not in response.content.decode()


@pytest.mark.django_db
def test_the_sequence_list_costs_the_same_queries_however_long(coach_client, workspace):
    for n in range(2):
        SequenceFactory(workspace=workspace, name=f"First {n}")
    few = queries_for(coach_client, admin_url(Sequence))
    for _ in range(6):
        enroll(ProspectFactory(workspace=workspace), SequenceFactory(workspace=workspace))
    assert queries_for(coach_client, admin_url(Sequence)) == few


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["change", "delete", "history"])
def test_another_workspaces_sequence_answers_404(coach_client, elsewhere, action):
    theirs = Sequence.objects.get(workspace=elsewhere)
    assert coach_client.get(admin_url(Sequence, action, theirs)).status_code == 404


@pytest.mark.django_db
def test_a_forged_post_to_another_workspaces_sequence_changes_nothing(coach_client, elsewhere):
    theirs = Sequence.objects.get(workspace=elsewhere)
    steps = list(theirs.steps.order_by("position"))
    data = sequence_change_data(
        theirs, *(kept_step(s) for s in steps), initial=len(steps), name="Mine now"
    )
    assert coach_client.post(admin_url(Sequence, "change", theirs), data).status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Their welcome"


@pytest.mark.django_db
def test_the_forms_offer_our_stages_and_our_content_named_with_type_and_status(
    coach_client, workspace, elsewhere
):
    email(workspace, title="Weekly review")
    email(workspace, ContentKind.INVITATION, title="Shall we talk?", status=ContentStatus.DRAFT)
    html = coach_client.get(admin_url(Sequence, "add")).content.decode()
    assert set(select_options(html, "entry_stage")) == {
        str(pk) for pk in workspace.stages.values_list("pk", flat=True)
    }
    offered = select_options(html, "steps-0-content")
    assert set(offered.values()) == {
        "Weekly review (Value, approved)",
        "Shall we talk? (Invitation, draft)",
    }
    sequence = SequenceFactory(workspace=workspace)
    html = coach_client.get(admin_url(Sequence, "change", sequence)).content.decode()
    offered = select_options(html, "steps-0-content")
    assert set(offered) == {str(pk) for pk in workspace.contents.values_list("pk", flat=True)}


@pytest.mark.django_db
def test_a_step_with_another_workspaces_content_is_refused(coach_client, workspace, elsewhere):
    theirs = Content.objects.filter(workspace=elsewhere).first()
    data = sequence_add_data(workspace, new_step(email(workspace)), new_step(theirs))
    response = coach_client.post(admin_url(Sequence, "add"), data)
    assert response.status_code == 200
    [steps] = response.context["inline_admin_formsets"]
    assert "Select a valid choice" in steps.formset.errors[1]["content"][0]
    assert not Sequence.objects.filter(workspace=workspace).exists()


@pytest.mark.django_db
def test_a_forged_entry_stage_of_another_workspace_is_refused(coach_client, workspace, elsewhere):
    data = sequence_add_data(
        workspace, new_step(email(workspace)), entry_stage=stage(elsewhere, StageKey.EXPLORING).pk
    )
    response = coach_client.post(admin_url(Sequence, "add"), data)
    assert "Select a valid choice" in form_errors(response)["entry_stage"][0]
    assert not Sequence.objects.filter(workspace=workspace).exists()


# --- sequences: saved whole through save_sequence ------------------------------------------


@pytest.mark.django_db
def test_a_sequence_opening_with_an_invitation_is_refused_and_nothing_is_saved(
    coach_client, workspace
):
    invitation = email(workspace, ContentKind.INVITATION, title="Shall we talk?")
    values = [email(workspace) for _ in range(3)]
    data = sequence_add_data(workspace, new_step(invitation), *(new_step(v) for v in values))
    response = coach_client.post(admin_url(Sequence, "add"), data)
    assert response.status_code == 200
    assert non_field_errors(response) == [
        "Step 1 is an Invitation: open with a Value or Question email so the first thing they "
        "get from you is useful."
    ]
    assert "Please correct the error below." in response.content.decode()
    assert not Sequence.objects.exists()
    assert not Step.objects.exists()


@pytest.mark.django_db
def test_too_many_invitations_show_every_problem_and_the_sequence_stays_as_it_was(
    coach_client, workspace
):
    sequence = SequenceFactory(workspace=workspace, name="Welcome")
    before = list(sequence.steps.order_by("position").values_list("content", "delay"))
    kept = list(sequence.steps.order_by("position"))
    ask = email(workspace, ContentKind.INVITATION, title="Shall we talk?")
    ask_again = email(workspace, ContentKind.INVITATION, title="Ready when you are")
    data = sequence_change_data(
        sequence,
        *(kept_step(step, delay_days="9") for step in kept),
        new_step(ask),
        new_step(ask_again),
        initial=len(kept),
        name="Renamed",
    )
    response = coach_client.post(admin_url(Sequence, "change", sequence), data)
    assert response.status_code == 200
    assert non_field_errors(response) == [
        "Step 5 is an Invitation right after the Invitation at step 4: put at least 3 Value or "
        "Question steps between invitations so each ask follows real help.",
        "2 invitations need at least 6 Value or Question steps; you have 3 — add 3 or turn an "
        "invitation into a Question.",
    ]
    sequence.refresh_from_db()
    assert sequence.name == "Welcome"
    assert list(sequence.steps.order_by("position").values_list("content", "delay")) == before


@pytest.mark.django_db
def test_a_draft_email_in_a_step_is_refused(coach_client, workspace):
    draft = email(workspace, title="Not ready yet", status=ContentStatus.DRAFT)
    data = sequence_add_data(workspace, new_step(email(workspace)), new_step(draft))
    response = coach_client.post(admin_url(Sequence, "add"), data)
    assert non_field_errors(response) == [
        "Step 2 (“Not ready yet”) is a draft: approve the content first."
    ]
    assert not Sequence.objects.exists()


@pytest.mark.django_db
def test_a_sequence_without_steps_is_refused(coach_client, workspace):
    response = coach_client.post(admin_url(Sequence, "add"), sequence_add_data(workspace))
    assert non_field_errors(response) == ["Add at least one step."]
    assert not Sequence.objects.exists()


@pytest.mark.django_db
def test_a_valid_sequence_saves_its_steps_in_the_order_of_their_positions(coach_client, workspace):
    first, second, third, ask = (
        email(workspace, title="First"),
        email(workspace, ContentKind.QUESTION, title="Second"),
        email(workspace, title="Third"),
        email(workspace, ContentKind.INVITATION, title="Ask"),
    )
    data = sequence_add_data(
        workspace,
        new_step(third, position="3", delay_days="2"),
        new_step(ask),  # no position: after the others
        new_step(first, position="1", delay_days="0"),
        new_step(
            second,
            position="2",
            delay_days="1.5",
            window_days=["2", "4"],
            window_start="08:00",
            window_end="10:30",
        ),
        name="  Welcome  ",
    )
    response = coach_client.post(admin_url(Sequence, "add"), data)
    assert response.status_code == 302, non_field_errors(response)
    sequence = Sequence.objects.get()
    assert (sequence.name, sequence.workspace) == ("Welcome", workspace)
    steps = list(sequence.steps.order_by("position"))
    assert [(s.position, s.content.title, s.delay) for s in steps] == [
        (1, "First", datetime.timedelta(0)),
        (2, "Second", datetime.timedelta(days=1, hours=12)),
        (3, "Third", datetime.timedelta(days=2)),
        (4, "Ask", datetime.timedelta(days=3)),
    ]
    assert (steps[1].window_days, steps[1].window_start, steps[1].window_end) == (
        [2, 4],
        datetime.time(8, 0),
        datetime.time(10, 30),
    )
    assert steps[0].window_days is None


@pytest.mark.django_db
def test_editing_a_sequence_reorders_and_removes_steps(coach_client, workspace):
    sequence = SequenceFactory(workspace=workspace)
    one, two, three = sequence.steps.order_by("position")
    data = sequence_change_data(
        sequence,
        kept_step(one, position="2"),
        kept_step(two, DELETE="on"),
        kept_step(three, position="1"),
        initial=3,
    )
    response = coach_client.post(admin_url(Sequence, "change", sequence), data)
    assert response.status_code == 302, non_field_errors(response)
    assert list(sequence.steps.order_by("position").values_list("content", flat=True)) == [
        three.content_id,
        one.content_id,
    ]


@pytest.mark.django_db
def test_a_half_given_send_window_is_a_form_error(coach_client, workspace):
    data = sequence_add_data(workspace, new_step(email(workspace), window_start="09:00"))
    response = coach_client.post(admin_url(Sequence, "add"), data)
    [steps] = response.context["inline_admin_formsets"]
    assert "needs days, a start and an end" in steps.formset.errors[0]["__all__"][0]
    assert not Sequence.objects.exists()


@pytest.mark.django_db
def test_the_sequence_page_states_the_workspaces_step_rule(coach_client, workspace):
    workspace.value_steps_per_invitation = 2
    workspace.save(update_fields=["value_steps_per_invitation"])
    html = coach_client.get(admin_url(Sequence, "change", SequenceFactory(workspace=workspace)))
    assert (
        f"{workspace.name} asks for at least 2 Value or Question steps per Invitation"
        in html.content.decode()
    )


@pytest.mark.django_db
def test_a_sequence_with_enrollments_is_switched_off_not_deleted(coach_client, workspace):
    sequence = SequenceFactory(workspace=workspace, name="Welcome")
    enroll(ProspectFactory(workspace=workspace), sequence)
    url = admin_url(Sequence, "delete", sequence)
    page = coach_client.get(url).content.decode()
    assert "switch it off (untick “Active”) instead of deleting it" in page
    assert coach_client.post(url, {"post": "yes"}).status_code == 403
    assert Sequence.objects.filter(pk=sequence.pk).exists()

    unused = SequenceFactory(workspace=workspace, name="Unused")
    response = coach_client.post(admin_url(Sequence, "delete", unused), {"post": "yes"})
    assert response.status_code == 302
    assert not Sequence.objects.filter(pk=unused.pk).exists()


# --- enrollments ---------------------------------------------------------------------------


@pytest.fixture
def enrolled(workspace):
    """Ann, enrolled in a three-step sequence: three emails queued."""
    prospect = ProspectFactory(workspace=workspace, name="Ann Archer", email="ann@example.org")
    return enroll(prospect, SequenceFactory(workspace=workspace, name="Welcome"))


def statuses(enrollment: Enrollment) -> list[str]:
    return list(enrollment.deliveries.order_by("step__position").values_list("status", flat=True))


@pytest.mark.django_db
def test_the_enrollment_list_shows_only_ours_and_finds_by_name_or_email(
    coach_client, workspace, enrolled, elsewhere
):
    SequenceFactory(workspace=workspace, name="Later")
    response = coach_client.get(admin_url(Enrollment))
    assert list(response.context["cl"].result_list) == [enrolled]
    headers = [str(h["text"]).lower() for h in response.context["result_headers"]][1:]
    assert headers == ["prospect", "sequence", "state", "reason", "enrolled", "updated"]
    for term in ("archer", "ann@example"):
        found = coach_client.get(admin_url(Enrollment), {"q": term}).context["cl"].result_list
        assert list(found) == [enrolled]
    assert not coach_client.get(admin_url(Enrollment), {"q": "Theo"}).context["cl"].result_list
    specs = {spec.title: spec for spec in response.context["cl"].filter_specs}
    assert [label for _, label in specs["sequence"].lookup_choices] == ["Later", "Welcome"]


@pytest.mark.django_db
def test_enrollments_are_read_only_history(coach_client, enrolled, elsewhere):
    theirs = Enrollment.objects.get(sequence__workspace=elsewhere)
    assert coach_client.get(admin_url(Enrollment, "change", theirs)).status_code == 404
    page = coach_client.get(admin_url(Enrollment, "change", enrolled))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert coach_client.get(admin_url(Enrollment, "add")).status_code == 403
    delete = coach_client.post(admin_url(Enrollment, "delete", enrolled), {"post": "yes"})
    assert delete.status_code == 403
    change = coach_client.post(admin_url(Enrollment, "change", enrolled), {"state": "exited"})
    assert change.status_code == 403
    enrolled.refresh_from_db()
    assert enrolled.state == EnrollmentState.ACTIVE


@pytest.mark.django_db
def test_pause_holds_the_selected_enrollment_and_cancels_its_queued_mail(coach_client, enrolled):
    assert statuses(enrolled) == [DeliveryStatus.SCHEDULED] * 3
    response = coach_client.post(admin_url(Enrollment), choose("pause", enrolled))
    assert response.status_code == 302
    enrolled.refresh_from_db()
    assert (enrolled.state, enrolled.reason) == (EnrollmentState.PAUSED, "Held by the coach")
    assert statuses(enrolled) == [DeliveryStatus.CANCELLED] * 3
    assert set(enrolled.deliveries.values_list("reason", flat=True)) == {
        "Paused: Held by the coach"
    }
    assert message_texts(response) == [
        "Paused 1 enrollment: their queued emails are cancelled until you resume."
    ]


@pytest.mark.django_db
def test_pause_leaves_the_prospects_other_sequences_running(coach_client, enrolled):
    other = SequenceFactory(workspace=enrolled.sequence.workspace)
    second = enroll(enrolled.prospect, other)
    coach_client.post(admin_url(Enrollment), choose("pause", enrolled))
    second.refresh_from_db()
    assert second.state == EnrollmentState.ACTIVE
    assert set(second.deliveries.values_list("status", flat=True)) == {DeliveryStatus.SCHEDULED}


@pytest.mark.django_db
def test_resume_schedules_the_unsent_emails_again(coach_client, enrolled):
    pause_enrollments(enrolled.prospect, reason="Replied")
    response = coach_client.post(admin_url(Enrollment), choose("resume", enrolled))
    enrolled.refresh_from_db()
    assert (enrolled.state, enrolled.reason) == (EnrollmentState.ACTIVE, "Resumed")
    assert statuses(enrolled) == [DeliveryStatus.SCHEDULED] * 3
    assert message_texts(response) == [
        "Resumed 1 enrollment: their unsent emails are scheduled again from now."
    ]


@pytest.mark.django_db
def test_resume_is_refused_without_consent(coach_client, enrolled):
    pause_enrollments(enrolled.prospect, reason="Replied")
    Prospect.objects.filter(pk=enrolled.prospect_id).update(consent=Consent.PENDING)
    response = coach_client.post(admin_url(Enrollment), choose("resume", enrolled))
    enrolled.refresh_from_db()
    assert enrolled.state == EnrollmentState.PAUSED
    assert statuses(enrolled) == [DeliveryStatus.CANCELLED] * 3
    assert message_texts(response) == [
        "Ann Archer was not resumed: their consent is pending, so no nurture email may go out."
    ]


@pytest.mark.django_db
def test_pause_and_resume_leave_another_workspaces_enrollment_alone(
    coach_client, enrolled, elsewhere
):
    theirs = Enrollment.objects.get(sequence__workspace=elsewhere)
    coach_client.post(admin_url(Enrollment), choose("pause", enrolled, theirs))
    theirs.refresh_from_db()
    assert theirs.state == EnrollmentState.ACTIVE
    assert statuses(theirs) == [DeliveryStatus.SCHEDULED] * 3


@pytest.mark.django_db
def test_an_assistant_may_pause_but_nobody_may_bulk_delete_enrollments(client, workspace, enrolled):
    client.force_login(staff_member(workspace, role=Role.ASSISTANT))
    actions = client.get(admin_url(Enrollment)).context["action_form"].fields["action"].choices
    assert dict(actions).keys() == {"", "pause", "resume"}


# --- the outbox ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_outbox_shows_only_our_deliveries_and_their_local_time(
    coach_client, workspace, elsewhere
):
    prospect = ProspectFactory(workspace=workspace, name="Nadia Far", timezone="Asia/Tokyo")
    enroll(prospect, SequenceFactory(workspace=workspace, name="Welcome"))
    response = coach_client.get(admin_url(Delivery))
    shown = list(response.context["cl"].result_list)
    assert {d.prospect for d in shown} == {prospect}
    assert len(shown) == 3
    html = response.content.decode()
    assert "Asia/Tokyo" in html and "Theo There" not in html
    assert "1. A useful idea" in html and "Welcome" in html


@pytest.mark.django_db
def test_the_outbox_is_read_only(coach_client, enrolled, elsewhere):
    ours = enrolled.deliveries.first()
    theirs = Delivery.objects.filter(workspace=elsewhere).first()
    assert coach_client.get(admin_url(Delivery, "change", theirs)).status_code == 404
    page = coach_client.get(admin_url(Delivery, "change", ours))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert coach_client.get(admin_url(Delivery, "add")).status_code == 403
    post = coach_client.post(admin_url(Delivery, "change", ours), {"status": "sent"})
    assert post.status_code == 403
    delete = coach_client.post(admin_url(Delivery, "delete", ours), {"post": "yes"})
    assert delete.status_code == 403
    ours.refresh_from_db()
    assert ours.status == DeliveryStatus.SCHEDULED


def fill_outbox(workspace, deliveries: int) -> None:
    """Deliveries of prospects in several timezones, some sent, opened and failed."""
    sequence = SequenceFactory(workspace=workspace)
    zones = ["", "Asia/Tokyo", "America/Chicago"]
    for n in range(deliveries // 3):
        enroll(ProspectFactory(workspace=workspace, timezone=zones[n % 3]), sequence)
    Delivery.objects.filter(step__position=1).update(
        status=DeliveryStatus.SENT, sent_at=datetime.datetime.now(datetime.UTC)
    )
    Delivery.objects.filter(step__position=2).update(
        status=DeliveryStatus.FAILED, last_error="550 5.1.1 mailbox unavailable " * 5
    )


# Session, user, the user's and the group's permissions, memberships, the filtered and
# the full count, the page of deliveries with their prospects, workspaces, steps,
# sequences and content in one query, and the date hierarchy's range and its months
# (status, kind and, for a single workspace, the workspace filter need no query), and the
# backlog above the list: the oldest due row, rows in flight, rows past their lease.
DELIVERY_CHANGELIST_QUERIES = 13


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 30])
def test_the_outbox_costs_the_same_queries_for_3_and_30_deliveries(
    coach_client, workspace, django_assert_num_queries, count
):
    fill_outbox(workspace, count)
    with django_assert_num_queries(DELIVERY_CHANGELIST_QUERIES):
        response = coach_client.get(admin_url(Delivery))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == count


@pytest.mark.django_db
def test_the_outbox_shows_how_it_keeps_up_for_our_workspace_only(
    coach_client, workspace, elsewhere, enrolled
):
    now = datetime.datetime.now(datetime.UTC)
    ours = list(enrolled.deliveries.order_by("pk"))
    Delivery.objects.filter(pk=ours[0].pk).update(due_at=now - datetime.timedelta(minutes=20))
    Delivery.objects.filter(pk=ours[1].pk).update(
        status=DeliveryStatus.CLAIMED, lease_until=now - datetime.timedelta(minutes=5)
    )
    # Another workspace's stuck claims are not ours to see.
    Delivery.objects.filter(workspace=elsewhere).update(
        status=DeliveryStatus.CLAIMED,
        due_at=now - datetime.timedelta(days=2),
        lease_until=now - datetime.timedelta(days=1),
    )
    response = coach_client.get(admin_url(Delivery))
    backlog = response.context["backlog"]
    assert 1200 <= backlog.oldest_due_seconds < 1300
    assert (backlog.in_flight, backlog.claimed_past_lease) == (0, 1)
    html = response.content.decode()
    assert "claimed past their lease: <strong>1</strong>" in html
    assert "Oldest due email still unsent: <strong>20 min</strong>" in html
    assert "/health/ answers 503: a due email has waited 1" in html
    stuck = coach_client.get(admin_url(Delivery) + "?lease=expired")
    assert [d.pk for d in stuck.context["cl"].result_list] == [ours[1].pk]


# --- on the prospect list: confirm consent, record a reply --------------------------------

PROSPECTS = admin_url(Prospect)


def apply(action: str, *prospects, **fields) -> dict:
    """What an action's own page posts back."""
    return {
        "action": action,
        "_selected_action": [p.pk for p in prospects],
        "apply": "yes",
    } | fields


@pytest.fixture
def pending(workspace):
    return [
        ProspectFactory(workspace=workspace, name=name, consent=Consent.PENDING)
        for name in ("Ann Archer", "Bob Baker")
    ]


@pytest.mark.django_db
def test_confirm_consent_asks_how_on_a_page_of_its_own(coach_client, pending):
    response = coach_client.post(PROSPECTS, choose("confirm_consent", *pending))
    assert response.status_code == 200
    assert response.templates[0].name == "admin/relationships/prospect/confirm_consent.html"
    html = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert "Ann Archer" in html and "Bob Baker" in html
    assert "How did they give consent?" in html

    response = coach_client.post(PROSPECTS, apply("confirm_consent", *pending, how="  "))
    assert response.status_code == 200
    assert response.context["form"].errors["how"] == ["This field is required."]
    assert set(Prospect.objects.values_list("consent", flat=True)) == {Consent.PENDING}


@pytest.mark.django_db
def test_confirm_consent_confirms_them_all_and_enrolls_them(
    coach_client, coach, workspace, pending, django_capture_on_commit_callbacks
):
    sequence = SequenceFactory(workspace=workspace)
    data = apply("confirm_consent", *pending, how="Ticked the box at the workshop")
    with django_capture_on_commit_callbacks(execute=True):
        response = coach_client.post(PROSPECTS, data)
    assert response.status_code == 302
    for prospect in pending:
        prospect.refresh_from_db()
        assert prospect.consent == Consent.CONFIRMED
        assert prospect.consent_note.startswith("Ticked the box at the workshop (")
        note = prospect.interactions.get()
        assert (note.kind, note.author) == (InteractionKind.NOTE, coach)
    assert Enrollment.objects.filter(sequence=sequence).count() == 2
    assert message_texts(response) == [
        "Consent confirmed for 2 prospects. They are enrolled in the sequences of their stage."
    ]


@pytest.mark.django_db
def test_one_who_unsubscribed_changes_nobodys_consent(
    coach_client, workspace, pending, django_capture_on_commit_callbacks
):
    gone = ProspectFactory(workspace=workspace, name="Cleo Gone")
    unsubscribe(gone)
    data = apply("confirm_consent", *pending, gone, how="She said yes on the phone")
    with django_capture_on_commit_callbacks() as follow_ups:
        response = coach_client.post(PROSPECTS, data)
    assert response.status_code == 200
    assert follow_ups == []
    consents = dict(Prospect.objects.values_list("name", "consent"))
    assert consents == {
        "Ann Archer": Consent.PENDING,
        "Bob Baker": Consent.PENDING,
        "Cleo Gone": Consent.UNSUBSCRIBED,
    }
    assert message_texts(response) == [
        "Cleo Gone is unsubscribed: only they can opt in again, from a sign-up form.",
        "Nobody's consent was changed.",
    ]
    assert [p.name for p in response.context["prospects"]] == [
        "Ann Archer",
        "Bob Baker",
        "Cleo Gone",
    ]


@pytest.mark.django_db
def test_confirming_consent_already_given_changes_nothing_and_says_so(coach_client, pending):
    Prospect.objects.filter(pk=pending[0].pk).update(consent=Consent.CONFIRMED)
    response = coach_client.post(PROSPECTS, apply("confirm_consent", *pending, how="Asked"))
    assert message_texts(response) == [
        "Consent confirmed for 1 prospect (1 had confirmed already). They are enrolled in the "
        "sequences of their stage."
    ]
    response = coach_client.post(PROSPECTS, apply("confirm_consent", *pending, how="Asked"))
    assert message_texts(response)[-1] == "Nothing to confirm: they had all confirmed already."


@pytest.mark.django_db
def test_confirm_consent_leaves_another_workspaces_prospect_alone(coach_client, pending):
    foreign = ProspectFactory(consent=Consent.PENDING)
    response = coach_client.post(
        PROSPECTS, apply("confirm_consent", pending[0], foreign, how="Asked in person")
    )
    assert message_texts(response) == [
        "Consent confirmed for 1 prospect. They are enrolled in the sequences of their stage."
    ]
    foreign.refresh_from_db()
    assert foreign.consent == Consent.PENDING


@pytest.mark.django_db
def test_confirm_consent_needs_the_csrf_token(coach, pending):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coach)
    response = client.post(PROSPECTS, apply("confirm_consent", *pending, how="Asked"))
    assert response.status_code == 403
    assert set(Prospect.objects.values_list("consent", flat=True)) == {Consent.PENDING}


@pytest.mark.django_db
def test_record_a_reply_needs_exactly_one_prospect(coach_client, pending):
    response = coach_client.post(PROSPECTS, choose("record_reply", *pending))
    assert response.status_code == 302
    assert message_texts(response) == ["Select exactly one prospect to record their reply."]


@pytest.mark.django_db
def test_recording_a_reply_pauses_nurture_and_asks_for_the_coach(coach_client, coach, enrolled):
    ann = enrolled.prospect
    # A sequence that may go on in conversation: the reply pauses it (one bound to the
    # stage they leave exits as they move; see test_enrollment).
    Sequence.objects.filter(pk=enrolled.sequence_id).update(exit_on_stage_leave=False)
    page = coach_client.post(PROSPECTS, choose("record_reply", ann))
    assert page.templates[0].name == "admin/relationships/prospect/record_reply.html"
    assert "Record a reply from Ann Archer" in page.content.decode()

    data = apply("record_reply", ann, summary="Yes please, evenings are the problem.")
    response = coach_client.post(PROSPECTS, data)
    assert response.status_code == 302
    ann.refresh_from_db()
    assert (ann.needs_attention, ann.attention_reason) == (True, "Replied")
    assert ann.stage.key == StageKey.IN_CONVERSATION
    enrolled.refresh_from_db()
    assert enrolled.state == EnrollmentState.PAUSED
    assert statuses(enrolled) == [DeliveryStatus.CANCELLED] * 3
    reply = ann.interactions.get(kind=InteractionKind.EMAIL_IN)
    assert (reply.summary, reply.author) == ("Yes please, evenings are the problem.", coach)
    assert message_texts(response) == [
        "Recorded Ann Archer's reply. Their nurture is paused and they are marked as needing "
        "your attention: it's your turn to answer."
    ]


@pytest.mark.django_db
def test_a_reply_needs_its_summary(coach_client, enrolled):
    response = coach_client.post(PROSPECTS, apply("record_reply", enrolled.prospect, summary=""))
    assert response.context["form"].errors["summary"] == ["This field is required."]
    enrolled.refresh_from_db()
    assert enrolled.state == EnrollmentState.ACTIVE


@pytest.mark.django_db
def test_a_member_of_two_workspaces_confirms_consent_in_both(client, workspace, pending):
    other = ProspectFactory(consent=Consent.PENDING, name="Olga Other")
    user = staff_member(workspace)
    MembershipFactory(user=user, workspace=other.workspace)
    client.force_login(user)
    response = client.post(PROSPECTS, apply("confirm_consent", pending[0], other, how="Asked"))
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.consent == Consent.CONFIRMED
