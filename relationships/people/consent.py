"""Consent: who may receive nurture email, and honouring a "stop" at once."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from relationships.errors import BridgeError
from relationships.integrations import events
from relationships.models import Consent, EventType, InteractionKind, Prospect
from relationships.nurture.enrollment import enroll_in_stage_sequences, exit_enrollments
from relationships.people.interactions import log_interaction

# Once someone said stop (or their mail bounced), only they can start it again.
FINAL = {Consent.UNSUBSCRIBED, Consent.BOUNCED, Consent.COMPLAINED}
EMAIL_BOUNCED = "Email bounced"


@transaction.atomic
def confirm_consent(
    prospect: Prospect, *, how: str, user: AbstractBaseUser | None = None, by_prospect=False
) -> Prospect:
    """Record that the prospect agreed to nurture email, and how; enrolls them for their stage.

    A coach confirming must say how consent was given (a sign-up sheet, a
    conversation, …). Someone who unsubscribed or complained can only opt in
    again themselves.
    """
    if not how.strip():
        raise BridgeError("Say how they gave consent, e.g. “asked at the workshop”.", field="how")
    if prospect.consent in FINAL and not by_prospect:
        raise BridgeError(
            f"{prospect.name} is {prospect.get_consent_display().lower()}: only they can opt in "
            "again, from a sign-up form.",
            field="how",
        )
    if prospect.consent == Consent.CONFIRMED:
        return prospect
    prospect.consent = Consent.CONFIRMED
    prospect.consent_note = f"{how.strip()} ({timezone.localdate():%Y-%m-%d})"[:300]
    prospect.save(update_fields=["consent", "consent_note"])
    log_interaction(
        prospect,
        kind=InteractionKind.NOTE,
        summary=f"Consent confirmed: {how.strip()}",
        author=user,
    )
    enroll_in_stage_sequences(prospect, prospect.stage)
    events.prospect_event(EventType.PROSPECT_UPDATED, prospect)
    return prospect


@transaction.atomic
def withdraw_consent(prospect: Prospect, *, state: str, reason: str) -> bool:
    """Unsubscribe, bounce or complaint: no more mail, queued mail included. Idempotent."""
    if state not in FINAL:
        raise ValueError(f"{state} is not a way to withdraw consent")
    locked = Prospect.objects.select_for_update().get(pk=prospect.pk)
    changed = locked.consent != state
    if changed:
        locked.consent = state
        locked.consent_note = f"{reason} ({timezone.localdate():%Y-%m-%d})"[:300]
        locked.save(update_fields=["consent", "consent_note"])
        prospect.consent, prospect.consent_note = locked.consent, locked.consent_note
        if state != Consent.BOUNCED:  # a bounce is delivery.bounced, told by mark_bounced
            events.prospect_event(EventType.PROSPECT_UNSUBSCRIBED, locked)
    exit_enrollments(locked, reason=reason)
    return changed


def unsubscribe(prospect: Prospect, *, via: str = "unsubscribe link") -> bool:
    return withdraw_consent(prospect, state=Consent.UNSUBSCRIBED, reason=f"Unsubscribed ({via})")


@transaction.atomic
def mark_bounced(prospect: Prospect, *, detail: str) -> bool:
    changed = withdraw_consent(prospect, state=Consent.BOUNCED, reason=f"Bounced: {detail}")
    if changed:
        events.bounced(prospect, detail=detail)
        # Their address no longer works: the coach decides what next (Today lists them).
        # Someone already in front of the coach keeps the reason they are there.
        Prospect.objects.filter(pk=prospect.pk, needs_attention=False).update(
            needs_attention=True, attention_reason=EMAIL_BOUNCED
        )
    return changed


def mark_complained(prospect: Prospect, *, detail: str = "spam complaint") -> bool:
    return withdraw_consent(prospect, state=Consent.COMPLAINED, reason=f"Complained: {detail}")
