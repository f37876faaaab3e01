"""Reading a commitment's title in the reader's language (issue 17).

The title is annotated onto the rows in the query that fetches them (a
correlated subquery on the (commitment, language) unique index), so list
pages, My work and the commitment page cost no extra query for it. The
language is the active one when the queryset is built; cached fragments are
keyed by language (core/fragments.py).
"""

from django.conf import settings
from django.db.models import F, OuterRef, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation

from commitments.translations import CommitmentTranslation

LOCAL_TITLE = "local_title"
LOCAL_DESCRIPTION = "local_description"


def reader_language() -> str | None:
    """The active language when it is one titles are translated into, else None."""
    language = translation.get_language()
    if not language or language == settings.LANGUAGE_CODE:
        return None
    return language


def local_title_expression(path: str = "") -> Coalesce | F:
    """The title at `path` ("" for a commitment row, "commitment__" for a
    milestone's) in the active language, falling back to the original."""
    original = F(f"{path}title")
    language = reader_language()
    if language is None:
        return original
    translated = CommitmentTranslation.objects.filter(
        commitment=OuterRef(f"{path}pk"), language=language
    ).values("title")[:1]
    return Coalesce(Subquery(translated), original)


def with_local_title(queryset: QuerySet, path: str = "") -> QuerySet:
    """`queryset` with `local_title`: the title the reader should see."""
    return queryset.annotate(**{LOCAL_TITLE: local_title_expression(path)})


def with_local_description(queryset: QuerySet) -> QuerySet:
    """`queryset` (of commitments) with `local_description`: the notes in the
    active language, else the original (a translation without notes too)."""
    language = reader_language()
    if language is None:
        return queryset.annotate(**{LOCAL_DESCRIPTION: F("description")})
    translated = CommitmentTranslation.objects.filter(
        commitment=OuterRef("pk"), language=language
    ).values("description")[:1]
    return queryset.annotate(
        **{
            LOCAL_DESCRIPTION: Coalesce(
                NullIf(Subquery(translated), Value("")),
                F("description"),
                output_field=TextField(),
            )
        }
    )


def title_in(commitment: object, language: str | None) -> str:
    """A commitment's title in `language`, else its original (one query unless
    the translations are prefetched)."""
    title: str = commitment.title  # type: ignore[attr-defined]
    if not language or language == settings.LANGUAGE_CODE:
        return title
    for row in commitment.translations.all():  # type: ignore[attr-defined]
        if row.language == language:
            return row.title
    return title
