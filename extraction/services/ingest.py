"""Storing a new text and putting the commitments proposed from it in the queue."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import ngettext

from commitments.models import QUANTITY_MAX, SourceDocument, content_hash
from commitments.services.sources import source_document_import
from core.dates import check_supported_date
from core.history import save_with_history
from core.limits import limit_exceeded_message, limit_value
from extraction import selectors
from extraction.models import Candidate
from extraction.reading import nul_refusal
from extraction.rules.pipeline import EXTRACTOR_VERSION, Extractor
from extraction.rules.pipeline import Candidate as Proposal

INGEST_REASON = "ingested for extraction"


@dataclass
class IngestResult:
    """What an ingest did: the document (None on a dry run of a new text), whether
    it was new, what the rules proposed, and how many went into the queue."""

    document: SourceDocument | None
    is_new_document: bool
    proposals: list[Proposal] = field(default_factory=list)
    queued: int = 0
    already_queued: int = 0
    # True when the text held more candidates than the limit CANDIDATES: only
    # the first ones (in text order) were proposed.
    truncated: bool = False

    @property
    def summary(self) -> str:
        """What a person is told the ingest did, in their language: stored with
        N candidates, or already stored with N new ones."""
        if self.is_new_document or self.document is None:
            return ngettext(
                "Stored; %(count)s candidate proposed for review.",
                "Stored; %(count)s candidates proposed for review.",
                self.queued,
            ) % {"count": self.queued}
        return ngettext(
            "This text was already stored as “%(title)s”: %(count)s new "
            "candidate, %(queued)s already in the queue.",
            "This text was already stored as “%(title)s”: %(count)s new "
            "candidates, %(queued)s already in the queue.",
            self.queued,
        ) % {
            "title": self.document.title,
            "count": self.queued,
            "queued": self.already_queued,
        }

    @property
    def truncation_message(self) -> str:
        """What a person is told when not every candidate was proposed ("")."""
        if not self.truncated:
            return ""
        return (
            f"The text holds more candidates than can be proposed at once: "
            f"proposed the first {len(self.proposals):,} in text order (limit "
            "CANDIDATES, setting TRACKER_LIMIT_CANDIDATES). Split the text to "
            "review the rest."
        )


def proposals_for(
    text: str, *, published: datetime.date
) -> tuple[list[Proposal], bool]:
    """Run the rules on a text with the directory's names (reads only): the first
    CANDIDATES proposals, and whether the text held more."""
    cap = limit_value("CANDIDATES")
    proposals = Extractor(selectors.known_names()).extract(
        text, published=published, limit=cap
    )
    return proposals[:cap], len(proposals) > cap


def text_check(*, text: str, published_on: datetime.date) -> None:
    """Refuse, with a message naming the limit, a text that cannot be ingested:
    too large, holding NUL, or a publication date outside the supported range."""
    check_supported_date(published_on, field="published")
    size = len(text.encode("utf-8"))
    if size > limit_value("TEXT_BYTES"):
        raise ValidationError(
            {"text": limit_exceeded_message("TEXT_BYTES", "A text", size)}
        )
    nul = nul_refusal(text)
    if nul:
        raise ValidationError({"text": nul[:1].upper() + nul[1:]})


def _keepable(quantity: int | None) -> bool:
    return quantity is not None and 1 <= quantity <= QUANTITY_MAX


def candidate_from(proposal: Proposal, document: SourceDocument) -> Candidate:
    """An unsaved queue row for a proposal."""
    return Candidate(
        source=document,
        quote=proposal.quote,
        start=proposal.start,
        end=proposal.end,
        kind=proposal.kind,
        title=proposal.title[:300],
        cadence_rrule=proposal.cadence or "",
        cadence_phrase=proposal.cadence_phrase[:200],
        cadence_start=proposal.cadence_start,
        due_date=proposal.due_date,
        due_precision=proposal.due_precision,
        due_phrase=proposal.due_phrase[:200],
        due_link=proposal.due_link[:20],
        resolved_against=proposal.resolved_against,
        resolution_note=proposal.resolution_note[:500],
        duration_days=proposal.duration_days,
        # A number outside what a commitment may keep is dropped rather than
        # refusing the whole text; the quote still states it for the reviewer.
        quantity=proposal.quantity if _keepable(proposal.quantity) else None,
        quantity_unit=proposal.quantity_unit[:60]
        if _keepable(proposal.quantity)
        else "",
        parties=proposal.parties,
        institutions=proposal.institutions,
        confidence=proposal.confidence,
        cues=proposal.cues,
        extractor_version=EXTRACTOR_VERSION,
    )


def document_ingest(
    *,
    title: str,
    text: str,
    published_on: datetime.date,
    actor: AbstractBaseUser | None,
    file_name: str = "",
    url: str = "",
    publisher: str = "",
    dry_run: bool = False,
    reason: str = "",
) -> IngestResult:
    """Store a text verbatim (the same text again is the same document) and queue
    the first CANDIDATES commitments the rules propose in it; a dry run stores
    nothing. Raises ValidationError (naming the limit) for a text it refuses."""
    text_check(text=text, published_on=published_on)
    # A caller's reason (the API's) is kept after the ingest's own, in
    # simple_history's 100 characters.
    history_reason = (
        f"{INGEST_REASON}: {reason.strip()}"[:100] if reason.strip() else INGEST_REASON
    )
    proposals, truncated = proposals_for(text, published=published_on)
    if dry_run:
        existing = SourceDocument.objects.filter(
            content_hash=content_hash(text)
        ).first()
        return IngestResult(existing, existing is None, proposals, truncated=truncated)
    with transaction.atomic():
        document, created = source_document_import(
            title=title[:400],
            text=text,
            actor=actor,
            reason=history_reason,
            file_name=file_name[:255],
            url=url,
            publisher=publisher[:200],
            published_on=published_on,
        )
        have = set(document.candidates.values_list("start", "end"))
        result = IngestResult(document, created, proposals, truncated=truncated)
        for proposal in proposals:
            if (proposal.start, proposal.end) in have:
                result.already_queued += 1
                continue
            save_with_history(
                candidate_from(proposal, document), actor=actor, reason=history_reason
            )
            result.queued += 1
    return result
