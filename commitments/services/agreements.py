"""Creating and changing agreements."""

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from commitments.models import Agreement, DatePrecision, Party, SourceDocument
from commitments.services.dates import check_dates
from commitments.services.history import save_with_history


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
