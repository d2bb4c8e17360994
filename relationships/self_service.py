"""What a prospect chooses from the links in an email: talk, not now, less often, stop.

Each choice is the prospect's own move: stage changes are recorded with
Actor.PROSPECT, everything else as a note in their timeline, so the coach sees
who moved and why. Each takes effect at once, queued mail included.

Outcome stages are the coach's to change: a Client or someone marked Not a fit
who clicks "Not now" keeps their stage (their mail pauses and the coach gets a
note), and "I'd like to talk" only moves people who are not yet in
conversation (or parked in Not now, who are coming back of their own accord).
"""

import calendar
import dataclasses
import datetime

from django.db import transaction
from django.utils import timezone

from .consent import FINAL, unsubscribe
from .errors import BridgeError
from .interactions import log_interaction
from .models import (
    Actor,
    Consent,
    Enrollment,
    EnrollmentState,
    InteractionKind,
    Prospect,
    StageChange,
    StageKey,
)
from .nurture.enrollment import PAUSED_FOR_NOT_NOW, pause_enrollments, reschedule_queued
from .stages import move_stage

ASKED_TO_TALK = "Asked to talk"
NOT_NOW_MONTHS = 3
# "Less often" stretches the workspace's frequency cap by this factor.
LESS_OFTEN_SPACING = 2
NOTE_MAX_LENGTH = 2000
# Asking to talk is two-way contact: these stages are behind it. Someone parked
# in Not now who asks to talk is back in conversation too.
MOVES_INTO_CONVERSATION = {StageKey.NEEDS_HELP, StageKey.EXPLORING, StageKey.NOT_NOW}
# A double-click, or a reload that re-posts, should not write the same note twice.
SAME_NOTE_WITHIN = datetime.timedelta(minutes=10)


def lock(prospect: Prospect) -> Prospect:
    """The prospect re-read under a row lock: two clicks of one person run one after the other."""
    return (
        Prospect.objects.select_for_update(of=("self",))
        .select_related("workspace", "stage")
        .get(pk=prospect.pk)
    )


def log_note(prospect: Prospect, summary: str) -> None:
    recent = prospect.interactions.filter(
        kind=InteractionKind.NOTE, author=None, at__gte=timezone.now() - SAME_NOTE_WITHIN
    ).first()
    if recent is None or recent.summary != summary.strip():
        log_interaction(prospect, kind=InteractionKind.NOTE, summary=summary)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, clamped to the month's end (30 Nov + 3 months = 28/29 Feb)."""
    years, month_index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month_index + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def revisit_date(prospect: Prospect, *, months: int = NOT_NOW_MONTHS) -> datetime.date:
    """When to get back in touch: `months` from today on the prospect's own calendar."""
    return add_months(timezone.localdate(timezone=prospect.zone), months)


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


@transaction.atomic
def ask_to_talk(prospect: Prospect, *, note: str = "") -> StageChange | None:
    """Stop all automation, put them in front of the coach, and move them into conversation.

    Safe to click twice: a second click finds nothing left to pause or move.
    Returns the stage move, if one was made.
    """
    locked = lock(prospect)
    pause_enrollments(locked, reason=ASKED_TO_TALK)
    # Mail parked for Not now waits for the coach from now on, not for the revisit
    # date: leaving Not now below must not resume it.
    Enrollment.objects.filter(
        prospect=locked, state=EnrollmentState.PAUSED, reason=PAUSED_FOR_NOT_NOW
    ).update(reason=ASKED_TO_TALK, paused_until=None, updated_at=timezone.now())
    # Flag first: sequences of the stage they move into then start paused too.
    locked.needs_attention = True
    locked.attention_reason = ASKED_TO_TALK
    locked.save(update_fields=["needs_attention", "attention_reason"])
    summary = "Clicked “I'd like to talk” in an email."
    if note.strip():
        summary += f"\n\nTheir note: {note.strip()[:NOTE_MAX_LENGTH]}"
    log_note(locked, summary)
    change = None
    target = locked.workspace.stages.filter(key=StageKey.IN_CONVERSATION).first()
    if locked.stage.key in MOVES_INTO_CONVERSATION and target is not None:
        change = move_stage(
            locked, to=target, actor=Actor.PROSPECT, reason="Clicked “I'd like to talk”"
        )
    prospect.refresh_from_db()
    return change


