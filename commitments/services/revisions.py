"""Writes the staff workspace needs beyond the domain services: editing an
agreement, revising a milestone, creating a commitment with its schedule."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from commitments.models import Agreement, Commitment, Milestone, Party, SourceDocument
from commitments.services.commitments import commitment_create
from commitments.services.dates import check_dates
from commitments.services.history import save_with_history
from commitments.services.milestones import milestone_reschedule, milestones_generate

AGREEMENT_FIELDS = frozenset(
    {
        "title",
        "kind",
        "date",
        "date_precision",
        "date_is_assumed",
        "date_note",
        "place",
        "time_zone",
        "summary",
    }
)


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
    unknown = set(changes) - AGREEMENT_FIELDS
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


@transaction.atomic
def milestone_revise(
    *,
    milestone: Milestone,
    title: str,
    due_date: datetime.date,
    actor: AbstractBaseUser | None,
    reason: str,
) -> Milestone:
    """Rename an occurrence and/or move it to another day, with one reason."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the milestone changes."})
    check_dates(due_date=due_date)
    locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if locked.title != title:
        locked.title = title
        save_with_history(locked, actor=actor, reason=reason)
    if locked.due_date != due_date:
        locked = milestone_reschedule(
            milestone=locked, due_date=due_date, actor=actor, reason=reason
        )
    return locked


@transaction.atomic
def commitment_create_from_quote(
    *,
    as_of: datetime.datetime,
    actor: AbstractBaseUser | None,
    reason: str,
    **arguments: Any,
) -> Commitment:
    """Create a commitment (see commitment_create) and generate its milestones up
    to the horizon, so that a dated commitment shows its schedule at once."""
    commitment = commitment_create(actor=actor, reason=reason, **arguments)
    milestones_generate(as_of=as_of, actor=actor, commitment_ids=[commitment.pk])
    return commitment
