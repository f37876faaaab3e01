"""Every read a view, export, command or task needs, with its joins applied."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from access.scope import (
    agreement_condition,
    counterpart_account,
    intake_sources,
    scope_key,
    scope_queryset,
    visible_agreement_id_set,
    visible_agreements,
    visible_followups,
)

# The history reads live in their own module; views reach them through here.
from commitments.history_selectors import (  # noqa: F401
    HistoryEntry,
    commitment_changes_since,
    commitment_history,
)
from commitments.lifecycle import OPEN_STATUSES
from commitments.models import (
    Agreement,
    Commitment,
    FollowUp,
    Institution,
    Milestone,
    Obligation,
    Party,
    Provenance,
    SourceDocument,
    StatusChoices,
)
from commitments.ordering import in_list_order
from commitments.translation_selectors import (
    with_local_description,
    with_local_title,
)
from core.cache_version import data_version

# A safety net only: a committed write bumps the data version, which renames
# the key; the timeout bounds a change that bypassed the services.
LED_INSTITUTIONS_SECONDS = 120


def _commitment_count(status: str | None = None) -> Coalesce:
    """The number of the outer agreement's commitments (in one status): a
    correlated count answered from the (agreement, status) index alone."""
    rows = Commitment.objects.filter(agreement=OuterRef("pk"))
    if status is not None:
        rows = rows.filter(status=status)
    counted = rows.order_by().values("agreement").annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted), 0)


def agreement_list_with_counts(*, user: AbstractBaseUser) -> QuerySet[Agreement]:
    """The agreements `user` may see, newest first (a stable order, for
    paging), with the number of their commitments in each status.

    Each count is a subquery per agreement row, so a page of 50 agreements
    counts only their own commitments instead of grouping every commitment.
    """
    return _agreements_with_counts().filter(agreement_condition(user))


def _agreements_with_counts() -> QuerySet[Agreement]:
    counts = {
        f"count_{status}": _commitment_count(status) for status in StatusChoices.values
    }
    return (
        Agreement.objects.prefetch_related("parties")
        .annotate(commitment_count=_commitment_count(), **counts)
        .order_by(F("date").desc(nulls_first=True), "title", "pk")
    )


def commitment_list() -> QuerySet[Commitment]:
    """Every commitment with its agreement, obligations, leads, owner and quotes."""
    return Commitment.objects.select_related("agreement", "owner").prefetch_related(
        Prefetch(
            "obligations",
            queryset=Obligation.objects.select_related("party", "lead_institution"),
        ),
        Prefetch(
            "provenance",
            queryset=Provenance.objects.select_related("source").order_by(
                "source__file_name", "quote_start"
            ),
        ),
    )


def commitment_get(*, reference: str) -> Commitment:
    """One commitment by its reference, with what its detail page shows."""
    return commitment_list().prefetch_related("milestones").get(reference=reference)


def milestone_list_for(*, commitment: Commitment) -> QuerySet[Milestone]:
    """A commitment's milestones, earliest first."""
    return commitment.milestones.order_by("due_date", "id")


def with_cadence_compliance(
    queryset: QuerySet[Commitment], *, as_of: datetime.datetime
) -> QuerySet[Commitment]:
    """Annotate `due_so_far` and `held_on_time`: milestones due by `as_of`
    (cancelled ones excluded) and those of them done on or before their due date."""
    due = Q(milestones__due_at__lte=as_of) & ~Q(
        milestones__status=StatusChoices.CANCELLED
    )
    held = due & Q(
        milestones__status=StatusChoices.DONE,
        milestones__completed_on__lte=F("milestones__due_date"),
    )
    return queryset.annotate(
        due_so_far=Count("milestones", filter=due),
        held_on_time=Count("milestones", filter=held),
    )


def cadence_compliance(
    *, commitment: Commitment, as_of: datetime.datetime
) -> tuple[int, int]:
    """(held on time, due so far) for one commitment, e.g. (3, 4) JWG meetings."""
    row = with_cadence_compliance(
        Commitment.objects.filter(pk=commitment.pk), as_of=as_of
    ).values_list("held_on_time", "due_so_far")
    return row.get()


