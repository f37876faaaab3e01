"""Every read the desk pages need, joins applied."""

import datetime
import heapq
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, QuerySet
from django.utils.translation import gettext, gettext_lazy

from access.models import CounterpartAccount, Desk, DeskAgreement, DeskMembership
from commitments.models import Agreement

# The desk history page merges three tables; each gives at most this many of
# its newest rows, so the page costs the same however long the desk has lived.
HISTORY_ROWS = 300


def desk_list() -> QuerySet[Desk]:
    """Desks by name, with their members and agreements counted."""
    return Desk.objects.annotate(
        member_count=Count("memberships", distinct=True),
        agreement_count=Count("agreement_links", distinct=True),
    ).order_by("name")


def desk_get(*, pk: int) -> Desk:
    """One desk (DoesNotExist if there is none)."""
    return Desk.objects.get(pk=pk)


def desk_members(*, desk: Desk) -> QuerySet[DeskMembership]:
    """A desk's members by username."""
    return (
        DeskMembership.objects.filter(desk=desk)
        .select_related("user")
        .prefetch_related("user__groups")
        .order_by("user__username")
    )


def desk_agreements(*, desk: Desk) -> QuerySet[DeskAgreement]:
    """A desk's agreements by title."""
    return (
        DeskAgreement.objects.filter(desk=desk)
        .select_related("agreement")
        .order_by("agreement__title", "agreement__pk")
    )


def active_user_get(*, username: str) -> AbstractBaseUser:
    """An active user by username (DoesNotExist otherwise)."""
    return get_user_model().objects.get(username=username, is_active=True)


def agreement_get(*, reference: str) -> Agreement:
    """An agreement by reference (DoesNotExist otherwise)."""
    return Agreement.objects.get(reference=reference)


@dataclass(frozen=True)
class DeskChange:
    """One line of a desk's history: when, who, what, why."""

    when: datetime.datetime
    actor: str
    what: str
    reason: str


def _actor(row) -> str:
    user = row.history_user
    return (user.get_full_name() or user.get_username()) if user else "unknown"


def desk_history(*, desk: Desk) -> list[DeskChange]:
    """The desk's changes, newest first: renames, members and agreements in
    and out (the newest HISTORY_ROWS of each kind)."""
    changes: list[list[DeskChange]] = []
    desk_rows = list(
        Desk.history.filter(id=desk.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:HISTORY_ROWS]
    )
    names = [row.name for row in desk_rows]
    lines = []
    for index, row in enumerate(desk_rows):
        before = names[index + 1] if index + 1 < len(names) else None
        if row.history_type == "+":
            what = gettext("created the desk “%(name)s”") % {"name": row.name}
        elif before is not None and before != row.name:
            what = gettext("renamed “%(before)s” to “%(name)s”") % {
                "before": before,
                "name": row.name,
            }
        else:
            what = gettext("changed the desk “%(name)s”") % {"name": row.name}
        lines.append(
            DeskChange(row.history_date, _actor(row), what, row.history_change_reason)
        )
    changes.append(lines)
    # Whole sentences per change, so that each language orders its own words.
    member_words = {
        "+": gettext_lazy("added member %(name)s"),
        "-": gettext_lazy("removed member %(name)s"),
        "~": gettext_lazy("changed member %(name)s"),
    }
    agreement_words = {
        "+": gettext_lazy("added agreement “%(title)s”"),
        "-": gettext_lazy("removed agreement “%(title)s”"),
        "~": gettext_lazy("changed agreement “%(title)s”"),
    }
    members = (
        DeskMembership.history.filter(desk_id=desk.pk)
        .select_related("history_user", "user")
        .order_by("-history_date", "-history_id")[:HISTORY_ROWS]
    )
    changes.append(
        [
            DeskChange(
                row.history_date,
                _actor(row),
                member_words[row.history_type] % {"name": row.user.get_username()},
                row.history_change_reason or "",
            )
            for row in members
        ]
    )
    agreements = (
        DeskAgreement.history.filter(desk_id=desk.pk)
        .select_related("history_user", "agreement")
        .order_by("-history_date", "-history_id")[:HISTORY_ROWS]
    )
    changes.append(
        [
            DeskChange(
                row.history_date,
                _actor(row),
                agreement_words[row.history_type] % {"title": row.agreement.title},
                row.history_change_reason or "",
            )
            for row in agreements
        ]
    )
    return list(heapq.merge(*changes, key=lambda change: change.when, reverse=True))


def counterpart_followed_parties(
    *, agreement_id: int, party_ids: list[int]
) -> set[int]:
    """Which of these parties an active counterpart account follows on this
    agreement (one query): the other side of a joint milestone."""
    return set(
        CounterpartAccount.objects.filter(
            agreements=agreement_id,
            party_id__in=party_ids,
            user__is_active=True,
        ).values_list("party_id", flat=True)
    )
