"""What a report is filtered to, and the query parameters that say the same to a list.

A figure on the dashboard and the list behind its link must count the same
rows: both are built from the conditions here, and a link carries exactly the
parameters these conditions read (the names the commitments list uses).
"""

import datetime
from dataclasses import dataclass, replace
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from access.scope import counterpart_account, scope_key, visible_agreement_id_set
from commitments.filters import obligation_conditions
from commitments.lifecycle import OPEN_STATUSES
from commitments.models import (
    Agreement,
    Institution,
    Milestone,
    Party,
    StatusChoices,
)

OPEN = sorted(status.value for status in OPEN_STATUSES)
# The milestone list's extra status values: every open status at once.
OPEN_PARAM = "open"
TIMELINESS = {
    "due": _("Due so far (cancelled left out)"),
    "on_time": _("Due so far and done on time"),
    "not_on_time": _("Due so far and not done on time"),
}


@dataclass(frozen=True)
class Scope:
    """The filters of a report; every one optional.

    `visible` is the viewer's part (access/scope.py's rule, read once by
    `for_viewer`): the ids of the agreements they may see, or None for every
    one. It is not a filter of the lists' links (each list applies its own
    viewer's scope) but it is part of every condition and cache key.
    """

    agreement: Agreement | None = None
    party: Party | None = None
    institution: Institution | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    visible: frozenset[int] | None = None

    def params(self) -> dict[str, str]:
        """The scope as the lists' query parameters."""
        found = {
            "agreement": self.agreement.pk if self.agreement else None,
            "party": self.party.pk if self.party else None,
            "institution": self.institution.pk if self.institution else None,
            "due_after": self.date_from,
            "due_before": self.date_to,
        }
        return {key: _text(value) for key, value in found.items() if value}

    def window(
        self, start: datetime.date | None, end: datetime.date | None
    ) -> tuple[datetime.date | None, datetime.date | None]:
        """A due-date window narrowed to the scope's date range."""
        if self.date_from and (start is None or self.date_from > start):
            start = self.date_from
        if self.date_to and (end is None or self.date_to < end):
            end = self.date_to
        return start, end

    def without_dates(self) -> "Scope":
        return replace(self, date_from=None, date_to=None)

    @property
    def is_narrowed(self) -> bool:
        """Whether the viewer sees only some agreements."""
        return self.visible is not None

    def visibility_key(self) -> str:
        """The viewer's part of a cache key: "all", or a digest of the sorted
        visible ids (two people who see the same agreements share figures;
        one desk never reads another's)."""
        return scope_key(self.visible)


User = AbstractBaseUser | AnonymousUser


def for_viewer(scope: Scope, user: User) -> Scope:
    """The scope narrowed to what `user` may see (access/scope.py's rule).

    A viewer whose desks hold every agreement sees the whole portfolio: the
    scope is then not narrowed, so the figures come from the tallies and the
    cache entry of those who see everything (a desk of every agreement made
    the computed dashboard count the domain tables: 2.0 s instead of ~0.1 s
    at 100,000 commitments, docs/performance.md "Under load"). Exact: no
    agreement outside the set, read after it. Never for a counterpart, whose
    reads are narrowed by more than the agreements."""
    visible = visible_agreement_id_set(user)
    if (
        visible is not None
        and counterpart_account(user) is None
        and not Agreement.objects.exclude(pk__in=visible).exists()
    ):
        visible = None
    return replace(scope, visible=visible)


def _visible_q(scope: Scope, path: str) -> list[Q]:
    if scope.visible is None:
        return []
    return [Q(**{f"{path}agreement_id__in": sorted(scope.visible)})]


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def commitment_conditions(scope: Scope, *, prefix: str = "") -> list[Any]:
    """Filter arguments for commitments in scope (or rows `prefix`ed to them).

    The same meaning as the commitments list's filters (commitments/filters.py):
    a side or lead is an EXISTS on obligations, and the date range keeps a
    one-off due in it or a commitment with an open milestone due in it.
    """
    pk = OuterRef(f"{prefix}pk" if prefix else "pk")
    conditions: list[Any] = _visible_q(scope, prefix)
    if scope.agreement:
        conditions.append(Q(**{f"{prefix}agreement": scope.agreement}))
    conditions += obligation_conditions(
        f"{prefix}pk" if prefix else "pk",
        party=scope.party,
        institution=scope.institution,
    )
    if scope.date_from or scope.date_to:
        own = Q(**{f"{prefix}due_date__isnull": False})
        milestone = Q(commitment=pk, status__in=OPEN)
        if scope.date_from:
            own &= Q(**{f"{prefix}due_date__gte": scope.date_from})
            milestone &= Q(due_date__gte=scope.date_from)
        if scope.date_to:
            own &= Q(**{f"{prefix}due_date__lte": scope.date_to})
            milestone &= Q(due_date__lte=scope.date_to)
        conditions.append(own | Exists(Milestone.objects.filter(milestone)))
    return conditions


def milestone_conditions(scope: Scope) -> list[Any]:
    """Filter arguments for milestones in scope: their commitment's agreement,
    side and lead, and their own due date in the date range."""
    conditions: list[Any] = _visible_q(scope, "commitment__")
    if scope.agreement:
        conditions.append(Q(commitment__agreement=scope.agreement))
    conditions += obligation_conditions(
        "commitment", party=scope.party, institution=scope.institution
    )
    if scope.date_from:
        conditions.append(Q(due_date__gte=scope.date_from))
    if scope.date_to:
        conditions.append(Q(due_date__lte=scope.date_to))
    return conditions


def milestone_q(
    *,
    now: datetime.datetime,
    status: str = "",
    timeliness: str = "",
    due_after: datetime.date | None = None,
    due_before: datetime.date | None = None,
) -> Q:
    """The milestone list's status, timeliness and due-range parameters as one Q.

    "Due so far" is a milestone whose due day has ended (`due_at` passed) and
    that was not cancelled; "on time" is one of those done on or before its due
    date: the definitions of commitments.selectors.with_cadence_compliance.
    """
    q = Q()
    if status == OPEN_PARAM:
        q &= Q(status__in=OPEN)
    elif status:
        q &= Q(status=status)
    if timeliness:
        due = Q(due_at__lte=now) & ~Q(status=StatusChoices.CANCELLED)
        held = Q(status=StatusChoices.DONE, completed_on__lte=F("due_date"))
        q &= {"due": due, "on_time": due & held, "not_on_time": due & ~held}[timeliness]
    if due_after:
        q &= Q(due_date__gte=due_after)
    if due_before:
        q &= Q(due_date__lte=due_before)
    return q
