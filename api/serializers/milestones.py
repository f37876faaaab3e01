"""Milestones: the dated occurrences of a commitment."""

from rest_framework import serializers

from commitments.models import Milestone


class MilestoneSerializer(serializers.ModelSerializer):
    commitment_reference = serializers.CharField(
        source="commitment.reference", read_only=True
    )
    agreement = serializers.IntegerField(
        source="commitment.agreement_id", read_only=True
    )

    class Meta:
        model = Milestone
        fields = [
            "id",
            "commitment",
            "commitment_reference",
            "agreement",
            "title",
            "scheduled_date",
            "due_date",
            "due_at",
            "status",
            "completed_on",
            "status_reason",
            "is_extra",
            "non_working_note",
            "created_at",
        ]
        read_only_fields = fields
