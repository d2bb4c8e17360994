"""Email source files: header lines (Subject, Type, First, ...) and a body."""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADER_LINE = re.compile(r"^(Subject|Type|First|Title|Stages|Topics)\s*:\s?(.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class EmailSource:
    """An email written as a Markdown file with optional ``Key: value`` header lines."""

    subject: str
    body: str
    content_type: str | None
    is_first_email: bool
    headers: dict[str, str]
    body_line: int  # 1-based line of the file where the body starts


def parse_email_source(text: str) -> EmailSource:
    """Split header lines (Subject, Type, First, Title, Stages, Topics) from the body.

    Headers run from the first line until a line that isn't one; a blank line or a ``---``
    line right after them is a separator and not part of the body. Without a header on the
    first line, the whole text is the body.
    """
    lines = text.splitlines(keepends=True)
    headers: dict[str, str] = {}
    index = 0
    while index < len(lines) and (m := _HEADER_LINE.match(lines[index].rstrip("\r\n"))):
        headers[m.group(1).lower()] = m.group(2).strip()
        index += 1
    if headers and index < len(lines) and lines[index].strip() in ("", "---"):
        index += 1
    content_type = headers.get("type", "").strip().lower() or None
    first = headers.get("first", "").strip().lower() in ("yes", "true", "1")
    return EmailSource(
        subject=headers.get("subject", ""),
        body="".join(lines[index:]),
        content_type=content_type,
        is_first_email=first,
        headers=headers,
        body_line=index + 1,
    )
