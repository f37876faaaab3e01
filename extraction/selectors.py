"""Every read the review queue, the upload and the import need."""

from django.db.models import Count, Q, QuerySet

from commitments.models import (
    Agreement,
    Commitment,
    Institution,
    Party,
    Person,
    SourceDocument,
)
from extraction.models import Candidate, CandidateStatus, ExtractionJob
from extraction.rules.entities import (
    KnownInstitution,
    KnownNames,
    KnownParty,
    KnownPerson,
)


def known_names() -> KnownNames:
    """The directory (sides, institutions, officials) as the extractor's plain data."""
    return KnownNames(
        parties=tuple(
            KnownParty(name, code)
            for name, code in Party.objects.values_list("name", "code")
        ),
        institutions=tuple(
            KnownInstitution(name, party, acronym)
            for name, acronym, party in Institution.objects.values_list(
                "name", "acronym", "party__name"
            )
        ),
        people=tuple(
            KnownPerson(name, party)
            for name, party in Person.objects.values_list("name", "party__name")
        ),
    )


def document_queue() -> QuerySet[SourceDocument]:
    """Documents with candidates still to review, with their counts; newest first."""
    pending = Q(candidates__status=CandidateStatus.PROPOSED)
    return (
        SourceDocument.objects.annotate(
            pending_count=Count("candidates", filter=pending),
            candidate_count=Count("candidates"),
        )
        .filter(pending_count__gt=0)
        .order_by("-imported_at", "title")
        .only("id", "title", "published_on", "file_name", "imported_at")
    )


def document_for_review(*, pk: int) -> SourceDocument:
    """A document with its candidate counts (total, still to review); the
    candidates themselves are read a page at a time (document_candidates)."""
    pending = Q(candidates__status=CandidateStatus.PROPOSED)
    return (
        SourceDocument.objects.annotate(
            pending_count=Count("candidates", filter=pending),
            candidate_count=Count("candidates"),
        )
        .prefetch_related("agreements")
        .get(pk=pk)
    )


def document_candidates(*, document: SourceDocument) -> QuerySet[Candidate]:
    """A document's candidates in text order, with what they became."""
    return (
        Candidate.objects.filter(source=document)
        .select_related("commitment", "reviewed_by")
        .order_by("start", "end")
    )


def candidate_get(*, pk: int) -> Candidate:
    """One candidate with its source."""
    return Candidate.objects.select_related("source", "commitment").get(pk=pk)


def merge_choices(*, source: SourceDocument | None = None) -> QuerySet[Commitment]:
    """Commitments a candidate may be merged into, those of the source's agreements
    first."""
    commitments = Commitment.objects.select_related("agreement").order_by(
        "agreement__title", "title"
    )
    return commitments.only("id", "reference", "title", "agreement__title")


def agreement_choices() -> QuerySet[Agreement]:
    """Agreements a candidate may be accepted into."""
    return Agreement.objects.order_by("-date", "title").only("id", "title", "date")


def party_choices() -> QuerySet[Party]:
    """Every side."""
    return Party.objects.order_by("name")


def institution_choices() -> QuerySet[Institution]:
    """Every institution, with its side."""
    return Institution.objects.select_related("party").order_by("party__name", "name")


def job_get(*, pk: int) -> ExtractionJob:
    """One background job with its owner."""
    return ExtractionJob.objects.select_related("owner").get(pk=pk)
