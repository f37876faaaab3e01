"""Cursor pagination: 50 rows a page (at most 200), stable while rows are added.

A cursor names a position in the list's ordering, so a client following
`next` neither skips nor repeats rows that others add meanwhile, and no page
counts the whole list (the pages' CappedCountPaginator problem does not
arise). A cursor is opaque but not trusted: one that does not decode, or
whose position is not a value of the ordering field, is a 400, not a 404 or
a database error.
"""

from typing import TYPE_CHECKING

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import QuerySet
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.request import Request

from core.forms import MAX_ID

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
INVALID_CURSOR = "Invalid cursor: follow the next or previous link as given."

if TYPE_CHECKING:
    from rest_framework.views import APIView


class ApiCursorPagination(CursorPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = "-id"
    invalid_cursor_message = INVALID_CURSOR

    def paginate_queryset(
        self, queryset: QuerySet, request: Request, view: "APIView | None" = None
    ) -> list | None:
        self._model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request: Request) -> Cursor | None:
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]}) from None
        if cursor is not None and cursor.position is not None:
            self._check_position(cursor.position)
        return cursor

    def _check_position(self, position: str) -> None:
        """Refuse a position the ordering field could not hold (it would be a
        filter value: "abc" for an id is a ValueError, 10**30 a database
        overflow)."""
        name = self.ordering[0].lstrip("-")
        try:
            field = self._model._meta.get_field(name)
            value = field.to_python(position)
        except (FieldDoesNotExist, DjangoValidationError, ValueError, TypeError):
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]}) from None
        if isinstance(field, models.IntegerField | models.AutoField) and not (
            -MAX_ID - 1 <= value <= MAX_ID
        ):
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]})


class HistoryCursorPagination(ApiCursorPagination):
    """A record's history, newest change first."""

    ordering = "-history_id"
