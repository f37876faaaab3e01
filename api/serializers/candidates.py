"""Review-queue candidates: clauses the extractor proposed from a source."""

from rest_framework import serializers

from commitments.models import QUANTITY_MAX, QUANTITY_UNIT_MAX
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
            "due_link",
            "quantity",
            "quantity_unit",
            "parties",
            "institutions",
            "confidence",
            "reason",
            "commitment",
            "created_at",
        ]
        read_only_fields = fields


class CandidateAcceptSerializer(serializers.Serializer):
    """What accept takes: any of the review page's fields (its form checks
    them); those not sent keep the candidate's proposal."""

    agreement = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="An agreement you may see; none: a new one from new_agreement_*.",
    )
    new_agreement_title = serializers.CharField(required=False, allow_blank=True)
    new_agreement_kind = serializers.CharField(required=False, allow_blank=True)
    new_agreement_date = serializers.DateField(required=False, allow_null=True)
    new_agreement_parties = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="Party ids, or new:<name> for a proposed side the directory lacks.",
    )
    reference = serializers.SlugField(required=False, max_length=80)
    title = serializers.CharField(required=False, max_length=300)
    kind = serializers.CharField(required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    parties = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="Party ids, or new:<name> for a proposed side the directory lacks.",
    )
    new_parties = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="More countries by name or ISO code, comma-separated.",
    )
    create_proposed_parties = serializers.BooleanField(required=False)
    lead_institutions = serializers.ListField(
        child=serializers.IntegerField(), required=False
    )
    new_institution_name = serializers.CharField(required=False, allow_blank=True)
    new_institution_acronym = serializers.CharField(required=False, allow_blank=True)
    new_institution_party = serializers.CharField(
        required=False, allow_blank=True, help_text="A party id, or new:<name>."
    )
    owner = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="A user who may see the agreement; default: you.",
    )
    cadence = serializers.CharField(required=False, allow_blank=True)
    cadence_phrase = serializers.CharField(required=False, allow_blank=True)
    cadence_start = serializers.DateField(required=False, allow_null=True)
    due_date = serializers.DateField(required=False, allow_null=True)
    due_precision = serializers.CharField(required=False)
    due_phrase = serializers.CharField(required=False, allow_blank=True)
    resolved_against = serializers.DateField(required=False, allow_null=True)
    resolution_note = serializers.CharField(required=False, allow_blank=True)
    duration_days = serializers.IntegerField(required=False, allow_null=True)
    quantity = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=QUANTITY_MAX
    )
    quantity_unit = serializers.CharField(
        required=False, allow_blank=True, max_length=QUANTITY_UNIT_MAX
    )
    reason = serializers.CharField(required=False, help_text="Why (or X-Reason).")


class CandidateRejectSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False, help_text="Why it is not a commitment (or X-Reason). Required."
    )
