"""Read-side functions for the prospect-facing pages: branding, topics, what's coming, snippets."""

import dataclasses
import datetime
import functools
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from .merge_fields import render_merge_fields
from .models import (
    ContentStatus,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    EnrollmentState,
    Prospect,
    Workspace,
)
from .timezones import known_timezones

DEFAULT_ACCENT = "#1d5c4a"
PAPER = "#faf8f4"
# WCAG 2 AA for normal text: links and button labels stay readable whatever colour is chosen.
MIN_CONTRAST = 4.5
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
HONEYPOT = "website"


# ---- branding -----------------------------------------------------------------------------


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def luminance(colour: str) -> float:
    r, g, b = (_channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def mix(colour: str, with_colour: str, amount: float) -> str:
    """`amount` (0..1) of `with_colour` mixed into `colour`."""
    mixed = (
        round(a + (b - a) * amount) for a, b in zip(_rgb(colour), _rgb(with_colour), strict=True)
    )
    return "#{:02x}{:02x}{:02x}".format(*mixed)


@dataclasses.dataclass(frozen=True)
class Branding:
    name: str
    logo_url: str
    accent: str
    accent_dark: str
    accent_tint: str


def readable_accent(colour: str) -> str:
    """The coach's colour, darkened just enough for white text on it and links on the page."""
    accent = colour.lower() if HEX.match(colour or "") else DEFAULT_ACCENT
    for _ in range(20):
        if contrast(accent, PAPER) >= MIN_CONTRAST and contrast(accent, "#ffffff") >= MIN_CONTRAST:
            break
        accent = mix(accent, "#000000", 0.1)
    return accent


def branding(workspace: Workspace | None) -> Branding:
    if workspace is None:
        return Branding("", "", DEFAULT_ACCENT, mix(DEFAULT_ACCENT, "#000000", 0.3), "#eef5f2")
    accent = readable_accent(workspace.accent_color)
    logo = workspace.logo_url if urlsplit(workspace.logo_url).scheme in {"http", "https"} else ""
    return Branding(
        name=workspace.name,
        logo_url=logo,
        accent=accent,
        accent_dark=mix(accent, "#000000", 0.3),
        accent_tint=mix(accent, "#ffffff", 0.9),
    )


# ---- sign-up page, snippets, framing ------------------------------------------------------


def signup_url(workspace: Workspace, *, absolute: bool = True) -> str:
    path = reverse("public:signup", kwargs={"slug": workspace.slug})
    return settings.SITE_URL + path if absolute else path


def signup_from_site_url(workspace: Workspace, *, absolute: bool = True) -> str:
    path = reverse("public:signup_from_site", kwargs={"slug": workspace.slug})
    return settings.SITE_URL + path if absolute else path


def allowed_origins(workspace: Workspace) -> list[str]:
    """The coach's websites that may frame the sign-up form ("https://www.example.com")."""
    origins = []
    for line in workspace.embed_origins.split():
        parts = urlsplit(line.strip())
        if parts.scheme in {"http", "https"} and parts.netloc:
            origins.append(f"{parts.scheme}://{parts.netloc}".lower())
    return origins


def frame_ancestors(workspace: Workspace) -> str:
    """CSP frame-ancestors for the embeddable page: the coach's sites, or any web page."""
    origins = allowed_origins(workspace)
    return "frame-ancestors " + (
        " ".join(["'self'", *origins]) if origins else "'self' http: https:"
    )


@dataclasses.dataclass(frozen=True)
class EmbedSnippets:
    page_url: str
    form_html: str
    iframe_html: str


def embed_snippets(workspace: Workspace) -> EmbedSnippets:
    """What a coach pastes into their own website: a plain form, or an iframe of the hosted page."""
    action = escape(signup_from_site_url(workspace))
    page = signup_url(workspace)
    title = escape(f"Sign up for emails from {workspace.name}")
    form = f"""<form action="{action}" method="post" accept-charset="utf-8">
  <p><label for="bridge-name">Your name</label><br>
    <input id="bridge-name" name="name" required maxlength="200" autocomplete="name"></p>
  <p><label for="bridge-email">Your email</label><br>
    <input id="bridge-email" name="email" type="email" required maxlength="254"
      autocomplete="email"></p>
  <p><label for="bridge-help">What would you like help with? (optional)</label><br>
    <textarea id="bridge-help" name="help" maxlength="2000" rows="3"></textarea></p>
  <div style="position:absolute;left:-10000px" aria-hidden="true">
    <label for="bridge-{HONEYPOT}">Leave this empty</label>
    <input id="bridge-{HONEYPOT}" name="{HONEYPOT}" tabindex="-1" autocomplete="off">
  </div>
  <p><button type="submit">Sign up</button></p>
</form>"""
    iframe = (
        f'<iframe src="{escape(page)}?embed=1" title="{title}" loading="lazy" '
        'style="width:100%;max-width:34rem;height:42rem;border:0"></iframe>'
    )
    return EmbedSnippets(page_url=page, form_html=form, iframe_html=iframe)


# ---- topics -------------------------------------------------------------------------------


def offered_topics(workspace: Workspace) -> list[str]:
    """Topics of the approved emails this workspace's active sequences send."""
    topics: set[str] = set()
    rows = (
        workspace.contents.filter(status=ContentStatus.APPROVED, steps__sequence__active=True)
        .values_list("topics", flat=True)
        .distinct()
    )
    for row in rows:
        if isinstance(row, list):
            topics.update(t for t in row if isinstance(t, str) and t.strip())
    return sorted(topics, key=str.casefold)


@dataclasses.dataclass(frozen=True)
class TopicChoice:
    name: str
    wanted: bool


def topic_choices(prospect: Prospect) -> list[TopicChoice]:
    """Every topic they can choose, including ones they turned off that are no longer sent."""
    muted = {t for t in prospect.muted_topics or [] if isinstance(t, str)}
    names = sorted(set(offered_topics(prospect.workspace)) | muted, key=str.casefold)
    return [TopicChoice(name, name not in muted) for name in names]


# ---- what's coming, and what they had -----------------------------------------------------


@dataclasses.dataclass(frozen=True)
class EmailInInbox:
    delivery_id: int
    subject: str
    when: datetime.datetime  # in the prospect's time zone
    useful: bool | None = None


def _subject(delivery: Delivery, values: dict[str, str]) -> str:
    return render_merge_fields(delivery.step.content.subject, values)


def _merge_values(prospect: Prospect) -> dict[str, str]:
    # Imported here: the send path imports the preference services, which import this module.
    from .nurture.messages import merge_values

    return merge_values(prospect, prospect.workspace)


def coming_up(prospect: Prospect, *, limit: int = 6) -> list[EmailInInbox]:
    """The next nurture emails planned for them, soonest first, dated on their own clock."""
    values = _merge_values(prospect)
    rows = (
        Delivery.objects.filter(
            prospect=prospect,
            kind=DeliveryKind.NURTURE,
            status=DeliveryStatus.SCHEDULED,
            enrollment__state=EnrollmentState.ACTIVE,
        )
        .select_related("step__content")
        .order_by("due_at", "pk")[:limit]
    )
    return [
        EmailInInbox(d.pk, _subject(d, values), d.due_at.astimezone(prospect.zone)) for d in rows
    ]


def received(prospect: Prospect, *, limit: int = 8) -> list[EmailInInbox]:
    """The nurture emails they were sent, latest first, with their "was this useful?" answer."""
    values = _merge_values(prospect)
    rows = (
        Delivery.objects.filter(
            prospect=prospect, kind=DeliveryKind.NURTURE, status=DeliveryStatus.SENT
        )
        .exclude(sent_at=None)
        .select_related("step__content")
        .order_by("-sent_at", "-pk")[:limit]
    )
    return [
        EmailInInbox(d.pk, _subject(d, values), d.sent_at.astimezone(prospect.zone), d.useful)
        for d in rows
    ]


# ---- time zones for "times that suit you" -------------------------------------------------


@functools.cache
def timezone_choices() -> list[str]:
    """Region/City names people recognise, A to Z (no Etc/GMT+5 or legacy aliases)."""
    regions = ("Africa/", "America/", "Antarctica/", "Asia/", "Atlantic/", "Australia/")
    regions += ("Europe/", "Indian/", "Pacific/")
    return sorted(name for name in known_timezones() if name.startswith(regions) or name == "UTC")
