"""What a prospect chooses from the links in an email: talk, not now, less often, stop.

Each choice is the prospect's own move: stage changes are recorded with
Actor.PROSPECT, everything else as a note in their timeline, so the coach sees
who moved and why. Each takes effect at once, queued mail included.

Outcome stages are the coach's to change: a Client or someone marked Not a fit
who clicks "Not now" keeps their stage (their mail pauses and the coach gets a
note), and "I'd like to talk" only moves people who are not yet in
conversation (or parked in Not now, who are coming back of their own accord).

"Where are you right now?" lets them say it in a sentence; "I'd like to talk it
through" and "I'm ready to start" hold all automation and put them in front of
the coach, who is told by email.
"""

import calendar
import dataclasses
import datetime
import logging
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from relationships.errors import BridgeError
from relationships.integrations import events
from relationships.models import (
    Actor,
    Consent,
    Enrollment,
    EnrollmentState,
    EventType,
    InteractionKind,
    Membership,
    Prospect,
    Role,
    StageChange,
    StageKey,
    StageKind,
)
from relationships.nurture.enrollment import (
    PAUSED_FOR_NOT_NOW,
    pause_enrollments,
    reschedule_queued,
)
from relationships.nurture.rendering import render_email
from relationships.people.consent import FINAL, unsubscribe
from relationships.people.interactions import ASKED_TO_TALK, log_interaction
from relationships.people.stages import move_stage
from relationships.workspaces.timezones import is_valid_timezone

logger = logging.getLogger(__name__)

SAID_READY = "Said they're ready to start"
# Both hold automation until the coach has answered.
WAITING_FOR_COACH = {ASKED_TO_TALK, SAID_READY}
CLICKED_TALK = "Clicked “I'd like to talk” in an email."
NOT_NOW_MONTHS = 3
# "Less often" stretches the workspace's frequency cap by this factor.
LESS_OFTEN_SPACING = 2
NOTE_MAX_LENGTH = 2000
TIMES_MAX_LENGTH = 500
# Asking to talk is two-way contact: these stages are behind it. Someone parked
# in Not now who asks to talk is back in conversation too.
MOVES_INTO_CONVERSATION = {StageKey.NEEDS_HELP, StageKey.EXPLORING, StageKey.NOT_NOW}
# A double-click, or a reload that re-posts, should not write the same note twice.
SAME_NOTE_WITHIN = datetime.timedelta(minutes=10)
# Asking again while still waiting for the coach is the same request: the coach is
# emailed once; later asks within this time are only noted on the timeline.
FOLD_REQUESTS_WITHIN = datetime.timedelta(days=1)


def lock(prospect: Prospect) -> Prospect:
    """The prospect re-read under a row lock: two clicks of one person run one after the other."""
    return (
        Prospect.objects.select_for_update(of=("self",))
        .select_related("workspace", "stage")
        .get(pk=prospect.pk)
    )


def log_note(prospect: Prospect, summary: str) -> bool:
    """Note what they did, unless the same note was just written; True if it was written."""
    recent = prospect.interactions.filter(
        kind=InteractionKind.NOTE, author=None, at__gte=timezone.now() - SAME_NOTE_WITHIN
    ).first()
    if recent is None or recent.summary != summary.strip():
        log_interaction(prospect, kind=InteractionKind.NOTE, summary=summary)
        return True
    return False


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


def hold_for_coach(locked: Prospect, *, reason: str) -> None:
    """Pause all automation and flag them for the coach (the prospect is locked by the caller)."""
    pause_enrollments(locked, reason=reason)
    # Mail parked for Not now waits for the coach from now on, not for the revisit
    # date: leaving Not now must not resume it.
    Enrollment.objects.filter(
        prospect=locked, state=EnrollmentState.PAUSED, reason=PAUSED_FOR_NOT_NOW
    ).update(reason=reason, paused_until=None, updated_at=timezone.now())
    # Flag first: sequences of a stage they move into then start paused too.
    locked.needs_attention = True
    locked.attention_reason = reason
    locked.save(update_fields=["needs_attention", "attention_reason"])


