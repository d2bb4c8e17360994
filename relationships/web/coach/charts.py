"""Charts drawn on the server as inline SVG: no JavaScript, no chart library.

Each chart is an <svg role="img"> named by its <title> and described by its
<desc> (what it shows and its main numbers), so a screen reader announces a
meaningful picture; the page prints the same numbers as a table beside it.
Colours come from one palette that stays apart for common colour blindness, and
every bar also carries its own <title> (a tooltip with its exact number).
"""

import dataclasses
import math

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Okabe–Ito-like, darkened to read on white.
PALETTE = ["#1d5c4a", "#2f6fb0", "#c2610c", "#8a6d00", "#7a4fa0", "#b3261e", "#3d8f9e", "#5b6470"]
# Wide enough for labels, narrow enough that text stays near its own size where the chart
# is drawn (a half-width panel on a desktop, the full width of a phone).
WIDTH = 400
FONT = 13
LABEL_CHARS = 24


@dataclasses.dataclass(frozen=True)
class Series:
    name: str
    values: list[int]
    colour: str


def colours(count: int) -> list[str]:
    return [PALETTE[i % len(PALETTE)] for i in range(count)]


def nice_ceiling(value: float) -> int:
    """The smallest of 1, 2, 5 × 10^k at or above value (at least 1): a tidy axis maximum."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return int(step * power)
    return int(10 * power)  # pragma: no cover - the loop always returns


def shorten(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def intervals(scale_max: int) -> int:
    """How many gridline steps divide the axis into round numbers (0, 10, 20, … 50)."""
    for count in (5, 4):
        if scale_max % count == 0:
            return count
    return scale_max


def _svg(
    chart_id: str, title: str, desc: str, height: int, body: list[str], width: int = WIDTH
) -> SafeString:
    return mark_safe(
        f'<svg class="chart" id="{escape(chart_id)}" role="img" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'preserveAspectRatio="xMinYMin meet" focusable="false">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )


def bar_rows(
    *,
    chart_id: str,
    title: str,
    desc: str,
    labels: list[str],
    series: list[Series],
    unit: str = "",
    width: int = WIDTH,
) -> SafeString:
    """Horizontal bars, one row per label and one bar per series in each row."""
    label_width, gap, bar = 140, 10, 16 if len(series) == 1 else 13
    row_height = bar * len(series) + gap
    height = max(row_height * len(labels) + gap, 40)
    top = max((max(s.values, default=0) for s in series), default=0)
    scale_max = nice_ceiling(top)
    plot = width - label_width - 40
    body = [
        f'<line class="chart-axis" x1="{label_width}" y1="0" x2="{label_width}" y2="{height}"/>'
    ]
    for row, label in enumerate(labels):
        y = gap / 2 + row * row_height
        middle = y + bar * len(series) / 2 + 4
        body.append(
            f'<text class="chart-label" x="{label_width - 8}" y="{middle:.1f}"'
            f' text-anchor="end" font-size="{FONT}">{escape(shorten(label))}</text>'
        )
        for index, one in enumerate(series):
            value = one.values[row]
            length = plot * value / scale_max
            # A zero draws nothing; a small number still shows a sliver.
            drawn = max(length, 0.5) if value else 0
            bar_y = y + index * bar
            tip = f"{label}: {value} {one.name}".strip() if len(series) > 1 else f"{label}: {value}"
            body.append(
                f"<g><title>{escape(tip)}{escape(unit)}</title>"
                f'<rect x="{label_width}" y="{bar_y:.1f}" width="{drawn:.1f}"'
                f' height="{bar - 2}" rx="2" fill="{one.colour}"/>'
                f'<text class="chart-value" x="{label_width + length + 5:.1f}" '
                f'y="{bar_y + bar / 2 + 2.5:.1f}" font-size="{FONT - 1}">{value}</text></g>'
            )
    return _svg(chart_id, title, desc, int(height), body, width)


def stacked_columns(
    *,
    chart_id: str,
    title: str,
    desc: str,
    labels: list[str],
    series: list[Series],
) -> SafeString:
    """Vertical columns (e.g. one per week), each a stack of the series' values."""
    left, bottom, top_pad, height = 30, 26, 10, 200
    plot_height = height - bottom - top_pad
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    scale_max = nice_ceiling(max(totals, default=0))
    slot = (WIDTH - left - 4) / max(len(labels), 1)
    bar = min(slot * 0.66, 36)
    body = []
    steps = intervals(scale_max)
    for tick in range(steps + 1):
        y = top_pad + plot_height - plot_height * tick / steps
        body.append(
            f'<line class="chart-grid" x1="{left}" y1="{y:.1f}" x2="{WIDTH - 4}" y2="{y:.1f}"/>'
            f'<text class="chart-label" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" '
            f'font-size="{FONT - 2}">{scale_max * tick // steps}</text>'
        )
    for column, label in enumerate(labels):
        x = left + slot * column + (slot - bar) / 2
        stacked = 0
        parts = []
        for one in series:
            value = one.values[column]
            if not value:
                continue
            h = plot_height * value / scale_max
            y = top_pad + plot_height - plot_height * (stacked + value) / scale_max
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{one.colour}"><title>{escape(label)}: {value} {escape(one.name)}</title>'
                "</rect>"
            )
            stacked += value
        body.append("<g>" + "".join(parts) + "</g>")
        # Every other label is "minor": hidden on a phone, where twelve would collide. The
        # last column (this week) always keeps its label.
        minor = " chart-minor" if (len(labels) - 1 - column) % 2 else ""
        body.append(
            f'<text class="chart-label{minor}" x="{x + bar / 2:.1f}" y="{height - 8}" '
            f'text-anchor="middle" font-size="{FONT - 2}">{escape(label)}</text>'
        )
    return _svg(chart_id, title, desc, height, body)
