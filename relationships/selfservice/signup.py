"""Signing up from the coach's sign-up page or website, with double opt-in.

Anyone can type any address into a sign-up form, so a sign-up only ever
queues one email to that address, through the outbox: a confirmation link for
someone new (or someone who once stopped), a "you're already on the list" note
for someone already receiving our mail. Nothing else changes until the owner of
the address clicks, and nurture starts only then. The answer is the same
whichever it was, so the form reveals nothing about who is on the list; and an
existing prospect's details are never changed by a form anyone can post.

Re-sending is limited per address (RESEND_AFTER), on top of the rate limits of
the views, so nobody can use the form to flood an inbox.
"""

import datetime
import enum

from django.core import signing
from django.db import transaction
from django.utils import timezone

from relationships.errors import ProspectError
from relationships.models import (
    Actor,
    Consent,
    Delivery,
    DeliveryKind,
    Prospect,
    StageKey,
    StageKind,
    Workspace,
)
from relationships.nurture.outbox import queue_transactional
from relationships.people.consent import confirm_consent
from relationships.people.prospects import create_prospect, normalize_email
from relationships.people.stages import move_stage
from relationships.selfservice.actions import NOTE_MAX_LENGTH, lock
from relationships.workspaces.services import signup_owner
from relationships.workspaces.timezones import is_valid_timezone

SIGNUP_SOURCE = "Sign-up form"
# At most one sign-up email to an address in this long, however often the form is posted.
RESEND_AFTER = datetime.timedelta(minutes=10)
SIGNUP_MAIL = [DeliveryKind.CONFIRM_SIGNUP, DeliveryKind.ALREADY_SIGNED_UP]
CONFIRMED_HOW = "Confirmed their sign-up from the email link (double opt-in)"


class SignupOutcome(enum.StrEnum):
    """What happened; for tests and logs only: the page says the same thing for each."""

    CREATED = "created"
    CONFIRMATION_SENT = "confirmation_sent"
    ALREADY_NOTE_SENT = "already_note_sent"
    NOTHING_SENT = "nothing_sent"


def browser_timezone(name: str) -> str:
    """The time zone their browser reported, unless it is none or a privacy mask (UTC)."""
    if not is_valid_timezone(name) or name == "UTC" or name.startswith("Etc/"):
        return ""
    return name


def last_signup_mail(prospect: Prospect) -> datetime.datetime | None:
    return (
        Delivery.objects.filter(prospect=prospect, kind__in=SIGNUP_MAIL)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )


def send_signup_mail(prospect: Prospect, *, now: datetime.datetime) -> SignupOutcome:
    """Someone signed up with a known address: tell its owner, at most once per RESEND_AFTER."""
    last = last_signup_mail(prospect)
    if last is not None and now - last < RESEND_AFTER:
        return SignupOutcome.NOTHING_SENT
    if prospect.consent == Consent.CONFIRMED:
        queue_transactional(prospect, kind=DeliveryKind.ALREADY_SIGNED_UP)
        return SignupOutcome.ALREADY_NOTE_SENT
    queue_transactional(prospect, kind=DeliveryKind.CONFIRM_SIGNUP)
    return SignupOutcome.CONFIRMATION_SENT


@transaction.atomic
def sign_up(
    workspace: Workspace,
    *,
    name: str,
    email: str,
    help_request: str = "",
    timezone_name: str = "",
    source: str = SIGNUP_SOURCE,
) -> SignupOutcome:
    """Someone asked to hear from the coach: a pending prospect and a confirmation email.

    A known address makes no duplicate and changes nothing about the prospect;
    its owner gets one email (see the module docstring).
    """
    email = normalize_email(email)
    now = timezone.now()
    existing = Prospect.objects.filter(workspace=workspace, email__iexact=email).first()
    if existing is None:
        try:
            prospect = create_prospect(
                workspace,
                name=name.strip()[:200],
                email=email,
                timezone_name=browser_timezone(timezone_name),
                source=source,
                consent=Consent.PENDING,
                consent_note="Signed up on the form; not confirmed yet.",
                actor=Actor.PROSPECT,
                owner=signup_owner(workspace),
            )
        except ProspectError:
            # Signed up twice at the same moment: the other request created them.
            existing = Prospect.objects.filter(workspace=workspace, email__iexact=email).first()
            if existing is None:
                raise
        else:
            if help_request.strip():
                prospect.help_request = help_request.strip()[:NOTE_MAX_LENGTH]
                prospect.save(update_fields=["help_request"])
            queue_transactional(prospect, kind=DeliveryKind.CONFIRM_SIGNUP)
            return SignupOutcome.CREATED
    return send_signup_mail(lock(existing), now=now)


@transaction.atomic
def confirm_signup(prospect: Prospect) -> bool:
    """The link in the confirmation email was followed and confirmed: they opted in themselves.

    They enter Needs help (a new prospect is there already; someone parked in Not
    now or closed as Not a fit who signs up again comes back to it), which
    enrolls them once this commits. False if they had already confirmed.
    """
    locked = lock(prospect)
    if locked.consent == Consent.CONFIRMED:
        return False
    needs_help = locked.workspace.stages.filter(key=StageKey.NEEDS_HELP).first()
    coming_back = locked.stage.kind == StageKind.OUTCOME and locked.stage.key != StageKey.CLIENT
    if coming_back and needs_help is not None:
        move_stage(locked, to=needs_help, actor=Actor.PROSPECT, reason="Signed up again")
    confirm_consent(locked, how=CONFIRMED_HOW, by_prospect=True)
    prospect.refresh_from_db()
    return True


def expired_confirmation(token: str) -> Prospect | None:
    """The prospect of a genuine confirmation link that is only out of date, for a kinder page.

    The signature is still checked (tokens.make_token's salt for "confirm"); only
    the age is not, so the page can offer that workspace's sign-up form again.
    """
    try:
        prospect_id = signing.loads(token, salt="bridge.link.confirm")
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        return None
    if not isinstance(prospect_id, int) or isinstance(prospect_id, bool) or prospect_id <= 0:
        return None
    return Prospect.objects.select_related("workspace").filter(pk=prospect_id).first()
