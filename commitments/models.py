"""Tables of the domain: who promised what, where it was said, when it falls due."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commitments.bounds import cadence_bounds
from commitments.cadence import CadenceError, base_rule, cadence_build
from commitments.graphemes import is_boundary
from commitments.lifecycle import LABELS, Status
from core.zones import known_zones


def validate_time_zone(value: str) -> None:
    if value not in known_zones():
        raise ValidationError(f"{value!r} is not a known IANA time zone.")


def content_hash(text: str) -> str:
    """The SHA-256 of a text as stored (UTF-8): one text, one document."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")
    UNKNOWN = "unknown", _("No date stated")


def due_date_matches_precision(name: str) -> models.CheckConstraint:
    """A due date has a precision, and no date has none ("unknown"): the rule
    of every table that stores a due date with its precision."""
    return models.CheckConstraint(
        condition=(
            models.Q(due_date__isnull=True, due_precision=DatePrecision.UNKNOWN)
            | (
                models.Q(due_date__isnull=False)
                & ~models.Q(due_precision=DatePrecision.UNKNOWN)
            )
        ),
        name=name,
    )


# The number of people an exchange or quota moves ("exchange 20 officers
# yearly"): at least one, and a million is beyond any such undertaking.
QUANTITY_MAX = 1_000_000
QUANTITY_UNIT_MAX = 60
QUANTITY_VALIDATORS = [
    MinValueValidator(1, "The number must be at least 1."),
    MaxValueValidator(QUANTITY_MAX, f"The number must be at most {QUANTITY_MAX:,}."),
]


def quantity_in_range(prefix: str) -> models.CheckConstraint:
    """No number, or one from 1 to QUANTITY_MAX: the rule of every table that
    keeps an exchange's or quota's number."""
    return models.CheckConstraint(
        condition=models.Q(quantity__isnull=True)
        | models.Q(quantity__gte=1, quantity__lte=QUANTITY_MAX),
        name=f"{prefix}_quantity_in_range",
    )


class StatusChoices(models.TextChoices):
    PLANNED = Status.PLANNED.value, LABELS[Status.PLANNED]
    DUE_SOON = Status.DUE_SOON.value, LABELS[Status.DUE_SOON]
    OVERDUE = Status.OVERDUE.value, LABELS[Status.OVERDUE]
    DONE = Status.DONE.value, LABELS[Status.DONE]
    MISSED = Status.MISSED.value, LABELS[Status.MISSED]
    CANCELLED = Status.CANCELLED.value, LABELS[Status.CANCELLED]


class Party(models.Model):
    """A country or organisation that is a side to agreements."""

    name = models.CharField(max_length=200, unique=True)
    code = models.CharField(
        max_length=12, unique=True, help_text=_("Short code, e.g. ISO 3166 'PK'.")
    )
    time_zone = models.CharField(
        max_length=64, default="UTC", validators=[validate_time_zone]
    )
    # Blank for a side that is not a country (an organisation); unique when set,
    # so the directory holds each country once whatever it is called.
    iso_code = models.CharField(
        max_length=2,
        blank=True,
        default="",
        help_text=_("ISO 3166-1 alpha-2, if a country."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(
                fields=["iso_code"],
                condition=~models.Q(iso_code=""),
                name="party_unique_iso_code",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Institution(models.Model):
    """A body of a party expected to act: a ministry, an academy, a police force."""

    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="institutions"
    )
    name = models.CharField(max_length=200)
    acronym = models.CharField(max_length=30, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["party__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["party", "name"], name="institution_unique_name_per_party"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class Person(models.Model):
    """An official named in a source text."""

    name = models.CharField(max_length=200)
    title = models.CharField(max_length=300, blank=True)
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="people")
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["party", "name"], name="person_unique_name_per_party"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.title}" if self.title else self.name

    def clean(self) -> None:
        if self.institution_id and self.institution.party_id != self.party_id:
            raise ValidationError(
                {"institution": "The institution belongs to another party."}
            )


class SourceDocument(models.Model):
    """A statement or article stored verbatim; a corrected text is a new document."""

    title = models.CharField(max_length=400)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=500, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    published_on = models.DateField(null=True, blank=True)
    published_on_is_approximate = models.BooleanField(
        default=False,
        help_text=_("The text gives no exact publication date; this one is assumed."),
    )
    publication_note = models.CharField(max_length=500, blank=True)
    language = models.CharField(max_length=16, default="en")
    text = models.TextField()
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    imported_at = models.DateTimeField(auto_now_add=True)
    # The text is kept in history too: the row can no longer be deleted
    # through the product, and should one be removed by hand the last
    # history row still holds the verbatim text.
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.pk:
            stored = SourceDocument.objects.filter(pk=self.pk).values_list(
                "text", flat=True
            )
            if stored and stored[0] != self.text:
                raise ValidationError(
                    "A source text is never edited; import the corrected text "
                    "as a new document."
                )
        if self.content_hash != content_hash(self.text):
            raise ValidationError("The content hash does not match the text.")


class AgreementKind(models.TextChoices):
    TALKS = "talks", _("Talks")
    VISIT = "visit", _("Visit")
    MOU = "mou", _("Memorandum of understanding")
    JOINT_STATEMENT = "joint_statement", _("Joint statement")
    AGREEMENT = "agreement", _("Agreement (signed)")
    TO_BE_SIGNED = "to_be_signed", _("Agreement still to be signed")


class Agreement(models.Model):
    """What the parties agreed on one occasion or in one instrument."""

    reference = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=AgreementKind.choices)
    parties = models.ManyToManyField(Party, related_name="agreements")
    date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    date_is_assumed = models.BooleanField(
        default=False,
        help_text=_("The sources give no exact date; a person should confirm it."),
    )
    date_note = models.CharField(max_length=500, blank=True)
    place = models.CharField(max_length=200, blank=True)
    time_zone = models.CharField(
        max_length=64,
        default=settings.TIME_ZONE,
        validators=[validate_time_zone],
        help_text=_("Due dates of this agreement's milestones are days in this zone."),
    )
    summary = models.TextField(blank=True)
    sources = models.ManyToManyField(
        SourceDocument, related_name="agreements", blank=True
    )
    history = HistoricalRecords(m2m_fields=[parties, sources])

    class Meta:
        ordering = ["-date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date__isnull=False)
                | models.Q(date_precision=DatePrecision.UNKNOWN),
                name="agreement_date_or_unknown",
            )
        ]

    def __str__(self) -> str:
        return self.title


