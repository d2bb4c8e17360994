"""Logging calls, meetings, emails and notes."""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from relationships.errors import BridgeError
from relationships.models import Interaction, InteractionKind, Prospect
from relationships.people.prospects import mark_handled, touch

# Clocks differ a little: a time this far ahead still counts as now.
LOGGED_AHEAD = datetime.timedelta(minutes=5)
# Why "I'd like to talk" put someone on Today (written by selfservice/actions.py).
ASKED_TO_TALK = "Asked to talk"
# A call or a meeting is the conversation they asked for: logging it answers the request.
ANSWERS_A_REQUEST_TO_TALK = {InteractionKind.CALL, InteractionKind.MEETING}


@transaction.atomic
def log_interaction(
    prospect: Prospect,
    *,
    kind: str,
    summary: str,
    at: datetime.datetime | None = None,
    author: AbstractBaseUser | None = None,
) -> Interaction:
    if kind not in InteractionKind.values:
        raise BridgeError(f"Unknown kind of interaction: {kind}.", field="kind")
    if not summary.strip():
        raise BridgeError("Write a line about what happened.", field="summary")
    if at is not None and at > timezone.now() + LOGGED_AHEAD:
        raise BridgeError("That is in the future: log what already happened.", field="at")
    at = at or timezone.now()
    interaction = Interaction.objects.create(
        prospect=prospect, kind=kind, summary=summary.strip(), at=at, author=author
    )
    interaction.answered = interaction_logged(interaction)
    return interaction


def interaction_logged(interaction: Interaction) -> str:
    """Housekeeping after any interaction, whoever logged it (service or admin).

    Returns the reason they were on Today if this interaction answered it ("" if not).
    """
    prospect = interaction.prospect
    touch(prospect, interaction.at)
    if (
        interaction.kind in ANSWERS_A_REQUEST_TO_TALK
        and prospect.needs_attention
        and prospect.attention_reason == ASKED_TO_TALK
    ):
        return mark_handled(prospect)
    return ""
