"""The briefing pack as a PDF, drawn with reportlab (pure pip, no browser).

The same sections as the printable page. Text goes into reportlab's
paragraph markup escaped, in the active language (the view activates the
reader's). The built-in Helvetica covers Latin-1 and the typographic quotes
and dashes; Chinese is drawn with reportlab's built-in CID font STSong-Light
(the reader's PDF viewer supplies the glyphs, nothing is shipped). Urdu:
reportlab neither shapes Arabic script nor lays out right to left, so each
Urdu text is shaped (arabic-reshaper: contextual letter forms) and put in
visual order (python-bidi) before it is drawn, in the shipped Noto Naskh
Arabic TrueType font (reporting/fonts/, OFL), right-aligned (docs/i18n.md).
"""

import io
import re
from functools import cache
from pathlib import Path

# Escapes text for reportlab's markup; it parses nothing (bandit B406 is about
# parsers).
from xml.sax.saxutils import escape  # nosec B406

import arabic_reshaper
from bidi import get_display
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.fonts import addMapping
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from reporting.selectors.briefing import Briefing

NAVY = colors.HexColor("#123b5c")
LINE = colors.HexColor("#c9d3de")
HEAD = colors.HexColor("#eef2f6")
STATUS_COLOURS = {
    "planned": "#34506e",
    "due_soon": "#7a5300",
    "overdue": "#a11c1c",
    "done": "#17693a",
    "missed": "#6a2a85",
    "cancelled": "#5b6470",
}


CJK_FONT = "STSong-Light"
URDU_FONT = "NotoNaskhArabic"
URDU_FONT_FILE = Path(__file__).parent / "fonts" / "NotoNaskhArabic-Regular.ttf"
# Languages the pack can be drawn in; any other gets the English pack.
PDF_LANGUAGES = ("en", "zh", "ur")


@cache
def _cjk_font() -> str:
    # Registered once per process: a CID font needs no file on disk.
    pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    return CJK_FONT


@cache
def _urdu_font() -> str:
    # Registered once per process; embedded (subset) in each PDF. One face:
    # <b> maps to it too, headings are set by size.
    pdfmetrics.registerFont(TTFont(URDU_FONT, str(URDU_FONT_FILE)))
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(URDU_FONT, bold, italic, URDU_FONT)
    return URDU_FONT


def _is_urdu() -> bool:
    return (translation.get_language() or "").lower().startswith("ur")


def shape(text: str) -> str:
    """Urdu text as reportlab must draw it: letters in their joined forms and
    in left-to-right visual order (reportlab does neither). A paragraph that
    wraps keeps its words right to left within each line."""
    return get_display(arabic_reshaper.reshape(text))


def pdf_language(language: str | None) -> str:
    """The language the pack is drawn in: the reader's when it is one the pack
    can draw (English, Chinese, shaped Urdu), English otherwise."""
    code = (language or "en").lower()
    return code if code.split("-")[0] in PDF_LANGUAGES else "en"


def _fonts() -> tuple[str, str]:
    """The regular and bold font for the active language."""
    if (translation.get_language() or "").lower().startswith("zh"):
        font = _cjk_font()
        return font, font  # no bold CID face: headings are set by size
    if _is_urdu():
        font = _urdu_font()
        return font, font
    return "Helvetica", "Helvetica-Bold"


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    regular, bold = _fonts()
    # Chinese has no spaces to break at: wrap between any two characters.
    wrap = "CJK" if regular == CJK_FONT else None
    # Urdu reads right to left: its lines start at the right margin.
    align = TA_RIGHT if regular == URDU_FONT else TA_LEFT
    body = ParagraphStyle(
        "body",
        parent=base["BodyText"],
        fontSize=9,
        leading=11.5,
        fontName=regular,
        wordWrap=wrap,
        alignment=align,
    )
    return {
        "title": ParagraphStyle(
            "title",
            parent=base["Title"],
            fontSize=17,
            leading=21,
            alignment=align,
            textColor=NAVY,
            spaceAfter=4,
            fontName=bold,
            wordWrap=wrap,
        ),
        "meta": ParagraphStyle(
            "meta", parent=body, textColor=colors.HexColor("#5b6b7c")
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base["Heading2"],
            fontSize=12.5,
            textColor=NAVY,
            spaceBefore=10,
            spaceAfter=4,
            fontName=bold,
            wordWrap=wrap,
            alignment=align,
        ),
        "body": body,
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5),
        "head": ParagraphStyle(
            "head", parent=body, fontSize=8, leading=10, fontName=bold
        ),
    }


