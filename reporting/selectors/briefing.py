"""The briefing pack before a ministerial review: per agreement or per counterpart.

Status of every commitment, what was done since the last review, what is
overdue and why (the last follow-up note), and the next milestones. A fixed
number of queries whatever the number of commitments.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Exists, Max, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from access.scope import visible_agreements, visible_commitments, visible_followups
from commitments.lifecycle import OPEN_STATUSES
from commitments.models import (
    Agreement,
    Commitment,
    CommitmentKind,
    FollowUp,
    Milestone,
    Obligation,
    Party,
    StatusChoices,
)
from core.country_names import country_name

User = AbstractBaseUser | AnonymousUser
OPEN = sorted(status.value for status in OPEN_STATUSES)
# Without a review to start from, a pack covers this many days.
DEFAULT_SINCE_DAYS = 90
UPCOMING_DAYS = 90
# Enough for any real agreement; a pack is read by a minister, not scrolled.
MAX_ENTRIES = 200


@dataclass
class Briefing:
    """Everything a briefing pack shows."""

    title: str
    subject: str
    today: datetime.date
    since: datetime.date
    since_note: str
    commitments: list[Commitment] = field(default_factory=list)
    status_counts: list[tuple[str, str, int]] = field(default_factory=list)
    followups: list[FollowUp] = field(default_factory=list)
    completed: list[Milestone] = field(default_factory=list)
    overdue: list[Milestone] = field(default_factory=list)
    upcoming: list[Milestone] = field(default_factory=list)


def _latest_followup(user: User, outer: Q) -> QuerySet[FollowUp]:
    # Only a note the reader may see (a counterpart: shared ones).
    return visible_followups(user, FollowUp.objects.filter(outer)).order_by(
        "-happened_on", "-created_at", "-pk"
    )


def last_review_date(
    commitments: QuerySet[Commitment], *, today: datetime.date
) -> datetime.date | None:
    """The day the latest review meeting among these commitments was held."""
    return Milestone.objects.filter(
        commitment__in=commitments,
        commitment__kind=CommitmentKind.REVIEW,
        status=StatusChoices.DONE,
        completed_on__lte=today,
    ).aggregate(last=Max("completed_on"))["last"]


def _since(
    commitments: QuerySet[Commitment],
    since: datetime.date | None,
    today: datetime.date,
) -> tuple[datetime.date, str]:
    if since is not None:
        return since, _("the date asked for")
    review = last_review_date(commitments, today=today)
    if review is not None:
        return review, _("the last review meeting")
    start = today - datetime.timedelta(days=DEFAULT_SINCE_DAYS)
    return start, ngettext(
        "%(days)s day ago (no review meeting held yet)",
        "%(days)s days ago (no review meeting held yet)",
        DEFAULT_SINCE_DAYS,
    ) % {"days": DEFAULT_SINCE_DAYS}


def _build(
    commitments: QuerySet[Commitment],
    *,
    user: User,
    title: str,
    subject: str,
    since: datetime.date | None,
    today: datetime.date,
) -> Briefing:
    # Whatever the caller chose, only what the reader may see.
    commitments = visible_commitments(user, commitments)
    start, note = _since(commitments, since, today)
    last_note = _latest_followup(user, Q(commitment_id=OuterRef("pk")))
    rows = list(
        commitments.select_related("agreement", "owner")
        .prefetch_related(
            Prefetch(
                "obligations",
                queryset=Obligation.objects.select_related("party", "lead_institution"),
            )
        )
        .annotate(
            next_due=Min("milestones__due_date", filter=Q(milestones__status__in=OPEN)),
            last_note=Subquery(last_note.values("note")[:1]),
            last_note_on=Subquery(last_note.values("happened_on")[:1]),
        )
        .order_by("agreement__title", "title")
    )
    counts = Counter(row.status for row in rows)
    milestones = Milestone.objects.filter(commitment__in=commitments).select_related(
        "commitment__agreement", "commitment__owner"
    )
    why = _latest_followup(
        user,
        Q(milestone_id=OuterRef("pk"))
        | Q(commitment_id=OuterRef("commitment_id"), milestone__isnull=True),
    )
    return Briefing(
        title=title,
        subject=subject,
        today=today,
        since=start,
        since_note=note,
        commitments=rows,
        status_counts=[
            (value, label, counts[value])
            for value, label in StatusChoices.choices
            if counts[value]
        ],
        followups=list(
            visible_followups(
                user,
                FollowUp.objects.filter(
                    commitment__in=commitments, happened_on__gte=start
                ),
            )
            .select_related("commitment", "milestone", "author")
            .order_by("-happened_on", "-created_at")[:MAX_ENTRIES]
        ),
        completed=list(
            milestones.filter(
                status=StatusChoices.DONE, completed_on__gte=start
            ).order_by("-completed_on", "id")[:MAX_ENTRIES]
        ),
        overdue=list(
            milestones.filter(status=StatusChoices.OVERDUE)
            .annotate(
                last_note=Subquery(why.values("note")[:1]),
                last_note_on=Subquery(why.values("happened_on")[:1]),
            )
            .order_by("due_date", "id")[:MAX_ENTRIES]
        ),
        upcoming=list(
            milestones.filter(
                status__in=OPEN,
                due_date__gte=today,
                due_date__lte=today + datetime.timedelta(days=UPCOMING_DAYS),
            ).order_by("due_date", "id")[:MAX_ENTRIES]
        ),
    )


def briefing_for_agreement(
    *,
    user: User,
    agreement: Agreement,
    since: datetime.date | None,
    today: datetime.date,
) -> Briefing:
    """The pack for one agreement, as `user` may see it (the view has already
    answered 404 for an agreement outside their scope)."""
    return _build(
        Commitment.objects.filter(agreement=agreement),
        user=user,
        title=agreement.title,
        subject="agreement",
        since=since,
        today=today,
    )


def briefing_for_party(
    *,
    user: User,
    party: Party,
    since: datetime.date | None,
    today: datetime.date,
) -> Briefing:
    """The pack for a counterpart: every commitment of the agreements it is a
    side to, whichever side owes it, among those `user` may see."""
    sides = Agreement.parties.through.objects.filter(
        agreement_id=OuterRef("agreement_id"), party=party
    )
    return _build(
        Commitment.objects.filter(Exists(sides)),
        user=user,
        title=_("Commitments with %(party)s") % {"party": party_name(party)},
        subject="party",
        since=since,
        today=today,
    )


def party_name(party: Party) -> str:
    """The party's country name in the active language (CLDR), else its name."""
    return country_name(party.iso_code, party.name, translation.get_language())


def briefing_subjects(user: User) -> tuple[QuerySet[Agreement], QuerySet[Party]]:
    """Agreements (those `user` may see) and parties a pack can be made for."""
    return (
        visible_agreements(user)
        .only("reference", "title", "date")
        .order_by("-date", "title"),
        Party.objects.order_by("name"),
    )