# --- The staff workspace -----------------------------------------------------

OPEN = [status.value for status in OPEN_STATUSES]
# Most urgent first: what is late, then what falls due soon, then the rest.
URGENCY = Case(
    When(status=StatusChoices.OVERDUE, then=Value(0)),
    When(status=StatusChoices.DUE_SOON, then=Value(1)),
    When(status=StatusChoices.PLANNED, then=Value(2)),
    default=Value(3),
)


# A commitment's next open due date: the first entry of its range in the
# partial index milestone_open_commitment_due (migration 0008), read per row
# instead of grouping a million milestones by commitment.
NEXT_DUE = Subquery(
    Milestone.objects.filter(commitment=OuterRef("pk"), status__in=OPEN)
    .order_by("due_date")
    .values("due_date")[:1]
)

# What a list row shows (includes/commitment_table.html): the rest of a
# commitment (its description, cadence details, the agreement's summary, the
# owner's password hash) stays in the database.
LIST_COLUMNS = (
    "reference",
    "title",
    "kind",
    "status",
    "cadence_rrule",
    "due_date",
    "due_precision",
    "agreement__reference",
    "agreement__title",
    "owner__username",
    "owner__first_name",
    "owner__last_name",
)


def commitment_overview() -> QuerySet[Commitment]:
    """Commitments for lists: agreement, owner, sides and leads joined, the next
    open due date, and urgency (quotes left out: lists do not show them).
    Archived commitments are left out of every list built on this."""
    return with_local_title(
        Commitment.objects.filter(archived_at__isnull=True)
        .select_related("agreement", "owner")
        .prefetch_related(
            Prefetch(
                "obligations",
                queryset=Obligation.objects.select_related(
                    "party", "lead_institution"
                ).only(
                    "commitment_id",
                    "party__name",
                    "party__iso_code",  # its name in the reader's language
                    "lead_institution__name",
                    "lead_institution__acronym",
                ),
            )
        )
        .annotate(next_due=NEXT_DUE, urgency=URGENCY)
    )


def commitment_search() -> QuerySet[Commitment]:
    """Every commitment for the search page, most urgent first."""
    return commitment_overview().order_by("urgency", "next_due", "title", "pk")


def commitment_search_rows(
    *, user: AbstractBaseUser | None = None
) -> QuerySet[Commitment]:
    """commitment_search reading only the columns a list row shows: the
    commitments `user` may see (None: every one, for a list whose ids were
    scoped already)."""
    rows = commitment_search().only(*LIST_COLUMNS)
    return rows if user is None else scope_queryset(rows, user)


def my_work_milestones(*, user: AbstractBaseUser) -> QuerySet[Milestone]:
    """Open milestones of the commitments a person owns (on agreements they
    may see): overdue, due soon, then the rest, each by date."""
    rows = (
        Milestone.objects.filter(
            agreement_condition(user, "commitment__agreement__"),
            commitment__owner=user,
            status__in=OPEN,
            commitment__status__in=OPEN,
        )
        .select_related("commitment__agreement")
        .annotate(urgency=URGENCY)
        .order_by("urgency", "due_date", "id")
    )
    # The commitment's title in the reader's language, in the same query.
    return with_local_title(rows, "commitment__")


def my_work_commitments(*, user: AbstractBaseUser) -> QuerySet[Commitment]:
    """The commitments a person owns (on agreements they may see), most urgent
    first."""
    return in_list_order(
        commitment_overview()
        .only(*LIST_COLUMNS)
        .filter(agreement_condition(user, "agreement__"), owner=user)
    )


def unassigned_commitments(*, user: AbstractBaseUser) -> QuerySet[Commitment]:
    """Open commitments nobody owns yet on agreements `user` may see, most
    urgent first (a manager's to-do)."""
    return in_list_order(
        commitment_overview()
        .only(*LIST_COLUMNS)
        .filter(
            agreement_condition(user, "agreement__"),
            owner__isnull=True,
            status__in=OPEN,
        )
    )


