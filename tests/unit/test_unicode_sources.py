"""Sources in Urdu, Chinese and emoji are stored verbatim; quotes, offsets and
highlighting count characters (code points) alike in Python, PostgreSQL, the
pages and the API (issue 17)."""

import datetime
import html
import re
import unicodedata

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from commitments.models import Provenance, SourceDocument
from commitments.services.commitments import (
    ObligationSpec,
    QuoteSpec,
    commitment_create,
    provenance_add,
)
from commitments.services.sources import source_document_import
from commitments.views.text import highlight
from extraction.services.ingest import document_ingest
from tests.factories import AgreementFactory, PartyFactory

# Urdu with its short vowels and doubling written out: zer (U+0650), zabar
# (U+064E) and shadda (U+0651) are combining marks, each its own code point.
URDU = (
    "پاکستان اور چین نے اِتفاق کِیا کہ مُشترکہ وَرکنگ گروپ ہر سہ ماہی مِلے گا۔ "
    "یہ عہد مُحَمَّد کی موجودگی میں ہُوا۔"
)
URDU_QUOTE = "مُشترکہ وَرکنگ گروپ ہر سہ ماہی مِلے گا"
CHINESE = "中巴双方同意，联合工作组每季度举行一次会议。双方还将加强人员交流。"
CHINESE_QUOTE = "联合工作组每季度举行一次会议"
# A family (ZWJ sequence), a skin-tone modifier, a flag (two regional
# indicators) and a character outside the Basic Multilingual Plane.
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
WAVE = "\U0001f44b\U0001f3fd"
FLAG = "\U0001f1f5\U0001f1f0"
EMOJI = (
    f"Opening {FAMILY} remarks {WAVE} from the {FLAG} side 𝒳. "
    "Both sides will meet again in Islamabad. End."
)
EMOJI_QUOTE = f"{WAVE} from the {FLAG} side 𝒳"


def test_the_passages_hold_what_the_test_means():
    # Guards the test itself: the marks and sequences are really there.
    assert {"\u0650", "\u064e", "\u0651"} <= set(URDU)
    assert any(unicodedata.combining(c) for c in URDU_QUOTE)
    assert "\u200d" in EMOJI
    assert len(FLAG) == 2
    assert len(WAVE) == 2


@pytest.fixture
def agreement(db):
    agreement = AgreementFactory(reference="unicode-talks")
    agreement.parties.set([PartyFactory(code="PK"), PartyFactory(code="CN")])
    return agreement


def stored(text: str, system) -> SourceDocument:
    document, created = source_document_import(
        title="A passage", text=text, actor=system, reason="test"
    )
    assert created
    return SourceDocument.objects.get(pk=document.pk)


def quote_of(source: SourceDocument, quote: str) -> QuoteSpec:
    start = source.text.index(quote)
    return QuoteSpec(source=source, quote=quote, start=start, end=start + len(quote))


@pytest.mark.parametrize(
    ("text", "quote"),
    [(URDU, URDU_QUOTE), (CHINESE, CHINESE_QUOTE), (EMOJI, EMOJI_QUOTE)],
    ids=["urdu", "chinese", "emoji"],
)
def test_a_quote_is_stored_verbatim_at_its_offsets(agreement, system, text, quote):
    source = stored(text, system)
    assert source.text == text  # not normalised, not trimmed
    spec = quote_of(source, quote)
    commitment = commitment_create(
        agreement=agreement,
        reference="unicode-commitment",
        title="Meet quarterly",
        kind="ongoing",
        obligations=[ObligationSpec(party=agreement.parties.first())],
        quotes=[spec],
        actor=system,
        reason="test",
    )
    row = Provenance.objects.get(commitment=commitment)
    assert (row.quote_start, row.quote_end) == (spec.start, spec.end)
    assert row.quote == quote
    assert row.source.text[row.quote_start : row.quote_end] == quote
    # PostgreSQL counts the same characters as Python does.
    assert Provenance.objects.filter(
        pk=row.pk, quote_end=row.quote_start + len(quote)
    ).exists()


def test_a_quote_cut_inside_a_character_sequence_is_refused(agreement, system):
    source = stored(URDU, system)
    commitment = commitment_create(
        agreement=agreement,
        reference="unicode-commitment",
        title="Meet quarterly",
        kind="ongoing",
        obligations=[ObligationSpec(party=agreement.parties.first())],
        quotes=[quote_of(source, URDU_QUOTE)],
        actor=system,
        reason="test",
    )
    start = source.text.index(URDU_QUOTE)
    # The same letters without their marks are not what the source says.
    bare = "".join(c for c in URDU_QUOTE if not unicodedata.combining(c))
    with pytest.raises(ValidationError):
        provenance_add(
            commitment=commitment,
            quote=QuoteSpec(
                source=source, quote=bare, start=start, end=start + len(bare)
            ),
            actor=system,
            reason="test",
        )


