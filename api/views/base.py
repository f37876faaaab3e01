"""The read-only viewset every entity endpoint builds on, and its history.

A viewset names its rows (an api.selectors function taking the user: the
scoping rule is applied there, never here), the role permissions the pages
ask for, the page's FilterSet and an explicit list of orderings. Writes (a
later slice) go in their own mixins and modules beside these.
"""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from api import selectors
from api.pagination import HistoryCursorPagination
from api.permissions import is_counterpart
from api.serializers.history import HistoryRowSerializer, history_page

COUNTERPART_HISTORY = "The ministry's change history is not shared with a counterpart."


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """List and retrieve the rows `rows(user=…)` gives; history per row."""

    required_permissions: tuple[str, ...] = ()
    ordering_fields: tuple[str, ...] = ("id",)
    ordering: tuple[str, ...] = ("-id",)

    def rows(self, *, user: Any):  # pragma: no cover - each viewset names its own
        raise NotImplementedError

    def detail_rows(self, *, user: Any):
        """Rows for one record (its detail and history); the list's by default."""
        return self.rows(user=user)

    def get_queryset(self):
        user = self.request.user
        if self.action in ("retrieve", "history"):
            return self.detail_rows(user=user)
        return self.rows(user=user)

    @extend_schema(
        responses=HistoryRowSerializer(many=True),
        summary="The record's change history, newest first",
        filters=False,
    )
    @action(
        detail=True,
        methods=["get"],
        pagination_class=HistoryCursorPagination,
        filter_backends=[],
    )
    def history(self, request: Request, pk: str | None = None) -> Response:
        """Who changed the record, when, why and which fields."""
        instance = self.get_object()  # outside scope: 404
        if is_counterpart(request.user):
            raise PermissionDenied(COUNTERPART_HISTORY)
        records = self.paginate_queryset(selectors.history_rows(instance=instance))
        older = None
        if records:
            older = selectors.history_row_before(
                instance=instance, history_id=records[-1].history_id
            )
        rows = history_page(list(records), older)
        return self.get_paginated_response(HistoryRowSerializer(rows, many=True).data)
