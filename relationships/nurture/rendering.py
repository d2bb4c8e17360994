"""Turning content into email parts: once per content per batch, then per person.

Markdown is rendered with markdown-it-py (raw HTML off), sanitized with nh3,
laid out and CSS-inlined once; each message then only fills in its merge
fields and links, which keeps rendering off the send path's hot loop.
"""

import dataclasses
import functools
import html
import re

import css_inline
import nh3
from django.template.loader import render_to_string
from markdown_it import MarkdownIt

from relationships.content.merge_fields import render_merge_fields
from relationships.workspaces.branding import branding

# Per-person values the layout needs besides the documented merge fields.
LINK_FIELDS = (
    "unsubscribe_url",
    "talk_url",
    "not_now_url",
    "less_often_url",
    "preferences_url",
    "where_url",
    "open_pixel_url",
    "confirm_url",
)
PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")


@functools.cache
def markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "typographer": True, "breaks": True}).enable(
        ["table", "strikethrough", "replacements", "smartquotes"]
    )


def markdown_to_html(body: str) -> str:
    return nh3.clean(markdown().render(body), link_rel="noopener")


_LINK = re.compile(r"!?\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])")
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$", re.MULTILINE)


def markdown_to_text(body: str) -> str:
    """A plain-text part that reads like a letter: links spelled out, no markup symbols."""
    text = _LINK.sub(
        lambda m: m.group(1) if m.group(1) == m.group(2) else f"{m.group(1)} ({m.group(2)})", body
    )
    text = _EMPHASIS.sub(lambda m: m.group(2) or m.group(3), text)
    text = _HEADING.sub(lambda m: m.group(1).upper(), text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


@dataclasses.dataclass(frozen=True)
class RenderedContent:
    """One content's parts with placeholders still in them."""

    subject: str
    html: str
    text: str


def render_content(
    *, subject: str, body: str, workspace, track_opens: bool = False
) -> RenderedContent:
    placeholders = {name: f"{{{{ {name} }}}}" for name in LINK_FIELDS}
    context = {
        "workspace": workspace,
        "brand": branding(workspace),
        "track_opens": track_opens,
        "body_html": markdown_to_html(body),
        "body_text": markdown_to_text(body),
        **placeholders,
    }
    page = render_to_string("emails/nurture.html", context)
    return RenderedContent(
        subject=subject,
        html=css_inline.inline(page),
        text=render_to_string("emails/nurture.txt", context),
    )


def render_email(name: str, context: dict) -> RenderedContent:
    """templates/emails/<name>.subject, .txt and .html (on emails/base.html), CSS inlined."""
    context = {"brand": branding(context.get("workspace")), **context}
    subject = render_to_string(f"emails/{name}.subject", context)
    return RenderedContent(
        subject=" ".join(subject.split()),
        html=css_inline.inline(render_to_string(f"emails/{name}.html", context)),
        text=render_to_string(f"emails/{name}.txt", context),
    )


def render_transactional(kind: str, *, workspace) -> RenderedContent:
    """A system email to a prospect with its merge fields and links left as placeholders."""
    placeholders = {name: f"{{{{ {name} }}}}" for name in LINK_FIELDS}
    merge = {name: f"{{{{ {name} }}}}" for name in ("first_name", "name", "coach_name")}
    return render_email(kind, {"workspace": workspace, **placeholders, **merge})


def personalize(rendered: RenderedContent, values: dict[str, str]) -> tuple[str, str, str]:
    """Subject, text and HTML for one person: merge fields and links filled in."""
    escaped = {key: html.escape(value, quote=True) for key, value in values.items()}

    def fill_html(match: re.Match) -> str:
        return escaped.get(match.group(1), match.group(0))

    subject = render_merge_fields(rendered.subject, values)
    text = PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), rendered.text)
    return subject, text, PLACEHOLDER.sub(fill_html, rendered.html)
