"""Forms of the review queue, the upload and the import: they parse; services write."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from commitments.forms import DateInput
from commitments.forms.common import cadence_clean, cadence_start_check
from commitments.models import Commitment, CommitmentKind, DatePrecision
from core.dates import supported_date_validator
from core.forms import IdChoiceField, IdMultipleChoiceField
from core.limits import limit_exceeded_message, limit_value
from extraction import selectors
from extraction.models import Candidate
from extraction.reading import ReadError, read_text

REASON_MAX = 500


class UploadForm(forms.Form):
    """A new text, uploaded or pasted, with its publication date."""

    published = forms.DateField(
        widget=DateInput(),
        label="Publication date",
        help_text="Relative dates (“this September”) are read against it.",
        validators=[supported_date_validator],
    )
    title = forms.CharField(max_length=400, required=False)
    file = forms.FileField(required=False, help_text=".txt, .md or .html, UTF-8.")
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        strip=False,
        label="…or paste the text",
    )
    url = forms.URLField(required=False, max_length=500, assume_scheme="https")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        upload, pasted = data.get("file"), data.get("text") or ""
        if bool(upload) == bool(pasted.strip()):
            raise ValidationError("Upload a file or paste a text (one of them).")
        if upload and upload.size > limit_value("TEXT_BYTES"):
            self.add_error(
                "file", limit_exceeded_message("TEXT_BYTES", "A text", upload.size)
            )
            return data
        try:
            if upload:
                text, title = read_text(upload.name, upload.read())
                data["file_name"] = upload.name
            else:
                text, title = read_text("pasted.txt", pasted.encode("utf-8"))
                data["file_name"] = ""
        except ReadError as error:
            self.add_error("file" if upload else "text", str(error))
            return data
        data["body"], data["title"] = text, data.get("title") or title
        return data


class AcceptForm(forms.Form):
    """Every field of the commitment a candidate becomes, editable before saving."""

    agreement = IdChoiceField(queryset=selectors.agreement_choices())
    reference = forms.SlugField(max_length=80)
    title = forms.CharField(max_length=300)
    kind = forms.ChoiceField(choices=CommitmentKind.choices)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    parties = IdMultipleChoiceField(
        queryset=selectors.party_choices(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Obligated sides",
    )
    create_proposed_parties = forms.BooleanField(
        required=False,
        label="Also add the proposed sides the directory lacks",
        help_text="Created from the country table, with the capital's time zone.",
    )
    lead_institutions = IdMultipleChoiceField(
        queryset=selectors.institution_choices(),
        required=False,
        help_text="At most one per side.",
    )
    cadence = forms.CharField(
        max_length=300,
        required=False,
        label="Repeats",
        help_text="Blank for a one-off; “quarterly”, “every 3 months” or an RRULE.",
    )
    cadence_phrase = forms.CharField(max_length=200, required=False)
    cadence_start = forms.DateField(
        required=False, widget=DateInput(), label="First occurrence"
    )
    due_date = forms.DateField(required=False, widget=DateInput())
    due_precision = forms.ChoiceField(choices=DatePrecision.choices)
    due_phrase = forms.CharField(max_length=200, required=False)
    resolved_against = forms.DateField(required=False, widget=DateInput())
    resolution_note = forms.CharField(max_length=500, required=False)
    duration_days = forms.IntegerField(required=False, min_value=1)
    reason = forms.CharField(max_length=REASON_MAX, required=False)

    def __init__(self, *args: Any, candidate: Candidate, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidate = candidate

    @classmethod
    def initial_for(cls, candidate: Candidate) -> dict[str, Any]:
        """The candidate's proposal as the form's starting values."""
        names = set(candidate.parties)
        parties = [p for p in selectors.party_choices() if p.name in names]
        leads = {i["name"] for i in candidate.institutions if i.get("known")}
        agreement = candidate.source.agreements.order_by("-date").first()
        return {
            "agreement": agreement.pk if agreement else None,
            "reference": slugify(candidate.title)[:60].strip("-") or "commitment",
            "title": candidate.title,
            "kind": candidate.kind,
            "parties": parties,
            "lead_institutions": [
                i for i in selectors.institution_choices() if i.name in leads
            ],
            "cadence": candidate.cadence_rrule,
            "cadence_phrase": candidate.cadence_phrase,
            "cadence_start": candidate.cadence_start,
            "due_date": candidate.due_date,
            "due_precision": candidate.due_precision,
            "due_phrase": candidate.due_phrase,
            "resolved_against": candidate.resolved_against,
            "resolution_note": candidate.resolution_note,
            "duration_days": candidate.duration_days,
        }

    def clean_reference(self) -> str:
        reference = self.cleaned_data["reference"]
        if (
            reference == "new"
            or Commitment.objects.filter(reference=reference).exists()
        ):
            raise ValidationError("This reference is taken; choose another.")
        return reference

    def clean_cadence(self) -> str:
        return cadence_clean(self.cleaned_data["cadence"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        cadence_start_check(self, data)
        due, precision = data.get("due_date"), data.get("due_precision")
        if due and precision == DatePrecision.UNKNOWN:
            self.add_error("due_precision", "Say how precise the due date is.")
        if not due and precision and precision != DatePrecision.UNKNOWN:
            self.add_error(
                "due_date", "Give the date, or set precision to “No date stated”."
            )
        if not data.get("parties") and not data.get("create_proposed_parties"):
            self.add_error("parties", "Choose at least one obligated side.")
        return data

    def commitment_fields(self) -> dict[str, Any]:
        """The commitment fields for candidate_accept."""
        data = self.cleaned_data
        return {
            "description": data["description"],
            "cadence_rrule": data["cadence"],
            "cadence_phrase": data["cadence_phrase"],
            "cadence_start": data["cadence_start"] if data["cadence"] else None,
            "due_date": data["due_date"],
            "due_precision": data["due_precision"],
            "due_phrase": data["due_phrase"],
            "resolved_against": data["resolved_against"],
            "resolution_note": data["resolution_note"],
            "duration_days": data["duration_days"],
        }


class MergeForm(forms.Form):
    """The commitment that the candidate's quote is another statement of."""

    commitment = IdChoiceField(queryset=selectors.merge_choices())
    reason = forms.CharField(max_length=REASON_MAX, required=False)


class RejectForm(forms.Form):
    """Why the candidate is not a commitment (kept in its history)."""

    reason = forms.CharField(
        max_length=REASON_MAX,
        help_text="For example: “praise, not an undertaking”.",
    )


class ImportForm(forms.Form):
    """A .csv or .xlsx file; checked first, imported on a second press."""

    file = forms.FileField(help_text=".csv or .xlsx, in the template's columns.")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError("Import a .csv or .xlsx file.")
        # Before a byte is read: the limit IMPORT_BYTES.
        if upload.size > limit_value("IMPORT_BYTES"):
            raise ValidationError(
                limit_exceeded_message(
                    "IMPORT_BYTES", "An import file (bytes)", upload.size
                )
            )
        return upload
