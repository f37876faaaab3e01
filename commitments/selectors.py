"""Every read a view, export, command or task needs, with its joins applied."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Case, Count, F, Min, Prefetch, Q, QuerySet, Value, When

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


def agreement_list_with_counts() -> QuerySet[Agreement]:
    """Agreements with the number of their commitments in each status."""
    counts = {
        f"count_{status}": Count("commitments", filter=Q(commitments__status=status))
        for status in StatusChoices.values
    }
    return Agreement.objects.prefetch_related("parties").annotate(
        commitment_count=Count("commitments"), **counts
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


def commitment_overview() -> QuerySet[Commitment]:
    """Commitments for lists: agreement, owner, sides and leads joined, the next
    open due date, and urgency (quotes left out: lists do not show them)."""
    return (
        Commitment.objects.select_related("agreement", "owner")
        .prefetch_related(
            Prefetch(
                "obligations",
                queryset=Obligation.objects.select_related("party", "lead_institution"),
            )
        )
        .annotate(
            next_due=Min("milestones__due_date", filter=Q(milestones__status__in=OPEN)),
            urgency=URGENCY,
        )
    )


def commitment_search() -> QuerySet[Commitment]:
    """Every commitment for the search page, most urgent first."""
    return commitment_overview().order_by("urgency", "next_due", "title", "pk")


def my_work_milestones(*, user: AbstractBaseUser) -> QuerySet[Milestone]:
    """Open milestones of the commitments a person owns: overdue, due soon, then
    the rest, each by date."""
    return (
        Milestone.objects.filter(
            commitment__owner=user,
            status__in=OPEN,
            commitment__status__in=OPEN,
        )
        .select_related("commitment__agreement")
        .annotate(urgency=URGENCY)
        .order_by("urgency", "due_date", "id")
    )


def my_work_commitments(*, user: AbstractBaseUser) -> QuerySet[Commitment]:
    """The commitments a person owns, most urgent first."""
    return (
        commitment_overview()
        .filter(owner=user)
        .order_by("urgency", F("next_due").asc(nulls_last=True), "title")
    )


def unassigned_commitments() -> QuerySet[Commitment]:
    """Open commitments nobody owns yet, most urgent first (a manager's to-do)."""
    return (
        commitment_overview()
        .filter(owner__isnull=True, status__in=OPEN)
        .order_by("urgency", F("next_due").asc(nulls_last=True), "title")
    )


def agreement_get(*, reference: str) -> Agreement:
    """One agreement with its status counts, parties and sources (texts left out)."""
    return (
        agreement_list_with_counts()
        .prefetch_related(
            Prefetch("sources", queryset=SourceDocument.objects.defer("text"))
        )
        .get(reference=reference)
    )


def agreement_for_edit(*, reference: str) -> Agreement:
    """One agreement with its parties and sources, for its edit form."""
    return Agreement.objects.prefetch_related(
        "parties", Prefetch("sources", queryset=SourceDocument.objects.defer("text"))
    ).get(reference=reference)


def agreement_commitments(*, agreement: Agreement) -> QuerySet[Commitment]:
    """An agreement's commitments, most urgent first."""
    return (
        commitment_overview()
        .filter(agreement=agreement)
        .order_by("urgency", F("next_due").asc(nulls_last=True), "title")
    )


def agreement_choices() -> QuerySet[Agreement]:
    """Agreements for a select box."""
    return Agreement.objects.only("pk", "title", "date").order_by("-date", "title")


def party_list() -> QuerySet[Party]:
    """Every party, by name."""
    return Party.objects.order_by("name")


def institution_list() -> QuerySet[Institution]:
    """Every institution with its party, grouped by party."""
    return Institution.objects.select_related("party").order_by("party__name", "name")


def source_choices() -> QuerySet[SourceDocument]:
    """Source documents for a select box (texts left out)."""
    return SourceDocument.objects.defer("text").order_by("title")


def owner_choices() -> QuerySet[AbstractBaseUser]:
    """People who can own commitments: active accounts, the system account excluded."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(username=settings.TRACKER_SYSTEM_USERNAME)
        .order_by("first_name", "last_name", "username")
    )


def commitment_detail(*, reference: str) -> Commitment:
    """One commitment with its quotes and sources, milestones and follow-ups."""
    return (
        commitment_list()
        .prefetch_related(
            Prefetch(
                "milestones", queryset=Milestone.objects.order_by("due_date", "id")
            ),
            Prefetch(
                "followups",
                queryset=FollowUp.objects.select_related("author", "milestone"),
            ),
        )
        .get(reference=reference)
    )


def commitment_for_edit(*, reference: str) -> Commitment:
    """One commitment with its agreement, owner and sides (for forms and checks)."""
    return (
        Commitment.objects.select_related("agreement", "owner")
        .prefetch_related(
            Prefetch(
                "obligations",
                queryset=Obligation.objects.select_related("party", "lead_institution"),
            ),
            Prefetch(
                "milestones", queryset=Milestone.objects.order_by("due_date", "id")
            ),
        )
        .get(reference=reference)
    )


def milestone_get(*, pk: int) -> Milestone:
    """One milestone with its commitment, agreement and obligated sides."""
    return (
        Milestone.objects.select_related("commitment__agreement", "commitment__owner")
        .prefetch_related(
            Prefetch(
                "commitment__obligations",
                queryset=Obligation.objects.select_related("party"),
            )
        )
        .get(pk=pk)
    )


def followup_get(*, pk: int) -> FollowUp:
    """One follow-up with its commitment."""
    return FollowUp.objects.select_related("commitment").get(pk=pk)


def source_list() -> QuerySet[SourceDocument]:
    """Source documents with their agreements and number of quotes (texts left out)."""
    return (
        SourceDocument.objects.defer("text")
        .prefetch_related("agreements")
        .annotate(quote_count=Count("quotes"))
        .order_by("-published_on", "title")
    )


def source_get(*, pk: int) -> SourceDocument:
    """One source with its text, agreements and the commitments quoting it."""
    return SourceDocument.objects.prefetch_related(
        "agreements",
        Prefetch(
            "quotes",
            queryset=Provenance.objects.select_related("commitment").order_by(
                "quote_start"
            ),
        ),
    ).get(pk=pk)


# --- History as readable diffs --------------------------------------------------

# Fields that change with every sweep or follow from another field: showing them
# would bury the changes a person made.
HISTORY_HIDDEN: dict[type, frozenset[str]] = {
    Commitment: frozenset({"agreement"}),
    Milestone: frozenset(
        {"commitment", "due_at", "overdue_flagged_at", "status_reason"}
    ),
}
# Bulk-created rows (one generation run) share a moment to within a second.
_SAME_RUN = datetime.timedelta(seconds=1)


@dataclass(frozen=True)
class FieldChange:
    """One field's old and new value, as words."""

    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    """One recorded change: what, who, when, why."""

    when: datetime.datetime
    actor: str
    reason: str
    subject: str
    action: str  # "created", "changed" or "removed"
    changes: list[FieldChange] = field(default_factory=list)
    version: int | None = None

    @property
    def sentence(self) -> str:
        """The change as one line: 'due date 2026-06-01 -> 2026-07-15 by A. Khan: …'."""
        what = "; ".join(f"{c.label} {c.old} -> {c.new}" for c in self.changes)
        what = what or f"{self.subject} {self.action}"
        reason = f": {self.reason}" if self.reason else ""
        return f"{what} by {self.actor}{reason}"


def _person(user: AbstractBaseUser | None) -> str:
    if user is None:
        return "unknown"
    return user.get_full_name() or user.get_username()


def _words(model: type, name: str, value: object, people: dict[int, str]) -> str:
    if value in (None, ""):
        return "—"
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        return people.get(value, f"#{value}") if name == "owner" else f"#{value}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _milestone_subject(record: Any) -> str:
    day = record.scheduled_date or record.due_date
    return f"milestone “{record.title}”" if record.title else f"milestone of {day}"


def _entries(
    model: type, records: list[Any], subject: Any, people: dict[int, str]
) -> list[HistoryEntry]:
    hidden = HISTORY_HIDDEN.get(model, frozenset())
    entries: list[HistoryEntry] = []
    previous: dict[int, Any] = {}
    for record in records:
        before = previous.get(record.id)
        previous[record.id] = record
        entry = HistoryEntry(
            when=record.history_date,
            actor=_person(record.history_user),
            reason=record.history_change_reason or "",
            subject=subject(record),
            action={"+": "created", "-": "removed"}.get(record.history_type, "changed"),
            version=getattr(record, "version", None),
        )
        if record.history_type == "~" and before is not None:
            delta = record.diff_against(before, excluded_fields=hidden)
            entry.changes = [
                FieldChange(
                    label=str(model._meta.get_field(change.field).verbose_name),
                    old=_words(model, change.field, change.old, people),
                    new=_words(model, change.field, change.new, people),
                )
                for change in delta.changes
            ]
            if not entry.changes:
                continue  # only hidden fields moved (a sweep's timestamp)
        entries.append(entry)
    return entries


def _merge_generated(entries: list[HistoryEntry]) -> list[HistoryEntry]:
    # One generation run creates a year of milestones; one line says it.
    merged: list[HistoryEntry] = []
    days: list[str] = []
    for entry in entries:
        last = merged[-1] if merged else None
        if (
            last is not None
            and entry.action == last.action == "created"
            and (entry.actor, entry.reason) == (last.actor, last.reason)
            and abs(entry.when - last.when) <= _SAME_RUN
        ):
            days.append(entry.subject.removeprefix("milestone of "))
            last.subject = f"{len(days)} milestones: {', '.join(days)}"
            continue
        days = [entry.subject.removeprefix("milestone of ")]
        merged.append(entry)
    return merged


def _owner_names(records: list[Any]) -> dict[int, str]:
    ids = {record.owner_id for record in records if record.owner_id}
    users = get_user_model().objects.filter(pk__in=ids)
    return {user.pk: _person(user) for user in users} if ids else {}


def commitment_history(*, commitment: Commitment) -> list[HistoryEntry]:
    """Changes to a commitment and its milestones as readable diffs, newest first."""
    own = list(
        commitment.history.select_related("history_user").order_by(
            "history_date", "history_id"
        )
    )
    milestones = list(
        Milestone.history.filter(commitment_id=commitment.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    people = _owner_names(own)
    entries = _entries(Commitment, own, lambda record: "commitment", people)
    entries += _merge_generated(
        _entries(Milestone, milestones, _milestone_subject, people)
    )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def commitment_changes_since(
    *, commitment: Commitment, version: int
) -> list[HistoryEntry]:
    """The commitment's own changes after the version an editor loaded, newest first."""
    return [
        entry
        for entry in commitment_history(commitment=commitment)
        if entry.subject == "commitment"
        and entry.version is not None
        and entry.version > version
    ]
