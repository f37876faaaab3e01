"""Forms of the review queue, the upload and the import: they parse; services write."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from commitments.forms import DateInput
from commitments.forms.common import (
    cadence_clean,
    cadence_initial,
    cadence_start_check,
    quantity_check,
    quantity_field,
    quantity_unit_field,
)
from commitments.models import (
    AgreementKind,
    Commitment,
    CommitmentKind,
    DatePrecision,
    Party,
)
from commitments.services.directory import country_lookup, party_match
from core.dates import supported_date_validator
from core.forms import IdChoiceField, IdMultipleChoiceField
from core.limits import limit_exceeded_message, limit_value
from extraction import selectors
from extraction.models import Candidate
from extraction.reading import ReadError, read_text
from extraction.services.review import NEW_PARTY_PREFIX

REASON_MAX = 500


class UploadForm(forms.Form):
    """A new text, uploaded or pasted, with its publication date."""

    published = forms.DateField(
        widget=DateInput(),
        label=_("Publication date"),
        help_text=_("Relative dates (“this September”) are read against it."),
        validators=[supported_date_validator],
    )
    title = forms.CharField(max_length=400, required=False, label=_("Title"))
    file = forms.FileField(
        required=False, label=_("File"), help_text=_(".txt, .md or .html, UTF-8.")
    )
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        strip=False,
        label=_("…or paste the text"),
    )
    url = forms.URLField(
        required=False, max_length=500, assume_scheme="https", label=_("Address (URL)")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        upload, pasted = data.get("file"), data.get("text") or ""
        if bool(upload) == bool(pasted.strip()):
            raise ValidationError(_("Upload a file or paste a text (one of them)."))
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


def _side_tokens(values: Any) -> list[Any]:
    """Party rows for directory ids, names (with NEW_PARTY_PREFIX) as they are."""
    values = list(values or [])
    ids = [int(v) for v in values if str(v).isdigit()]
    rows = {str(p.pk): p for p in Party.objects.filter(pk__in=ids)}
    return [rows.get(str(v), v) for v in values]


class SidesField(forms.MultipleChoiceField):
    """Sides from the directory (by id) and proposed ones it lacks (by name)."""

    widget = forms.CheckboxSelectMultiple

    def clean(self, value: Any) -> list[Any]:
        return _side_tokens(super().clean(value))


class AcceptForm(forms.Form):
    """Every field of the commitment a candidate becomes, editable before
    saving; the agreement, sides and institution it needs may be made here."""

    agreement = IdChoiceField(
        queryset=selectors.agreement_choices(),
        required=False,
        empty_label=_("— a new agreement (below) —"),
    )
    new_agreement_title = forms.CharField(
        max_length=300, required=False, label=_("New agreement: title")
    )
    new_agreement_kind = forms.ChoiceField(
        choices=AgreementKind.choices,
        initial=AgreementKind.JOINT_STATEMENT,
        required=False,
        label=_("New agreement: kind"),
    )
    new_agreement_date = forms.DateField(
        required=False,
        widget=DateInput(),
        label=_("New agreement: date"),
        validators=[supported_date_validator],
        help_text=_("Blank if the text gives none."),
    )
    new_agreement_parties = SidesField(
        required=False, label=_("New agreement: its parties")
    )
    reference = forms.SlugField(max_length=80)
    title = forms.CharField(max_length=300)
    kind = forms.ChoiceField(choices=CommitmentKind.choices)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    parties = SidesField(required=False, label=_("Obligated sides"))
    new_parties = forms.CharField(
        max_length=300,
        required=False,
        label=_("Other sides to add"),
        help_text=_(
            "Countries the directory lacks, comma-separated (“Norway, "
            "Chile” or “NO, CL”); found by name, other name or ISO code first."
        ),
    )
    create_proposed_parties = forms.BooleanField(
        required=False,
        label=_("Also add the proposed sides the directory lacks"),
        help_text=_("Created from the country table, with the capital's time zone."),
    )
    lead_institutions = IdMultipleChoiceField(
        queryset=selectors.institution_choices(),
        required=False,
        help_text=_("At most one per side."),
    )
    new_institution_name = forms.CharField(
        max_length=200, required=False, label=_("New lead institution")
    )
    new_institution_acronym = forms.CharField(
        max_length=30, required=False, label=_("Its acronym")
    )
    new_institution_party = forms.ChoiceField(
        required=False, label=_("Its side"), choices=()
    )
    owner = IdChoiceField(
        queryset=selectors.owner_choices_all(),
        required=False,
        empty_label=_("(me)"),
        help_text=_(
            "Who follows it up and gets its reminders; only people who "
            "may see the agreement."
        ),
    )
    cadence = forms.CharField(
        max_length=300,
        required=False,
        label=_("Repeats"),
        help_text=_("Blank for a one-off; “quarterly”, “every 3 months” or an RRULE."),
    )
    cadence_phrase = forms.CharField(max_length=200, required=False)
    cadence_start = forms.DateField(
        required=False, widget=DateInput(), label=_("First occurrence")
    )
    due_date = forms.DateField(required=False, widget=DateInput())
    due_precision = forms.ChoiceField(choices=DatePrecision.choices)
    due_phrase = forms.CharField(max_length=200, required=False)
    resolved_against = forms.DateField(required=False, widget=DateInput())
    resolution_note = forms.CharField(max_length=500, required=False)
    duration_days = forms.IntegerField(required=False, min_value=1)
    quantity = quantity_field()
    quantity_unit = quantity_unit_field()
    reason = forms.CharField(max_length=REASON_MAX, required=False)

    def __init__(
        self, *args: Any, candidate: Candidate, user: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.candidate = candidate
        choices = side_choices(candidate)
        for name in ("parties", "new_agreement_parties"):
            self.fields[name].choices = choices
        self.fields["new_institution_party"].choices = [("", "—"), *choices]
        if user is not None:
            # Only what the person may see is offered, or accepted.
            self.fields["agreement"].queryset = selectors.agreement_choices(user=user)
            self.fields["owner"].queryset = selectors.owner_choices(user=user)

    @classmethod
    def initial_for(cls, candidate: Candidate) -> dict[str, Any]:
        """The candidate's proposal as the form's starting values."""
        sides = side_values(candidate.parties)
        named = side_values(_document_sides(candidate))
        leads = {i["name"] for i in candidate.institutions if i.get("known")}
        unknown = [i for i in candidate.institutions if not i.get("known")]
        agreement = candidate.source.agreements.order_by("-date").first()
        initial = {
            "agreement": agreement.pk if agreement else None,
            "new_agreement_title": "" if agreement else candidate.source.title,
            "new_agreement_date": candidate.source.published_on,
            "new_agreement_parties": named or sides,
            "reference": slugify(candidate.title)[:60].strip("-") or "commitment",
            "title": candidate.title,
            "kind": candidate.kind,
            "parties": sides,
            "lead_institutions": [
                i for i in selectors.institution_choices() if i.name in leads
            ],
            "cadence": cadence_initial(candidate.cadence_rrule),
            "cadence_phrase": candidate.cadence_phrase,
            "cadence_start": candidate.cadence_start,
            "due_date": candidate.due_date,
            "due_precision": candidate.due_precision,
            "due_phrase": candidate.due_phrase,
            "resolved_against": candidate.resolved_against,
            "resolution_note": candidate.resolution_note,
            "duration_days": candidate.duration_days,
            "quantity": candidate.quantity,
            "quantity_unit": candidate.quantity_unit,
        }
        if unknown:
            first = unknown[0]
            initial["new_institution_name"] = first.get("name", "")
            initial["new_institution_acronym"] = first.get("acronym") or ""
            side = side_values([first["party"]] if first.get("party") else [])
            initial["new_institution_party"] = side[0] if side else ""
        return initial

    def clean_reference(self) -> str:
        reference = self.cleaned_data["reference"]
        if (
            reference == "new"
            or Commitment.objects.filter(reference=reference).exists()
        ):
            raise ValidationError(_("This reference is taken; choose another."))
        return reference

    def clean_cadence(self) -> str:
        return cadence_clean(self.cleaned_data["cadence"])

    def clean_new_institution_party(self) -> Any:
        value = self.cleaned_data["new_institution_party"]
        return _side_tokens([value])[0] if value else None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        cadence_start_check(self, data)
        quantity_check(self, data)
        due, precision = data.get("due_date"), data.get("due_precision")
        if due and precision == DatePrecision.UNKNOWN:
            self.add_error("due_precision", _("Say how precise the due date is."))
        if not due and precision and precision != DatePrecision.UNKNOWN:
            self.add_error(
                "due_date", _("Give the date, or set precision to “No date stated”.")
            )
        if (
            not data.get("parties")
            and not (data.get("new_parties") or "").strip()
            and not data.get("create_proposed_parties")
        ):
            self.add_error("parties", _("Choose at least one obligated side."))
        if (
            not data.get("agreement")
            and "agreement" not in self.errors
            and not (data.get("new_agreement_title") or "").strip()
        ):
            self.add_error(
                "new_agreement_title", _("Choose an agreement, or title the new one.")
            )
        if (data.get("new_institution_name") or "").strip() and not data.get(
            "new_institution_party"
        ):
            self.add_error("new_institution_party", _("Say which side it is of."))
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
            "quantity": data["quantity"],
            "quantity_unit": data["quantity_unit"],
        }


def _document_sides(candidate: Candidate) -> list[str]:
    """Every side the candidates of the candidate's text propose, in order."""
    names: list[str] = []
    for parties in Candidate.objects.filter(source_id=candidate.source_id).values_list(
        "parties", flat=True
    ):
        for name in parties or []:
            if name not in names:
                names.append(name)
    for name in candidate.parties:
        if name not in names:
            names.append(name)
    return names


