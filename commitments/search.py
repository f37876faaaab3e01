"""Free-text search of commitments: bounded input, one full-text query.

A commitment matches when every word searched for begins a word of its title,
reference, description or quotes ("cooperat" finds "cooperation"; letters
are compared without case).

On PostgreSQL the words become ONE tsquery (``'word1':* & 'word2':*``) run
against ``commitments_commitmentsearch``, each commitment's searchable text
already parsed and kept current by triggers (migration 0005), through its GIN
index: one index lookup whatever the number of words. PostgreSQL's own parser
splits the search into lexemes, the same way it split the stored text, and
each lexeme is quoted before it is cast, so no character typed can act as a
tsquery operator. Elsewhere (SQLite, the demo) each word is an ``icontains``
test, which is why the number of words is capped (``SEARCH_WORDS``) as well
as the length (``SEARCH_CHARS``).
"""

from django.db import connections
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

from commitments.models import Commitment, Provenance
from core.limits import check_limit

# Commitments whose searchable text holds every lexeme of the search text (the
# one parameter) as a prefix: the text becomes 'lexeme':* joined with &, each
# lexeme quoted, its quotes and backslashes escaped as the tsquery syntax
# requires. No lexemes give an empty query, which matches nothing.
MATCHING_SQL = r"""
SELECT commitment_id FROM commitments_commitmentsearch
WHERE document @@ (
    SELECT coalesce(
        string_agg(
            '''' || replace(replace(lexeme, '\', '\\'), '''', '''''') || ''':*',
            ' & '
        ),
        ''
    )::tsquery
    FROM unnest(tsvector_to_array(to_tsvector('simple', %s))) AS lexeme
)
"""


def search_chars_validator(value: str) -> None:
    """Refuse a search longer than SEARCH_CHARS characters."""
    check_limit("SEARCH_CHARS", len(value), "A search (characters)")


def search_words_validator(value: str) -> None:
    """Refuse a search of more than SEARCH_WORDS words."""
    check_limit("SEARCH_WORDS", len(value.split()), "A search (words)")


SEARCH_VALIDATORS = [search_chars_validator, search_words_validator]


def commitments_matching(
    queryset: QuerySet[Commitment], text: str
) -> QuerySet[Commitment]:
    """The commitments of ``queryset`` that every word of ``text`` is found in.

    ``text`` must have passed SEARCH_VALIDATORS: the SQLite fallback's cost
    grows with its words.
    """
    if not text.split():
        return queryset
    if connections[queryset.db].vendor == "postgresql":
        # A constant statement; the text is its only parameter.
        matching = RawSQL(MATCHING_SQL, [text])  # noqa: S611  # nosec B611
        return queryset.filter(pk__in=matching)
    for word in text.split():
        quoted = Provenance.objects.filter(
            commitment=OuterRef("pk"), quote__icontains=word
        )
        queryset = queryset.filter(
            Q(title__icontains=word)
            | Q(reference__icontains=word)
            | Q(description__icontains=word)
            | Exists(quoted)
        )
    return queryset
