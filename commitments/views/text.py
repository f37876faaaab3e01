"""Cutting a source text into plain and highlighted pieces (pure, no ORM)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    """A piece of a source text; `marked` pieces are quotes."""

    text: str
    marked: bool = False
    label: str = ""
    anchor: str = ""


def highlight(text: str, spans: list[tuple[int, int, str, str]]) -> list[Segment]:
    """Cut `text` at the spans (start, end, label, anchor); overlapping spans merge
    into one mark whose label names them all."""
    merged: list[list] = []
    for start, end, label, anchor in sorted(spans):
        if merged and start < merged[-1][1]:
            last = merged[-1]
            last[1] = max(last[1], end)
            if label not in last[2]:
                last[2].append(label)
        else:
            merged.append([start, end, [label], anchor])
    segments: list[Segment] = []
    position = 0
    for start, end, labels, anchor in merged:
        if start > position:
            segments.append(Segment(text[position:start]))
        segments.append(Segment(text[start:end], True, "; ".join(labels), anchor))
        position = end
    if position < len(text):
        segments.append(Segment(text[position:]))
    return segments
