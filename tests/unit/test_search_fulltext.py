"""The commitment search: every word somewhere in the title, reference,
description or quotes, as a prefix; one query whatever the number of words."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.models import Commitment, Provenance, SourceDocument
from commitments.search import MATCHING_SQL, commitments_matching
from tests.factories import CommitmentFactory, SourceDocumentFactory

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search"
)

SOURCE = (
    "Both sides agreed to hold the Joint Working Group on counter-terrorism "
    "every three months, alternately in Islamabad and Beijing."
)
QUOTE = "hold the Joint Working Group on counter-terrorism every three months"


def quote(commitment: Commitment, text: str = QUOTE) -> Provenance:
    source = SourceDocument.objects.filter(text=SOURCE).first()
    source = source or SourceDocumentFactory(text=SOURCE)
    start = SOURCE.index(text)
    return Provenance.objects.create(
        commitment=commitment,
        source=source,
        quote=text,
        quote_start=start,
        quote_end=start + len(text),
    )


@pytest.fixture
def commitments(db):
    jwg = CommitmentFactory(
        reference="jwg-quarterly",
        title="Joint Working Group meetings",
        description="Chaired by the Ministry of Interior.",
    )
    quote(jwg)
    training = CommitmentFactory(
        reference="asp-training-bpc",
        title="Training of police officers",
        description="Beijing Police College runs the course.",
    )
    return {"jwg": jwg, "training": training}


def found(text: str) -> set[str]:
    return set(
        commitments_matching(Commitment.objects.all(), text).values_list(
            "reference", flat=True
        )
    )


def test_words_are_found_in_title_reference_description_and_quotes(commitments):
    assert found("Working Group") == {"jwg-quarterly"}  # title
    assert found("asp-training") == {"asp-training-bpc"}  # reference
    assert found("bpc") == {"asp-training-bpc"}  # a part of the reference
    assert found("Ministry Interior") == {"jwg-quarterly"}  # description
    assert found("alternately") == set()  # in the source, not in the quote
    assert found("three months") == {"jwg-quarterly"}  # quote only


def test_every_word_must_match_and_may_sit_in_different_places(commitments):
    # "meetings" is in the title, "terrorism" only in the quote.
    assert found("meetings terrorism") == {"jwg-quarterly"}
    assert found("meetings police") == set()
    assert found("POLICE training") == {"asp-training-bpc"}


def test_partial_words_match_as_prefixes(commitments):
    assert found("Work Gro") == {"jwg-quarterly"}
    assert found("counter-terr") == {"jwg-quarterly"}
    assert found("train polic") == {"asp-training-bpc"}
    assert found("Beij") == {"asp-training-bpc"}


def test_the_index_follows_every_change_of_text(commitments):
    training = commitments["training"]
    training.title = "Exchange of cadets"
    training.save()
    assert found("cadets") == {"asp-training-bpc"}
    assert found("Training officers") == set()
    quote(training, "every three months")
    assert found("cadets months") == {"asp-training-bpc"}
    Provenance.objects.filter(commitment=training).delete()
    assert found("cadets months") == set()


@pytest.mark.parametrize(
    "text",
    [
        "a & ! | :* ( )",
        "'",
        "\\",
        "''':*|'",
        "police' | 'x",
        "police:*A & !",
        "<-> <2> !!",
        "group:* | !",
        "%s %(x)s %%",
        "ß ü 中文 🙂",
    ],
)
def test_tsquery_syntax_typed_in_the_search_is_only_text(commitments, viewer, text):
    response = viewer.get(reverse("commitments:commitment_list"), {"q": text})
    assert response.status_code == 200
    listed = {c.reference for c in response.context["page"].object_list}
    assert listed <= {"jwg-quarterly", "asp-training-bpc"}


def test_operators_do_not_widen_the_search(commitments):
    # Were "|" an operator, this would find both; it is punctuation.
    assert found("police | meetings") == set()
    assert found("police' | 'meetings") == set()
    # "!" is no NOT: both words are wanted.
    assert found("police:* & !meetings") == set()
    assert found("police:* & !training") == {"asp-training-bpc"}


def test_the_page_runs_as_many_queries_for_twenty_words_as_for_one(commitments, viewer):
    url = reverse("commitments:commitment_list")

    def queries(text: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert viewer.get(url, {"q": text}).status_code == 200
        return len(captured)

    queries("police")  # warms the shared caches (the agreement options)
    one = queries("police")
    assert queries(" ".join(["police"] * 20)) == one


@on_postgresql
def test_twenty_words_are_one_tsquery(commitments):
    words = " ".join(f"w{n}" for n in range(20))
    with CaptureQueriesContext(connection) as captured:
        list(commitments_matching(Commitment.objects.all(), words))
    [query] = captured.captured_queries
    assert query["sql"].count("to_tsvector") == 1
    assert "icontains" not in query["sql"].lower()
    assert "LIKE" not in query["sql"].upper()


@on_postgresql
def test_the_search_uses_the_gin_index(commitments):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + MATCHING_SQL, ["joint working group"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "commitments_commitmentsearch_document" in plan


def test_without_full_text_search_each_word_is_a_substring_test(
    commitments, monkeypatch
):
    # The demo's SQLite: same answers for whole and partial words.
    monkeypatch.setattr(connection, "vendor", "sqlite")
    assert found("meetings terrorism") == {"jwg-quarterly"}
    assert found("Work Gro") == {"jwg-quarterly"}
    assert found("meetings police") == set()
