"""One row of a file, as it will be stored, or the reason it can't be."""

import datetime
import functools
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from relationships.transfer.columns import from_spreadsheet_safe
from relationships.transfer.reading import MAX_CELL_CHARS, MAX_COLUMNS
from relationships.workspaces.timezones import is_valid_timezone

TAG_SPLIT = re.compile(r"[,;|]")
# The common address (ASCII dot-atom, dotted host names, a letters-only top level): a
# strict subset of what Django's validate_email takes, so a match needs nothing more;
# anything else (international names, IP literals, odd forms) goes to Django's validator.
PLAIN_EMAIL = re.compile(
    r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}"
)
DATE_FORMATS = ("%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%Y/%m/%d", "%d %b %Y", "%b %d, %Y")


@dataclass
class PreparedRow:
    line: int
    email: str
    name: str
    tags: list[str] = field(default_factory=list)
    stage_name: str = ""
    timezone: str = ""
    source: str = ""
    notes: str = ""
    phone: str = ""
    created: datetime.datetime | None = None
    opted_in: datetime.date | None = None
    warnings: list[str] = field(default_factory=list)


class Refused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def read_moment(text: str) -> datetime.datetime | None:
    text = text.strip()
    if not text:
        return None
    moment = parse_datetime(text.replace(" UTC", "+00:00"))
    if moment is None:
        day = parse_date(text[:10]) if len(text) >= 10 else None
        if day is None:
            for fmt in DATE_FORMATS:
                try:
                    day = datetime.datetime.strptime(text, fmt).date()
                    break
                except ValueError:
                    continue
        if day is None:
            return None
        moment = datetime.datetime.combine(day, datetime.time(12, 0))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    return moment


@functools.lru_cache(maxsize=64)
def positions(mapping: tuple[tuple[str, str], ...]) -> tuple[tuple[int, str], ...]:
    """A mapping's column numbers as numbers, worked out once, not once per cell."""
    return tuple((int(index), name) for index, name in mapping)


def prepare(line: int, values: list[str], mapping: dict[str, str]) -> PreparedRow:
    """The row's fields by the mapping, cleaned; raises Refused with a reason."""
    width = len(values)
    if width > MAX_COLUMNS:
        raise Refused(f"The row has {width:,} columns (at most {MAX_COLUMNS}).")
    cells: dict[str, str] = {}
    for position, name in positions(tuple(mapping.items())):
        value = values[position] if position < width else ""
        if len(value) > MAX_CELL_CHARS:
            raise Refused(f"The {name.replace('_', ' ')} cell is too long ({len(value):,} chars).")
        value = value.strip()
        cells[name] = from_spreadsheet_safe(value) if value[:1] == "'" else value
    email = cells.get("email", "").lower()
    if not email:
        raise Refused("No email address.")
    if len(email) > 254:
        raise Refused("The email address is too long.")
    if not PLAIN_EMAIL.fullmatch(email):
        try:
            validate_email(email)
        except ValidationError:
            raise Refused(f"“{email[:80]}” is not a valid email address.") from None
    name = cells.get("name") or " ".join(
        part for part in (cells.get("first_name", ""), cells.get("last_name", "")) if part
    )
    row = PreparedRow(line=line, email=email, name=name[:200])
    if not row.name:
        row.name = email.split("@")[0][:200]
        row.warnings.append("No name: the address's first part is used.")
    row.tags = list(
        dict.fromkeys(t.strip()[:60] for t in TAG_SPLIT.split(cells.get("tags", "")) if t.strip())
    )
    row.stage_name = cells.get("stage", "")[:80]
    zone = cells.get("timezone", "")
    if zone and not is_valid_timezone(zone):
        row.warnings.append(f"“{zone[:60]}” is not a time zone: the workspace's is used.")
        zone = ""
    row.timezone = zone
    row.source = cells.get("source", "")[:100]
    row.notes = cells.get("notes", "")
    row.phone = cells.get("phone", "")[:40]
    if cells.get("created"):
        row.created = read_moment(cells["created"])
        if row.created is None:
            row.warnings.append(f"“{cells['created'][:40]}” is not a date: today is used.")
    if cells.get("opted_in"):
        moment = read_moment(cells["opted_in"])
        row.opted_in = moment.date() if moment else None
        if moment is None:
            row.warnings.append(f"“{cells['opted_in'][:40]}” is not a date.")
    return row
