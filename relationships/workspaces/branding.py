"""A workspace's look on the pages prospects see: its accent colour, kept readable."""

import dataclasses
import re
from urllib.parse import urlsplit

from relationships.models import (
    Workspace,
)

DEFAULT_ACCENT = "#1d5c4a"


PAPER = "#faf8f4"


# WCAG 2 AA for normal text: links and button labels stay readable whatever colour is chosen.
MIN_CONTRAST = 4.5


HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


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
