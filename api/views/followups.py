"""/api/v1/followups/: read, log (with the action picking the service), and
download evidence."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from access.scope import get_visible_or_404
from api import selectors
from api.serializers.followups import FollowUpCreateSerializer, FollowUpSerializer
from api.views.base import ScopedReadOnlyViewSet
from api.writes import form_data, form_errors, reject_unknown, request_reason
from commitments import selectors as commitment_selectors
from commitments.forms import FollowUpForm
from commitments.models import Commitment, FollowUpVisibility
from commitments.permissions import (
    can_change_milestones,
    can_close_commitment,
    can_log_followup,
    is_counterpart,
    require,
)
from commitments.views.followups import followup_apply, followup_evidence
from reporting.filters import FollowUpFilter


class FollowUpViewSet(ScopedReadOnlyViewSet):
    """The follow-ups you may see (a counterpart: only those shared with it).
    Filters: the follow-up list page's."""

    serializer_class = FollowUpSerializer
    filterset_class = FollowUpFilter
    ordering_fields = ("id", "happened_on", "created_at")
    ordering = ("-id",)
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    required_permissions = ("commitments.view_followup",)

    def initial(self, request: Request, *args, **kwargs) -> None:
        # The write asks for the page's permission to write (HasRolePermissions
        # reads required_permissions; DRF has set self.action by now).
        if self.action == "create":
            self.required_permissions = ("commitments.add_followup",)
        super().initial(request, *args, **kwargs)

    def rows(self, *, user):
        return selectors.followup_rows(user=user)

    @extend_schema(
        request={
            "application/json": FollowUpCreateSerializer,
            "multipart/form-data": FollowUpCreateSerializer,
        },
        responses={201: FollowUpSerializer},
        summary="Log a follow-up: a note, or complete, move or re-status a milestone",
    )
    def create(self, request: Request) -> Response:
        """The page's follow-up form and services: `action` picks the service
        (note, complete, reschedule, status); `reason` (or X-Reason) is required."""
        reason = request_reason(request)
        data = form_data(request)
        reject_unknown(data, FOLLOWUP_FIELDS)
        commitment = _commitment(request, data.pop("commitment", ""))
        require(can_log_followup(request.user, commitment))
        data["reason"] = reason
        data.setdefault("action", "note")
        if not is_counterpart(request.user):
            # The page asks every time; the API documents its default instead.
            data.setdefault("visibility", FollowUpVisibility.INTERNAL)
        elif data.pop("visibility", FollowUpVisibility.SHARED) != (
            FollowUpVisibility.SHARED
        ):
            # The page's form has no such field for the other side: a value
            # sent anyway is refused, not silently replaced.
            raise ValidationError(
                {"visibility": ["The counterpart's follow-ups are always shared."]}
            )
        form = FollowUpForm(
            data,
            request.FILES,
            commitment=commitment,
            can_close=can_close_commitment(request.user),
            can_change_milestones=can_change_milestones(request.user, commitment),
            is_counterpart=is_counterpart(request.user),
        )
        if not form.is_valid():
            raise form_errors(form)
        try:
            followup = followup_apply(
                form.cleaned_data,
                commitment=commitment,
                actor=request.user,
                api_reason=reason,
            )
        except DjangoValidationError as error:
            form.add_error(None, error)
            raise form_errors(form) from None
        followup = self.get_queryset().get(pk=followup.pk)
        return Response(
            FollowUpSerializer(followup, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
            404: OpenApiResponse(description="Out of scope, or no file."),
        },
        summary="Download the follow-up's evidence file",
        filters=False,
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def evidence(self, request: Request, pk: str | None = None) -> Any:
        """The page's download view (as an attachment), after the API's scope."""
        followup = self.get_object()  # outside scope: 404
        return followup_evidence(request._request, pk=followup.pk)


FOLLOWUP_FIELDS = {
    "commitment",
    *FollowUpForm.base_fields,
}


def _commitment(request: Request, value: Any) -> Commitment:
    """The commitment named in the body, within the user's scope (else 404)."""
    if value in ("", None):
        raise ValidationError({"commitment": ["This field is required."]})
    try:
        pk = int(str(value))
    except ValueError:
        raise ValidationError({"commitment": ["A commitment id."]}) from None
    if not 0 < pk < 2**31:
        raise ValidationError({"commitment": ["A commitment id."]})
    return get_visible_or_404(
        commitment_selectors.commitment_edit_rows(), request.user, pk=pk
    )
