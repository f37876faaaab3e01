"""The follow-up form and the milestone form."""

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from commitments import lifecycle
from commitments.forms.common import (
    SupportedDateField,
    non_working_check,
    reason_field,
)
from commitments.models import (
    Commitment,
    FollowUpVisibility,
    Milestone,
    StatusChoices,
)
from commitments.services.followups import FollowUpAction
from core.forms import IdChoiceField


class FollowUpForm(forms.Form):
    """Log what happened, and optionally complete, move or re-status a milestone."""

    milestone = IdChoiceField(
        queryset=Milestone.objects.none(),
        required=False,
        label=_("Milestone"),
        empty_label=_("(the commitment as a whole)"),
    )
    action = forms.ChoiceField(
        choices=[
            (FollowUpAction.NOTE, _("Note or evidence only")),
            (FollowUpAction.COMPLETE, _("Mark the milestone done")),
            (FollowUpAction.RESCHEDULE, _("Move the milestone to another day")),
            (FollowUpAction.STATUS, _("Change the status")),
        ],
        initial=FollowUpAction.NOTE,
        widget=forms.RadioSelect,
        label=_("What happened"),
    )
    happened_on = SupportedDateField(label=_("Date"))
    # Asked every time, never assumed silently: "internal" is pre-selected and
    # says so; a counterpart's form drops the field (its entries are shared).
    visibility = forms.ChoiceField(
        choices=FollowUpVisibility.choices,
        initial=FollowUpVisibility.INTERNAL,
        widget=forms.RadioSelect,
        label=_("Who may read it"),
        help_text=_(
            "Internal: the ministry only. Shared: the counterpart of this "
            "agreement reads the note and the evidence too."
        ),
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("E.g. “JWG meeting held in Islamabad, minutes attached”."),
    )
    status = forms.ChoiceField(
        choices=[("", "—"), *StatusChoices.choices],
        required=False,
        label=_("New status"),
    )
    reason = reason_field(
        required=False,
        help_text=_("Needed to move a milestone or to mark it missed or cancelled."),
    )
    due_date = SupportedDateField(required=False, label=_("New date"))
    keep_non_working = forms.BooleanField(
        required=False, label=_("Keep this date even though it is not a working day")
    )
    evidence_file = forms.FileField(
        required=False,
        label=_("Evidence file"),
        help_text="",
    )
    evidence_url = forms.URLField(
        max_length=500,
        required=False,
        label=_("Evidence link"),
        assume_scheme="https",
    )

    def __init__(
        self,
        *args: Any,
        commitment: Commitment,
        can_close: bool = False,
        can_change_milestones: bool = True,
        is_counterpart: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.commitment = commitment
        self.can_close = can_close
        self.is_counterpart = is_counterpart
        if is_counterpart:
            del self.fields["visibility"]
        if not can_change_milestones:
            # The same rule followup_log applies: offer only what will be allowed.
            self.fields["action"].choices = [
                choice
                for choice in self.fields["action"].choices
                if choice[0] == FollowUpAction.NOTE
            ]
            self.fields["action"].help_text = _(
                "Only the commitment's owner or a manager completes, moves or "
                "re-statuses its milestones; you can log notes and evidence."
            )
            if is_counterpart:
                self.fields["action"].help_text = _(
                    "Your follow-ups are shared with the ministry. Propose a new "
                    "date or status, or confirm a milestone, from the "
                    "commitment's page."
                )
        self.suggested_date: datetime.date | None = None
        milestones = list(commitment.milestones.all())
        self.fields["milestone"].queryset = Milestone.objects.filter(
            commitment=commitment
        ).order_by("due_date", "id")
        self.fields["milestone"].label_from_instance = _milestone_label
        # Reuse the loaded rows instead of querying once more to render.
        self.fields["milestone"].widget.choices = [
            ("", self.fields["milestone"].empty_label),
            *((m.pk, _milestone_label(m)) for m in milestones),
        ]
        self.fields["happened_on"].initial = timezone.localdate()
        limit = settings.TRACKER_EVIDENCE_MAX_BYTES // (1024 * 1024)
        allowed = ", ".join(sorted(settings.TRACKER_EVIDENCE_EXTENSIONS))
        self.fields["evidence_file"].help_text = _(
            "Up to %(limit)s MB: %(allowed)s."
        ) % {"limit": limit, "allowed": allowed}
        self.fields["evidence_file"].widget.attrs["accept"] = ",".join(
            f".{ext}" for ext in sorted(settings.TRACKER_EVIDENCE_EXTENSIONS)
        )

    def clean_happened_on(self) -> datetime.date:
        day = self.cleaned_data["happened_on"]
        # One day of slack: the other side's today may be ahead of ours.
        if day > timezone.localdate() + datetime.timedelta(days=1):
            raise ValidationError(
                _("A follow-up records what happened: not a future date.")
            )
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        action = data.get("action")
        milestone: Milestone | None = data.get("milestone")
        reason = (data.get("reason") or "").strip()
        if action == FollowUpAction.NOTE:
            if not (
                (data.get("note") or "").strip()
                or data.get("evidence_file")
                or data.get("evidence_url")
                or "evidence_file" in self.errors
                or "evidence_url" in self.errors
            ):
                self.add_error("note", _("Write a note or attach evidence."))
        elif action in (FollowUpAction.COMPLETE, FollowUpAction.RESCHEDULE):
            if milestone is None and "milestone" not in self.errors:
                self.add_error("milestone", _("Choose the milestone this concerns."))
            elif milestone is not None and not lifecycle.is_open(milestone.status):
                self.add_error(
                    "milestone",
                    _(
                        "This milestone is already %(status)s; reopen it with a "
                        "status change first."
                    )
                    % {"status": str(milestone.get_status_display()).lower()},
                )
        if action == FollowUpAction.RESCHEDULE:
            if not data.get("due_date") and "due_date" not in self.errors:
                self.add_error("due_date", _("Choose the new date."))
            if not reason:
                self.add_error("reason", _("Say why the milestone moves."))
            non_working_check(
                self,
                field="due_date",
                day=data.get("due_date"),
                commitment=self.commitment,
            )
        if action == FollowUpAction.STATUS:
            self._clean_status(data, milestone, reason)
        return data

    def _clean_status(
        self, data: dict[str, Any], milestone: Milestone | None, reason: str
    ) -> None:
        status = data.get("status")
        if not status:
            self.add_error("status", _("Choose the new status."))
            return
        if milestone is None and not self.can_close:
            self.add_error(
                "milestone",
                _(
                    "Choose a milestone: only a manager sets the commitment's "
                    "own status."
                ),
            )
            return
        current = milestone.status if milestone else self.commitment.status
        try:
            lifecycle.check_transition(current, status, reason=reason)
        except lifecycle.TransitionError as error:
            target = "reason" if status in lifecycle.REASON_REQUIRED else "status"
            message = str(error)
            if milestone is None:
                message = message.replace("milestone", "commitment")
            self.add_error(target, message)


def _milestone_label(milestone: Milestone) -> str:
    label = milestone.title or gettext("Occurrence")
    status = milestone.get_status_display()
    return gettext("%(label)s — due %(date)s (%(status)s)") % {
        "label": label,
        "date": f"{milestone.due_date:%Y-%m-%d}",
        "status": status,
    }


class MilestoneForm(forms.Form):
    """Add an occurrence outside the cadence, or rename or move one."""

    title = forms.CharField(
        max_length=300,
        required=False,
        help_text=_(
            "E.g. “Second JWG meeting, Islamabad”; blank uses the commitment's."
        ),
    )
    due_date = SupportedDateField(label=_("Due date"))
    keep_non_working = forms.BooleanField(
        required=False, label=_("Keep this date even though it is not a working day")
    )
    reason = reason_field()

    def __init__(
        self,
        *args: Any,
        commitment: Commitment,
        milestone: Milestone | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.commitment = commitment
        self.milestone = milestone
        self.suggested_date: datetime.date | None = None
        if milestone is not None and not lifecycle.is_open(milestone.status):
            self.fields["due_date"].disabled = True
            self.fields["due_date"].help_text = _(
                "A closed milestone keeps its date; reopen it to move it."
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        day = data.get("due_date")
        unchanged = self.milestone is not None and day == self.milestone.due_date
        if not unchanged:
            non_working_check(
                self, field="due_date", day=day, commitment=self.commitment
            )
        return data
