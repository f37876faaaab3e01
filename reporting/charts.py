"""Charts as SVG strings, drawn on the server: no CDN, no JavaScript, no build.

Pure Python (no Django, no ORM), so it is tested without a database. Every
text that goes into the SVG is escaped here; the caller marks the result safe.
Bars and segments may carry a link, so a figure in a chart opens the list
behind it like any other figure on the page.
"""

import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

FONT = 'font-family="system-ui, -apple-system, Segoe UI, Liberation Sans, sans-serif"'
# Urdu labels: the Nastaliq web font the pages ship (tracker.css @font-face),
# then Naskh/Arabic faces; system-ui lacks letters such as ے (a box instead).
URDU_FONT = (
    "font-family=\"'Noto Nastaliq Urdu', 'Noto Naskh Arabic', 'Noto Sans Arabic', "
    "Tahoma, 'DejaVu Sans', sans-serif\""
)
GRID = "#e3e8ee"
AXIS = "#9aa8b6"
LABEL = "#5b6b7c"


@dataclass(frozen=True)
class Series:
    """One line of a line chart."""

    name: str
    values: Sequence[float]
    colour: str


@dataclass(frozen=True)
class Bar:
    """One bar (or one segment of a stacked bar), optionally a link."""

    label: str
    value: float
    colour: str
    href: str = ""
    title: str = ""


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten at or above `value`."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            top = step * power
            return int(top) if top >= 1 and float(top).is_integer() else top
    return 10 * power  # pragma: no cover - the loop always returns


def ticks(top: float, count: int = 4) -> list[float]:
    """Evenly spaced axis values from 0 to `top` inclusive."""
    step = top / count
    return [round(step * n, 6) for n in range(count + 1)]


def count_ticks(highest: float, count: int = 4) -> list[int]:
    """Whole-number axis values from 0 for counts of things: a step of 1, 2 or
    5 times a power of ten, about `count` steps, the top at or above `highest`
    (a chart of zeros and ones gets 0 and 1, never 0.25)."""
    if highest <= 0:
        return [0, 1]
    rough = highest / count
    power = 10 ** max(0, math.floor(math.log10(rough))) if rough >= 1 else 1
    step = next(s * power for s in (1, 2, 5, 10) if s * power >= rough)
    top = step * math.ceil(highest / step)
    return list(range(0, top + 1, step))


def _number(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def _a(href: str, body: str, title: str) -> str:
    tip = f"<title>{escape(title)}</title>" if title else ""
    if not href:
        return f"<g>{tip}{body}</g>"
    return f'<a href="{escape(href)}">{tip}{body}</a>'


def font_attribute(language: str = "") -> str:
    """The SVG font-family attribute for labels in `language` (a Django code)."""
    return URDU_FONT if language.lower().split("-")[0] == "ur" else FONT


def _svg(width: int, height: int, label: str, body: str, language: str = "") -> str:
    # An image's content is presentational, so one holding links is a labelled
    # group instead (axe: nested-interactive); the links stay reachable.
    role = "group" if "<a " in body else "img"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="{role}" aria-label="{escape(label)}" class="chart" '
        f"{font_attribute(language)}>"
        f"<title>{escape(label)}</title>{body}</svg>"
    )


def _legend(series: Sequence[Series], x: float, y: float) -> str:
    parts = []
    for item in series:
        parts.append(
            f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="10" height="10" rx="2" '
            f'fill="{escape(item.colour)}"/>'
            f'<text x="{x + 14:.1f}" y="{y:.1f}" font-size="12" fill="{LABEL}">'
            f"{escape(item.name)}</text>"
        )
        x += 24 + 7 * len(item.name)
    return "".join(parts)


