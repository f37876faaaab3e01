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
