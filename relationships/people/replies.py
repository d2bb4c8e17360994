"""A person answered: automation stops and the coach takes over."""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from relationships.integrations import events
from relationships.models import Actor, Delivery, Interaction, InteractionKind, Prospect, StageKey
from relationships.nurture.enrollment import pause_enrollments
from relationships.people.interactions import log_interaction
from relationships.people.stages import move_stage

# A reply is two-way contact: these stages are behind it.
BEFORE_CONVERSATION = {StageKey.NEEDS_HELP, StageKey.EXPLORING}


@transaction.atomic
def record_reply(
    prospect: Prospect,
    *,
    summary: str,
    at: datetime.datetime | None = None,
    delivery: Delivery | None = None,
    user: AbstractBaseUser | None = None,
) -> Interaction:
    """Pause all nurture, log the reply, move them into conversation, flag for the coach."""
    at = at or timezone.now()
    pause_enrollments(prospect, reason="Replied")
    interaction = log_interaction(
        prospect, kind=InteractionKind.EMAIL_IN, summary=summary, at=at, author=user
    )
    if delivery is not None and delivery.replied_at is None:
        delivery.replied_at = at
        delivery.save(update_fields=["replied_at"])
    # Flag first: sequences of the stage they move into then start paused too.
    prospect.needs_attention = True
    prospect.attention_reason = "Replied"
    prospect.save(update_fields=["needs_attention", "attention_reason"])
    prospect.refresh_from_db(fields=["stage"])
    if prospect.stage.key in BEFORE_CONVERSATION:
        target = prospect.workspace.stages.get(key=StageKey.IN_CONVERSATION)
        move_stage(prospect, to=target, actor=Actor.SYSTEM, user=user, reason="They replied")
    events.replied(prospect, interaction)
    return interaction