def line_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    width: int = 640,
    height: int = 240,
    language: str = "",
) -> str:
    """Lines of counts over shared x labels, with a whole-number y axis from zero
    and a legend on top."""
    left, right, top, bottom = 44, 14, 28, 26
    plot_w, plot_h = width - left - right, height - top - bottom
    highest = max((v for s in series for v in s.values), default=0)
    axis = count_ticks(highest)
    ceiling = axis[-1]
    count = len(labels)

    def x_at(index: int) -> float:
        return left + (plot_w * index / (count - 1) if count > 1 else plot_w / 2)

    def y_at(value: float) -> float:
        return top + plot_h - plot_h * value / ceiling

    parts = [_legend(series, left, 14)]
    for tick in axis:
        y = y_at(tick)
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID}"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" fill="{LABEL}" '
            f'text-anchor="end">{_number(tick)}</text>'
        )
    parts.append(
        f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" '
        f'y2="{top + plot_h}" stroke="{AXIS}"/>'
    )
    # At most about eight x labels, always the last one (today).
    every = max(1, math.ceil(count / 8))
    for index, text in enumerate(labels):
        last = index == count - 1
        # Skip a label that would crowd the last one (today's), always drawn.
        if not last and (index % every or count - 1 - index < every):
            continue
        # The last label ends at the last point, so the edge does not clip it.
        anchor = "end" if index == count - 1 and count > 1 else "middle"
        parts.append(
            f'<text x="{x_at(index):.1f}" y="{height - 8}" font-size="11" '
            f'fill="{LABEL}" text-anchor="{anchor}">{escape(text)}</text>'
        )
    for item in series:
        points = " ".join(
            f"{x_at(i):.1f},{y_at(v):.1f}" for i, v in enumerate(item.values)
        )
        colour = escape(item.colour)
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" '
            f'stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"/>'
        )
        for i, value in enumerate(item.values):
            tip = f"{item.name}, {labels[i]}: {_number(value)}"
            parts.append(
                _a(
                    "",
                    f'<circle cx="{x_at(i):.1f}" cy="{y_at(value):.1f}" r="3.2" '
                    f'fill="#fff" stroke="{colour}" stroke-width="2"/>',
                    tip,
                )
            )
    return _svg(width, height, title, "".join(parts), language)


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    width: int = 640,
    height: int = 200,
    language: str = "",
) -> str:
    """Vertical bars with their value on top and their label below."""
    left, right, top, bottom = 8, 8, 18, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    ceiling = nice_ceiling(max((bar.value for bar in bars), default=0))
    slot = plot_w / max(len(bars), 1)
    bar_w = min(slot * 0.68, 72)
    parts = [
        f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" '
        f'y2="{top + plot_h}" stroke="{AXIS}"/>'
    ]
    for index, bar in enumerate(bars):
        centre = left + slot * index + slot / 2
        bar_h = plot_h * bar.value / ceiling if bar.value else 0
        y = top + plot_h - bar_h
        body = (
            f'<rect x="{centre - slot / 2:.1f}" y="{top}" width="{slot:.1f}" '
            f'height="{plot_h + bottom}" fill="transparent"/>'
            f'<rect x="{centre - bar_w / 2:.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
            f'height="{max(bar_h, 0):.1f}" rx="3" fill="{escape(bar.colour)}"/>'
            f'<text x="{centre:.1f}" y="{y - 5:.1f}" font-size="12" '
            f'font-weight="600" fill="#1d2733" text-anchor="middle">'
            f"{_number(bar.value)}</text>"
            f'<text x="{centre:.1f}" y="{height - 14}" font-size="11" '
            f'fill="{LABEL}" text-anchor="middle">{escape(bar.label)}</text>'
        )
        parts.append(_a(bar.href, body, bar.title or f"{bar.label}: {bar.value:g}"))
    return _svg(width, height, title, "".join(parts), language)


def stacked_bar(
    segments: Sequence[Bar],
    *,
    title: str,
    width: int = 640,
    height: int = 30,
    language: str = "",
) -> str:
    """One horizontal bar split into segments proportional to their values."""
    total = sum(segment.value for segment in segments)
    parts = [
        f'<rect x="0" y="0" width="{width}" height="{height}" rx="5" fill="{GRID}"/>'
    ]
    x = 0.0
    for segment in segments:
        if not segment.value or not total:
            continue
        share = width * segment.value / total
        body = (
            f'<rect x="{x:.2f}" y="0" width="{share:.2f}" height="{height}" '
            f'fill="{escape(segment.colour)}"/>'
        )
        text = _number(segment.value)
        if share >= 10 + 7.5 * len(text):
            body += (
                f'<text x="{x + share / 2:.2f}" y="{height / 2 + 4.5:.1f}" '
                f'font-size="12.5" font-weight="600" fill="#fff" '
                f'text-anchor="middle">{text}</text>'
            )
        tip = segment.title or f"{segment.label}: {text}"
        parts.append(_a(segment.href, body, tip))
        x += share
    body = "".join(parts)
    # Rounded ends for the whole bar, whatever segment comes first or last.
    clip = f"clip-{zlib.crc32(title.encode()):08x}"
    return _svg(
        width,
        height,
        title,
        f'<clipPath id="{clip}"><rect width="{width}" height="{height}" rx="5"/>'
        f'</clipPath><g clip-path="url(#{clip})">{body}</g>',
        language,
    )