@transaction.atomic
def ask_to_talk(
    prospect: Prospect, *, note: str = "", how: str = CLICKED_TALK
) -> StageChange | None:
    """Stop all automation, put them in front of the coach, and move them into conversation.

    Safe to click twice: a second click finds nothing left to pause or move.
    Returns the stage move, if one was made.
    """
    locked = lock(prospect)
    hold_for_coach(locked, reason=ASKED_TO_TALK)
    summary = how
    if note.strip():
        summary += f"\n\nTheir note: {note.strip()[:NOTE_MAX_LENGTH]}"
    asked_again = not log_note(locked, summary)
    change = None
    target = locked.workspace.stages.filter(key=StageKey.IN_CONVERSATION).first()
    if locked.stage.key in MOVES_INTO_CONVERSATION and target is not None:
        change = move_stage(
            locked, to=target, actor=Actor.PROSPECT, reason="Clicked “I'd like to talk”"
        )
    if not asked_again:
        events.prospect_event(EventType.PROSPECT_ASKED_TO_TALK, locked)
    prospect.refresh_from_db()
    return change


def talk_note(*, about: str = "", times: str = "", zone_name: str = "") -> str:
    """What they wrote on an "ask to talk" form, as one note for the coach."""
    parts = []
    if about.strip():
        parts.append(about.strip()[:NOTE_MAX_LENGTH])
    if times.strip():
        parts.append(f"Times that suit them ({zone_name}): {times.strip()[:TIMES_MAX_LENGTH]}")
    return "\n\n".join(parts)


def adopt_timezone(locked: Prospect, timezone_name: str) -> None:
    """They told us their time zone: dates on their pages and their mail follow it."""
    if not timezone_name:
        return
    if not is_valid_timezone(timezone_name):
        raise BridgeError("Choose your time zone from the list.", field="timezone")
    current = locked.timezone or locked.workspace.timezone
    if timezone_name != current:
        locked.timezone = timezone_name
        locked.save(update_fields=["timezone"])


@dataclasses.dataclass(frozen=True)
class TalkRequest:
    change: StageChange | None
    coach_told: bool


@transaction.atomic
def request_talk(
    prospect: Prospect,
    *,
    about: str = "",
    times: str = "",
    timezone_name: str = "",
    how: str = CLICKED_TALK,
) -> TalkRequest:
    """The "ask to talk" form: log it, hold automation, move them, and tell the coach by email.

    The coach is emailed once per new request: the same request posted twice
    (a double click, a reload) writes one note and sends one email.
    """
    locked = lock(prospect)
    adopt_timezone(locked, timezone_name)
    note = talk_note(about=about, times=times, zone_name=str(locked.zone))
    waiting = still_waiting(locked)
    notes_before = locked.interactions.count()
    change = ask_to_talk(locked, note=note, how=how)
    told = locked.interactions.count() > notes_before and tell_coach_once(
        locked, waiting=waiting, what="would like to talk", note=note
    )
    prospect.refresh_from_db()
    return TalkRequest(change, told)


# ---- "Where are you right now?" -------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Readiness:
    key: str
    sentence: str
    stage: str
    hint: str


READINESS = (
    Readiness(
        "looking",
        "I'm just looking around",
        StageKey.NEEDS_HELP,
        "Reading, getting a feel for things. No plans yet.",
    ),
    Readiness(
        "myself",
        "I'm working on it myself",
        StageKey.EXPLORING,
        "Trying the ideas on my own for now.",
    ),
    Readiness(
        "talk",
        "I'd like to talk it through",
        StageKey.IN_CONVERSATION,
        "A conversation would help me see what to do next.",
    ),
    Readiness(
        "ready",
        "I'm ready to start",
        StageKey.READY,
        "I know I want to work on this, with help.",
    ),
)
READINESS_BY_KEY = {r.key: r for r in READINESS}
WHERE_PAGE = "on the “Where are you right now?” page"


def current_readiness(prospect: Prospect) -> str:
    """The sentence that matches their stage now, if one does."""
    return next((r.key for r in READINESS if r.stage == prospect.stage.key), "")


