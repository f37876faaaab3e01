"""Reads of the change history as readable diffs: "due date a -> b by A. Khan: why"."""

import datetime
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _

from commitments.models import Commitment, FollowUp, Milestone

# Fields that change with every sweep or follow from another field: showing them
# would bury the changes a person made.
HISTORY_HIDDEN: dict[type, frozenset[str]] = {
    Commitment: frozenset({"agreement"}),
    Milestone: frozenset(
        {"commitment", "due_at", "overdue_flagged_at", "status_reason"}
    ),
}
# What the history panel calls each field, in the reader's language: the
# models' verbose names (derived from the field names) as msgids, so the
# English stays as it was and the translations say what the field means.
FIELD_LABELS = {
    "reference": _("reference"),
    "title": _("title"),
    "description": _("description"),
    "kind": _("kind"),
    "cadence_rrule": _("cadence rrule"),
    "cadence_phrase": _("cadence phrase"),
    "cadence_start": _("cadence start"),
    "cadence_end": _("cadence end"),
    "cadence_count": _("cadence count"),
    "schedule_basis": _("schedule basis"),
    "due_date": _("due date"),
    "due_precision": _("due precision"),
    "due_phrase": _("due phrase"),
    "resolved_against": _("resolved against"),
    "resolution_note": _("resolution note"),
    "duration_days": _("duration days"),
    "quantity": _("quantity"),
    "quantity_unit": _("quantity unit"),
    "status": _("status"),
    "owner": _("owner"),
    "archived_at": _("archived at"),
    "archived_by": _("archived by"),
    "archive_reason": _("archive reason"),
    "archived_from_status": _("archived from status"),
    "scheduled_date": _("scheduled date"),
    "completed_on": _("completed on"),
    "is_extra": _("is extra"),
    "non_working_note": _("non working note"),
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
    # The subject as parts, so that it is worded in the reader's language:
    # "commitment", "milestone", "milestones" (one generation run) or "followup".
    subject_kind: str = ""
    subject_title: str = ""
    subject_days: list[str] = field(default_factory=list)

    @property
    def subject_label(self) -> str:
        """The subject in the active language ("Milestone of 2026-04-07")."""
        days = ", ".join(self.subject_days)
        if self.subject_kind == "commitment":
            return gettext("Commitment")
        if self.subject_kind == "milestone" and self.subject_title:
            return gettext("Milestone “%(title)s”") % {"title": self.subject_title}
        if self.subject_kind == "milestone":
            return gettext("Milestone of %(date)s") % {"date": days}
        if self.subject_kind == "milestones":
            count = len(self.subject_days)
            return ngettext(
                "%(count)s milestone: %(dates)s",
                "%(count)s milestones: %(dates)s",
                count,
            ) % {"count": count, "dates": days}
        if self.subject_kind == "followup":
            return gettext("%(kind)s of %(date)s") % {
                "kind": self.subject_title,
                "date": days,
            }
        return self.subject

    @property
    def headline(self) -> str:
        """What happened, with no field diff: "Commitment created"."""
        action = {
            "created": pgettext("history", "created"),
            "changed": pgettext("history", "changed"),
            "removed": pgettext("history", "removed"),
            "logged": pgettext("history", "logged"),
        }.get(self.action, self.action)
        return gettext("%(subject)s %(action)s") % {
            "subject": self.subject_label,
            "action": action,
        }

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
        return gettext("yes") if value else gettext("no")
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
            subject_kind="commitment" if model is Commitment else "milestone",
            subject_title=getattr(record, "title", "") if model is Milestone else "",
            subject_days=[str(record.scheduled_date or record.due_date)]
            if model is Milestone
            else [],
        )
        if record.history_type == "~" and before is not None:
            delta = record.diff_against(before, excluded_fields=hidden)
            entry.changes = [
                FieldChange(
                    label=str(
                        FIELD_LABELS.get(
                            change.field,
                            model._meta.get_field(change.field).verbose_name,
                        )
                    ),
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
            last.subject_kind, last.subject_days = "milestones", list(days)
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
            subject_kind="followup",
            subject_title=str(followup.get_kind_display()),
            subject_days=[followup.happened_on.isoformat()],
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
