"""The starter library: value-first nurture emails every workspace can start from.

Each email is a Markdown file in this folder with header lines, then ``---``, then the body::

    Title: The two-list reset
    Subject: A ten-minute reset for a week that got away from you
    Type: value                        (value | question | invitation)
    Stages: needs_help, exploring      (stage keys the email serves)
    Topics: focus, overwhelm
    ---
    Hi {{ first_name }}, ...

The file name (without ``.md``) is the email's slug. Every email passes the content check
clean and uses only documented merge fields; tests/content/test_starter_content.py keeps it so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from relationships.content.check import CONTENT_TYPES, parse_email_source

LIBRARY_DIR = Path(__file__).resolve().parent
# The active readiness stages (DESIGN.md §2); outcome stages get no nurture content.
STAGE_KEYS = ("needs_help", "exploring", "in_conversation", "diagnosed", "ready")


@dataclass(frozen=True)
class StarterEmail:
    slug: str
    title: str
    subject: str
    type: str
    stages: tuple[str, ...]
    topics: tuple[str, ...]
    body: str


class StarterContentError(ValueError):
    """A starter file that doesn't follow the format above."""


def _split_list(value: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in value.split(",") if item.strip())


def parse_starter_email(slug: str, text: str) -> StarterEmail:
    source = parse_email_source(text)
    missing = [key for key in ("title", "subject", "type", "stages") if not source.headers.get(key)]
    if missing:
        raise StarterContentError(f"{slug}: missing header(s): {', '.join(missing)}.")
    if source.content_type not in CONTENT_TYPES:
        raise StarterContentError(f"{slug}: unknown Type {source.content_type!r}.")
    stages = _split_list(source.headers["stages"])
    unknown = [stage for stage in stages if stage not in STAGE_KEYS]
    if unknown:
        raise StarterContentError(f"{slug}: unknown stage(s): {', '.join(unknown)}.")
    return StarterEmail(
        slug=slug,
        title=source.headers["title"],
        subject=source.subject,
        type=source.content_type,
        stages=stages,
        topics=tuple(topic.lower() for topic in _split_list(source.headers.get("topics", ""))),
        body=source.body.strip() + "\n",
    )


def load_starter_library() -> list[StarterEmail]:
    """Every starter email, sorted by slug."""
    return [
        parse_starter_email(path.stem, path.read_text(encoding="utf-8"))
        for path in sorted(LIBRARY_DIR.glob("*.md"))
    ]
