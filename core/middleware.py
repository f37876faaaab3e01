"""A page a person can act on when PostgreSQL stops a request's query.

Every web request's connection carries ``statement_timeout``
(``TRACKER_DB_STATEMENT_TIMEOUT_MS``, tracker/settings/base.py): PostgreSQL
cancels a statement that runs longer, and Django raises OperationalError
caused by psycopg's QueryCanceled. Without this middleware that is a bare 500;
with it, a 503 that says what happened and what to do.
"""

import logging
from collections.abc import Callable

from django.conf import settings
from django.db.utils import OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import engines
from psycopg.errors import QueryCanceled

logger = logging.getLogger(__name__)

PAGE = """{% extends "base.html" %}
{% block title %}The query took too long · Commitment Tracker{% endblock %}
{% block content %}
<section class="card">
  <h1>The query took too long</h1>
  <p>The database stopped it after {{ seconds }} seconds, so that one request cannot
  slow everyone down. Narrow your search or filters (fewer words, a shorter date
  range, one agreement) and try again.</p>
</section>
{% endblock %}"""


def is_query_timeout(exception: BaseException) -> bool:
    """Whether the database cancelled the statement (timeout or cancel)."""
    return isinstance(exception, OperationalError) and isinstance(
        exception.__cause__, QueryCanceled
    )


class QueryTimeoutMiddleware:
    """Turn a cancelled statement into a 503 page instead of a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if not is_query_timeout(exception):
            return None
        logger.warning(
            "statement cancelled after the timeout: %s %s",
            request.method,
            request.get_full_path()[:500],
        )
        seconds = settings.TRACKER_DB_STATEMENT_TIMEOUT_MS / 1000
        body = (
            engines["django"]
            .from_string(PAGE)
            .render({"seconds": f"{seconds:g}"}, request)
        )
        return HttpResponse(body, status=503, headers={"Retry-After": "60"})