class CommitmentKind(models.TextChoices):
    RECURRING_MEETING = "recurring_meeting", _("Recurring meeting")
    REVIEW = "review", _("Review meeting")
    TRAINING = "training", _("Training")
    ESTABLISHMENT = "establishment", _("Establishment of a unit")
    SIGNING = "signing", _("Signing of an instrument")
    STRATEGY = "strategy", _("Strategy or plan to draw up")
    VISIT = "visit", _("Visit or invitation")
    EVENT_ATTENDANCE = "event_attendance", _("Event attendance")
    ONGOING = "ongoing", _("Ongoing cooperation")
    # People exchanged, trained or hosted in stated numbers ("exchange 20
    # officers yearly"): what the extraction rules call a quota (rules/kinds.py).
    EXCHANGE = "exchange", _("Exchange or quota of people")


class ScheduleBasis(models.TextChoices):
    PLAN = "plan", _("Follows the plan")
    LAST_COMPLETION = "last_completion", _("Follows the last completion")


class Commitment(models.Model):
    """One thing a side undertook to do, where it was said and when it falls due."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="commitments"
    )
    reference = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=CommitmentKind.choices)
    cadence_rrule = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("RFC 5545 rule, e.g. FREQ=MONTHLY;INTERVAL=3; blank for one-off."),
    )
    cadence_phrase = models.CharField(
        max_length=200, blank=True, help_text=_("The cadence as the source states it.")
    )
    cadence_start = models.DateField(
        null=True,
        blank=True,
        help_text=_("First occurrence, a day in the agreement's zone."),
    )
    cadence_end = models.DateField(null=True, blank=True)
    cadence_count = models.PositiveIntegerField(null=True, blank=True)
    schedule_basis = models.CharField(
        max_length=20, choices=ScheduleBasis.choices, default=ScheduleBasis.PLAN
    )
    due_date = models.DateField(null=True, blank=True)
    due_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    due_phrase = models.CharField(
        max_length=200, blank=True, help_text=_("The date as the source states it.")
    )
    resolved_against = models.DateField(
        null=True,
        blank=True,
        help_text=_(
            "The date a relative phrase ('this September') was resolved against."
        ),
    )
    resolution_note = models.CharField(
        max_length=500,
        blank=True,
        help_text=_("How the stated phrase became this date or schedule."),
    )
    duration_days = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Stated duration, e.g. 30 for 'month-long'.")
    )
    quantity = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=QUANTITY_VALIDATORS,
        help_text=_(
            "How many an exchange or quota moves: 20 of 'exchange 20 officers'."
        ),
    )
    quantity_unit = models.CharField(
        max_length=QUANTITY_UNIT_MAX,
        blank=True,
        help_text=_("What the number counts, e.g. 'officers'."),
    )
    status = models.CharField(
        max_length=12, choices=StatusChoices.choices, default=StatusChoices.PLANNED
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        # Users are deactivated, never deleted: deleting one who owns work is
        # refused rather than silently leaving the work without an owner.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_commitments",
    )
    # Bumped by every edit through commitment_update, so that an edit form
    # opened before someone else's change is refused instead of overwriting it.
    version = models.PositiveIntegerField(default=1, editable=False)
    # Archived instead of deleted (docs/decisions/0003-archive-not-delete.md):
    # set and cleared only by commitments/services/archive.py.
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="archived_commitments",
    )
    archive_reason = models.CharField(max_length=500, blank=True, editable=False)
    archived_from_status = models.CharField(
        max_length=12,
        blank=True,
        editable=False,
        help_text=_("The status before archiving, restored with the commitment."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement__title", "title"]
        permissions = [
            ("view_dashboard", "Can view the dashboards"),
            ("reassign_commitment", "Can reassign a commitment to another owner"),
            ("close_commitment", "Can close or reopen a commitment by hand"),
        ]
        constraints = [
            due_date_matches_precision("commitment_due_date_matches_precision"),
            quantity_in_range("commitment"),
            models.CheckConstraint(
                condition=models.Q(cadence_count__isnull=True)
                | models.Q(cadence_count__gt=0),
                name="commitment_cadence_count_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(cadence_end__isnull=True)
                | models.Q(cadence_start__isnull=True)
                | models.Q(cadence_end__gte=models.F("cadence_start")),
                name="commitment_cadence_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(archived_at__isnull=True, archive_reason="")
                | (models.Q(archived_at__isnull=False) & ~models.Q(archive_reason="")),
                name="commitment_archive_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def is_recurring(self) -> bool:
        return bool(self.cadence_rrule)

    @property
    def needs_target_date(self) -> bool:
        """No date stated and none set: a person must choose a target date."""
        return not self.cadence_rrule and self.due_date is None

    @property
    def quantity_phrase(self) -> str:
        """ "20 officers", or "" when no number is kept."""
        if self.quantity is None:
            return ""
        return f"{self.quantity:,} {self.quantity_unit}".strip()

    def clean(self) -> None:
        if self.quantity_unit.strip() and self.quantity is None:
            raise ValidationError(
                {"quantity": "Give the number the unit counts, or clear the unit."}
            )
        if self.cadence_rrule and not self.cadence_start:
            raise ValidationError(
                {"cadence_start": "A recurring commitment needs its first date."}
            )
        if self.cadence_rrule and self.cadence_start:
            try:
                cadence = cadence_build(
                    # A new start gets its own clamp, not the old one's.
                    base_rule(self.cadence_rrule),
                    self.cadence_start,
                    end=self.cadence_end,
                    count=self.cadence_count,
                    bounds=cadence_bounds(),
                )
            except CadenceError as error:
                raise ValidationError({"cadence_rrule": str(error)}) from error
            self.cadence_rrule = cadence.rule


class Obligation(models.Model):
    """A side that must act on a commitment, and the institution expected to lead."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.PROTECT, related_name="obligations"
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="obligations"
    )
    lead_institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="obligations",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["party__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "party"], name="obligation_one_per_party"
            )
        ]

    def __str__(self) -> str:
        lead = f" (lead: {self.lead_institution})" if self.lead_institution_id else ""
        return f"{self.party}{lead}"

    def clean(self) -> None:
        if self.lead_institution_id and self.lead_institution.party_id != self.party_id:
            raise ValidationError(
                {"lead_institution": "The lead institution belongs to another party."}
            )


