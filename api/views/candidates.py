"""/api/v1/candidates/: the review queue's candidates (list only)."""

from rest_framework import mixins, viewsets

from api import selectors
from api.filters import CandidateFilter
from api.serializers.candidates import CandidateSerializer
from extraction.permissions import can_read_queue


class CandidateViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Clauses proposed from the texts you may work from (a counterpart: none,
    the review is the ministry's own work)."""

    serializer_class = CandidateSerializer
    filterset_class = CandidateFilter
    ordering_fields = ("id", "created_at", "confidence")
    ordering = ("-id",)

    @staticmethod
    def role_check(user) -> bool:
        return can_read_queue(user)

    def get_queryset(self):
        return selectors.candidate_rows(user=self.request.user)