def side_values(names: list[str]) -> list[str]:
    """Form values for side names: the directory's id, or the name to add."""
    values = []
    for name in names:
        party = party_match(name)
        value = str(party.pk) if party else f"{NEW_PARTY_PREFIX}{name}"
        if value not in values:
            values.append(value)
    return values


def side_choices(candidate: Candidate) -> list[tuple[str, str]]:
    """The directory's sides, then the text's proposed sides it lacks (added
    to it, with their ISO code, if chosen)."""
    choices = [(str(p.pk), p.name) for p in selectors.party_choices()]
    for value in side_values(_document_sides(candidate)):
        if value.startswith(NEW_PARTY_PREFIX):
            name = value.removeprefix(NEW_PARTY_PREFIX)
            country = country_lookup(name)
            label = (
                f"{name} (new: {country.iso_code})"
                if country
                else f"{name} (new; not an ISO 3166 country)"
            )
            choices.append((value, label))
    return choices


class MergeForm(forms.Form):
    """The commitment that the candidate's quote is another statement of: one
    of the chosen agreement's (the views narrow the choices)."""

    commitment = IdChoiceField(queryset=selectors.merge_choices())
    reason = forms.CharField(max_length=REASON_MAX, required=False)


class MergeSearchForm(forms.Form):
    """Which agreement's commitments the merge menu lists, and a search."""

    agreement = IdChoiceField(
        queryset=selectors.agreement_choices(), required=False, empty_label="—"
    )
    q = forms.CharField(max_length=200, required=False, label=_("Search"))


class RejectForm(forms.Form):
    """Why the candidate is not a commitment (kept in its history)."""

    reason = forms.CharField(
        max_length=REASON_MAX,
        help_text=_("For example: “praise, not an undertaking”."),
    )


class ImportForm(forms.Form):
    """A .csv or .xlsx file; checked first, imported on a second press."""

    file = forms.FileField(
        label=_("File"), help_text=_(".csv or .xlsx, in the template's columns.")
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError(_("Import a .csv or .xlsx file."))
        # Before a byte is read: the limit IMPORT_BYTES.
        if upload.size > limit_value("IMPORT_BYTES"):
            raise ValidationError(
                limit_exceeded_message(
                    "IMPORT_BYTES", "An import file (bytes)", upload.size
                )
            )
        return upload
