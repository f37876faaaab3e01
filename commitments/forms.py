"""Forms of the staff workspace: they parse and check input; services write."""

import datetime
import zoneinfo
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from commitments import calendars, lifecycle, selectors
from commitments.cadence import CadenceError, rule_from_phrase
from commitments.models import (
    Agreement,
    AgreementKind,
    Commitment,
    CommitmentKind,
    DatePrecision,
    Milestone,
    ScheduleBasis,
    SourceDocument,
    StatusChoices,
)
from commitments.services.followups import REASON_MAX_LENGTH, FollowUpAction
from commitments.services.milestones import suggest_working_day

# Paths such as /agreements/new/ would hide a record with this reference.
RESERVED_REFERENCES = frozenset({"new"})
DATED_PRECISIONS = [
    (value, label) for value, label in DatePrecision.choices if value != "unknown"
]
TIME_ZONES = [(zone, zone) for zone in sorted(zoneinfo.available_timezones())]


class DateInput(forms.DateInput):
    """The browser's own date picker; values travel as ISO dates."""

    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def reason_field(*, required: bool = True, help_text: str = "") -> forms.CharField:
    """Why a change is made; it goes into the history next to the change."""
    return forms.CharField(
        label="Reason for the change",
        max_length=REASON_MAX_LENGTH,
        required=required,
        help_text=help_text or "Shown in the history next to the change.",
    )


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's validation errors next to the fields they name, the rest on
    top of the form."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            # A hidden field has no place to show its error: put it on top.
            field = form.fields.get(name)
            target = name if field and not field.widget.is_hidden else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def non_working_check(
    form: forms.Form, *, field: str, day: datetime.date | None, commitment: Commitment
) -> None:
    """Refuse a holiday or weekend unless the person ticked "keep this date";
    offer the next working day for every obligated side."""
    if day is None or form.cleaned_data.get("keep_non_working"):
        return
    codes = tuple(sorted(o.party.code for o in commitment.obligations.all()))
    reasons = calendars.non_working_reasons(day, codes)
    if not reasons:
        return
    suggestion = suggest_working_day(Milestone(commitment=commitment, due_date=day))
    form.suggested_date = suggestion
    form.add_error(
        field,
        f"{day:%Y-%m-%d} is not a working day ({'; '.join(reasons)}). "
        f"The next working day for every side is {suggestion:%A %Y-%m-%d}: "
        "choose it, or tick “Keep this date” to keep yours.",
    )


