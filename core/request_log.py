"""Request ids and durations on the log line Django writes for a request error.

Django already logs every response with status 400 and up through the
``django.request`` logger (warning for 4xx, error with the traceback for 5xx),
once per request, with the request attached to the record. Rather than a
second line, ``RequestContextFilter`` adds to that record what an operator
needs to find the request: its id (the proxy's ``X-Request-ID`` when it sent
a sane one, else a new one; returned in the response header so that a person
can quote it), method, path, status and duration. ``RequestIdMiddleware``
stamps the id and the start time; it stands first in MIDDLEWARE so that the
duration covers every other middleware.
"""

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
# What we accept from a proxy (nginx's $request_id is 32 hex digits): short,
# no spaces or control characters, so it cannot forge or split a log line.
_SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_MAX_PATH = 500


def request_id_for(request: HttpRequest) -> str:
    """The proxy's request id when it is sane, else a fresh one."""
    given = request.META.get("HTTP_X_REQUEST_ID", "")
    return given if _SANE_ID.fullmatch(given) else uuid.uuid4().hex


class RequestIdMiddleware:
    """Give each request an id and a start time; echo the id in the response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.request_id = request_id_for(request)
        request.started_at = time.monotonic()
        response = self.get_response(request)
        response[HEADER] = request.request_id
        return response


class RequestContextFilter(logging.Filter):
    """Add request id, method, path, status and duration to request records."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if not isinstance(request, HttpRequest):
            return True
        record.event = "request_error"
        record.request_id = getattr(request, "request_id", None)
        record.method = request.method
        record.path = request.path[:_MAX_PATH]
        record.status = getattr(record, "status_code", None)
        started = getattr(request, "started_at", None)
        if started is not None:
            record.duration_ms = round((time.monotonic() - started) * 1000, 1)
        return True
