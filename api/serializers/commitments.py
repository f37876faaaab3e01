"""Commitments and their obligations (one per side that must act)."""

from rest_framework import serializers

from api.serializers.common import PersonField
from api.serializers.directory import InstitutionBriefSerializer, PartyBriefSerializer
from commitments.models import (
    QUANTITY_MAX,
    QUANTITY_UNIT_MAX,
    Commitment,
    Obligation,
)


class ObligationSerializer(serializers.ModelSerializer):
    party = PartyBriefSerializer(read_only=True)
    lead_institution = InstitutionBriefSerializer(read_only=True, allow_null=True)
    commitment_reference = serializers.CharField(
        source="commitment.reference", read_only=True
    )

    class Meta:
        model = Obligation
        fields = [
            "id",
            "commitment",
            "commitment_reference",
            "party",
            "lead_institution",
        ]
        read_only_fields = fields


class CommitmentObligationSerializer(ObligationSerializer):
    """An obligation inside its commitment (the commitment named once)."""

    class Meta(ObligationSerializer.Meta):
        fields = ["id", "party", "lead_institution"]
        read_only_fields = fields


class CommitmentSerializer(serializers.ModelSerializer):
    agreement_reference = serializers.CharField(
        source="agreement.reference", read_only=True
    )
    owner = PersonField(help_text="Who owns it (null for a counterpart's reader).")
    obligations = CommitmentObligationSerializer(many=True, read_only=True)
    next_due = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="The earliest due date of its open milestones.",
    )

    class Meta:
        model = Commitment
        fields = [
            "id",
            "reference",
            "title",
            "description",
            "kind",
            "status",
            "agreement",
            "agreement_reference",
            "owner",
            "obligations",
            "cadence_rrule",
            "cadence_phrase",
            "cadence_start",
            "cadence_end",
            "cadence_count",
            "schedule_basis",
            "due_date",
            "due_precision",
            "due_phrase",
            "resolved_against",
            "resolution_note",
            "duration_days",
            "quantity",
            "quantity_unit",
            "next_due",
            "version",
            "archived_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class CommitmentPatchSerializer(serializers.Serializer):
    """What PATCH /api/v1/commitments/{id}/ takes: any of the edit page's
    fields (checked by its form), the version you read and a reason."""

    title = serializers.CharField(required=False, max_length=300)
    kind = serializers.CharField(required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    cadence = serializers.CharField(
        required=False, allow_blank=True, help_text="An RRULE (cadence_rrule)."
    )
    cadence_phrase = serializers.CharField(required=False, allow_blank=True)
    cadence_start = serializers.DateField(required=False, allow_null=True)
    cadence_end = serializers.DateField(required=False, allow_null=True)
    cadence_count = serializers.IntegerField(required=False, allow_null=True)
    schedule_basis = serializers.CharField(required=False)
    due_date = serializers.DateField(required=False, allow_null=True)
    due_precision = serializers.CharField(required=False)
    due_phrase = serializers.CharField(required=False, allow_blank=True)
    resolution_note = serializers.CharField(required=False, allow_blank=True)
    duration_days = serializers.IntegerField(required=False, allow_null=True)
    quantity = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=QUANTITY_MAX,
        help_text="How many an exchange or quota moves (20 officers: 20).",
    )
    quantity_unit = serializers.CharField(
        required=False, allow_blank=True, max_length=QUANTITY_UNIT_MAX
    )
    owner = serializers.IntegerField(
        required=False, allow_null=True, help_text="A manager's call."
    )
    version = serializers.IntegerField(
        required=False, help_text="The version you read (or send If-Match)."
    )
    reason = serializers.CharField(required=False, help_text="Why (or X-Reason).")


class StaleVersionSerializer(serializers.Serializer):
    """A refused write: the record changed since it was read."""

    detail = serializers.CharField()
    current_version = serializers.IntegerField()
