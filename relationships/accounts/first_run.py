"""A coach who signed up alone starts their practice: the workspace and what it starts with.

The same rows an operator's `manage.py create_workspace` makes: the readiness stages, the
starter library, the starter sequences (so the first person added is nurtured at once,
inside the send window), and the coach as its owner.
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from relationships.errors import BridgeError
from relationships.history.changes import acting
from relationships.models import Membership, Workspace
from relationships.workspaces.demo import add_starter_sequences
from relationships.workspaces.services import create_workspace


class FirstRunError(BridgeError):
    """The practice can't be started that way; the message says why."""


@transaction.atomic
def start_practice(
    owner: AbstractBaseUser,
    *,
    name: str,
    sender_name: str,
    sender_email: str,
    postal_address: str,
    timezone: str,
    send_days: list[int] | None = None,
    send_window_start: datetime.time | None = None,
    send_window_end: datetime.time | None = None,
    booking_url: str = "",
) -> Workspace:
    """Create the owner's workspace with everything it starts with; once per new coach."""
    if not name.strip():
        raise FirstRunError("Give your practice a name.", field="name")
    if not postal_address.strip():
        raise FirstRunError(
            "Anti-spam laws ask for a postal address in every email.", field="postal_address"
        )
    if Membership.objects.filter(user_id=owner.pk).exists():
        raise FirstRunError("You already work in a workspace.")
    details = {
        "sender_name": sender_name.strip(),
        "sender_email": sender_email.strip(),
        "postal_address": postal_address.strip(),
        "booking_url": booking_url,
    }
    if send_days:
        details["send_days"] = sorted(set(send_days))
    if send_window_start:
        details["send_window_start"] = send_window_start
    if send_window_end:
        details["send_window_end"] = send_window_end
    if sender_name.strip() and not owner.get_full_name():
        first, _, last = sender_name.strip().partition(" ")
        owner.first_name, owner.last_name = first[:150], last[:150]
        owner.save(update_fields=["first_name", "last_name"])
    workspace = create_workspace(name.strip(), owner=owner, timezone=timezone, **details)
    with acting(owner):
        add_starter_sequences(workspace)
    return workspace
