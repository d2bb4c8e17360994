"""Signed, purpose-bound tokens for the links in every email.

A token names one prospect and one purpose; a token made for "talk" cannot
unsubscribe anyone, and no token can be forged without SECRET_KEY.
"""

import datetime
import functools
import hashlib
import hmac
import time

from django.conf import settings
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
    """What `signing.dumps(object_id, salt=f"bridge.link.{purpose}")` returns, byte for byte
    (read_token reads it with signing.loads), made with the purpose's HMAC key derived once:
    every email carries six of these, and dumps derives the key again each time."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown token purpose {purpose!r}")
    if not isinstance(object_id, int) or isinstance(object_id, bool):
        return signing.dumps(object_id, salt=f"bridge.link.{purpose}")
    value = signing.b64_encode(str(object_id).encode()).decode()
    value = f"{value}:{signing.b62_encode(int(time.time()))}"
    mac = link_hmac(purpose, settings.SECRET_KEY).copy()
    mac.update(value.encode())
    return f"{value}:{signing.b64_encode(mac.digest()).decode()}"


@functools.lru_cache(maxsize=32)
def link_hmac(purpose: str, secret: str) -> "hmac.HMAC":
    # django.utils.crypto.salted_hmac as TimestampSigner.sign calls it: the key is
    # sha256(salt + "signer" + secret); the HMAC object is copied for each token.
    key = hashlib.sha256(f"bridge.link.{purpose}signer{secret}".encode()).digest()
    return hmac.new(key, digestmod=hashlib.sha256)


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
