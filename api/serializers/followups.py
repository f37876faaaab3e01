"""Follow-ups: the log of notes, evidence and changes on a commitment."""

from rest_framework import serializers

from api.serializers.common import PersonField
from commitments.models import FollowUp


class FollowUpSerializer(serializers.ModelSerializer):
    author = PersonField(help_text="Who logged it (null for a counterpart's reader).")
    has_evidence_file = serializers.SerializerMethodField()

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "commitment",
            "milestone",
            "author",
            "kind",
            "happened_on",
            "note",
            "from_status",
            "to_status",
            "evidence_url",
            "has_evidence_file",
            "visibility",
            "created_at",
        ]
        read_only_fields = fields

    def get_has_evidence_file(self, followup: FollowUp) -> bool:
        return bool(followup.evidence_file)
