"""The one scoping rule: which agreements, and so which records, a user may see.

Every read path (pages, search, dashboard figures and the lists behind them,
exports, briefing packs, summaries, digests, calendar feeds, evidence,
history, the review queue, bulk import, the API to come) filters through
this module and nothing else. It reads; it never writes.

Who sees what (checked in this order):

1. Anonymous or deactivated users: nothing.
2. A counterpart account (access.CounterpartAccount): the agreements it
   follows, their commitments and milestones, and only follow-ups marked
   shared (see ``followup_visible_to_counterpart_q``). Its groups and
   permissions are never consulted for scope.
3. Whoever has ``access.view_all_desks`` (superusers, the Oversight role and
   Administrators, who may change groups anyway): everything.
4. Everyone else (Managers, Policy officers, Viewers): the agreements of the
   desks they are members of (access.DeskMembership, DeskAgreement). A user
   on no desk sees nothing.

Visibility says only what a user may *see*; what they may *change* is still
commitments/permissions.py on top of it. An object outside scope is a 404,
never a 403 (``get_visible_or_404``): its existence is not disclosed.

API (for the pages, selectors and tasks):

- ``visible_agreements(user)`` -> Agreement queryset.
- ``visible_commitments(user, qs=None)``, ``visible_milestones(user, qs=None)``,
  ``visible_followups(user, qs=None)``, ``visible_sources(user, qs=None)``:
  the queryset (or all rows) narrowed to the user's scope.
- ``intake_sources(user, qs=None)``: visible_sources plus the texts linked
  to no agreement yet (the intake), for staff; what the review queue, the
  source pages and the source choices of the forms list.
- ``scope_queryset(qs, user)``: the same, picked by the queryset's model.
- ``agreement_condition(user, path)``: the bare ``Q`` on rows that reach
  the agreement through ``path`` (e.g. ``"commitment__agreement__"``), for a
  selector that builds its own query or an annotation; ``Q()`` means every
  row, ``Q(pk__in=[])`` none.
- ``can_see_agreement(user, agreement)`` -> bool.
- ``get_visible_or_404(qs, user, **lookup)``: one row in scope, or Http404.
"""

import hashlib
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from access.models import CounterpartAccount, DeskAgreement
from commitments.models import (
    Agreement,
    Commitment,
    FollowUp,
    Milestone,
    Obligation,
    Provenance,
    SourceDocument,
)

User = AbstractBaseUser | AnonymousUser
M = TypeVar("M", bound=Model)

# Nothing at all: Django answers it without a query.
NOTHING = Q(pk__in=[])
# How each scoped model reaches its agreement.
AGREEMENT_PATHS: dict[type[Model], str] = {
    Agreement: "",
    Commitment: "agreement__",
    Obligation: "commitment__agreement__",
    Provenance: "commitment__agreement__",
    Milestone: "commitment__agreement__",
    FollowUp: "commitment__agreement__",
}


def counterpart_account(user: User) -> CounterpartAccount | None:
    """The user's counterpart account, if the user is a counterpart."""
    if not user.is_authenticated:
        return None
    try:
        return user.counterpart_account  # type: ignore[union-attr]
    except CounterpartAccount.DoesNotExist:
        return None


def sees_everything(user: User) -> bool:
    """Superusers, Oversight and Administrators (never a counterpart)."""
    return (
        user.is_authenticated
        and user.is_active
        and counterpart_account(user) is None
        and user.has_perm("access.view_all_desks")
    )


def visible_agreement_ids(user: User) -> QuerySet | None:
    """A subquery of the agreement ids the user may see; None means every one."""
    if not user.is_authenticated or not user.is_active:
        return Agreement.objects.none().values("pk")
    account = counterpart_account(user)
    if account is not None:
        return CounterpartAccount.agreements.through.objects.filter(
            counterpartaccount_id=account.pk
        ).values("agreement_id")
    if user.has_perm("access.view_all_desks"):
        return None
    return DeskAgreement.objects.filter(desk__memberships__user_id=user.pk).values(
        "agreement_id"
    )


def agreement_condition(user: User, path: str = "") -> Q:
    """The Q that keeps rows whose agreement (reached through `path`) is in scope."""
    ids = visible_agreement_ids(user)
    if ids is None:
        return Q()
    return Q(**{f"{path}pk__in": ids}) if path else Q(pk__in=ids)


def followup_visible_to_counterpart_q() -> Q:
    """Which follow-ups a counterpart may read: exactly those marked shared
    (FollowUp.visibility; internal is the default, so a follow-up reaches the
    other side only by a deliberate choice). Its agreements are narrowed
    separately, by ``visible_followups``."""
    # Imported here to keep this hook's change self-contained.
    from commitments.models import FollowUpVisibility

    return Q(visibility=FollowUpVisibility.SHARED)


