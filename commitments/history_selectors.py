"""Reads of the change history as readable diffs: "due date a -> b by A. Khan: why"."""

import datetime
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from commitments.models import Commitment, FollowUp, Milestone

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
    # A follow-up's own words and attachment: a note that changed no field
    # still belongs in the story of the commitment.
    note: str = ""
    evidence_followup_id: int | None = None
    evidence_name: str = ""
    evidence_url: str = ""

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


def _followup_entries(
    commitment: Commitment, followups: Iterable[FollowUp] | None
) -> list[HistoryEntry]:
    if followups is None:
        followups = FollowUp.objects.filter(commitment_id=commitment.pk).select_related(
            "author"
        )
    return [
        HistoryEntry(
            when=followup.created_at,
            actor=_person(followup.author),
            reason="",
            subject=f"{followup.get_kind_display().lower()} of "
            f"{followup.happened_on.isoformat()}",
            action="logged",
            note=followup.note,
            evidence_followup_id=followup.pk if followup.evidence_file else None,
            evidence_name=posixpath.basename(followup.evidence_file.name or ""),
            evidence_url=followup.evidence_url,
        )
        for followup in followups
    ]


def commitment_history(
    *, commitment: Commitment, followups: Iterable[FollowUp] | None = None
) -> list[HistoryEntry]:
    """Changes to a commitment and its milestones as readable diffs, with each
    follow-up logged (its note and attachment), newest first. `followups`: the
    commitment's follow-ups already read (with their authors), e.g. the ones
    its page shows; None reads every one."""
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
    entries += _followup_entries(commitment, followups)
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