class AgreementForm(forms.Form):
    """An agreement: what, when, where, between whom, read from which sources."""

    reference = forms.SlugField(
        max_length=80, help_text="Short unique name used in links, e.g. pk-cn-mou-2026."
    )
    title = forms.CharField(max_length=300)
    kind = forms.ChoiceField(choices=AgreementKind.choices)
    parties = forms.ModelMultipleChoiceField(
        queryset=selectors.party_list(), widget=forms.CheckboxSelectMultiple
    )
    date = forms.DateField(required=False, widget=DateInput())
    date_precision = forms.ChoiceField(
        choices=DATED_PRECISIONS,
        initial=DatePrecision.DAY,
        label="Date precision",
        help_text="How much of the date the sources state.",
    )
    date_is_assumed = forms.BooleanField(
        required=False,
        label="The date is assumed",
        help_text="The sources give no exact date; a person should confirm it.",
    )
    date_note = forms.CharField(max_length=500, required=False, label="Date note")
    place = forms.CharField(max_length=200, required=False)
    time_zone = forms.ChoiceField(
        choices=TIME_ZONES,
        initial=settings.TIME_ZONE,
        help_text="Due dates of this agreement's milestones are days in this zone.",
    )
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    sources = forms.ModelMultipleChoiceField(
        queryset=selectors.source_choices(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reason = reason_field()

    def __init__(self, *args: Any, agreement: Agreement | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        if agreement is not None:
            # The reference is fixed once created: links and feeds point at it.
            del self.fields["reference"]
        else:
            self.fields["reason"].required = False
            self.fields["reason"].help_text = "Optional; defaults to “created”."

    @classmethod
    def initial_for(cls, agreement: Agreement) -> dict[str, Any]:
        """The form's starting values for an existing agreement."""
        initial = {name: getattr(agreement, name) for name in cls.changeable()}
        initial["parties"] = list(agreement.parties.all())
        initial["sources"] = list(agreement.sources.all())
        return initial

    @staticmethod
    def changeable() -> list[str]:
        """Plain fields an edit may change (parties and sources go separately)."""
        return [
            "title",
            "kind",
            "date",
            "date_precision",
            "date_is_assumed",
            "date_note",
            "place",
            "time_zone",
            "summary",
        ]

    def clean_reference(self) -> str:
        reference = self.cleaned_data["reference"]
        if reference in RESERVED_REFERENCES:
            raise ValidationError("This reference is reserved; choose another.")
        return reference

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("date") and "date" not in self.errors:
            data["date_precision"] = DatePrecision.UNKNOWN
        return data


class CommitmentFieldsForm(forms.Form):
    """What a commitment says and when it falls due: shared by create and edit."""

    title = forms.CharField(max_length=300)
    kind = forms.ChoiceField(choices=CommitmentKind.choices)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    cadence = forms.CharField(
        max_length=300,
        required=False,
        label="Repeats",
        help_text=(
            "Blank for a one-off. “quarterly”, “every 3 months”, “annually”, "
            "“twice a year” or an RRULE such as FREQ=MONTHLY;INTERVAL=3."
        ),
    )
    cadence_phrase = forms.CharField(
        max_length=200,
        required=False,
        label="Cadence as the source states it",
    )
    cadence_start = forms.DateField(
        required=False, widget=DateInput(), label="First occurrence"
    )
    cadence_end = forms.DateField(
        required=False, widget=DateInput(), label="Last possible occurrence"
    )
    cadence_count = forms.IntegerField(
        required=False, min_value=1, label="Number of occurrences"
    )
    schedule_basis = forms.ChoiceField(
        choices=ScheduleBasis.choices,
        initial=ScheduleBasis.PLAN,
        label="Next occurrence follows",
    )
    due_date = forms.DateField(
        required=False,
        widget=DateInput(),
        label="Due date",
        help_text="Leave blank when no date is stated: it will show “needs a date”.",
    )
    due_precision = forms.ChoiceField(
        choices=DATED_PRECISIONS, initial=DatePrecision.DAY, label="Date precision"
    )
    due_phrase = forms.CharField(
        max_length=200, required=False, label="Date as the source states it"
    )
    resolution_note = forms.CharField(
        max_length=500,
        required=False,
        label="How the stated phrase became this date",
    )
    duration_days = forms.IntegerField(
        required=False, min_value=1, label="Duration (days)"
    )
    owner = forms.ModelChoiceField(
        queryset=selectors.owner_choices(), required=False, empty_label="(nobody)"
    )

    # The model fields each form field writes, in the order of the form.
    MODEL_FIELDS = (
        "title",
        "kind",
        "description",
        "cadence_rrule",
        "cadence_phrase",
        "cadence_start",
        "cadence_end",
        "cadence_count",
        "schedule_basis",
        "due_date",
        "due_precision",
        "due_phrase",
        "resolution_note",
        "duration_days",
        "owner",
    )

    def __init__(self, *args: Any, can_reassign: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not can_reassign:
            # Reassigning work is a manager's call; officers do not see it.
            del self.fields["owner"]

    def clean_cadence(self) -> str:
        raw = self.cleaned_data["cadence"].strip()
        if not raw:
            return ""
        try:
            return rule_from_phrase(raw)
        except CadenceError as error:
            raise ValidationError(str(error)) from error

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("cadence") and not data.get("cadence_start"):
            self.add_error(
                "cadence_start", "A recurring commitment needs its first date."
            )
        if not data.get("due_date") and "due_date" not in self.errors:
            data["due_precision"] = DatePrecision.UNKNOWN
        return data

    def model_values(self) -> dict[str, Any]:
        """The cleaned values under the model's field names."""
        data = dict(self.cleaned_data)
        data["cadence_rrule"] = data.pop("cadence", "")
        return {name: data[name] for name in self.MODEL_FIELDS if name in data}


class CommitmentEditForm(CommitmentFieldsForm):
    """Edit a commitment; the hidden version catches someone else's edit meanwhile."""

    reason = reason_field()
    version = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def initial_for(cls, commitment: Commitment) -> dict[str, Any]:
        """The form's starting values for an existing commitment."""
        initial = {
            name: getattr(commitment, name)
            for name in cls.MODEL_FIELDS
            if name not in ("cadence_rrule", "owner")
        }
        initial["cadence"] = commitment.cadence_rrule
        initial["owner"] = commitment.owner_id
        initial["version"] = commitment.version
        if commitment.due_precision == DatePrecision.UNKNOWN:
            initial["due_precision"] = DatePrecision.DAY
        return initial

    def changes(self, commitment: Commitment) -> dict[str, Any]:
        """Only the fields whose value differs from the stored commitment."""
        return {
            name: value
            for name, value in self.model_values().items()
            if getattr(commitment, name) != value
        }


class CommitmentCreateForm(CommitmentFieldsForm):
    """A new commitment from a sentence selected in a source document."""

    agreement = forms.ModelChoiceField(queryset=selectors.agreement_choices())
    reference = forms.SlugField(
        max_length=80, help_text="Short unique name used in links, e.g. jwg-quarterly."
    )
    parties = forms.ModelMultipleChoiceField(
        queryset=selectors.party_list(),
        widget=forms.CheckboxSelectMultiple,
        label="Obligated sides",
    )
    lead_institutions = forms.ModelMultipleChoiceField(
        queryset=selectors.institution_list(),
        required=False,
        label="Lead institutions",
        help_text="At most one per obligated side (hold Ctrl to choose several).",
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    source = forms.ModelChoiceField(
        queryset=selectors.source_choices(), widget=forms.HiddenInput
    )
    quote = forms.CharField(widget=forms.HiddenInput, strip=False)
    quote_start = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    quote_end = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    reason = reason_field(
        required=False, help_text="Optional; defaults to “created from a source”."
    )

    field_order = ["agreement", "reference", "title", "kind", "parties"]

    def clean_reference(self) -> str:
        reference = self.cleaned_data["reference"]
        if reference in RESERVED_REFERENCES:
            raise ValidationError("This reference is reserved; choose another.")
        return reference

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        parties = data.get("parties") or []
        leads = data.get("lead_institutions") or []
        seen: set[int] = set()
        for lead in leads:
            if lead.party not in parties:
                self.add_error(
                    "lead_institutions",
                    f"{lead} belongs to {lead.party}, which is not an obligated side.",
                )
            elif lead.party_id in seen:
                self.add_error(
                    "lead_institutions", f"Choose one lead for {lead.party} only."
                )
            seen.add(lead.party_id)
        start, end = data.get("quote_start"), data.get("quote_end")
        if start is not None and end is not None and end <= start:
            self.add_error(None, "Select the sentence again: the selection is empty.")
        return data


class SelectionForm(forms.Form):
    """The source and offsets a selection in the source page sends."""

    source = forms.ModelChoiceField(queryset=selectors.source_choices())
    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=1)
    quote = forms.CharField(required=False, strip=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        source: SourceDocument | None = data.get("source")
        start, end = data.get("start"), data.get("end")
        if source is None or start is None or end is None:
            return data
        text = source.text
        if not start < end <= len(text):
            raise ValidationError("The selection is outside the text; select again.")
        quote = data.get("quote") or ""
        if quote and text[start:end] != quote:
            # The browser counted differently (rare characters): find the
            # quote itself, but only where it occurs exactly once.
            if text.count(quote) != 1:
                raise ValidationError(
                    "The selection does not match the text; select it again."
                )
            start = text.index(quote)
            end = start + len(quote)
        data["start"], data["end"] = start, end
        data["quote"] = text[start:end]
        return data


class FollowUpForm(forms.Form):
    """Log what happened, and optionally complete, move or re-status a milestone."""

    milestone = forms.ModelChoiceField(
        queryset=Milestone.objects.none(),
        required=False,
        empty_label="(the commitment as a whole)",
    )
    action = forms.ChoiceField(
        choices=[
            (FollowUpAction.NOTE, "Note or evidence only"),
            (FollowUpAction.COMPLETE, "Mark the milestone done"),
            (FollowUpAction.RESCHEDULE, "Move the milestone to another day"),
            (FollowUpAction.STATUS, "Change the status"),
        ],
        initial=FollowUpAction.NOTE,
        widget=forms.RadioSelect,
        label="What happened",
    )
    happened_on = forms.DateField(widget=DateInput(), label="Date")
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="E.g. “JWG meeting held in Islamabad, minutes attached”.",
    )
    status = forms.ChoiceField(
        choices=[("", "—"), *StatusChoices.choices], required=False, label="New status"
    )
    reason = reason_field(
        required=False,
        help_text="Needed to move a milestone or to mark it missed or cancelled.",
    )
    due_date = forms.DateField(required=False, widget=DateInput(), label="New date")
    keep_non_working = forms.BooleanField(
        required=False, label="Keep this date even though it is not a working day"
    )
    evidence_file = forms.FileField(
        required=False,
        label="Evidence file",
        help_text="",
    )
    evidence_url = forms.URLField(
        max_length=500,
        required=False,
        label="Evidence link",
        assume_scheme="https",
    )

    def __init__(
        self,
        *args: Any,
        commitment: Commitment,
        can_close: bool = False,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.commitment = commitment
        self.can_close = can_close
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
        self.fields["evidence_file"].help_text = f"Up to {limit} MB: {allowed}."
        self.fields["evidence_file"].widget.attrs["accept"] = ",".join(
            f".{ext}" for ext in sorted(settings.TRACKER_EVIDENCE_EXTENSIONS)
        )

    def clean_happened_on(self) -> datetime.date:
        day = self.cleaned_data["happened_on"]
        # One day of slack: the other side's today may be ahead of ours.
        if day > timezone.localdate() + datetime.timedelta(days=1):
            raise ValidationError(
                "A follow-up records what happened: not a future date."
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
                self.add_error("note", "Write a note or attach evidence.")
        elif action in (FollowUpAction.COMPLETE, FollowUpAction.RESCHEDULE):
            if milestone is None and "milestone" not in self.errors:
                self.add_error("milestone", "Choose the milestone this concerns.")
            elif milestone is not None and not lifecycle.is_open(milestone.status):
                self.add_error(
                    "milestone",
                    f"This milestone is already "
                    f"{milestone.get_status_display().lower()}; reopen it with a "
                    "status change first.",
                )
        if action == FollowUpAction.RESCHEDULE:
            if not data.get("due_date") and "due_date" not in self.errors:
                self.add_error("due_date", "Choose the new date.")
            if not reason:
                self.add_error("reason", "Say why the milestone moves.")
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
            self.add_error("status", "Choose the new status.")
            return
        if milestone is None and not self.can_close:
            self.add_error(
                "milestone",
                "Choose a milestone: only a manager sets the commitment's own status.",
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
    label = milestone.title or "Occurrence"
    status = milestone.get_status_display()
    return f"{label} — due {milestone.due_date:%Y-%m-%d} ({status})"


class MilestoneForm(forms.Form):
    """Add an occurrence outside the cadence, or rename or move one."""

    title = forms.CharField(
        max_length=300,
        required=False,
        help_text="E.g. “Second JWG meeting, Islamabad”; blank uses the commitment's.",
    )
    due_date = forms.DateField(widget=DateInput(), label="Due date")
    keep_non_working = forms.BooleanField(
        required=False, label="Keep this date even though it is not a working day"
    )
    reason = reason_field()

    def __init__(
        self,
        *args: Any,
        commitment: Commitment,
        milestone: Milestone | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.commitment = commitment
        self.milestone = milestone
        self.suggested_date: datetime.date | None = None
        if milestone is not None and not lifecycle.is_open(milestone.status):
            self.fields["due_date"].disabled = True
            self.fields[
                "due_date"
            ].help_text = "A closed milestone keeps its date; reopen it to move it."

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        day = data.get("due_date")
        unchanged = self.milestone is not None and day == self.milestone.due_date
        if not unchanged:
            non_working_check(
                self, field="due_date", day=day, commitment=self.commitment
            )
        return data