def visible_agreements(user: User) -> QuerySet[Agreement]:
    """The agreements the user may see."""
    return Agreement.objects.filter(agreement_condition(user))


def _narrow(user: User, qs: QuerySet[M], path: str) -> QuerySet[M]:
    return qs.filter(agreement_condition(user, path))


def visible_commitments(
    user: User, qs: QuerySet[Commitment] | None = None
) -> QuerySet[Commitment]:
    """The commitments (of `qs`, default all) on agreements the user may see."""
    return _narrow(user, Commitment.objects.all() if qs is None else qs, "agreement__")


def visible_milestones(
    user: User, qs: QuerySet[Milestone] | None = None
) -> QuerySet[Milestone]:
    """The milestones (of `qs`, default all) on agreements the user may see."""
    qs = Milestone.objects.all() if qs is None else qs
    return _narrow(user, qs, "commitment__agreement__")


def visible_followups(
    user: User, qs: QuerySet[FollowUp] | None = None
) -> QuerySet[FollowUp]:
    """The follow-ups the user may see: on visible agreements, and for a
    counterpart only the shared ones."""
    qs = _narrow(
        user, FollowUp.objects.all() if qs is None else qs, "commitment__agreement__"
    )
    if counterpart_account(user) is not None:
        qs = qs.filter(followup_visible_to_counterpart_q())
    return qs


def visible_sources(
    user: User, qs: QuerySet[SourceDocument] | None = None
) -> QuerySet[SourceDocument]:
    """The source texts of agreements the user may see.

    A source linked to no agreement yet (just imported for review) is seen
    only by those who see everything.
    """
    qs = SourceDocument.objects.all() if qs is None else qs
    ids = visible_agreement_ids(user)
    if ids is None:
        return qs
    links = Agreement.sources.through.objects.filter(agreement_id__in=ids)
    return qs.filter(pk__in=links.values("sourcedocument_id"))


def intake_sources(
    user: User, qs: QuerySet[SourceDocument] | None = None
) -> QuerySet[SourceDocument]:
    """The sources a staff member may work from: those of their agreements,
    and the intake, texts linked to no agreement yet (a just-uploaded
    statement belongs to no desk until it is linked: whoever may upload must
    be able to review it). A counterpart gets only its own (no intake)."""
    qs = SourceDocument.objects.all() if qs is None else qs
    ids = visible_agreement_ids(user)
    if ids is None:
        return qs
    links = Agreement.sources.through.objects
    mine = Q(pk__in=links.filter(agreement_id__in=ids).values("sourcedocument_id"))
    if counterpart_account(user) is not None or not user.is_active:
        return qs.filter(mine)
    return qs.filter(mine | ~Q(pk__in=links.values("sourcedocument_id")))


def scope_queryset(qs: QuerySet[M], user: User) -> QuerySet[M]:
    """Narrow any scoped queryset to the user's scope, by its model."""
    model = qs.model
    if model is FollowUp:
        return visible_followups(user, qs)  # type: ignore[return-value,arg-type]
    if model is SourceDocument:
        return visible_sources(user, qs)  # type: ignore[return-value,arg-type]
    try:
        path = AGREEMENT_PATHS[model]
    except KeyError:
        raise TypeError(
            f"{model.__name__} has no scoping rule in access/scope.py"
        ) from None
    return _narrow(user, qs, path)


def can_see_agreement(user: User, agreement: Agreement) -> bool:
    """Whether the user may see this agreement (and so what hangs from it)."""
    return visible_agreements(user).filter(pk=agreement.pk).exists()


def get_visible_or_404(qs: QuerySet[M], user: User, **lookup: Any) -> M:
    """One row matching `lookup` inside the user's scope; outside it, or
    missing, is the same 404, so a hidden row's existence is not disclosed."""
    try:
        return scope_queryset(qs, user).get(**lookup)
    except qs.model.DoesNotExist as error:
        raise Http404(f"No {qs.model._meta.verbose_name} found.") from error


def visible_agreement_id_set(user: User) -> frozenset[int] | None:
    """The ids of the agreements the user may see, read now (one query);
    None means every agreement. For what must name the scope rather than
    filter by it: a cache key, or a run that asks once per person."""
    if visible_agreement_ids(user) is None:
        return None
    return frozenset(visible_agreements(user).values_list("pk", flat=True))


def scope_key(ids: frozenset[int] | None) -> str:
    """A short name for a set of visible agreement ids (visible_agreement_id_set),
    for cache keys: "all", or a digest of the sorted ids, so that two people
    who see the same agreements share a cached page and no one reads another
    scope's."""
    if ids is None:
        return "all"
    text = ",".join(map(str, sorted(ids)))
    return hashlib.sha256(text.encode()).hexdigest()[:32]