def _text(text: object) -> str:
    value = str(text or "")
    if not _is_urdu():
        return value
    # Line by line, so a note's own line breaks keep their order.
    return "\n".join(shape(line) for line in value.split("\n"))


# Runs of Arabic-script letters (base and presentation forms) and the spaces
# and punctuation between them; the Naskh font has no Latin letters.
_ARABIC_RUN = re.compile(r"([\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]+)")


def _markup(text: object) -> str:
    """Escaped paragraph markup; in Urdu, non-Arabic runs (Latin names, notes
    written in English) are set in Helvetica, which has their glyphs."""
    value = _text(text)
    if not _is_urdu():
        return escape(value).replace("\n", "<br/>")
    parts = []
    for index, run in enumerate(_ARABIC_RUN.split(value)):
        if index % 2 or not run.strip():
            parts.append(escape(run))
        else:
            parts.append(f'<font name="Helvetica">{escape(run)}</font>')
    return "".join(parts).replace("\n", "<br/>")


def _rtl_lines(text: str, style: ParagraphStyle, width: float) -> list[str]:
    """`text` broken into logical lines whose shaped form fits `width`."""
    lines = []
    for paragraph in text.split("\n"):
        current: list[str] = []
        for word in paragraph.split(" "):
            trial = shape(" ".join([*current, word]))
            if current and stringWidth(trial, style.fontName, style.fontSize) > width:
                lines.append(" ".join(current))
                current = [word]
            else:
                current.append(word)
        lines.append(" ".join(current))
    return lines


class _UrduParagraph(Paragraph):
    """An Urdu paragraph broken into lines before each line is shaped: shaping
    the whole text first would reverse it, so reportlab's wrapping would set
    its end on the first line."""

    logical: str | None = None  # None for the pieces split() makes

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self.logical is not None:
            # A margin: the Latin runs drawn in Helvetica differ in width.
            lines = _rtl_lines(self.logical, self.style, availWidth * 0.95)
            Paragraph.__init__(self, _markup("\n".join(lines)), self.style)
        return super().wrap(availWidth, availHeight)


def _p(text: object, style: ParagraphStyle) -> Paragraph:
    if not _is_urdu():
        return Paragraph(_markup(text), style)
    paragraph = _UrduParagraph(_markup(text), style)
    paragraph.logical = str(text or "")
    return paragraph


def _status(value: str, label: str, style: ParagraphStyle) -> Paragraph:
    colour = STATUS_COLOURS.get(value, "#1d2733")
    return Paragraph(f'<font color="{colour}"><b>{_markup(label)}</b></font>', style)


def _table(headers: list[str], rows: list[list], widths: list[float], s) -> Table:
    data = [[_p(h, s["head"]) for h in headers], *rows]
    table = Table(data, colWidths=[w * mm for w in widths], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), HEAD),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, LINE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _date(value) -> str:
    # The month's name in the active language (Django's formats).
    return date_format(value, "j M Y") if value else "—"


def _sides(commitment) -> str:
    parts = []
    for obligation in commitment.obligations.all():
        lead = obligation.lead_institution
        lead_text = f" ({lead.acronym or lead.name})" if lead else ""
        parts.append(f"{obligation.party.name}{lead_text}")
    return "; ".join(parts)


def briefing_pdf(briefing: Briefing) -> bytes:
    """The pack as PDF bytes (A4, tables repeat their headers across pages),
    in the active language when reportlab can draw it (pdf_language)."""
    with translation.override(pdf_language(translation.get_language())):
        return _briefing_pdf(briefing)


