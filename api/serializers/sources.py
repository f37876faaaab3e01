"""Source documents: the verbatim texts commitments are quoted from."""

from rest_framework import serializers

from commitments.models import SourceDocument

LIST_FIELDS = [
    "id",
    "title",
    "publisher",
    "file_name",
    "published_on",
    "published_on_is_approximate",
    "publication_note",
    "language",
    "content_hash",
    "imported_at",
    "agreements",
    "quote_count",
]


class SourceDocumentSerializer(serializers.ModelSerializer):
    """A source without its text (lists)."""

    agreements = serializers.PrimaryKeyRelatedField(
        many=True,
        read_only=True,
        help_text="The agreements (of those you may see) this text serves.",
    )
    quote_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = SourceDocument
        fields = LIST_FIELDS
        read_only_fields = fields


class SourceDocumentDetailSerializer(SourceDocumentSerializer):
    """A source with its verbatim text."""

    class Meta(SourceDocumentSerializer.Meta):
        fields = [*LIST_FIELDS, "text"]
        read_only_fields = fields


class SourceCreateSerializer(serializers.Serializer):
    """What POST /api/v1/sources/ takes (checked by the upload page's form)."""

    published = serializers.DateField(help_text="The publication date.")
    title = serializers.CharField(required=False, allow_blank=True, max_length=400)
    text = serializers.CharField(
        required=False, allow_blank=True, help_text="The text (or send `file`)."
    )
    file = serializers.FileField(
        required=False, help_text="multipart only: .txt, .md or .html, UTF-8."
    )
    url = serializers.URLField(required=False, allow_blank=True)
    reason = serializers.CharField(required=False, help_text="Why (or X-Reason).")


class SourceCreateResultSerializer(serializers.Serializer):
    """A stored text (201), or the job that will store it (202)."""

    job = serializers.IntegerField(allow_null=True)
    source = serializers.IntegerField(allow_null=True)
    is_new_document = serializers.BooleanField(allow_null=True)
    queued = serializers.IntegerField(required=False)
    already_queued = serializers.IntegerField(required=False)
    truncated = serializers.BooleanField(required=False)
