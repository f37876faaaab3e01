"""/api/v1/commitments/ and /api/v1/obligations/"""

from api import selectors
from api.filters import ObligationFilter
from api.serializers.commitments import CommitmentSerializer, ObligationSerializer
from api.views.base import ScopedReadOnlyViewSet
from commitments.filters import CommitmentFilter


class CommitmentViewSet(ScopedReadOnlyViewSet):
    """The commitments you may see; the list leaves archived ones out, as the
    pages do (each still answers at its own URL). Filters: the commitment
    list page's."""

    serializer_class = CommitmentSerializer
    required_permissions = ("commitments.view_commitment",)
    filterset_class = CommitmentFilter
    ordering_fields = ("id", "reference", "title", "status", "created_at", "updated_at")
    ordering = ("-id",)

    def rows(self, *, user):
        return selectors.commitment_rows(user=user)

    def detail_rows(self, *, user):
        return selectors.commitment_detail_rows(user=user)


class ObligationViewSet(ScopedReadOnlyViewSet):
    """Which side must act on which commitment, and who leads."""

    serializer_class = ObligationSerializer
    required_permissions = ("commitments.view_obligation",)
    filterset_class = ObligationFilter
    ordering_fields = ("id",)
    ordering = ("-id",)

    def rows(self, *, user):
        return selectors.obligation_rows(user=user)
