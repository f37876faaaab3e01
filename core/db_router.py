"""Reporting reads on a read replica; every other read and every write on the
primary ("default").

A router that chose by model would send every read of a milestone to the
replica, the pages that write right after they read included. Here reads go
to the replica only inside `reporting_reads()` (the dashboard and the exports
enter it through `reporting_view`), and only when settings name one
(DATABASE_REPLICA_URL sets TRACKER_REPORTING_DATABASE = "replica"). Writes
always go to the primary, even for a row that was read from the replica.
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponseBase

REPLICA = "replica"
T = TypeVar("T")

# A context variable, not a module flag: threads and async tasks each have
# their own, so one request's reporting reads never redirect another's.
_reporting = ContextVar("tracker_reporting_reads", default=False)


def reporting_database() -> str:
    """The alias reads use here: the reporting database inside
    `reporting_reads()`, the primary elsewhere."""
    if _reporting.get():
        return getattr(settings, "TRACKER_REPORTING_DATABASE", DEFAULT_DB_ALIAS)
    return DEFAULT_DB_ALIAS


def reporting_connection() -> BaseDatabaseWrapper:
    """The connection raw-SQL reads should use (as the router does for the ORM)."""
    return connections[reporting_database()]


@contextmanager
def reporting_reads() -> Iterator[None]:
    """Send the ORM reads made inside this block to the reporting database."""
    token = _reporting.set(True)
    try:
        yield
    finally:
        _reporting.reset(token)


def read_for_reports(items: Iterable[T]) -> Iterator[T]:
    """`items`, each produced inside `reporting_reads()`.

    A streamed export runs its query after the view has returned, when the
    first chunk is asked for; the flag is held only while an item is made,
    never across a yield, so it cannot leak into whatever runs between chunks.
    """
    iterator = iter(items)
    while True:
        with reporting_reads():
            try:
                item = next(iterator)
            except StopIteration:
                return
        yield item


def reporting_view(view: Callable[..., HttpResponseBase]) -> Callable:
    """Run a read-only reporting view (and its streamed body) on the
    reporting database."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object):
        with reporting_reads():
            response = view(request, *args, **kwargs)
        if response.streaming:
            response.streaming_content = read_for_reports(response.streaming_content)
        return response

    return wrapper


class ReportingRouter:
    """Reads inside `reporting_reads()` to the reporting database; writes and
    migrations to the primary."""

    def db_for_read(self, model: type, **hints: object) -> str | None:
        alias = reporting_database()
        return alias if alias != DEFAULT_DB_ALIAS else None

    def db_for_write(self, model: type, **hints: object) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: object, obj2: object, **hints: object) -> bool:
        # The replica holds the primary's rows: an object read from one may
        # refer to an object read from the other.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: object) -> bool | None:
        # A replica follows the primary's schema by replication.
        return None if db == DEFAULT_DB_ALIAS else False
