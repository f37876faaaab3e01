"""Follow-ups: the log of notes, evidence and changes on a commitment."""

from rest_framework import serializers

from api.serializers.common import PersonField
from commitments.models import FollowUp, FollowUpVisibility, StatusChoices
from commitments.services.followups import FollowUpAction


class FollowUpSerializer(serializers.ModelSerializer):
    author = PersonField(help_text="Who logged it (null for a counterpart's reader).")
    has_evidence_file = serializers.SerializerMethodField()
    # A plain string: "" when there is no link, which a "uri" format refuses.
    evidence_url = serializers.CharField(
        read_only=True, help_text="The evidence link (https://…), or empty."
    )

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


class FollowUpCreateSerializer(serializers.Serializer):
    """What POST /api/v1/followups/ takes (checked by the page's own form)."""

    commitment = serializers.IntegerField(help_text="The commitment's id.")
    action = serializers.ChoiceField(
        choices=[a.value for a in FollowUpAction],
        required=False,
        help_text="note (default), complete, reschedule or status: picks the service.",
    )
    milestone = serializers.IntegerField(
        required=False, allow_null=True, help_text="Needed to complete or move one."
    )
    happened_on = serializers.DateField(help_text="What day it happened.")
    note = serializers.CharField(required=False, allow_blank=True)
    visibility = serializers.ChoiceField(
        choices=FollowUpVisibility.values,
        required=False,
        help_text="internal (default) or shared; a counterpart's are always shared.",
    )
    status = serializers.ChoiceField(
        choices=StatusChoices.values, required=False, help_text="For action=status."
    )
    due_date = serializers.DateField(required=False, help_text="For action=reschedule.")
    keep_non_working = serializers.BooleanField(required=False)
    evidence_url = serializers.URLField(required=False, allow_blank=True)
    evidence_file = serializers.FileField(
        required=False, help_text="multipart/form-data only; the pages' size and types."
    )
    reason = serializers.CharField(
        required=False, help_text="Why; or send the X-Reason header. Required."
    )