@transaction.atomic
def not_now(prospect: Prospect, *, months: int = NOT_NOW_MONTHS) -> datetime.date:
    """Park them in Not now until `months` from today; their nurture pauses until then.

    Already in Not now: the revisit date moves instead. A Client or Not a fit
    keeps their stage (that is the coach's call); their mail pauses and the
    coach gets a note. Returns the revisit date.
    """
    if months < 1:
        raise BridgeError("Not now needs at least a month.", field="months")
    locked = lock(prospect)
    revisit = revisit_date(locked, months=months)
    asked = f"Clicked “Not now, ask me in {months} months”"
    parked_in = locked.workspace.stages.filter(key=StageKey.NOT_NOW).first()
    if locked.stage.key == StageKey.NOT_NOW:
        locked.revisit_on = revisit
        locked.save(update_fields=["revisit_on"])
        Enrollment.objects.filter(
            prospect=locked, state=EnrollmentState.PAUSED, reason=PAUSED_FOR_NOT_NOW
        ).update(paused_until=revisit, updated_at=timezone.now())
        log_note(locked, f"{asked} again: revisit moved to {long_date(revisit)}.")
    elif locked.stage.key in {StageKey.CLIENT, StageKey.NOT_A_FIT} or parked_in is None:
        pause_enrollments(locked, reason=PAUSED_FOR_NOT_NOW, until=revisit)
        log_note(
            locked,
            f"{asked}: their nurture email is paused; they stay in {locked.stage.name}. "
            "Resume it when it suits them.",
        )
    else:
        # move_stage pauses their nurture once the move commits (apply_stage_change).
        move_stage(locked, to=parked_in, actor=Actor.PROSPECT, reason=asked, revisit_on=revisit)
    prospect.refresh_from_db()
    return revisit


@transaction.atomic
def less_often(prospect: Prospect) -> bool:
    """Stretch their frequency cap and re-space what is queued at once. False if already so."""
    locked = lock(prospect)
    if locked.nurture_spacing >= LESS_OFTEN_SPACING:
        return False
    locked.nurture_spacing = LESS_OFTEN_SPACING
    locked.save(update_fields=["nurture_spacing"])
    reschedule_queued(locked)
    days = locked.workspace.frequency_cap_days * LESS_OFTEN_SPACING
    log_note(locked, f"Clicked “Less often”: at most one nurture email every {days} days.")
    prospect.refresh_from_db()
    return True


@transaction.atomic
def stop(prospect: Prospect, *, via: str = "unsubscribe link") -> bool:
    """Unsubscribe at once, queued mail included. False if they had already stopped."""
    stopped = unsubscribe(prospect, via=via)
    if stopped:
        log_note(prospect, f"Unsubscribed ({via}).")
    return stopped


# ---- what a prospect sees on their preference page ----------------------------------------


class EmailState:
    RECEIVING = "receiving"
    LESS_OFTEN = "less_often"
    PAUSED = "paused"
    STOPPED = "stopped"
    NOT_CONFIRMED = "not_confirmed"


@dataclasses.dataclass(frozen=True)
class EmailPreferences:
    state: str
    paused_until: datetime.date | None = None
    less_often: bool = False
    asked_to_talk: bool = False

    @property
    def receiving(self) -> bool:
        return self.state in {EmailState.RECEIVING, EmailState.LESS_OFTEN}


def email_preferences(prospect: Prospect) -> EmailPreferences:
    """Where their email stands, in the terms of the choices they have."""
    less = prospect.nurture_spacing >= LESS_OFTEN_SPACING
    talk = prospect.needs_attention and prospect.attention_reason == ASKED_TO_TALK
    if prospect.consent in FINAL:
        return EmailPreferences(EmailState.STOPPED, less_often=less, asked_to_talk=talk)
    if prospect.consent != Consent.CONFIRMED:
        return EmailPreferences(EmailState.NOT_CONFIRMED, less_often=less, asked_to_talk=talk)
    if prospect.stage.key == StageKey.NOT_NOW:
        return EmailPreferences(
            EmailState.PAUSED, paused_until=prospect.revisit_on, less_often=less
        )
    if talk:
        # Until the coach answers, automation holds, including sequences not yet started.
        return EmailPreferences(EmailState.PAUSED, less_often=less, asked_to_talk=True)
    states = set(prospect.enrollments.values_list("state", flat=True))
    if EnrollmentState.PAUSED in states and EnrollmentState.ACTIVE not in states:
        until = (
            prospect.enrollments.filter(state=EnrollmentState.PAUSED)
            .exclude(paused_until=None)
            .order_by("paused_until")
            .values_list("paused_until", flat=True)
            .first()
        )
        return EmailPreferences(EmailState.PAUSED, paused_until=until, less_often=less)
    state = EmailState.LESS_OFTEN if less else EmailState.RECEIVING
    return EmailPreferences(state, less_often=less)
