"""The pure extraction rules, table by table, without a database."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extraction.reading import ReadError, read_text
from extraction.rules.clauses import clauses
from extraction.rules.dates import find_dates, pick_due
from extraction.rules.entities import EntityMatcher, KnownNames, KnownParty
from extraction.rules.kinds import classify
from extraction.rules.pipeline import extract
from extraction.rules.recurrence import find_cadence, find_duration
from extraction.rules.text import Span, html_to_text, sentences

ANCHOR = datetime.date(2026, 1, 7)


@pytest.mark.parametrize(
    ("phrase", "rule"),
    [
        ("agreed to convene meetings every three months", "FREQ=MONTHLY;INTERVAL=3"),
        ("the ministers will meet annually to review progress", "FREQ=YEARLY"),
        ("hold talks twice a year", "FREQ=MONTHLY;INTERVAL=6"),
        ("meet three times a year", "FREQ=MONTHLY;INTERVAL=4"),
        ("meet four times a year", "FREQ=MONTHLY;INTERVAL=3"),
        ("report quarterly", "FREQ=MONTHLY;INTERVAL=3"),
        ("exchange data monthly", "FREQ=MONTHLY"),
        ("meet every six months", "FREQ=MONTHLY;INTERVAL=6"),
        ("a biannual summit", "FREQ=MONTHLY;INTERVAL=6"),
        ("a biennial conference", "FREQ=YEARLY;INTERVAL=2"),
        ("meet every other month", "FREQ=MONTHLY;INTERVAL=2"),
        ("on a quarterly basis", "FREQ=MONTHLY;INTERVAL=3"),
        ("once every two years", "FREQ=YEARLY;INTERVAL=2"),
        ("the annual strategic dialogue", "FREQ=YEARLY"),
        ("consult each year", "FREQ=YEARLY"),
        ("meet every 18 months", "FREQ=MONTHLY;INTERVAL=18"),
        ("a weekly call", "FREQ=WEEKLY"),
        ("meet fortnightly", "FREQ=WEEKLY;INTERVAL=2"),
    ],
)
def test_cadence_phrases_in_running_text_become_rrules(phrase, rule):
    assert find_cadence(phrase).rrule == rule


@pytest.mark.parametrize(
    "phrase",
    [
        "raise annual trade to $10 billion",
        "monthly trade figures were published",
        "within three months of the signing",
        "the talks lasted three hours",
    ],
)
def test_amounts_and_deadlines_are_not_cadences(phrase):
    assert find_cadence(phrase) is None


def test_regular_meetings_recur_without_an_interval():
    found = find_cadence("committing to regular meetings")
    assert found.rrule is None
    assert found.phrase == "regular"
    assert "no interval" in found.note


@pytest.mark.parametrize(
    ("phrase", "due", "precision"),
    [
        ("the forum scheduled for this September", "2026-09-30", "month"),
        ("by the end of June 2025", "2025-06-30", "month"),
        ("on July 22 this year", "2026-07-22", "day"),
        ("on 22 July 2026", "2026-07-22", "day"),
        ("on July 22, 2027", "2027-07-22", "day"),
        ("on 3 February", "2026-02-03", "day"),
        ("early 2026", "2026-12-31", "year"),
        ("late next year", "2027-12-31", "year"),
        ("next month", "2026-02-28", "month"),
        ("later this month", "2026-01-31", "month"),
        ("by 2027", "2027-12-31", "year"),
        ("in March 2026", "2026-03-31", "month"),
        ("in May", "2026-05-31", "month"),
        ("next January", "2027-01-31", "month"),
        ("in the first half of 2027", "2027-06-30", "month"),
        ("in Q3 2026", "2026-09-30", "month"),
        ("before the end of the year", "2026-12-31", "year"),
        ("by the end of next year", "2027-12-31", "year"),
        ("within six months", "2026-07-07", "day"),
        ("within 90 days", "2026-04-07", "day"),
        ("over the next two years", "2028-01-07", "day"),
        ("next Monday", "2026-01-12", "day"),
        ("on 2026-05-04", "2026-05-04", "day"),
    ],
)
def test_due_dates_resolve_against_the_publication_date(phrase, due, precision):
    found = pick_due(find_dates(phrase, ANCHOR))
    assert (found.date.isoformat(), found.precision) == (due, precision)
    assert found.anchor == ANCHOR
    assert phrase.endswith(found.phrase) or found.phrase in phrase


@pytest.mark.parametrize(
    "phrase",
    [
        "within 90 days of the signing",
        "within six months of the agreement's entry into force",
        "after the signing of the agreement.",
        "soon",
        "in the coming months",
    ],
)
def test_phrases_without_a_date_keep_the_phrase_and_say_so(phrase):
    found = pick_due(find_dates(phrase, ANCHOR))
    assert found.date is None
    assert found.precision == "unknown"
    assert found.phrase
    assert found.note


@pytest.mark.parametrize(
    "phrase", ["this may be delayed", "troops will march on", "since 2019", "last May"]
)
def test_words_and_past_dates_are_not_due_dates(phrase):
    assert find_dates(phrase, ANCHOR) == []


def test_the_first_future_date_wins_over_a_past_one():
    found = pick_due(
        find_dates("delivered in early 2027, the rest by 2028, after 2025", ANCHOR)
    )
    assert found.phrase == "early 2027"


@pytest.mark.parametrize(
    ("phrase", "days"),
    [
        ("a one-month training program", 30),
        ("the month-long training", 30),
        ("a two-week course", 14),
        ("a three-day visit", 3),
        ("a 10-day exercise", 10),
        ("for two weeks", 14),
        ("a year-long programme", 365),
    ],
)
def test_durations_are_counted_in_days(phrase, days):
    assert find_duration(phrase).days == days


def test_a_deadline_is_not_a_duration():
    assert find_duration("within 90 days of the signing") is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Both sides agreed to hold talks.", 1),
        ("Kenya will open a police post.", 1),
        ("An agreement will be signed between the two academies.", 1),
        ("A special unit is being set up in Islamabad.", 1),
        ("The minister announced the formation of a protection unit.", 1),
        ("Wang invited Naqvi to attend the forum.", 1),
        ("Both parties pledged to expand trade.", 1),
        ("The sides shall convene every two months.", 1),
        ("They decided to establish a fund.", 1),
        ("The two sides undertook to review the treaty.", 1),
        ("The centre is expected to open by the end of September.", 1),
        ("X agreed to improve rapid-response systems and to expand training.", 2),
        ("A will meet every three months, while B will meet annually.", 2),
        ("Girma thanked her hosts and said Ethiopia would host the next round.", 1),
        ("The minister commended the police for their work.", 0),
        ("He expressed his satisfaction with the visit.", 0),
        ("He was highly impressed by the squad.", 0),
        ("Naqvi toured the college's training facilities.", 0),
        ("He was briefed on high-tech training.", 0),
        ("He was shown a demonstration of an arrest.", 0),
        ("Both sides underscored the need to enhance frameworks.", 0),
        ("He emphasized the need to strengthen ties.", 0),
        ("The talks covered trade and security.", 0),
        ("Analysts say the deal will boost trade.", 0),
        ("The new centre will help both countries respond faster.", 0),
        ("Officials hope it will rise to $15 billion by 2030.", 0),
    ],
)
def test_clauses_that_promise_are_kept_and_others_dropped(sentence, expected):
    found = extract(sentence, published=ANCHOR)
    assert len(found) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Comments are closed, but trackbacks and pingbacks are open.",
        "Your email address will not be published. Required fields are marked *",
        "Leave a Reply",
        "Related Articles",
        "Back to top button",
        "Pakistan to set up special protection unit in Islamabad: Mohsin Naqvi",
    ],
)
def test_headlines_and_page_furniture_are_not_commitments(line):
    assert extract(line + "\n", published=ANCHOR) == []


@pytest.mark.parametrize(
    ("clause", "recurs", "kind"),
    [
        (
            "the two interior ministers will meet annually to review progress",
            True,
            "review",
        ),
        (
            "agreed to convene Joint Working Group meetings every three months",
            True,
            "recurring_meeting",
        ),
        ("an agreement will be signed between the academies", False, "signing"),
        ("agreed to formulate a strategy to enhance skills", False, "strategy"),
        (
            "a special protection unit is being set up in Islamabad",
            False,
            "establishment",
        ),
        ("officers will attend a one-month training program", False, "training"),
        ("agreed to expand the scope of police training", False, "ongoing"),
        ("invited Wang Xiaohong to visit Pakistan", False, "visit"),
        (
            "invited Naqvi to attend the Global Security Cooperation Forum",
            False,
            "event_attendance",
        ),
        ("agreed to improve rapid-response systems", False, "ongoing"),
    ],
)
def test_kinds_follow_the_rule_order(clause, recurs, kind):
    assert classify(clause, 0, len(clause), recurs=recurs) == kind


def test_sentences_keep_offsets_through_abbreviations_and_quotes():
    text = "Mr. Khan met Dr. A. Rao on Monday. “We will act,” he said. It cost $1.5 bn."
    spans = sentences(text)
    assert [text[s.start : s.end] for s in spans] == [
        "Mr. Khan met Dr. A. Rao on Monday.",
        "“We will act,” he said.",
        "It cost $1.5 bn.",
    ]


def test_html_becomes_visible_text_one_block_a_line():
    html = (
        "<html><head><title>Talks</title><style>p{}</style></head><body>"
        "<h1>Headline</h1><p>Both sides <b>agreed</b> to meet &amp; talk.</p>"
        "<script>var x = 'will';</script><ul><li>One</li></ul></body></html>"
    )
    text, title = html_to_text(html)
    assert title == "Talks"
    assert text == "Headline\n\nBoth sides agreed to meet & talk.\n\nOne\n"


def test_sides_come_from_country_words_and_the_directory():
    known = KnownNames(parties=(KnownParty("Pakistan", "PK"),))
    matcher = EntityMatcher(known)
    text = "Kenyan and Ethiopian police will patrol near Islamabad."
    assert matcher.parties_in(text, 0, len(text)) == ["Kenya", "Ethiopia", "Pakistan"]


def test_an_invitation_obliges_the_invitee_and_for_a_visit_the_host():
    text = "Ruto invited Ethiopia's minister to visit Kenya in May."
    found = extract(text, published=ANCHOR)
    assert found[0].kind == "visit"
    assert set(found[0].parties) == {"Ethiopia", "Kenya"}


def test_new_institution_names_are_proposed():
    text = "The Kenya Police Service will train officers of the Ministry of Peace."
    names = {i["name"]: i for i in extract(text, published=ANCHOR)[0].institutions}
    assert names["Kenya Police Service"]["party"] == "Kenya"
    assert names["Kenya Police Service"]["known"] is False
    assert "Ministry of Peace" in names


def test_a_bulleted_list_after_a_colon_inherits_its_undertaking():
    text = (
        "The two sides agreed to the following:\n"
        "- Joint patrols along the border\n"
        "- A hotline between the two commands\n"
    )
    found = extract(text, published=ANCHOR)
    assert [c.quote for c in found] == [
        "Joint patrols along the border",
        "A hotline between the two commands",
    ]


def test_candidates_carry_every_field_of_the_json_shape():
    text = "Both sides agreed to meet every three months in Nairobi and Addis Ababa."
    (candidate,) = extract(text, published=ANCHOR)
    data = candidate.as_dict()
    assert data["cadence"] == "FREQ=MONTHLY;INTERVAL=3"
    assert data["cadence_start"] == "2026-04-07"
    assert data["resolved_against"] == "2026-01-07"
    assert data["parties"] == ["Kenya", "Ethiopia"]
    assert 0 <= data["confidence"] <= 1
    assert {"quote", "start", "end", "kind", "due_date", "due_precision"} <= set(data)


VOCABULARY = (
    "Both sides agreed to will shall meet every three months annually by March 2026 "
    "this September . , ; “ ” Kenya Pakistan invited X to visit and to expand while "
    "the Ministry of Interior is being set up — \n \n\n é 中 ’ commended toured"
)
WORDS = st.sampled_from(VOCABULARY.split(" "))


@settings(max_examples=150, deadline=None)
@given(st.lists(WORDS, max_size=80).map(" ".join))
def test_every_quote_is_exactly_the_text_at_its_offsets(text):
    for candidate in extract(text, published=ANCHOR):
        assert text[candidate.start : candidate.end] == candidate.quote
        assert candidate.end > candidate.start
        assert 0 <= candidate.confidence <= 1


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_any_text_yields_exact_quotes_and_clauses(text):
    for span in sentences(text):
        for clause in clauses(text, span):
            assert 0 <= clause.span.start < clause.span.end <= len(text)
    for candidate in extract(text, published=ANCHOR):
        assert text[candidate.start : candidate.end] == candidate.quote


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("a.pdf", b"x", "only .txt"),
        ("a.txt", b"\xff\xfe\x00bad", "not UTF-8"),
        ("a.txt", b"   \n", "no text"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(name, raw, message):
    with pytest.raises(ReadError, match=message):
        read_text(name, raw)


def test_a_byte_order_mark_and_crlf_do_not_shift_offsets():
    text, title = read_text(
        "a.md", "\ufeff# Talks\r\nBoth sides will meet.\r\n".encode()
    )
    assert text == "# Talks\nBoth sides will meet.\n"
    assert title == "Talks"


def test_span_is_a_plain_pair():
    assert Span(1, 2) == Span(1, 2)