def _briefing_pdf(briefing: Briefing) -> bytes:
    s = _styles()
    story: list = [
        _p(_("Briefing pack: %(title)s") % {"title": briefing.title}, s["title"]),
        _p(
            _("Prepared %(today)s. Covers what happened since %(since)s (%(note)s).")
            % {
                "today": _date(briefing.today),
                "since": _date(briefing.since),
                "note": briefing.since_note,
            },
            s["meta"],
        ),
        Spacer(1, 3 * mm),
    ]
    summary = _(", ").join(
        f"{count} {str(label).lower()}" for _v, label, count in briefing.status_counts
    )
    total = len(briefing.commitments)
    story.append(
        _p(
            ngettext(
                "%(count)s commitment: %(summary)s.",
                "%(count)s commitments: %(summary)s.",
                total,
            )
            % {"count": total, "summary": summary or _("none")},
            s["body"],
        )
    )

    story.append(_p(_("Status of every commitment"), s["h2"]))
    story.append(
        _table(
            [
                _("Commitment"),
                _("Owed by (lead)"),
                _("Status"),
                _("Next due"),
                _("Last follow-up"),
            ],
            [
                [
                    _p(c.title, s["cell"]),
                    _p(_sides(c), s["cell"]),
                    _status(c.status, c.get_status_display(), s["cell"]),
                    _p(_date(c.next_due or c.due_date), s["cell"]),
                    _p(
                        f"{_date(c.last_note_on)}: {c.last_note}"
                        if c.last_note_on
                        else "—",
                        s["cell"],
                    ),
                ]
                for c in briefing.commitments
            ],
            [52, 38, 20, 22, 48],
            s,
        )
    )

    story.append(
        _p(_("Done since %(since)s") % {"since": _date(briefing.since)}, s["h2"])
    )
    if briefing.completed:
        story.append(
            _table(
                [_("Completed"), _("Milestone"), _("Was due")],
                [
                    [
                        _p(_date(m.completed_on), s["cell"]),
                        _p(m.title or m.commitment.title, s["cell"]),
                        _p(_date(m.due_date), s["cell"]),
                    ]
                    for m in briefing.completed
                ],
                [25, 130, 25],
                s,
            )
        )
    else:
        story.append(_p(_("No milestone was completed in this period."), s["body"]))
    if briefing.followups:
        story.append(Spacer(1, 2 * mm))
        story.append(
            _table(
                [_("Day"), _("Commitment"), _("Follow-up")],
                [
                    [
                        _p(_date(f.happened_on), s["cell"]),
                        _p(f.commitment.title, s["cell"]),
                        _p(f"{f.get_kind_display()}: {f.note}", s["cell"]),
                    ]
                    for f in briefing.followups
                ],
                [25, 60, 95],
                s,
            )
        )

    story.append(_p(_("Overdue, and why"), s["h2"]))
    if briefing.overdue:
        story.append(
            _table(
                [_("Due"), _("Milestone"), _("Owner"), _("Last follow-up")],
                [
                    [
                        _p(_date(m.due_date), s["cell"]),
                        _p(m.title or m.commitment.title, s["cell"]),
                        _p(
                            m.commitment.owner.get_full_name()
                            or m.commitment.owner.get_username()
                            if m.commitment.owner
                            else _("nobody"),
                            s["cell"],
                        ),
                        _p(
                            f"{_date(m.last_note_on)}: {m.last_note}"
                            if m.last_note_on
                            else _("No follow-up logged."),
                            s["cell"],
                        ),
                    ]
                    for m in briefing.overdue
                ],
                [22, 60, 30, 68],
                s,
            )
        )
    else:
        story.append(_p(_("Nothing is overdue."), s["body"]))

    story.append(_p(_("Next milestones"), s["h2"]))
    if briefing.upcoming:
        story.append(
            _table(
                [_("Due"), _("Milestone"), _("Status")],
                [
                    [
                        _p(_date(m.due_date), s["cell"]),
                        _p(m.title or m.commitment.title, s["cell"]),
                        _status(m.status, m.get_status_display(), s["cell"]),
                    ]
                    for m in briefing.upcoming
                ],
                [25, 130, 25],
                s,
            )
        )
    else:
        story.append(_p(_("No milestone falls due in the next 90 days."), s["body"]))

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=_("Briefing pack: %(title)s") % {"title": briefing.title},
        author="Commitment Tracker",
    )
    document.build(story)
    return buffer.getvalue()