def agreement_detail_rows() -> QuerySet[Agreement]:
    """Agreements with their status counts, parties and sources (texts left
    out), for one agreement's page (views take one with get_visible_or_404)."""
    return _agreements_with_counts().prefetch_related(
        Prefetch("sources", queryset=SourceDocument.objects.defer("text"))
    )


def agreement_get(*, reference: str) -> Agreement:
    """One agreement with its status counts, parties and sources (texts left out)."""
    return agreement_detail_rows().get(reference=reference)


def agreement_edit_rows() -> QuerySet[Agreement]:
    """Agreements with their parties and sources, for the edit form."""
    return Agreement.objects.prefetch_related(
        "parties", Prefetch("sources", queryset=SourceDocument.objects.defer("text"))
    )


def agreement_for_edit(*, reference: str) -> Agreement:
    """One agreement with its parties and sources, for its edit form."""
    return agreement_edit_rows().get(reference=reference)


def agreement_commitments(*, agreement: Agreement) -> QuerySet[Commitment]:
    """An agreement's commitments, most urgent first."""
    return in_list_order(
        commitment_overview().only(*LIST_COLUMNS).filter(agreement=agreement)
    )


def agreement_choices(*, user: AbstractBaseUser | None = None) -> QuerySet[Agreement]:
    """Agreements for a select box: those `user` may see (None: every one,
    for the callers that scope it themselves)."""
    rows = Agreement.objects.all() if user is None else visible_agreements(user)
    return rows.only("pk", "title", "date").order_by("-date", "title")


def party_list() -> QuerySet[Party]:
    """Every party, by name."""
    return Party.objects.order_by("name")


def institution_list() -> QuerySet[Institution]:
    """Every institution with its party, grouped by party."""
    return Institution.objects.select_related("party").order_by("party__name", "name")


def institution_choices(*, user: AbstractBaseUser) -> QuerySet[Institution]:
    """Institutions for a filter's select box: those leading an obligation on
    an agreement `user` may see (issue 14: another desk's institutions, e.g.
    the seed's Beijing Police College, are a trace of its agreements)."""
    return institutions_leading_within(visible_agreement_id_set(user))


def institutions_leading_within(
    visible: frozenset[int] | None,
) -> QuerySet[Institution]:
    """institution_choices for the agreement ids `visible`, already read
    (visible_agreement_id_set; None: every agreement, every institution)."""
    rows = institution_list()
    if visible is None:
        return rows
    return rows.filter(pk__in=_led_institution_ids(visible))


def _led_institution_ids(visible: frozenset[int]) -> list[int]:
    """The ids of the institutions leading an obligation on one of the
    agreements `visible`, kept in the shared cache per data version (every committed
    write bumps it) and set of agreements. Found afresh it reads every
    obligation in scope (30-35 ms at 100,000 commitments, on every list page,
    docs/performance.md "Under load"); cached, one small read."""
    key = f"commitments:led-institutions:{data_version()}:{scope_key(visible)}"
    if (found := cache.get(key)) is not None:
        return found
    ids = sorted(
        Obligation.objects.filter(
            commitment__agreement_id__in=visible,
            lead_institution_id__isnull=False,
        )
        .values_list("lead_institution_id", flat=True)
        .distinct()
    )
    cache.set(key, ids, LED_INSTITUTIONS_SECONDS)
    return ids


def source_choices(*, user: AbstractBaseUser | None = None) -> QuerySet[SourceDocument]:
    """Source documents for a select box (texts left out): those `user` may
    work from (None: every one)."""
    rows = SourceDocument.objects.defer("text").order_by("title")
    return rows if user is None else intake_sources(user, rows)


