"""Every read the review queue, the upload and the import need."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Prefetch, Q, QuerySet

from access.scope import (
    intake_sources,
    sees_everything,
    visible_agreements,
    visible_commitments,
)
from commitments.models import (
    Agreement,
    Commitment,
    Institution,
    Party,
    Person,
    SourceDocument,
)
from commitments.selectors import owner_choices as commitment_owner_choices
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


def document_queue(*, user: AbstractBaseUser) -> QuerySet[SourceDocument]:
    """Documents `user` may work from (theirs and the intake) with candidates
    still to review, with their counts; newest first."""
    pending = Q(candidates__status=CandidateStatus.PROPOSED)
    return (
        intake_sources(user)
        .annotate(
            pending_count=Count("candidates", filter=pending),
            candidate_count=Count("candidates"),
        )
        .filter(pending_count__gt=0)
        .order_by("-imported_at", "title")
        .only("id", "title", "published_on", "file_name", "imported_at")
    )


def document_for_review(*, pk: int, user: AbstractBaseUser) -> SourceDocument:
    """A document `user` may work from, with its candidate counts (total,
    still to review) and those of its agreements they may see; the
    candidates themselves are read a page at a time (document_candidates)."""
    pending = Q(candidates__status=CandidateStatus.PROPOSED)
    return (
        intake_sources(user)
        .annotate(
            pending_count=Count("candidates", filter=pending),
            candidate_count=Count("candidates"),
        )
        .prefetch_related(Prefetch("agreements", queryset=visible_agreements(user)))
        .get(pk=pk)
    )


def document_candidates(*, document: SourceDocument) -> QuerySet[Candidate]:
    """A document's candidates in text order, with what they became."""
    return (
        Candidate.objects.filter(source=document)
        .select_related("commitment", "reviewed_by")
        .order_by("start", "end")
    )


def candidate_get(*, pk: int, user: AbstractBaseUser | None = None) -> Candidate:
    """One candidate with its source (for `user`: of a source they may work
    from, or DoesNotExist)."""
    rows = Candidate.objects.select_related("source", "commitment")
    if user is not None:
        rows = rows.filter(source__in=intake_sources(user))
    return rows.get(pk=pk)


def merge_choices(
    *,
    source: SourceDocument | None = None,
    user: AbstractBaseUser | None = None,
) -> QuerySet[Commitment]:
    """Commitments a candidate may be merged into (for `user`: those they may
    see), by agreement."""
    commitments = Commitment.objects.select_related("agreement").order_by(
        "agreement__title", "title"
    )
    if user is not None:
        commitments = visible_commitments(user, commitments)
    return commitments.only("id", "reference", "title", "agreement__title")


def merge_targets(
    *, agreement: Agreement | None, user: AbstractBaseUser
) -> QuerySet[Commitment]:
    """Commitments a candidate may be merged into: one agreement's, those
    `user` may see (none without an agreement)."""
    if agreement is None:
        return Commitment.objects.none()
    return visible_commitments(user, Commitment.objects.filter(agreement=agreement))


def merge_choices_for(
    *, agreement: Agreement | None, user: AbstractBaseUser, query: str = "", limit: int
) -> list[Commitment]:
    """The merge menu: merge_targets whose title or reference holds every
    word of `query` (at most eight words), the first `limit` by title."""
    rows = merge_targets(agreement=agreement, user=user)
    for word in query.split()[:8]:
        rows = rows.filter(Q(title__icontains=word) | Q(reference__icontains=word))
    return list(rows.order_by("title", "pk").only("id", "reference", "title")[:limit])


def merge_agreement_default(
    *, source: SourceDocument, user: AbstractBaseUser
) -> Agreement | None:
    """The agreement a candidate's text is linked to (its latest one `user` may see)."""
    return (
        visible_agreements(user).filter(sources=source).order_by("-date", "-pk").first()
    )


def owner_choices_all() -> QuerySet:
    """Everyone who may own work, before a reviewer's desks narrow it."""
    return commitment_owner_choices().filter(counterpart_account__isnull=True)


def owner_choices(*, user: AbstractBaseUser) -> QuerySet:
    """Who a reviewer may make owner: staff on the reviewer's desks, and those
    who see every desk (the agreement's own check is the service's)."""
    people = commitment_owner_choices().filter(counterpart_account__isnull=True)
    if sees_everything(user):
        return people
    desks = user.desk_memberships.values("desk_id")  # type: ignore[attr-defined]
    return people.filter(
        Q(desk_memberships__desk_id__in=desks)
        | Q(is_superuser=True)
        | Q(groups__permissions__codename="view_all_desks")
        | Q(user_permissions__codename="view_all_desks")
    ).distinct()


def agreement_choices(*, user: AbstractBaseUser | None = None) -> QuerySet[Agreement]:
    """Agreements a candidate may be accepted into (for `user`: those they may
    see)."""
    rows = Agreement.objects.all() if user is None else visible_agreements(user)
    return rows.order_by("-date", "title").only("id", "title", "date")


def party_choices() -> QuerySet[Party]:
    """Every side."""
    return Party.objects.order_by("name")


def institution_choices() -> QuerySet[Institution]:
    """Every institution, with its side."""
    return Institution.objects.select_related("party").order_by("party__name", "name")


def job_get(*, pk: int) -> ExtractionJob:
    """One background job with its owner."""
    return ExtractionJob.objects.select_related("owner").get(pk=pk)
