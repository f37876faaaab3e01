"""Cutting a text into paragraphs, sentences and clauses with exact offsets.

Every span is a pair of Python string indices into the text as given, so that
`text[start:end]` is always the quote: nothing here copies or normalises text.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser


@dataclass(frozen=True)
class Span:
    """A piece of the text: `text[start:end]`."""

    start: int
    end: int


# Words after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "cmdr",
        "adm",
        "sgt",
        "gov",
        "sen",
        "rep",
        "hon",
        "amb",
        "st",
        "no",
        "nos",
        "vol",
        "fig",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "univ",
        "est",
        "approx",
        "vs",
        "etc",
        "al",
        "e.g",
        "i.e",
        "u.s",
        "u.k",
        "u.n",
        "u.a.e",
        "jr",
        "sr",
        "rev",
        "pres",
        "h.e",
    ]
)
_PARAGRAPH = re.compile(r"[^\n]+")
# A full stop, question or exclamation mark, with any closing quotes or
# brackets, followed by space and something that can start a sentence.
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


def paragraphs(text: str) -> list[Span]:
    """Each non-blank line: statements put one paragraph on a line."""
    spans = []
    for match in _PARAGRAPH.finditer(text):
        span = strip(text, Span(match.start(), match.end()))
        if span.end > span.start:
            spans.append(span)
    return spans


def strip(text: str, span: Span, chars: str = " \t\r\n\f\v\u00a0") -> Span:
    """The span without leading and trailing `chars`."""
    start, end = span.start, span.end
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return Span(start, end)


def _is_false_boundary(text: str, stop: int) -> bool:
    # `stop` is the index just after the full stop.
    before = text[max(0, stop - 12) : stop]
    word = _LAST_WORD.search(before)
    if word is None:
        return False
    token = word.group(1).lower()
    # A single capital letter before the stop is an initial ("A. Khan").
    return token in ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def sentences(text: str, paragraph: Span | None = None) -> list[Span]:
    """The sentences of a paragraph (or of the whole text, line by line)."""
    if paragraph is None:
        return [s for p in paragraphs(text) for s in sentences(text, p)]
    spans = []
    start = paragraph.start
    for match in _BOUNDARY.finditer(text, paragraph.start, paragraph.end):
        stop = text.find(".", match.start(), match.end())
        if stop != -1 and _is_false_boundary(text, stop + 1):
            continue
        spans.append(strip(text, Span(start, match.end())))
        start = match.end()
    last = strip(text, Span(start, paragraph.end))
    if last.end > last.start:
        spans.append(last)
    return [span for span in spans if span.end > span.start]


class _TextExtractor(HTMLParser):
    """Collects the visible text of an HTML page, one block per line."""

    BLOCKS = frozenset(
        [
            "p",
            "div",
            "br",
            "li",
            "ul",
            "ol",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "tr",
            "table",
            "section",
            "article",
            "header",
            "footer",
            "blockquote",
            "pre",
            "hr",
            "dd",
            "dt",
            "figcaption",
            "main",
            "aside",
            "nav",
        ]
    )
    HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "svg"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.in_title = False
        self.title_parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
        if not self.hidden:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str, str]:
    """The visible text of an HTML page (blocks separated by a blank line) and its
    <title>; the text returned is what gets stored and what offsets index."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = []
    for block in "".join(parser.parts).split("\n"):
        line = " ".join(block.split())
        if line:
            lines.append(line)
    title = " ".join("".join(parser.title_parts).split())
    return "\n\n".join(lines) + ("\n" if lines else ""), title