def owner_choices() -> QuerySet[AbstractBaseUser]:
    """People who can own commitments: active accounts, the system account excluded."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(username=settings.TRACKER_SYSTEM_USERNAME)
        .order_by("first_name", "last_name", "username")
    )


def owner_filter_choices(
    *, user: AbstractBaseUser | None = None
) -> QuerySet[AbstractBaseUser]:
    """People to filter the lists by: active accounts holding a role (a group),
    the system account excluded; only the columns a name needs. For `user`,
    only the owners of commitments they may see (a desk's names stay on the
    desk), and none for a counterpart (owners are the ministry's business)."""
    people = owner_choices().filter(groups__isnull=False)
    if user is not None:
        if counterpart_account(user) is not None:
            return people.none()
        condition = agreement_condition(user, "agreement__")
        if condition:
            people = people.filter(
                pk__in=Commitment.objects.filter(condition).values("owner_id")
            )
    return people.distinct().only("username", "first_name", "last_name")


def commitment_detail_rows(
    *, user: AbstractBaseUser | None = None
) -> QuerySet[Commitment]:
    """Commitments with their quotes and sources, milestones and follow-ups
    (of those, only what `user` may see: a counterpart no internal one), for
    one commitment's page (views take one with get_visible_or_404)."""
    followups = FollowUp.objects.select_related("author", "milestone")
    if user is not None:
        followups = visible_followups(user, followups)
    rows = with_local_description(with_local_title(commitment_list()))
    return rows.prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "id")),
        Prefetch("followups", queryset=followups),
    )


def commitment_detail(*, reference: str) -> Commitment:
    """One commitment with its quotes and sources, milestones and follow-ups."""
    return commitment_detail_rows().get(reference=reference)


def commitment_for_edit(*, reference: str) -> Commitment:
    """One commitment with its agreement, owner and sides (for forms and checks)."""
    return commitment_edit_rows().get(reference=reference)


def commitment_edit_rows() -> QuerySet[Commitment]:
    """Commitments with their agreement, owner, sides and milestones, for the
    forms and the checks of the write paths."""
    return Commitment.objects.select_related("agreement", "owner").prefetch_related(
        Prefetch(
            "obligations",
            queryset=Obligation.objects.select_related("party", "lead_institution"),
        ),
        Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "id")),
    )


def milestone_rows() -> QuerySet[Milestone]:
    """Milestones with their commitment, agreement and obligated sides."""
    return Milestone.objects.select_related(
        "commitment__agreement", "commitment__owner"
    ).prefetch_related(
        Prefetch(
            "commitment__obligations",
            queryset=Obligation.objects.select_related("party"),
        )
    )


def milestone_get(*, pk: int) -> Milestone:
    """One milestone with its commitment, agreement and obligated sides."""
    return milestone_rows().get(pk=pk)


def followup_rows() -> QuerySet[FollowUp]:
    """Follow-ups with their commitment."""
    return FollowUp.objects.select_related("commitment")


def followup_get(*, pk: int) -> FollowUp:
    """One follow-up with its commitment."""
    return followup_rows().get(pk=pk)


def source_list(*, user: AbstractBaseUser) -> QuerySet[SourceDocument]:
    """The sources `user` may work from (theirs and the intake, access/scope.py),
    with the agreements of theirs each serves and the number of quotes of
    their commitments (texts left out)."""
    quotes = agreement_condition(user, "quotes__commitment__agreement__")
    return (
        intake_sources(user, SourceDocument.objects.defer("text"))
        .prefetch_related(Prefetch("agreements", queryset=visible_agreements(user)))
        .annotate(quote_count=Count("quotes", filter=quotes or None))
        .order_by("-published_on", "title")
    )


def source_detail_rows(*, user: AbstractBaseUser) -> QuerySet[SourceDocument]:
    """The sources `user` may work from, with their text and, of their
    agreements and quotes, those `user` may see (a text may serve agreements
    of several desks)."""
    quotes = Provenance.objects.select_related("commitment").order_by("quote_start")
    return intake_sources(user).prefetch_related(
        Prefetch("agreements", queryset=visible_agreements(user)),
        Prefetch("quotes", queryset=scope_queryset(quotes, user)),
    )
