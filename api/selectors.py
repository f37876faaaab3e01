"""Every read the API makes: its own tokens, and each endpoint's rows.

The rows are the pages' selectors (commitments.selectors, extraction's)
narrowed by access/scope.py, the one scoping rule, with the joins a page of
the endpoint needs so that the number of queries does not grow with it.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Model, Prefetch, QuerySet

from access.scope import (
    intake_sources,
    scope_queryset,
    visible_commitments,
    visible_followups,
    visible_milestones,
)
from api.models import ApiToken
from commitments import selectors as commitment_selectors
from commitments.models import (
    FollowUp,
    Institution,
    Milestone,
    Obligation,
    Party,
    SourceDocument,
)
from extraction.models import Candidate

# --- Tokens -------------------------------------------------------------------


def api_token_list(*, user: AbstractBaseUser) -> QuerySet[ApiToken]:
    """A person's tokens, newest first (revoked ones too, marked)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def api_token_for_key_hash(*, key_hash: str) -> ApiToken | None:
    """The token whose key has this digest, with its user and the user's
    counterpart account joined (the scoping rule reads it on every request)."""
    return (
        ApiToken.objects.select_related("user", "user__counterpart_account")
        .filter(key_hash=key_hash)
        .first()
    )


def api_token_get(*, user: AbstractBaseUser, pk: int) -> ApiToken:
    """One of `user`'s own tokens (another's is DoesNotExist)."""
    return api_token_list(user=user).get(pk=pk)


# --- Endpoint rows ----------------------------------------------------------


def agreement_rows(*, user: AbstractBaseUser) -> QuerySet:
    """The agreements `user` may see, with their status counts, parties and
    source ids (the agreement list page's selector)."""
    return commitment_selectors.agreement_list_with_counts(user=user).prefetch_related(
        Prefetch("sources", queryset=SourceDocument.objects.only("id"))
    )


def party_rows() -> QuerySet[Party]:
    """Every party (the directory is not scoped: sides are public)."""
    return commitment_selectors.party_list()


def institution_rows(*, user: AbstractBaseUser) -> QuerySet[Institution]:
    """The institutions leading an obligation `user` may see, with their party
    (issue 14: another desk's institutions are a trace of its agreements)."""
    return commitment_selectors.institution_choices(user=user)


def source_rows(*, user: AbstractBaseUser) -> QuerySet[SourceDocument]:
    """The sources `user` may work from (theirs and, for staff, the intake),
    texts left out, with the agreements of theirs each serves."""
    return commitment_selectors.source_list(user=user)


def source_detail_rows(*, user: AbstractBaseUser) -> QuerySet[SourceDocument]:
    """The same sources with their texts (one at a time)."""
    return commitment_selectors.source_list(user=user).defer(None)


def commitment_rows(*, user: AbstractBaseUser) -> QuerySet:
    """The commitments `user` may see and the lists show (archived left out),
    with agreement, owner, obligations and the next open due date."""
    return visible_commitments(user, commitment_selectors.commitment_overview())


def commitment_detail_rows(*, user: AbstractBaseUser) -> QuerySet:
    """Every commitment `user` may see, archived ones too (a link to one
    still answers), with the same joins as the list."""
    return visible_commitments(
        user,
        commitment_selectors.commitment_list().annotate(
            next_due=commitment_selectors.NEXT_DUE
        ),
    )


def obligation_rows(*, user: AbstractBaseUser) -> QuerySet[Obligation]:
    """The obligations of commitments `user` may see."""
    rows = Obligation.objects.select_related("commitment", "party", "lead_institution")
    return scope_queryset(rows, user)


def milestone_rows(*, user: AbstractBaseUser) -> QuerySet[Milestone]:
    """The milestones `user` may see, with their commitment and agreement."""
    rows = Milestone.objects.select_related("commitment__agreement")
    return visible_milestones(user, rows)


def followup_rows(*, user: AbstractBaseUser) -> QuerySet[FollowUp]:
    """The follow-ups `user` may see (a counterpart: only shared ones)."""
    rows = FollowUp.objects.select_related("commitment", "milestone", "author")
    return visible_followups(user, rows)


def candidate_rows(*, user: AbstractBaseUser) -> QuerySet[Candidate]:
    """Review-queue candidates of the sources `user` may work from (the
    queue's rule: theirs and the intake)."""
    return Candidate.objects.select_related("source", "commitment").filter(
        source__in=intake_sources(user).values("pk")
    )


def history_rows(*, instance: Model) -> QuerySet:
    """A record's history rows with who made each."""
    return instance.history.select_related("history_user")  # type: ignore[attr-defined]


def history_row_before(*, instance: Model, history_id: int):
    """The history row just older than `history_id` (None for the first)."""
    return (
        instance.history.filter(history_id__lt=history_id)  # type: ignore[attr-defined]
        .order_by("-history_id")
        .first()
    )
