"""Follow-up reminders: set on a prospect's page, due on Today, and a morning digest."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from relationships.errors import BridgeError
from relationships.models import Reminder
from relationships.people.reminders import add_reminder, due_reminders, send_morning_digests
from tests.support.factories import ProspectFactory, UserFactory, WorkspaceFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def signed_in(client, coach):
    client.force_login(coach)
    return client


def test_a_reminder_set_on_the_prospect_page_shows_on_today_when_due(signed_in, workspace, coach):
    ana = ProspectFactory(workspace=workspace, name="Ana Ruiz")
    march = timezone.localdate() + datetime.timedelta(days=3)
    page = signed_in.post(
        reverse("coach:prospect_remind", args=[ana.pk]),
        {"due_on": march.isoformat(), "note": "Check in about the workshop", "back": "prospect"},
        **HTMX,
    ).content.decode()
    assert f"I&#x27;ll remind you on {march.day} {march:%B}" in page
    assert "Check in about the workshop" in page
    today = signed_in.get(reverse("coach:today")).content.decode()
    assert "Check in about the workshop" not in today

    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        today = signed_in.get(reverse("coach:today")).content.decode()
        assert "Check in about the workshop" in today
        reminder = Reminder.objects.get()
        signed_in.post(reverse("coach:reminder_done", args=[reminder.pk]), {"back": "today"})
        today = signed_in.get(reverse("coach:today")).content.decode()
        assert "Nothing to follow up today." in today
        assert Reminder.objects.get().done_at is not None


def test_a_reminder_needs_a_day_not_in_the_past(signed_in, workspace, coach):
    ana = ProspectFactory(workspace=workspace)
    url = reverse("coach:prospect_remind", args=[ana.pk])
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    page = signed_in.post(url, {"due_on": yesterday.isoformat(), "back": "prospect"}).content
    assert b"Choose today or a day ahead." in page
    assert b"Choose the day to be reminded." in signed_in.post(url, {"due_on": ""}).content
    assert not Reminder.objects.exists()
    with pytest.raises(BridgeError):
        add_reminder(ana, due_on=None, note="", by=coach)


def test_another_workspaces_reminder_or_prospect_answers_404(signed_in, workspace):
    stranger = ProspectFactory(workspace=WorkspaceFactory())
    someone = UserFactory()
    url = reverse("coach:prospect_remind", args=[stranger.pk])
    assert signed_in.post(url, {"due_on": timezone.localdate().isoformat()}).status_code == 404
    theirs = Reminder.objects.create(
        workspace=stranger.workspace,
        prospect=stranger,
        coach=someone,
        due_on=timezone.localdate(),
        note="Theirs",
    )
    assert signed_in.post(reverse("coach:reminder_done", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.done_at is None


@pytest.mark.django_db
def test_the_morning_digest_goes_once_from_seven_to_coaches_who_asked(workspace, coach):
    workspace.timezone = "Europe/London"
    workspace.save(update_fields=["timezone"])
    membership = coach.memberships.get()
    ana = ProspectFactory(workspace=workspace, name="Ana Ruiz")
    day = datetime.date(2027, 3, 12)
    with time_machine.travel(datetime.datetime(2027, 3, 10, 9, tzinfo=datetime.UTC)):
        add_reminder(ana, due_on=day, note="Check in with Ana", by=coach)
    at = lambda hour: datetime.datetime(2027, 3, 12, hour, tzinfo=datetime.UTC)  # noqa: E731

    assert send_morning_digests(now=at(8)) == 0  # not asked for
    membership.morning_digest = True
    membership.save(update_fields=["morning_digest"])
    assert send_morning_digests(now=at(6)) == 0  # 06:00 in London: too early
    assert send_morning_digests(now=at(7)) == 1
    assert send_morning_digests(now=at(9)) == 0  # once a day
    (message,) = mail.outbox
    assert message.to == [coach.email]
    assert message.subject == f"1 reminder for today · {workspace.name}"
    assert "Check in with Ana (Ana Ruiz)" in message.body
    assert [r.note for r in due_reminders(workspace, today=day)] == ["Check in with Ana"]


def test_the_morning_email_is_switched_on_and_off_on_today(signed_in, coach):
    signed_in.post(reverse("coach:morning_digest"), {"on": "1"})
    assert coach.memberships.get().morning_digest
    assert b"Stop the morning email" in signed_in.get(reverse("coach:today")).content
    signed_in.post(reverse("coach:morning_digest"), {"on": "0"})
    assert not coach.memberships.get().morning_digest
