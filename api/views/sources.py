"""/api/v1/sources/: the source documents (texts only one at a time)."""

from api import selectors
from api.serializers.sources import (
    SourceDocumentDetailSerializer,
    SourceDocumentSerializer,
)
from api.views.base import ScopedReadOnlyViewSet


class SourceDocumentViewSet(ScopedReadOnlyViewSet):
    """The texts of your agreements (and, for staff, the intake not yet linked)."""

    required_permissions = ("commitments.view_sourcedocument",)
    ordering_fields = ("id", "title", "imported_at")
    ordering = ("-id",)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return SourceDocumentDetailSerializer
        return SourceDocumentSerializer

    def rows(self, *, user):
        return selectors.source_rows(user=user)

    def detail_rows(self, *, user):
        return selectors.source_detail_rows(user=user)
