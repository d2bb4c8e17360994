"""Today: who needs the coach now, the next step one click away, and what goes out today."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from relationships.models import Actor, Delivery, DeliveryStatus, EnrollmentState, StageKey
from relationships.nurture.enrollment import enroll
from relationships.people.consent import mark_bounced
from relationships.people.replies import record_reply
from relationships.people.revisits import resume_due_revisits
from relationships.people.stages import move_stage
from relationships.selfservice.actions import ask_to_talk
from tests.support.factories import ProspectFactory, SequenceFactory, stage

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def signed_in(client, coach):
    client.force_login(coach)
    return client


def section(page: str, title: str) -> str:
    """The HTML of one group on Today, from its heading to the next group."""
    start = page.index(f"{title} <span class")
    end = page.find('<section class="group', start)
    return page[start : end if end != -1 else len(page)]


def test_it_says_so_when_nobody_needs_the_coach(signed_in, workspace):
    page = signed_in.get(reverse("coach:today")).content.decode()
    assert "Nobody is waiting for you right now." in page
    assert "Nothing goes out today." in page


def test_it_lists_who_needs_the_coach_with_the_next_step(signed_in, workspace):
    replied = ProspectFactory(workspace=workspace, name="Rita Replied")
    record_reply(replied, summary="Yes, let's talk about my week.")
    talk = ProspectFactory(workspace=workspace, name="Tom Talk")
    ask_to_talk(talk)
    ready = ProspectFactory(workspace=workspace, name="Rhea Ready")
    move_stage(ready, to=stage(workspace, StageKey.READY), actor=Actor.PROSPECT)
    bounced = ProspectFactory(workspace=workspace, name="Bo Bounced")
    mark_bounced(bounced, detail="550 no such user")
    parked = ProspectFactory(workspace=workspace, name="Pat Parked")
    move_stage(
        parked,
        to=stage(workspace, StageKey.NOT_NOW),
        actor=Actor.COACH,
        revisit_on=timezone.localdate() + datetime.timedelta(days=2),
    )
    resume_due_revisits(now=timezone.now() + datetime.timedelta(days=3))
    ProspectFactory(workspace=workspace, name="Quiet Quentin")

    page = signed_in.get(reverse("coach:today")).content.decode()

    assert "Quiet Quentin" not in page
    replied_group = section(page, "Replied")
    assert "Rita Replied" in replied_group and "Log the call" in replied_group
    assert "Mark handled" in replied_group
    talk_group = section(page, "Asked to talk")
    assert "Tom Talk" in talk_group and "Log the call" in talk_group
    ready_group = section(page, "Said they&#x27;re ready: diagnose next")
    assert "Rhea Ready" in ready_group
    assert reverse("coach:diagnosis", args=[ready.pk]) in ready_group
    assert "Pat Parked" in section(page, "Revisit date reached")
    bounced_group = section(page, "Email bounced")
    assert "Bo Bounced" in bounced_group
    assert reverse("coach:prospect_edit", args=[bounced.pk]) in bounced_group


def test_it_lists_what_the_engine_sends_today(signed_in, workspace):
    prospect = ProspectFactory(workspace=workspace, name="Nia Nurtured")
    sequence = SequenceFactory(workspace=workspace, steps=[datetime.timedelta(0)])
    # Due now: the dispatcher takes it at its next tick.
    Delivery.objects.filter(enrollment=enroll(prospect, sequence)).update(due_at=timezone.now())
    subject = sequence.steps.get().content.subject
    later = ProspectFactory(workspace=workspace, name="Lou Later")
    enrollment = enroll(later, SequenceFactory(workspace=workspace, steps=[datetime.timedelta(0)]))
    Delivery.objects.filter(enrollment=enrollment).update(
        due_at=timezone.now() + datetime.timedelta(days=3)
    )

    page = signed_in.get(reverse("coach:today")).content.decode()
    sending = page[page.index("Bridge sends today") :]
    assert "Nia Nurtured" in sending and subject in sending
    assert "Lou Later" not in sending
    assert "Already sent today" not in sending

    Delivery.objects.filter(prospect=prospect).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now()
    )
    page = signed_in.get(reverse("coach:today")).content.decode()
    assert "Nothing goes out today." in page and "Already sent today: 1." in page


def test_mark_handled_takes_them_off_today(signed_in, workspace):
    prospect = ProspectFactory(workspace=workspace, name="Rita Replied")
    record_reply(prospect, summary="Thanks!")
    url = reverse("coach:prospect_handled", args=[prospect.pk])

    response = signed_in.post(url, {"back": "today"})

    assert response.status_code == 302
    assert response["Location"] == reverse("coach:today") + f"?handled=Replied&who={prospect.pk}"
    prospect.refresh_from_db()
    assert not prospect.needs_attention and prospect.attention_reason == ""
    page = signed_in.get(reverse("coach:today")).content.decode()
    assert "Marked Rita Replied as handled." in page
    assert "Rita Replied" not in page.split("Marked Rita Replied as handled.")[1]


def test_with_htmx_an_action_on_today_answers_with_todays_partial(signed_in, workspace):
    prospect = ProspectFactory(workspace=workspace, name="Rita Replied")
    record_reply(prospect, summary="Thanks!")

    response = signed_in.post(
        reverse("coach:prospect_handled", args=[prospect.pk]), {"back": "today"}, **HTMX
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="today"')
    assert "<html" not in page
    assert '<div id="live" hx-swap-oob="innerHTML">Marked Rita Replied as handled.</div>' in page


def test_resume_nurture_from_today_takes_up_the_paused_sequence(signed_in, workspace):
    prospect = ProspectFactory(workspace=workspace)
    # A sequence that may go on in conversation: the reply pauses it, the coach resumes it.
    enrollment = enroll(prospect, SequenceFactory(workspace=workspace, exit_on_stage_leave=False))
    record_reply(prospect, summary="Interesting, tell me more.")
    enrollment.refresh_from_db()
    assert enrollment.state == EnrollmentState.PAUSED
    assert "Resume nurture" in signed_in.get(reverse("coach:today")).content.decode()

    signed_in.post(reverse("coach:prospect_resume", args=[prospect.pk]), {"back": "today"})

    enrollment.refresh_from_db()
    assert enrollment.state == EnrollmentState.ACTIVE
    assert enrollment.deliveries.filter(status=DeliveryStatus.SCHEDULED).exists()


def test_today_as_an_htmx_request_gets_only_its_partial(signed_in):
    full = signed_in.get(reverse("coach:today"))
    partial = signed_in.get(reverse("coach:today"), **HTMX)
    assert b"<html" in full.content and b"<html" not in partial.content
    assert b'id="today"' in partial.content
    assert "HX-Request" in partial["Vary"]


def test_htmx_restoring_history_gets_the_full_page(signed_in):
    response = signed_in.get(reverse("coach:today"), HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX)
    assert b"<html" in response.content


def test_logging_the_call_someone_asked_for_takes_them_off_today_with_an_undo(signed_in, workspace):
    # Issue 15, defect 2: logging the conversation they asked for handles the request.
    talk = ProspectFactory(workspace=workspace, name="Tom Talk")
    ask_to_talk(talk)

    response = signed_in.post(
        reverse("coach:prospect_log", args=[talk.pk]),
        {"kind": "call", "summary": "Talked for half an hour.", "back": "prospect"},
        follow=True,
    )

    talk.refresh_from_db()
    assert not talk.needs_attention
    page = response.content.decode()
    assert "Their request to talk is handled" in page
    assert "Undo: put Tom Talk back on Today" in page
    assert "Tom Talk" not in signed_in.get(reverse("coach:today")).content.decode()

    signed_in.post(
        reverse("coach:prospect_handled_undo", args=[talk.pk]),
        {"reason": "Asked to talk", "back": "prospect"},
    )
    talk.refresh_from_db()
    assert talk.needs_attention and talk.attention_reason == "Asked to talk"
    assert "Tom Talk" in section(
        signed_in.get(reverse("coach:today")).content.decode(), "Asked to talk"
    )


def test_a_note_does_not_answer_a_request_to_talk(signed_in, workspace):
    talk = ProspectFactory(workspace=workspace)
    ask_to_talk(talk)
    signed_in.post(
        reverse("coach:prospect_log", args=[talk.pk]),
        {"kind": "note", "summary": "Left a voicemail."},
    )
    talk.refresh_from_db()
    assert talk.needs_attention


def test_log_the_call_from_today_puts_the_cursor_in_the_text_box(signed_in, workspace):
    talk = ProspectFactory(workspace=workspace)
    ask_to_talk(talk)
    page = signed_in.get(reverse("coach:prospect", args=[talk.pk]) + "?log=call").content.decode()
    summary = page[page.index("<textarea") : page.index("</textarea>")]
    assert "autofocus" in summary


def test_mark_handled_on_today_offers_an_undo(signed_in, workspace):
    talk = ProspectFactory(workspace=workspace, name="Tom Talk")
    ask_to_talk(talk)
    response = signed_in.post(
        reverse("coach:prospect_handled", args=[talk.pk]), {"back": "today"}, **HTMX
    )
    assert "Undo: put Tom Talk back on Today" in response.content.decode()