@pytest.mark.parametrize(
    ("text", "quote"),
    [(URDU, URDU_QUOTE), (CHINESE, CHINESE_QUOTE), (EMOJI, EMOJI_QUOTE)],
    ids=["urdu", "chinese", "emoji"],
)
def test_highlighting_marks_exactly_the_quote(text, quote):
    start = text.index(quote)
    segments = highlight(text, [(start, start + len(quote), "", "")])
    assert "".join(s.text for s in segments) == text
    assert [s.text for s in segments if s.marked] == [quote]


@pytest.mark.parametrize(
    ("text", "quote"),
    [(URDU, URDU_QUOTE), (CHINESE, CHINESE_QUOTE), (EMOJI, EMOJI_QUOTE)],
    ids=["urdu", "chinese", "emoji"],
)
def test_the_commitment_page_highlights_the_quote(
    viewer, agreement, system, text, quote
):
    source = stored(text, system)
    commitment_create(
        agreement=agreement,
        reference="unicode-commitment",
        title="Meet quarterly",
        kind="ongoing",
        obligations=[ObligationSpec(party=agreement.parties.first())],
        quotes=[quote_of(source, quote)],
        actor=system,
        reason="test",
    )
    page = viewer.get(
        reverse("commitments:commitment_detail", args=["unicode-commitment"])
    ).content.decode()
    marks = [html.unescape(m) for m in re.findall(r"<mark>(.*?)</mark>", page, re.S)]
    assert marks == [quote]
    region = re.search(r'<div class="source-text[^>]*>(.*?)</div>', page, re.S)
    assert html.unescape(re.sub(r"</?mark>", "", region.group(1))) == text
    # The source keeps its own direction whatever the page's.
    assert 'data-verbatim dir="auto"' in region.group(0)


# An English sentence the rules propose, after Urdu, Chinese and emoji text
# that moves its offsets: every character before it counts one. "İ" and "ß"
# change length when lower-cased, so a rule matching on folded text and
# reporting its offsets would be caught here.
MIXED = (
    f"{URDU}\n{CHINESE}\n{FAMILY}{WAVE}{FLAG} İstanbul, Straße\n"
    "Pakistan and China agreed to hold the Joint Working Group meeting every "
    "quarter, starting in March 2026.\n"
    f"{URDU}\n"
)


@pytest.fixture
def reviewer(client, officer):
    officer.groups.add(Group.objects.get(name="Policy officer"))
    client.force_login(officer)
    return client


def test_ingest_keeps_offsets_right_on_unicode_text(agreement, system):
    result = document_ingest(
        title="Mixed",
        text=MIXED,
        published_on=datetime.date(2026, 1, 7),
        actor=system,
    )
    document = SourceDocument.objects.get(pk=result.document.pk)
    assert document.text == MIXED
    candidates = list(document.candidates.all())
    assert candidates, "the English sentence is proposed"
    for candidate in candidates:
        assert MIXED[candidate.start : candidate.end] == candidate.quote
    assert any("Joint Working Group" in c.quote for c in candidates)


def test_the_api_returns_the_stored_text_and_the_same_offsets(
    reviewer, agreement, system
):
    response = reviewer.post(
        "/api/v1/sources/",
        {"published": "2026-01-07", "title": "Mixed", "text": MIXED, "reason": "t"},
    )
    assert response.status_code == 201, response.content
    source = response.json()["source"]
    assert SourceDocument.objects.get(pk=source).text == MIXED
    body = reviewer.get(f"/api/v1/candidates/?source={source}").json()
    rows = body["results"] if isinstance(body, dict) else body
    assert rows
    for row in rows:
        assert MIXED[row["start"] : row["end"]] == row["quote"]
    detail = reviewer.get(f"/api/v1/sources/{source}/").json()
    assert detail["text"] == MIXED


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        (URDU, "مُحَمَّد"),  # a pesh after the first letter
        (EMOJI, FAMILY),
        (EMOJI, WAVE),
        (EMOJI, FLAG),
    ],
    ids=["urdu-mark", "zwj-family", "skin-tone", "flag"],
)
def test_a_quote_may_not_split_a_character(agreement, system, text, cut):
    """Ending one code point into a sequence (a letter without its mark, half
    a family, a hand without its tone, half a flag) stores half a character."""
    source = stored(text, system)
    commitment = commitment_create(
        agreement=agreement,
        reference="unicode-commitment",
        title="Meet quarterly",
        kind="ongoing",
        obligations=[ObligationSpec(party=agreement.parties.first())],
        quotes=[quote_of(source, text[: text.index(cut)].split()[-1])],
        actor=system,
        reason="test",
    )
    start, end = text.index(cut), text.index(cut) + len(cut)
    for a, b in ((start, start + 1), (start + 1, end)):
        split = QuoteSpec(source=source, quote=text[a:b], start=a, end=b)
        with pytest.raises(ValidationError, match="character"):
            provenance_add(
                commitment=commitment, quote=split, actor=system, reason="test"
            )
    whole = quote_of(source, cut)
    assert (
        provenance_add(
            commitment=commitment, quote=whole, actor=system, reason="test"
        ).quote
        == cut
    )
