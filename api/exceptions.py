"""Errors as JSON: DRF's shapes, plus the project's own refusals.

DRF already answers its ValidationError (400, a message per field),
Http404 (404), PermissionDenied (403), authentication (401) and throttling
(429). What it leaves to a 500 is Django's ValidationError, which the
services, core/limits.py and core/dates.py raise for a refused value: here it
becomes a 400 with the same messages ({"field": [...]} or
{"non_field_errors": [...]}).
"""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, with Django's ValidationError as a 400."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=as_serializer_error(exc))
    return drf_exception_handler(exc, context)
