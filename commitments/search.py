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

from dataclasses import dataclass

from django.db import connections
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

from commitments.models import Commitment, Provenance
from core.limits import check_limit

# The search text (the one parameter) as a tsquery: each lexeme PostgreSQL's
# parser finds becomes 'lexeme':* (a prefix), joined with &, each quoted, its
# quotes and backslashes escaped as the tsquery syntax requires. No lexemes
# give an empty query, which matches nothing.
TSQUERY_SQL = r"""
SELECT coalesce(
    string_agg(
        '''' || replace(replace(lexeme, '\', '\\'), '''', '''''') || ''':*',
        ' & '
    ),
    ''
)::tsquery
FROM unnest(tsvector_to_array(to_tsvector('simple', %s))) AS lexeme
"""

# Commitments whose searchable text holds every lexeme of the search text.
MATCHING_SQL = f"""
SELECT commitment_id FROM commitments_commitmentsearch
WHERE document @@ ({TSQUERY_SQL})
"""  # noqa: S608  # nosec B608 (constant SQL; the text is the parameter)

# The same for a tsquery already built (ParsedSearch.tsquery), given as a
# constant: the planner then estimates the matches from the column's
# statistics, where a tsquery built inside the statement is always guessed at
# 0.5% of the rows.
PARSED_MATCHING_SQL = """
SELECT commitment_id FROM commitments_commitmentsearch WHERE document @@ %s::tsquery
"""

# Above this many matches a search is "broad": a page of the list is found
# sooner by walking the list's order index and testing each commitment than by
# sorting every match (commitments/ordering.py).
BROAD_SEARCH_MATCHES = 1000

PARSE_SQL = f"""
SELECT parsed::text, (
    SELECT count(*) FROM (
        SELECT 1 FROM commitments_commitmentsearch WHERE document @@ parsed LIMIT %s
    ) AS found
)
FROM ({TSQUERY_SQL}) AS search (parsed)
"""  # noqa: S608  # nosec B608 (constant SQL)


@dataclass(frozen=True)
class ParsedSearch:
    """A search text as PostgreSQL's tsquery, and whether it is broad (more
    than BROAD_SEARCH_MATCHES commitments match it, whoever asks: this chooses
    a plan, not what is shown)."""

    tsquery: str
    broad: bool


def parse_search(text: str, *, using: str = "default") -> ParsedSearch | None:
    """``text`` parsed by PostgreSQL, with its matches counted up to one more
    than BROAD_SEARCH_MATCHES: one statement reading at most that many index
    entries. None on SQLite (its search is icontains tests) or for no words."""
    connection = connections[using]
    if not text.split() or connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(PARSE_SQL, [BROAD_SEARCH_MATCHES + 1, text])
        tsquery, found = cursor.fetchone()
    return ParsedSearch(tsquery=tsquery, broad=found > BROAD_SEARCH_MATCHES)


def search_chars_validator(value: str) -> None:
    """Refuse a search longer than SEARCH_CHARS characters."""
    check_limit("SEARCH_CHARS", len(value), "A search (characters)")


def search_words_validator(value: str) -> None:
    """Refuse a search of more than SEARCH_WORDS words."""
    check_limit("SEARCH_WORDS", len(value.split()), "A search (words)")


SEARCH_VALIDATORS = [search_chars_validator, search_words_validator]


def commitments_matching(
    queryset: QuerySet[Commitment], text: str, *, parsed: ParsedSearch | None = None
) -> QuerySet[Commitment]:
    """The commitments of ``queryset`` that every word of ``text`` is found in.

    ``text`` must have passed SEARCH_VALIDATORS: the SQLite fallback's cost
    grows with its words.
    """
    if not text.split():
        return queryset
    if connections[queryset.db].vendor == "postgresql":
        # A constant statement; the text (or the parsed tsquery) is its only
        # parameter. A broad search's tsquery is given as a constant so that
        # the planner knows most commitments match and walks the list's index.
        if parsed is not None and parsed.broad:
            sql, params = PARSED_MATCHING_SQL, [parsed.tsquery]
        else:
            sql, params = MATCHING_SQL, [text]
        return queryset.filter(pk__in=RawSQL(sql, params))  # noqa: S611  # nosec B611
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
