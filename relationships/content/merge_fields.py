"""Merge fields in nurture email content: validation and safe rendering.

Content may use exactly these fields, written ``{{ name }}`` (spaces inside the braces are
optional)::

    MERGE_FIELDS = {
        "first_name":     the prospect's first name (the first word of their name),
        "name":           the prospect's full name,
        "coach_name":     the name of the coach who owns the prospect,
        "workspace_name": the coaching business's name,
        "sender_name":    the name the email is sent from (workspace setting),
    }

Nothing else is allowed: no filters (``{{ name|upper }}``), no attribute lookups
(``{{ prospect.email }}``), no template tags (``{% ... %}``) or comments (``{# ... #}``).
``render_merge_fields`` substitutes the documented fields by plain regex replacement, never
through Django's template engine, so content written by a coach can reach nothing but these
five values.

Values are inserted exactly as given. Escaping is the caller's job: the nurture renderer
substitutes into the Markdown source and escapes for HTML when it renders the HTML part.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping

MERGE_FIELDS: dict[str, str] = {
    "first_name": "The prospect's first name (the first word of their name).",
    "name": "The prospect's full name.",
    "coach_name": "The name of the coach who owns the prospect.",
    "workspace_name": "The coaching business's name.",
    "sender_name": "The name the email is sent from.",
}

_FIELD = re.compile(r"\{\{\s*(" + "|".join(MERGE_FIELDS) + r")\s*\}\}")
_DOUBLE_BRACES = re.compile(r"\{\{([^{}]*)\}\}")
_TEMPLATE_TAG = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.DOTALL)
# Leftover braces around a word after well-formed fields are removed: "{first_name}}",
# "{{ first_name }", "{first_name}".
_STRAY = re.compile(r"\{+\s*[\w.|: \"']*\s*\}+|\{\{|\}\}|\{%|%\}")
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _suggestion(name: str) -> str:
    match = difflib.get_close_matches(name.lower(), MERGE_FIELDS, n=1, cutoff=0.6)
    return f" — did you mean {match[0]}?" if match else ""


def _known() -> str:
    return ", ".join(MERGE_FIELDS)


def find_merge_field_errors(text: str) -> list[str]:
    """Messages for every merge field that isn't exactly one of MERGE_FIELDS, in text order."""
    errors: list[tuple[int, str]] = []
    blanked = list(text)

    def blank(m: re.Match[str]) -> None:
        blanked[m.start() : m.end()] = " " * (m.end() - m.start())

    for m in _TEMPLATE_TAG.finditer(text):
        errors.append(
            (
                m.start(),
                f'line {_line(text, m.start())}: "{m.group()}" is a template tag or comment; '
                f"only merge fields like {{{{ first_name }}}} are allowed.",
            )
        )
        blank(m)

    remaining = "".join(blanked)
    for m in _DOUBLE_BRACES.finditer(remaining):
        inner = m.group(1).strip()
        where = f'line {_line(text, m.start())}: "{m.group()}"'
        blank(m)
        if inner in MERGE_FIELDS:
            continue
        if not inner:
            errors.append((m.start(), f"{where} is empty; use one of: {_known()}."))
        elif "|" in inner:
            name = inner.split("|", 1)[0].strip()
            errors.append(
                (
                    m.start(),
                    f"{where} uses a filter, which isn't allowed; write {{{{ {name} }}}} instead."
                    if name in MERGE_FIELDS
                    else f"{where} uses a filter, which isn't allowed; use one of: {_known()}.",
                )
            )
        elif "." in inner:
            errors.append(
                (
                    m.start(),
                    f"{where} looks up an attribute, which isn't allowed; use one of: {_known()}.",
                )
            )
        elif _IDENTIFIER.fullmatch(inner):
            hint = _suggestion(inner) or f"; use one of: {_known()}."
            errors.append((m.start(), f"{where} is not a known merge field{hint}"))
        else:
            errors.append((m.start(), f"{where} is not a merge field; use one of: {_known()}."))

    remaining = "".join(blanked)
    for m in _STRAY.finditer(remaining):
        word = _IDENTIFIER.search(m.group())
        hint = (
            f"; write {{{{ {word.group()} }}}}"
            if word and word.group() in MERGE_FIELDS
            else "; merge fields are written {{ first_name }}"
        )
        errors.append(
            (
                m.start(),
                f'line {_line(text, m.start())}: "{m.group()}" is a malformed merge field{hint}.',
            )
        )
    return [message for _, message in sorted(errors)]


def render_merge_fields(text: str, values: Mapping[str, str]) -> str:
    """Replace the documented merge fields with ``values`` (missing ones become "").

    Only ``{{ field }}`` for a name in MERGE_FIELDS is replaced; everything else, including
    malformed or unknown fields, is returned unchanged (validation reports those). Values are
    inserted as given — escaping is the caller's job.
    """
    return _FIELD.sub(lambda m: str(values.get(m.group(1), "")), text)
