"""/api/v1/dashboard/: the dashboard's figures for the caller's scope."""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers.dashboard import DashboardSerializer, dashboard_payload
from reporting.filters import DashboardForm
from reporting.page_context import dashboard_context
from reporting.scope import Scope, for_viewer

PARAMETERS = [
    OpenApiParameter("due_after", OpenApiTypes.DATE, description="Due from"),
    OpenApiParameter("due_before", OpenApiTypes.DATE, description="Due to"),
    OpenApiParameter("agreement", OpenApiTypes.INT, description="Agreement id"),
    OpenApiParameter("party", OpenApiTypes.INT, description="Obligated side id"),
    OpenApiParameter("institution", OpenApiTypes.INT, description="Lead institution"),
]


def form_errors(form: DashboardForm) -> dict[str, list[str]]:
    """A form's errors as the API's {field: [messages]}."""
    return {
        ("non_field_errors" if name == "__all__" else name): [
            str(message) for message in messages
        ]
        for name, messages in form.errors.items()
    }


class DashboardView(APIView):
    """The page's figures, counted over the agreements you may see."""

    required_permissions = ("commitments.view_dashboard",)

    @extend_schema(parameters=PARAMETERS, responses=DashboardSerializer)
    def get(self, request: Request) -> Response:
        params = request.query_params
        form = DashboardForm(params or None, user=request.user)
        if form.is_bound and not form.is_valid():
            raise ValidationError(form_errors(form))
        scope = for_viewer(form.scope() if form.is_bound else Scope(), request.user)
        now = timezone.now()
        context = dashboard_context(
            scope,
            now=now,
            today=timezone.localdate(now),
            zone=timezone.get_current_timezone(),
        )
        return Response(dashboard_payload(context))
