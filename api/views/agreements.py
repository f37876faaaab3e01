"""/api/v1/agreements/"""

from api import selectors
from api.serializers.agreements import AgreementSerializer
from api.views.base import ScopedReadOnlyViewSet


class AgreementViewSet(ScopedReadOnlyViewSet):
    """The agreements you may see (your desks'; a counterpart its own)."""

    serializer_class = AgreementSerializer
    required_permissions = ("commitments.view_agreement",)
    ordering_fields = ("id", "reference", "title")
    ordering = ("-id",)

    def rows(self, *, user):
        return selectors.agreement_rows(user=user)
