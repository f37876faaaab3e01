"""The review queue: commitments proposed from a source text, waiting for a person."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from simple_history.models import HistoricalRecords

from commitments.models import (
    QUANTITY_UNIT_MAX,
    QUANTITY_VALIDATORS,
    Commitment,
    CommitmentKind,
    DatePrecision,
    SourceDocument,
    due_date_matches_precision,
    quantity_in_range,
)


class CandidateStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACCEPTED = "accepted", "Accepted"
    MERGED = "merged", "Merged into a commitment"
    REJECTED = "rejected", "Rejected"


class Candidate(models.Model):
    """A commitment the rules proposed from a clause of a source, with every field
    a person must check before it becomes a commitment (or is merged or rejected)."""

    source = models.ForeignKey(
        SourceDocument, on_delete=models.PROTECT, related_name="candidates"
    )
    quote = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=CommitmentKind.choices)
    title = models.CharField(max_length=300)
    cadence_rrule = models.CharField(max_length=300, blank=True)
    cadence_phrase = models.CharField(max_length=200, blank=True)
    cadence_start = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    due_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    due_phrase = models.CharField(max_length=200, blank=True)
    # "next-meeting" (the rules' NEXT_MEETING): due at the next occurrence of
    # the recurring commitment the same text schedules.
    due_link = models.CharField(max_length=20, blank=True)
    resolved_against = models.DateField(null=True, blank=True)
    resolution_note = models.CharField(max_length=500, blank=True)
    duration_days = models.PositiveIntegerField(null=True, blank=True)
    quantity = models.PositiveIntegerField(
        null=True, blank=True, validators=QUANTITY_VALIDATORS
    )
    quantity_unit = models.CharField(max_length=QUANTITY_UNIT_MAX, blank=True)
    parties = models.JSONField(default=list, blank=True, help_text="Side names.")
    institutions = models.JSONField(
        default=list, blank=True, help_text="{name, acronym, party, known} each."
    )
    confidence = models.FloatField()
    cues = models.JSONField(default=list, blank=True)
    extractor_version = models.CharField(max_length=40)
    status = models.CharField(
        max_length=10, choices=CandidateStatus.choices, default=CandidateStatus.PROPOSED
    )
    reason = models.CharField(max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_candidates",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="extraction_candidates",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["source_id", "start", "end"]
        constraints = [
            # Ingesting the same text twice proposes each clause once.
            models.UniqueConstraint(
                fields=["source", "start", "end"], name="candidate_unique_span"
            ),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")),
                name="candidate_end_after_start",
            ),
            models.CheckConstraint(
                condition=Exact(Length("quote"), models.F("end") - models.F("start")),
                name="candidate_quote_length_matches_offsets",
            ),
            models.CheckConstraint(
                condition=models.Q(confidence__gte=0) & models.Q(confidence__lte=1),
                name="candidate_confidence_in_unit_range",
            ),
            due_date_matches_precision("candidate_due_date_matches_precision"),
            quantity_in_range("candidate"),
            models.CheckConstraint(
                condition=~models.Q(status=CandidateStatus.REJECTED)
                | ~models.Q(reason=""),
                name="candidate_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(
                    status__in=[CandidateStatus.ACCEPTED, CandidateStatus.MERGED]
                )
                | models.Q(commitment__isnull=False),
                name="candidate_accepted_has_commitment",
            ),
        ]
        indexes = [models.Index(fields=["status", "source"])]

    def __str__(self) -> str:
        return f"{self.source}: {self.quote[:60]}"

    @property
    def is_open(self) -> bool:
        return self.status == CandidateStatus.PROPOSED

    def clean(self) -> None:
        if self.source_id and self.source.text[self.start : self.end] != self.quote:
            raise ValidationError(
                {"quote": "The quote is not the source text at its offsets."}
            )


class JobKind(models.TextChoices):
    IMPORT_CHECK = "import_check", "Import check (dry run)"
    IMPORT = "import", "Import"
    INGEST = "ingest", "Text ingest"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ExtractionJob(models.Model):
    """A large import, dry run or ingest run by a worker, with its progress and
    result, seen by its owner (and administrators) on a progress page."""

    kind = models.CharField(max_length=20, choices=JobKind.choices)
    status = models.CharField(
        max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The uploaded file's own name, and where its bytes wait in storage
    # (imports/<owner id>/<random token>); emptied once the file is removed.
    file_name = models.CharField(max_length=255, blank=True)
    stored_name = models.CharField(max_length=255, blank=True)
    params = models.JSONField(
        default=dict, blank=True, help_text="Publication date, title, URL (ingest)."
    )
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    summary = models.CharField(max_length=1000, blank=True)
    result = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(
        default=list, blank=True, help_text="[{row, message}] of a refused file."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Progress ticks are not events worth a history row each.
    history = HistoricalRecords(excluded_fields=["rows_done"])

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rows_done__lte=models.F("rows_total"))
                | models.Q(rows_total=0),
                name="extractionjob_done_within_total",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["done", "failed"])
                | models.Q(finished_at__isnull=False),
                name="extractionjob_finished_has_time",
            ),
        ]
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in {JobStatus.DONE, JobStatus.FAILED}
