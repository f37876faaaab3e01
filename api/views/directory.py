"""/api/v1/parties/ and /api/v1/institutions/: the directory (the parties are
not scoped; the institutions are those leading work the caller may see)."""

from api import selectors
from api.serializers.directory import InstitutionSerializer, PartySerializer
from api.views.base import ScopedReadOnlyViewSet


class PartyViewSet(ScopedReadOnlyViewSet):
    """The sides (Pakistan, China…)."""

    serializer_class = PartySerializer
    required_permissions = ("commitments.view_party",)
    ordering_fields = ("id", "name")
    ordering = ("name",)

    def rows(self, *, user):
        return selectors.party_rows()


class InstitutionViewSet(ScopedReadOnlyViewSet):
    """The institutions of each side."""

    serializer_class = InstitutionSerializer
    required_permissions = ("commitments.view_institution",)
    filterset_fields = ("party",)
    ordering_fields = ("id", "name")
    ordering = ("name",)

    def rows(self, *, user):
        return selectors.institution_rows(user=user)
