"""The value types every request is checked against before a view runs.

They keep bad input from ever reaching the database as an error of its own: ids within
a 64-bit column, text without NUL characters (PostgreSQL refuses them) and within the
column's length, dates-times that carry a time zone and stay within years 1900–2200.
"""

import base64
import binascii
import datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, Field, StringConstraints

from relationships.api.errors import ApiError

MAX_ID = 2**63 - 1
NO_NUL = r"^[^\x00]*$"

Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def clean_text(value: str) -> str:
    if "\x00" in value:
        raise ValueError("Text may not contain NUL characters.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("Text must be valid Unicode.") from None
    return value


def Text(max_length: int, *, min_length: int = 0):  # used like a type
    return Annotated[
        str,
        StringConstraints(min_length=min_length, max_length=max_length, pattern=NO_NUL),
        AfterValidator(clean_text),
    ]


def in_range(moment: datetime.datetime) -> datetime.datetime:
    if not 1900 <= moment.year <= 2200:
        raise ValueError("Use a date between the years 1900 and 2200.")
    return moment


def date_in_range(day: datetime.date) -> datetime.date:
    if not 1900 <= day.year <= 2200:
        raise ValueError("Use a date between the years 1900 and 2200.")
    return day


Moment = Annotated[AwareDatetime, AfterValidator(in_range)]
Day = Annotated[datetime.date, AfterValidator(date_in_range)]
Limit = Annotated[int, Field(ge=1, le=100, description="How many to return, at most 100.")]
Cursor = Text(200)


# ---- cursors: opaque to the caller, the last id seen inside ------------------------------


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"after:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    """The id a cursor stands for; 0 (from the start) without one."""
    if not cursor:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, number = raw.partition(":")
        last_id = int(number) if kind == "after" and number.isdigit() else -1
    except (binascii.Error, UnicodeDecodeError, ValueError):
        last_id = -1
    if not 0 <= last_id <= MAX_ID:
        raise ApiError(
            422, "invalid_cursor", "That cursor was not handed out by Bridge.", field="cursor"
        )
    return last_id