@transaction.atomic
def declare_readiness(
    prospect: Prospect, *, answer: str, about: str = "", times: str = "", timezone_name: str = ""
) -> StageChange | None:
    """Record where they say they are, as their own move. Returns the stage move, if any.

    A sentence moves them to its stage from any active stage or from Not now
    (they are back of their own accord); Client and Not a fit are the coach's
    to change, so there the coach gets a note instead. "Talk" and "ready" hold
    all automation and put them in front of the coach, who is emailed.
    """
    readiness = READINESS_BY_KEY.get(answer)
    if readiness is None:
        raise BridgeError("Choose the sentence that fits best.", field="answer")
    said = f"Said “{readiness.sentence}” {WHERE_PAGE}."
    if readiness.key == "talk":
        return request_talk(
            prospect, about=about, times=times, timezone_name=timezone_name, how=said
        ).change
    locked = lock(prospect)
    adopt_timezone(locked, timezone_name)
    waiting = still_waiting(locked)
    if readiness.key == "ready":
        hold_for_coach(locked, reason=SAID_READY)
    target = locked.workspace.stages.filter(key=readiness.stage).first()
    movable = locked.stage.kind == StageKind.ACTIVE or locked.stage.key == StageKey.NOT_NOW
    change = None
    if target is not None and movable and locked.stage_id != target.pk:
        change = move_stage(
            locked, to=target, actor=Actor.PROSPECT, reason=f"Said “{readiness.sentence}”"
        )
    note = talk_note(about=about, times=times, zone_name=str(locked.zone))
    if readiness.key == "ready":
        # move_stage may have asked the coach to diagnose next (diagnose_next stays set);
        # the reason they are waiting is what they said.
        locked.needs_attention, locked.attention_reason = True, SAID_READY
        locked.save(update_fields=["needs_attention", "attention_reason"])
        notes_before = locked.interactions.count()
        log_note(locked, said + (f"\n\nTheir note: {note}" if note else ""))
        if locked.interactions.count() > notes_before:
            tell_coach_once(locked, waiting=waiting, what="says they're ready to start", note=note)
    elif change is None:
        log_note(locked, said)
    prospect.refresh_from_db()
    return change


# ---- telling the coach --------------------------------------------------------------------


def coach_addresses(prospect: Prospect) -> list[str]:
    """Who hears about a prospect: their owner, and the workspace's owners and coaches."""
    addresses = set(
        Membership.objects.filter(
            workspace_id=prospect.workspace_id, role__in=[Role.OWNER, Role.COACH]
        )
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if prospect.owner_id and prospect.owner.email:
        addresses.add(prospect.owner.email)
    if not addresses and prospect.workspace.sender_email:
        addresses.add(prospect.workspace.sender_email)
    return sorted(addresses)


def still_waiting(locked: Prospect) -> bool:
    """They asked for the coach before and the coach has not handled it yet."""
    return locked.needs_attention and locked.attention_reason in WAITING_FOR_COACH


def tell_coach_once(locked: Prospect, *, waiting: bool, what: str, note: str) -> bool:
    """Email the coach about a new request; True if emailed.

    Pressing again while still waiting, within FOLD_REQUESTS_WITHIN of the email,
    folds into that request: their words are on the timeline, the inbox gets no copy.
    """
    now = timezone.now()
    if waiting and locked.coach_told_at and now - locked.coach_told_at < FOLD_REQUESTS_WITHIN:
        return False
    locked.coach_told_at = now
    locked.save(update_fields=["coach_told_at"])
    notify_coach(locked, what=what, note=note)
    return True


def notify_coach(prospect: Prospect, *, what: str, note: str = "") -> None:
    """Email the coach, after commit, that a prospect wants them; a reply goes to the prospect.

    Sent with Django's mail API once the request's transaction commits (robust:
    a mail server hiccup is logged, never undoes what the prospect did; the
    prospect is flagged for the coach either way).
    """
    recipients = coach_addresses(prospect)
    if not recipients:
        logger.warning("No coach address to tell that prospect %s %s", prospect.pk, what)
        return
    workspace = prospect.workspace
    context = {
        "prospect": prospect,
        "workspace": workspace,
        "what": what,
        "note": note,
        "zone": str(prospect.zone),
        "booking_url": workspace.booking_url,
        "prospect_url": settings.SITE_URL + reverse("coach:prospect", args=[prospect.pk]),
    }
    rendered = render_email("coach_talk_request", context)
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
        reply_to=[formataddr((prospect.name, prospect.email))],
    )
    message.attach_alternative(rendered.html, "text/html")
    transaction.on_commit(message.send, robust=True)


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


def paused_by_them_until(prospect: Prospect) -> datetime.date | None:
    """The day their own pause ends, while it lasts (on their calendar)."""
    until = prospect.paused_until
    if until is None or until <= timezone.localdate(timezone=prospect.zone):
        return None
    return until


def email_preferences(prospect: Prospect) -> EmailPreferences:
    """Where their email stands, in the terms of the choices they have."""
    less = prospect.nurture_spacing >= LESS_OFTEN_SPACING
    talk = prospect.needs_attention and prospect.attention_reason in WAITING_FOR_COACH
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
    if (until := paused_by_them_until(prospect)) is not None:
        return EmailPreferences(EmailState.PAUSED, paused_until=until, less_often=less)
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
