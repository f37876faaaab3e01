"""/api/v1/milestones/"""

from api import selectors
from api.serializers.milestones import MilestoneSerializer
from api.views.base import ScopedReadOnlyViewSet
from reporting.filters import MilestoneFilter


class MilestoneViewSet(ScopedReadOnlyViewSet):
    """The milestones you may see. Filters: the milestone list page's
    (status, including "open"; timeliness; due range; agreement, side,
    institution, commitment reference, owner, kind, recurring)."""

    serializer_class = MilestoneSerializer
    required_permissions = ("commitments.view_milestone",)
    filterset_class = MilestoneFilter
    ordering_fields = ("id", "due_date", "status", "created_at")
    ordering = ("-id",)

    def rows(self, *, user):
        return selectors.milestone_rows(user=user)
