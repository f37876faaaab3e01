"""Creating and changing commitments with their obligations and provenance, and
their status (derived from the milestones, or set by hand)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commitments import lifecycle
from commitments.models import (
    Agreement,
    Commitment,
    Institution,
    Obligation,
    Party,
    Provenance,
    SourceDocument,
)
from commitments.services.dates import check_dates
from core.history import save_with_history

# Statuses a commitment or milestone is still open in (as stored).
OPEN = [status.value for status in lifecycle.OPEN_STATUSES]


@dataclass(frozen=True)
class ObligationSpec:
    """A side that must act, and the institution expected to lead."""

    party: Party
    lead_institution: Institution | None = None


@dataclass(frozen=True)
class QuoteSpec:
    """An exact quote and its character offsets in a source."""

    source: SourceDocument
    quote: str
    start: int
    end: int


# Fields a person may set through commitment_create / commitment_update, in
# the order the forms show them; the rest belong to other services (status to
# the lifecycle, provenance to quote services). The forms read this list too.
COMMITMENT_FIELDS = (
    "title",
    "kind",
    "description",
    "cadence_rrule",
    "cadence_phrase",
    "cadence_start",
    "cadence_end",
    "cadence_count",
    "schedule_basis",
    "due_date",
    "due_precision",
    "due_phrase",
    "resolved_against",
    "resolution_note",
    "duration_days",
    "quantity",
    "quantity_unit",
    "owner",
)


# Dates a person may give; each is checked against the supported range.
DATE_FIELDS = ("cadence_start", "cadence_end", "due_date", "resolved_against")


def _check_date_fields(values: dict[str, Any]) -> None:
    check_dates(**{name: values.get(name) for name in DATE_FIELDS})


# Changing any of these regenerates the untouched future milestones.
SCHEDULE_FIELDS = frozenset(
    {
        "cadence_rrule",
        "cadence_start",
        "cadence_end",
        "cadence_count",
        "schedule_basis",
        "due_date",
    }
)


@transaction.atomic
def commitment_create(
    *,
    agreement: Agreement,
    reference: str,
    title: str,
    kind: str,
    obligations: Iterable[ObligationSpec],
    quotes: Iterable[QuoteSpec],
    actor: AbstractBaseUser | None,
    reason: str,
    **fields: Any,
) -> Commitment:
    """Create a commitment with who must act and the exact quotes that state it."""
    unknown = set(fields) - set(COMMITMENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown commitment fields: {', '.join(sorted(unknown))}")
    _check_date_fields(fields)
    commitment = Commitment(
        agreement=agreement, reference=reference, title=title, kind=kind, **fields
    )
    save_with_history(commitment, actor=actor, reason=reason)
    obligations = list(obligations)
    quotes = list(quotes)
    if not obligations:
        raise ValidationError("A commitment needs at least one obligated side.")
    if not quotes:
        raise ValidationError("A commitment needs at least one quote from a source.")
    for spec in obligations:
        save_with_history(
            Obligation(
                commitment=commitment,
                party=spec.party,
                lead_institution=spec.lead_institution,
            ),
            actor=actor,
            reason=reason,
        )
    for spec in quotes:
        provenance_add(commitment=commitment, quote=spec, actor=actor, reason=reason)
    return commitment


@transaction.atomic
def provenance_add(
    *,
    commitment: Commitment,
    quote: QuoteSpec,
    actor: AbstractBaseUser | None,
    reason: str,
) -> Provenance:
    """Attach an exact quote; refused unless it is the source text at its offsets."""
    return save_with_history(
        Provenance(
            commitment=commitment,
            source=quote.source,
            quote=quote.quote,
            quote_start=quote.start,
            quote_end=quote.end,
        ),
        actor=actor,
        reason=reason,
    )


class StaleVersionError(ValidationError):
    """Someone else changed the commitment after the editor loaded it."""

    def __init__(self, current: Commitment) -> None:
        super().__init__(
            "Someone else changed this commitment while you were editing it."
        )
        self.current = current


@transaction.atomic
def commitment_update(
    *,
    commitment: Commitment,
    actor: AbstractBaseUser | None,
    reason: str,
    expected_version: int | None = None,
    **changes: Any,
) -> Commitment:
    """Change a commitment's fields; one history row records the actor and reason.

    With `expected_version` (the version the editor saw), a commitment changed
    since then is refused with StaleVersionError instead of being overwritten.
    """
    if not reason.strip():
        raise ValidationError("Say why the commitment changes.")
    unknown = set(changes) - set(COMMITMENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown commitment fields: {', '.join(sorted(unknown))}")
    _check_date_fields(changes)
    locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
    # Compared under the row lock, so two editors cannot both pass the check.
    if expected_version is not None and locked.version != expected_version:
        raise StaleVersionError(locked)
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.version += 1
    save_with_history(locked, actor=actor, reason=reason)
    if SCHEDULE_FIELDS & set(changes):
        # Imported here: milestones depend on commitments, not the reverse.
        from commitments.services.milestones import milestones_regenerate

        milestones_regenerate(commitment=locked, as_of=timezone.now(), actor=actor)
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
    from commitments.services.milestones import milestones_generate

    commitment = commitment_create(actor=actor, reason=reason, **arguments)
    milestones_generate(as_of=as_of, actor=actor, commitment_ids=[commitment.pk])
    return commitment


def commitment_status_refresh(
    *, commitment: Commitment, actor: AbstractBaseUser | None, reason: str
) -> Commitment:
    """Derive an open commitment's status from its milestones; save if it changed."""
    locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
    statuses = list(locked.milestones.values_list("status", flat=True))
    derived = lifecycle.derive_commitment_status(
        statuses, current=locked.status, is_recurring=bool(locked.cadence_rrule)
    )
    if derived != locked.status:
        locked.status = derived
        save_with_history(locked, actor=actor, reason=reason or "milestone changed")
    return locked


@transaction.atomic
def commitment_set_status(
    *,
    commitment: Commitment,
    status: str,
    actor: AbstractBaseUser | None,
    reason: str = "",
) -> Commitment:
    """Set a status by hand: for one-off or ongoing commitments without milestones,
    or to close any commitment (missed and cancelled need a reason)."""
    locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
    has_open_milestones = locked.milestones.filter(status__in=OPEN).exists()
    reopening = not lifecycle.is_open(locked.status) and lifecycle.is_open(status)
    if has_open_milestones and lifecycle.is_open(status) and not reopening:
        raise ValidationError(
            "This commitment's status follows its milestones; change a milestone."
        )
    try:
        changed = lifecycle.check_transition(locked.status, status, reason=reason)
    except lifecycle.TransitionError as error:
        raise ValidationError(str(error).replace("milestone", "commitment")) from error
    if changed:
        locked.status = status
        save_with_history(locked, actor=actor, reason=reason or f"marked {status}")
    if reopening:
        # Reopened: it follows its milestones again (overdue ones included).
        return commitment_status_refresh(
            commitment=locked, actor=actor, reason=reason or "reopened"
        )
    return locked
