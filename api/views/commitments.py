"""/api/v1/commitments/ (read, PATCH) and /api/v1/obligations/"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from access.scope import get_visible_or_404
from api import selectors
from api.filters import ObligationFilter
from api.serializers.commitments import (
    CommitmentPatchSerializer,
    CommitmentSerializer,
    ObligationSerializer,
    StaleVersionSerializer,
)
from api.views.base import ScopedReadOnlyViewSet
from api.writes import (
    StaleVersion,
    form_data,
    form_errors,
    request_reason,
    request_version,
)
from commitments import selectors as commitment_selectors
from commitments.filters import CommitmentFilter
from commitments.forms import CommitmentEditForm
from commitments.permissions import can_edit_commitment, can_reassign, require
from commitments.services.commitments import StaleVersionError, commitment_update


class CommitmentViewSet(ScopedReadOnlyViewSet):
    """The commitments you may see; the list leaves archived ones out, as the
    pages do (each still answers at its own URL). Filters: the commitment
    list page's."""

    serializer_class = CommitmentSerializer
    filterset_class = CommitmentFilter
    ordering_fields = ("id", "reference", "title", "status", "created_at", "updated_at")
    ordering = ("-id",)

    required_permissions = ("commitments.view_commitment",)

    def initial(self, request: Request, *args, **kwargs) -> None:
        # The write asks for the page's permission to write (HasRolePermissions
        # reads required_permissions; DRF has set self.action by now).
        if self.action == "partial_update":
            self.required_permissions = ("commitments.change_commitment",)
        super().initial(request, *args, **kwargs)

    def rows(self, *, user):
        return selectors.commitment_rows(user=user)

    def detail_rows(self, *, user):
        return selectors.commitment_detail_rows(user=user)

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        """The commitment, with its version as the ETag (for If-Match)."""
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = f'"{response.data["version"]}"'
        return response

    @extend_schema(
        request=CommitmentPatchSerializer,
        parameters=[
            OpenApiParameter(
                "If-Match",
                str,
                OpenApiParameter.HEADER,
                description='The version you read, e.g. "3" (or send `version`).',
            ),
            OpenApiParameter(
                "X-Reason",
                str,
                OpenApiParameter.HEADER,
                description="Why (or send `reason`).",
            ),
        ],
        responses={
            200: CommitmentSerializer,
            409: OpenApiResponse(StaleVersionSerializer, "Stale `version` field."),
            412: OpenApiResponse(StaleVersionSerializer, "Stale If-Match."),
        },
        summary="Change a commitment's fields (the edit page's form and rules)",
        filters=False,
    )
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        """Change the fields sent, checked by the edit page's form; `reason`
        and the version you read are required."""
        commitment = get_visible_or_404(
            commitment_selectors.commitment_edit_rows(),
            request.user,
            pk=_pk(pk),
        )
        require(can_edit_commitment(request.user, commitment))
        reason = request_reason(request)
        version, precondition = request_version(request)
        sent = form_data(request, drop=("reason", "version"))
        reassign = can_reassign(request.user)
        probe = CommitmentEditForm(can_reassign=reassign)
        refused = sorted(set(sent) - set(probe.fields))
        if refused:
            raise ValidationError(
                {
                    name: [
                        "Your role may not change this field."
                        if name in CommitmentEditForm.base_fields
                        else "Unknown field."
                    ]
                    for name in refused
                }
            )
        data = {
            name: ("" if value is None else value)
            for name, value in CommitmentEditForm.initial_for(commitment).items()
        }
        data.update(sent, reason=reason, version=version)
        form = CommitmentEditForm(data, can_reassign=reassign)
        if not form.is_valid():
            raise form_errors(form)
        changes = form.changes(commitment)
        if version != commitment.version:
            raise StaleVersion(current=commitment.version, precondition=precondition)
        if changes:
            try:
                commitment_update(
                    commitment=commitment,
                    actor=request.user,
                    reason=reason,
                    expected_version=version,
                    **changes,
                )
            except StaleVersionError as stale:
                raise StaleVersion(
                    current=stale.current.version, precondition=precondition
                ) from None
            except DjangoValidationError as error:
                form.add_error(None, error)
                raise form_errors(form) from None
        fresh = self.detail_rows(user=request.user).get(pk=commitment.pk)
        response = Response(self.get_serializer(fresh).data)
        response["ETag"] = f'"{fresh.version}"'
        return response


def _pk(value: str | None) -> int:
    """A path id the database can hold (anything else is a 404)."""
    if value is None or not value.isdigit() or int(value) >= 2**31:
        raise Http404
    return int(value)


class ObligationViewSet(ScopedReadOnlyViewSet):
    """Which side must act on which commitment, and who leads."""

    serializer_class = ObligationSerializer
    required_permissions = ("commitments.view_obligation",)
    filterset_class = ObligationFilter
    ordering_fields = ("id",)
    ordering = ("-id",)

    def rows(self, *, user):
        return selectors.obligation_rows(user=user)
