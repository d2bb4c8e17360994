"""Follow-up reminders: "remind me to check in with Ana on 12 March".

A coach sets one from a prospect's page (or Today's "Remind me" link); due reminders
show on Today, and a coach who asks for it gets them in one email each morning.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from relationships.errors import BridgeError
from relationships.models import Membership, Prospect, Reminder, Workspace
from relationships.nurture.rendering import render_email

logger = logging.getLogger(__name__)

NOTE_MAX_LENGTH = 300
# The morning digest goes out from this hour, on the workspace's clock.
DIGEST_HOUR = 7


def add_reminder(
    prospect: Prospect, *, due_on: datetime.date | None, note: str, by: AbstractBaseUser
) -> Reminder:
    """A reminder for the coach who sets it; today or later."""
    if due_on is None:
        raise BridgeError("Choose the day to be reminded.", field="due_on")
    if due_on < timezone.localdate(timezone=prospect.workspace.zone):
        raise BridgeError("Choose today or a day ahead.", field="due_on")
    note = note.strip() or f"Check in with {prospect.name}"
    if len(note) > NOTE_MAX_LENGTH:
        raise BridgeError(f"Keep it under {NOTE_MAX_LENGTH} characters.", field="note")
    return Reminder.objects.create(
        workspace_id=prospect.workspace_id, prospect=prospect, coach=by, due_on=due_on, note=note
    )


def complete_reminder(reminder: Reminder) -> bool:
    """Done; False if it was done already (a second click)."""
    return bool(
        Reminder.objects.filter(pk=reminder.pk, done_at=None).update(done_at=timezone.now())
    )


def reopen_reminder(reminder: Reminder) -> None:
    """Undo "Done"."""
    Reminder.objects.filter(pk=reminder.pk).update(done_at=None)


def due_reminders(workspace: Workspace, *, today: datetime.date | None = None) -> list[Reminder]:
    """Open reminders due today or earlier, oldest first, with their prospect and coach."""
    today = today or timezone.localdate(timezone=workspace.zone)
    return list(
        Reminder.objects.filter(workspace=workspace, done_at=None, due_on__lte=today)
        .select_related("prospect", "coach")
        .order_by("due_on", "pk")
    )


def open_reminders(prospect: Prospect) -> list[Reminder]:
    return list(prospect.reminders.filter(done_at=None).select_related("coach"))


@transaction.atomic
def set_morning_digest(membership: Membership, *, on: bool) -> None:
    membership.morning_digest = on
    membership.save(update_fields=["morning_digest"])


def send_morning_digests(*, now: datetime.datetime | None = None) -> int:
    """Email each coach who asked for it their reminders due today, once a day, from
    DIGEST_HOUR on their workspace's clock. Nothing due: no email. Returns how many went."""
    now = now or timezone.now()
    sent = 0
    members = Membership.objects.filter(morning_digest=True).select_related("user", "workspace")
    for membership in members:
        workspace = membership.workspace
        local = now.astimezone(workspace.zone)
        today = local.date()
        if local.hour < DIGEST_HOUR or membership.digest_sent_on == today:
            continue
        # Claimed first: two beat ticks (or two workers) never send the same morning twice.
        claimed = (
            Membership.objects.filter(pk=membership.pk)
            .exclude(digest_sent_on=today)
            .update(digest_sent_on=today)
        )
        if not claimed or not membership.user.email:
            continue
        due = [r for r in due_reminders(workspace, today=today) if r.coach_id == membership.user_id]
        if due:
            send_digest(membership, due, today=today)
            sent += 1
    return sent


def send_digest(membership: Membership, due: list[Reminder], *, today: datetime.date) -> None:
    workspace = membership.workspace
    rendered = render_email(
        "reminder_digest",
        {
            "workspace": workspace,
            "reminders": [
                {
                    "reminder": r,
                    "url": settings.SITE_URL + reverse("coach:prospect", args=[r.prospect_id]),
                    "late": r.due_on < today,
                }
                for r in due
            ],
            "today_url": settings.SITE_URL + reverse("coach:today"),
        },
    )
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[membership.user.email],
    )
    message.attach_alternative(rendered.html, "text/html")
    try:
        message.send()
    except Exception:
        # The day is claimed either way: one missed digest beats a flood of retries.
        logger.exception("Could not send the morning digest to membership %s", membership.pk)
