"""Creating and changing agreements."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from commitments.models import Agreement, DatePrecision, Party, SourceDocument
from commitments.services.dates import check_dates
from core.history import save_with_history

# Plain fields an agreement edit may change (parties and sources go
# separately; the reference is fixed), in the order the form shows them.
AGREEMENT_FIELDS = (
    "title",
    "kind",
    "date",
    "date_precision",
    "date_is_assumed",
    "date_note",
    "place",
    "time_zone",
    "summary",
)


@transaction.atomic
def agreement_create(
    *,
    reference: str,
    title: str,
    kind: str,
    parties: Iterable[Party],
    actor: AbstractBaseUser | None,
    reason: str,
    date: datetime.date | None = None,
    date_precision: str = DatePrecision.DAY,
    date_is_assumed: bool = False,
    date_note: str = "",
    place: str = "",
    time_zone: str | None = None,
    summary: str = "",
    sources: Iterable[SourceDocument] = (),
) -> Agreement:
    """Create an agreement between parties, read from the given sources."""
    check_dates(date=date)
    agreement = Agreement(
        reference=reference,
        title=title,
        kind=kind,
        date=date,
        date_precision=date_precision,
        date_is_assumed=date_is_assumed,
        date_note=date_note,
        place=place,
        summary=summary,
    )
    if time_zone:
        agreement.time_zone = time_zone
    save_with_history(agreement, actor=actor, reason=reason)
    agreement.parties.set(parties)
    agreement.sources.set(sources)
    return agreement


@transaction.atomic
def agreement_update(
    *,
    agreement: Agreement,
    actor: AbstractBaseUser | None,
    reason: str,
    parties: Iterable[Party] | None = None,
    sources: Iterable[SourceDocument] | None = None,
    **changes: Any,
) -> Agreement:
    """Change an agreement's fields, parties or sources, with who and why in history.

    The reference is fixed: other records and calendar feeds point at it.
    """
    if not reason.strip():
        raise ValidationError("Say why the agreement changes.")
    unknown = set(changes) - set(AGREEMENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown agreement fields: {', '.join(sorted(unknown))}")
    check_dates(date=changes.get("date"))
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    for name, value in changes.items():
        setattr(locked, name, value)
    save_with_history(locked, actor=actor, reason=reason)
    if parties is not None:
        parties = list(parties)
        if not parties:
            raise ValidationError({"parties": "An agreement needs its parties."})
        locked.parties.set(parties)
    if sources is not None:
        locked.sources.set(list(sources))
    return locked
