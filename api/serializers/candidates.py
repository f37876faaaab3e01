"""Review-queue candidates: clauses the extractor proposed from a source."""

from rest_framework import serializers

from extraction.models import Candidate


class CandidateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Candidate
        fields = [
            "id",
            "source",
            "status",
            "quote",
            "start",
            "end",
            "kind",
            "title",
            "cadence_rrule",
            "cadence_phrase",
            "cadence_start",
            "due_date",
            "due_precision",
            "due_phrase",
            "parties",
            "institutions",
            "confidence",
            "reason",
            "commitment",
            "created_at",
        ]
        read_only_fields = fields
