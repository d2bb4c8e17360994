"""Signed, purpose-bound tokens for the links in every email.

A token names one prospect and one purpose; a token made for "talk" cannot
unsubscribe anyone, and no token can be forged without SECRET_KEY.
"""

import datetime

from django.core import signing

# purpose -> how long a link stays good (None: forever; an unsubscribe link must
# keep working in an old email, as Gmail and Yahoo expect).
PURPOSES: dict[str, datetime.timedelta | None] = {
    "unsubscribe": None,
    "talk": datetime.timedelta(days=365),
    "not_now": datetime.timedelta(days=365),
    "less_often": datetime.timedelta(days=365),
    "preferences": datetime.timedelta(days=365),
    # "Where are you right now?": the self-declared readiness page.
    "where": datetime.timedelta(days=365),
    # Double opt-in: a confirmation link is good for a week.
    "confirm": datetime.timedelta(days=7),
    # Names a delivery, not a prospect: only when open tracking is switched on.
    "open": datetime.timedelta(days=365),
}


class BadToken(Exception):
    """A link that is malformed, tampered with, expired or made for something else."""


def make_token(object_id: int, purpose: str) -> str:
    if purpose not in PURPOSES:
        raise ValueError(f"unknown token purpose {purpose!r}")
    return signing.dumps(object_id, salt=f"bridge.link.{purpose}")


def read_token(token: str, purpose: str) -> int:
    """The id (a prospect's; a delivery's for "open") a token was made for, or BadToken."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown token purpose {purpose!r}")
    try:
        value = signing.loads(token, salt=f"bridge.link.{purpose}", max_age=PURPOSES[purpose])
    except (signing.BadSignature, ValueError, TypeError, UnicodeError) as exc:
        raise BadToken(str(exc)) from None
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise BadToken("token does not name a prospect")
    return value