class Provenance(models.Model):
    """An exact quote from a source that states a commitment, with its offsets."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.PROTECT, related_name="provenance"
    )
    source = models.ForeignKey(
        SourceDocument, on_delete=models.PROTECT, related_name="quotes"
    )
    quote = models.TextField()
    quote_start = models.PositiveIntegerField()
    quote_end = models.PositiveIntegerField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["source_id", "quote_start"]
        verbose_name_plural = _("provenance")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quote_end__gt=models.F("quote_start")),
                name="provenance_end_after_start",
            ),
            # The database itself refuses a quote whose length disagrees with
            # its offsets; clean() checks the characters against the source.
            models.CheckConstraint(
                condition=Exact(
                    Length("quote"), models.F("quote_end") - models.F("quote_start")
                ),
                name="provenance_quote_length_matches_offsets",
            ),
            models.UniqueConstraint(
                fields=["commitment", "source", "quote_start", "quote_end"],
                name="provenance_unique_span",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source}: {self.quote[:60]}"

    def clean(self) -> None:
        if self.quote_end <= self.quote_start:
            raise ValidationError({"quote_end": "The quote must end after it starts."})
        actual = self.source.text[self.quote_start : self.quote_end]
        if actual != self.quote:
            raise ValidationError(
                {
                    "quote": (
                        f"The quote is not the source text at "
                        f"{self.quote_start}-{self.quote_end}; the source has "
                        f"{actual[:80]!r} there."
                    )
                }
            )
        # Half a character (a letter without its mark, half a flag) is not a
        # quote of the text, though its code points match (docs/i18n.md).
        if not (
            is_boundary(self.source.text, self.quote_start)
            and is_boundary(self.source.text, self.quote_end)
        ):
            raise ValidationError(
                {"quote": "The quote starts or ends inside a character."}
            )

    def context(self, width: int = 200) -> tuple[str, str, str]:
        """The text before the quote, the quote, and the text after it."""
        text = self.source.text
        before = text[max(0, self.quote_start - width) : self.quote_start]
        after = text[self.quote_end : self.quote_end + width]
        return before, self.quote, after


class Milestone(models.Model):
    """One dated occurrence or deliverable of a commitment."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.PROTECT, related_name="milestones"
    )
    title = models.CharField(max_length=300, blank=True)
    scheduled_date = models.DateField(
        null=True,
        blank=True,
        help_text=_("The date the plan gives; stays fixed when the milestone moves."),
    )
    due_date = models.DateField(help_text=_("A day in the agreement's time zone."))
    due_at = models.DateTimeField(
        help_text=_("When the due day ends in the agreement's zone (stored in UTC).")
    )
    status = models.CharField(
        max_length=12, choices=StatusChoices.choices, default=StatusChoices.PLANNED
    )
    completed_on = models.DateField(null=True, blank=True)
    status_reason = models.CharField(max_length=500, blank=True)
    is_extra = models.BooleanField(
        default=False, help_text=_("Added by hand, outside the cadence.")
    )
    non_working_note = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("Set when the due day is a holiday or weekend for a party."),
    )
    overdue_flagged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(status=StatusChoices.DONE, completed_on__isnull=False)
                    | (
                        ~models.Q(status=StatusChoices.DONE)
                        & models.Q(completed_on__isnull=True)
                    )
                ),
                name="milestone_completed_on_iff_done",
            ),
            # Generation is idempotent: one milestone per planned date.
            models.UniqueConstraint(
                fields=["commitment", "scheduled_date"],
                condition=models.Q(scheduled_date__isnull=False),
                name="milestone_unique_scheduled_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"], name="milestone_status_due_at"),
        ]

    def __str__(self) -> str:
        label = self.title or self.commitment.title
        return f"{label} (due {self.due_date:%Y-%m-%d})"

    @property
    def is_rescheduled(self) -> bool:
        return self.scheduled_date is not None and self.due_date != self.scheduled_date

    @property
    def is_non_working_day(self) -> bool:
        return bool(self.non_working_note)


