"""Agreements, with their parties, sources and commitment counts."""

from rest_framework import serializers

from api.serializers.directory import PartyBriefSerializer
from commitments.models import Agreement, StatusChoices


class AgreementSerializer(serializers.ModelSerializer):
    parties = PartyBriefSerializer(many=True, read_only=True)
    sources = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    commitment_count = serializers.IntegerField(read_only=True)
    commitment_counts = serializers.SerializerMethodField(
        help_text="Commitments of the agreement per status."
    )

    class Meta:
        model = Agreement
        fields = [
            "id",
            "reference",
            "title",
            "kind",
            "parties",
            "date",
            "date_precision",
            "date_is_assumed",
            "date_note",
            "place",
            "time_zone",
            "summary",
            "sources",
            "commitment_count",
            "commitment_counts",
        ]
        read_only_fields = fields

    def get_commitment_counts(self, agreement: Agreement) -> dict[str, int]:
        return {
            status: getattr(agreement, f"count_{status}", 0)
            for status in StatusChoices.values
        }
