"""Importing source texts verbatim."""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from commitments.models import SourceDocument, content_hash
from core.history import save_with_history


@transaction.atomic
def source_document_import(
    *,
    title: str,
    text: str,
    actor: AbstractBaseUser | None,
    reason: str,
    file_name: str = "",
    publisher: str = "",
    url: str = "",
    published_on: datetime.date | None = None,
    published_on_is_approximate: bool = False,
    publication_note: str = "",
    language: str = "en",
) -> tuple[SourceDocument, bool]:
    """Store a text verbatim; the same text again returns the stored document."""
    digest = content_hash(text)
    existing = SourceDocument.objects.filter(content_hash=digest).first()
    if existing is not None:
        return existing, False
    document = SourceDocument(
        title=title,
        text=text,
        content_hash=digest,
        file_name=file_name,
        publisher=publisher,
        url=url,
        published_on=published_on,
        published_on_is_approximate=published_on_is_approximate,
        publication_note=publication_note,
        language=language,
    )
    save_with_history(document, actor=actor, reason=reason)
    return document, True