class FollowUpKind(models.TextChoices):
    NOTE = "note", _("Note")
    STATUS_CHANGE = "status_change", _("Status change")
    EVIDENCE = "evidence", _("Evidence")
    COMPLETION = "completion", _("Completion")
    RESCHEDULE = "reschedule", _("Reschedule")


class FollowUpVisibility(models.TextChoices):
    """Who may read a follow-up: the ministry only, or the other side too."""

    INTERNAL = "internal", _("Internal (the ministry only)")
    SHARED = "shared", _("Shared with the counterpart")


class FollowUp(models.Model):
    """A dated entry a person logs against a commitment or one of its milestones."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.PROTECT, related_name="followups"
    )
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="followups",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="followups"
    )
    kind = models.CharField(max_length=20, choices=FollowUpKind.choices)
    happened_on = models.DateField()
    note = models.TextField(blank=True)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    evidence_url = models.URLField(max_length=500, blank=True)
    evidence_file = models.FileField(upload_to="evidence/%Y/%m/", blank=True)
    # Need-to-know by default: only a deliberate choice shows an entry to the
    # other side (access/scope.py reads it for counterparts).
    visibility = models.CharField(
        max_length=10,
        choices=FollowUpVisibility.choices,
        default=FollowUpVisibility.INTERNAL,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-happened_on", "-created_at"]
        verbose_name = _("follow-up")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.happened_on:%Y-%m-%d}"

    def clean(self) -> None:
        if self.milestone_id and self.milestone.commitment_id != self.commitment_id:
            raise ValidationError(
                {"milestone": "The milestone belongs to another commitment."}
            )


# Imported here so Django loads them: the list order kept by triggers (issue
# 11), and both sides' word on a joint milestone (issue 14).
from commitments.joint import (  # noqa: E402, F401
    MilestoneConfirmation,
    MilestoneProposal,
)
from commitments.list_order import CommitmentOrder  # noqa: E402, F401
from commitments.translations import CommitmentTranslation  # noqa: E402, F401
