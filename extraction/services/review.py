"""Deciding on a candidate: accept it as a new commitment, merge its quote into
an existing one, or reject it with a reason."""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commitments.models import Agreement, Commitment, Institution, Party
from commitments.services.agreements import agreement_update
from commitments.services.commitments import (
    ObligationSpec,
    QuoteSpec,
    commitment_create,
    provenance_add,
)
from commitments.services.directory import party_ensure
from commitments.services.milestones import milestones_generate
from core.history import save_with_history
from extraction.models import Candidate, CandidateStatus
from extraction.rules.entities import country_for


def _locked_open(candidate: Candidate) -> Candidate:
    locked = (
        Candidate.objects.select_for_update()
        .select_related("source")
        .get(pk=candidate.pk)
    )
    if locked.status != CandidateStatus.PROPOSED:
        raise ValidationError(
            f"This candidate was already {locked.get_status_display().lower()}."
        )
    return locked


def _quote(candidate: Candidate) -> QuoteSpec:
    return QuoteSpec(candidate.source, candidate.quote, candidate.start, candidate.end)


def _decide(
    candidate: Candidate,
    *,
    status: str,
    actor: AbstractBaseUser | None,
    reason: str,
    commitment: Commitment | None = None,
) -> Candidate:
    candidate.status = status
    candidate.reason = reason[:500]
    candidate.commitment = commitment
    candidate.reviewed_by = actor
    candidate.reviewed_at = timezone.now()
    return save_with_history(candidate, actor=actor, reason=reason or status)


def obligations_for(
    parties: Iterable[Party], leads: Iterable[Institution]
) -> list[ObligationSpec]:
    """One obligation per side, led by the first chosen institution of that side."""
    by_party: dict[int, Institution] = {}
    for lead in leads:
        by_party.setdefault(lead.party_id, lead)
    specs = [ObligationSpec(party, by_party.get(party.pk)) for party in parties]
    obligated = {spec.party.pk for spec in specs}
    stray = [lead for lead in leads if lead.party_id not in obligated]
    if stray:
        raise ValidationError(
            {
                "lead_institutions": f"{stray[0]} belongs to a side that is "
                "not obligated."
            }
        )
    return specs


@transaction.atomic
def parties_ensure_proposed(
    *, names: Iterable[str], actor: AbstractBaseUser | None, reason: str
) -> list[Party]:
    """The sides named in a proposal, created from the country table when the
    directory lacks them (names the table does not know are left out)."""
    parties = []
    for name in names:
        party = Party.objects.filter(name=name).first()
        if party is None:
            country = country_for(name)
            if country is None:
                continue
            party = Party.objects.filter(code=country["code"]).first() or party_ensure(
                **country, actor=actor, reason=reason
            )
        parties.append(party)
    return parties


@transaction.atomic
def candidate_accept_chosen(
    *,
    candidate: Candidate,
    actor: AbstractBaseUser | None,
    reason: str,
    chosen: Mapping[str, Any],
    fields: Mapping[str, Any],
) -> Commitment:
    """Accept a candidate as a reviewer chose on the accept form (the page's
    or the API's): the chosen sides, plus the ones it proposes when asked to
    create them, in one transaction with the commitment. `chosen` is the
    form's cleaned data; `fields` its commitment fields."""
    parties = list(chosen["parties"])
    if chosen["create_proposed_parties"]:
        for party in parties_ensure_proposed(
            names=candidate.parties, actor=actor, reason=reason
        ):
            if party not in parties:
                parties.append(party)
    return candidate_accept(
        candidate=candidate,
        actor=actor,
        reason=reason,
        agreement=chosen["agreement"],
        reference=chosen["reference"],
        title=chosen["title"],
        kind=chosen["kind"],
        parties=parties,
        lead_institutions=chosen["lead_institutions"],
        as_of=timezone.now(),
        **fields,
    )


@transaction.atomic
def candidate_accept(
    *,
    candidate: Candidate,
    actor: AbstractBaseUser | None,
    reason: str,
    agreement: Agreement,
    reference: str,
    title: str,
    kind: str,
    parties: Iterable[Party],
    lead_institutions: Iterable[Institution] = (),
    as_of: datetime.datetime | None = None,
    **fields: Any,
) -> Commitment:
    """Create the commitment a candidate states (with its quote as provenance,
    its sides, its cadence or due date) and its milestones; the candidate records
    who accepted it and why. `fields` are commitment fields (see commitment_create)."""
    locked = _locked_open(candidate)
    reason = reason.strip() or "accepted from the review queue"
    parties = list(parties)
    if not parties:
        raise ValidationError({"parties": "Choose at least one obligated side."})
    commitment = commitment_create(
        agreement=agreement,
        reference=reference,
        title=title,
        kind=kind,
        obligations=obligations_for(parties, list(lead_institutions)),
        quotes=[_quote(locked)],
        actor=actor,
        reason=reason,
        **fields,
    )
    if not agreement.sources.filter(pk=locked.source_id).exists():
        agreement_update(
            agreement=agreement,
            actor=actor,
            reason=reason,
            sources=[*agreement.sources.all(), locked.source],
        )
    milestones_generate(
        as_of=as_of or timezone.now(), actor=actor, commitment_ids=[commitment.pk]
    )
    _decide(
        locked,
        status=CandidateStatus.ACCEPTED,
        actor=actor,
        reason=reason,
        commitment=commitment,
    )
    return commitment


@transaction.atomic
def candidate_merge(
    *,
    candidate: Candidate,
    commitment: Commitment,
    actor: AbstractBaseUser | None,
    reason: str = "",
) -> Candidate:
    """Add the candidate's quote to an existing commitment as another statement."""
    locked = _locked_open(candidate)
    reason = reason.strip() or f"merged into {commitment.reference}"
    provenance_add(
        commitment=commitment, quote=_quote(locked), actor=actor, reason=reason
    )
    return _decide(
        locked,
        status=CandidateStatus.MERGED,
        actor=actor,
        reason=reason,
        commitment=commitment,
    )


@transaction.atomic
def candidate_reject(
    *, candidate: Candidate, actor: AbstractBaseUser | None, reason: str
) -> Candidate:
    """Take a candidate out of the queue; the reason is required and kept."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why this is not a commitment."})
    locked = _locked_open(candidate)
    return _decide(
        locked, status=CandidateStatus.REJECTED, actor=actor, reason=reason.strip()
    )
