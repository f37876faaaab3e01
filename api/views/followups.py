"""/api/v1/followups/"""

from api import selectors
from api.serializers.followups import FollowUpSerializer
from api.views.base import ScopedReadOnlyViewSet
from reporting.filters import FollowUpFilter


class FollowUpViewSet(ScopedReadOnlyViewSet):
    """The follow-ups you may see (a counterpart: only those shared with it).
    Filters: the follow-up list page's."""

    serializer_class = FollowUpSerializer
    required_permissions = ("commitments.view_followup",)
    filterset_class = FollowUpFilter
    ordering_fields = ("id", "happened_on", "created_at")
    ordering = ("-id",)

    def rows(self, *, user):
        return selectors.followup_rows(user=user)
