"""Deciding on a candidate: accept it as a new commitment, merge its quote into
an existing one, or reject it with a reason."""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from access.scope import can_see_agreement, counterpart_account
from access.services import desk_agreement_inherit
from commitments.models import Agreement, Commitment, Institution, Party
from commitments.services.agreements import agreement_create, agreement_update
from commitments.services.commitments import (
    ObligationSpec,
    QuoteSpec,
    commitment_create,
    provenance_add,
)
from commitments.services.directory import (
    institution_find_or_create,
    party_ensure,
    party_find_or_create,
)
from commitments.services.milestones import milestones_generate
from commitments.services.sweeps import milestone_statuses_flag
from core.history import save_with_history, system_user
from extraction.models import Candidate, CandidateStatus
from extraction.rules.entities import country_for

# A side the directory lacks, offered on the accept form by its name.
NEW_PARTY_PREFIX = "new:"
FLAG_REASON = "flagged on acceptance"


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


def _parties_resolve(
    chosen: Iterable[Party | str], *, actor: AbstractBaseUser | None, reason: str
) -> list[Party]:
    """Directory rows as they are; names (a proposed side the directory lacks,
    or one typed) found in the directory or added to it from ISO 3166."""
    parties: list[Party] = []
    errors: list[str] = []
    for item in chosen:
        if isinstance(item, str):
            name = item.removeprefix(NEW_PARTY_PREFIX).strip()
            if not name:
                continue
            try:
                item, _ = party_find_or_create(name=name, actor=actor, reason=reason)
            except ValidationError as error:
                errors.extend(error.messages)
                continue
        if item not in parties:
            parties.append(item)
    if errors:
        raise ValidationError({"new_parties": errors})
    return parties


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.replace(";", ",").split(",") if name.strip()]


def _agreement_reference(title: str) -> str:
    base = slugify(title)[:70].strip("-") or "agreement"
    reference, n = base, 2
    while Agreement.objects.filter(reference=reference).exists():
        reference, n = f"{base}-{n}", n + 1
    return reference


def _agreement_new(
    *,
    chosen: Mapping[str, Any],
    parties: list[Party],
    candidate: Candidate,
    actor: AbstractBaseUser | None,
    reason: str,
) -> Agreement:
    title = (chosen.get("new_agreement_title") or "").strip()
    if not title:
        raise ValidationError(
            {"new_agreement_title": "Choose an agreement, or title the new one."}
        )
    if len(parties) < 1:
        raise ValidationError(
            {"new_agreement_parties": "Name the agreement's parties."}
        )
    date = chosen.get("new_agreement_date")
    zones = [p.time_zone for p in parties if p.time_zone != "UTC"]
    agreement = agreement_create(
        reference=_agreement_reference(title),
        title=title,
        kind=chosen.get("new_agreement_kind") or "joint_statement",
        parties=parties,
        sources=[candidate.source],
        date=date,
        date_precision="day" if date else "unknown",
        # Due days are counted in the first side's zone (a person may change it).
        time_zone=zones[0] if zones else settings.TIME_ZONE,
        actor=actor,
        reason=reason,
    )
    # Created on the creator's desks, or nobody of them could open it.
    desk_agreement_inherit(agreement=agreement, actor=actor)
    return agreement


def owner_check(*, owner: AbstractBaseUser, agreement: Agreement) -> None:
    """An owner is a staff account that may see the agreement (access/scope.py)."""
    if (
        not owner.is_active
        or owner.get_username() == settings.TRACKER_SYSTEM_USERNAME
        or counterpart_account(owner) is not None
        or not can_see_agreement(owner, agreement)
    ):
        raise ValidationError(
            {"owner": f"{owner} may not see “{agreement}”: choose someone on its desk."}
        )


@transaction.atomic
def candidate_accept_chosen(
    *,
    candidate: Candidate,
    actor: AbstractBaseUser | None,
    reason: str,
    chosen: Mapping[str, Any],
    fields: Mapping[str, Any],
    as_of: datetime.datetime | None = None,
) -> Commitment:
    """Accept a candidate as a reviewer chose on the accept form (the page's
    or the API's), in one transaction: the sides the directory lacks and a new
    institution added to it (deduplicated), a new agreement if asked for (on
    the reviewer's desks), then the commitment with its owner (default the
    reviewer), milestones and their statuses. `chosen` is the form's cleaned
    data; `fields` its commitment fields."""
    reason = reason.strip() or "accepted from the review queue"
    parties = _parties_resolve(
        [*chosen.get("parties", ()), *_names(chosen.get("new_parties") or "")],
        actor=actor,
        reason=reason,
    )
    if chosen.get("create_proposed_parties"):
        for party in parties_ensure_proposed(
            names=candidate.parties, actor=actor, reason=reason
        ):
            if party not in parties:
                parties.append(party)
    agreement = chosen.get("agreement")
    if agreement is None:
        others = _parties_resolve(
            chosen.get("new_agreement_parties", ()), actor=actor, reason=reason
        )
        agreement = _agreement_new(
            chosen=chosen,
            parties=[*others, *(p for p in parties if p not in others)],
            candidate=candidate,
            actor=actor,
            reason=reason,
        )
    if actor is not None and not can_see_agreement(actor, agreement):
        raise ValidationError(
            {"agreement": "You may not add commitments to this agreement."}
        )
    leads = list(chosen.get("lead_institutions", ()))
    name = (chosen.get("new_institution_name") or "").strip()
    if name:
        side = _parties_resolve(
            [chosen.get("new_institution_party") or ""], actor=actor, reason=reason
        )
        if not side:
            raise ValidationError(
                {"new_institution_party": "Say which side the institution is of."}
            )
        institution, _ = institution_find_or_create(
            party=side[0],
            name=name,
            acronym=chosen.get("new_institution_acronym") or "",
            actor=actor,
            reason=reason,
        )
        if side[0] not in parties:
            parties.append(side[0])
        leads = [i for i in leads if i.party_id != side[0].pk] + [institution]
    missing = [p for p in parties if p not in agreement.parties.all()]
    if missing:
        # A side obliged by one of its commitments is a party to the agreement.
        agreement_update(
            agreement=agreement,
            actor=actor,
            reason=reason,
            parties=[*agreement.parties.all(), *missing],
        )
    owner = chosen.get("owner") or actor
    if owner is not None:
        owner_check(owner=owner, agreement=agreement)
    # The exchange's number goes with it unless the reviewer's fields say
    # otherwise (the accept form starts from the candidate's).
    fields = {
        "quantity": candidate.quantity,
        "quantity_unit": candidate.quantity_unit,
        **fields,
    }
    return candidate_accept(
        candidate=candidate,
        actor=actor,
        reason=reason,
        agreement=agreement,
        reference=chosen["reference"],
        title=chosen["title"],
        kind=chosen["kind"],
        parties=parties,
        lead_institutions=leads,
        as_of=as_of or timezone.now(),
        owner=owner,
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
    as_of = as_of or timezone.now()
    milestones_generate(as_of=as_of, actor=actor, commitment_ids=[commitment.pk])
    # The hourly sweep's rule, now: a milestone already past is overdue (and
    # its commitment with it) from the moment the commitment exists.
    milestone_statuses_flag(
        as_of=as_of,
        actor=actor or system_user(),
        commitment_ids=[commitment.pk],
        reason=FLAG_REASON,
    )
    commitment.refresh_from_db()
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
