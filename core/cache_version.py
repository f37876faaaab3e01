"""The data version: a number in the shared cache that writes bump after commit.

Cached figures (the dashboard's) carry it in their keys, so the request after
a committed change computes them afresh instead of serving figures up to two
minutes old; the old keys are never read again and expire on their own.
The write helpers (`core.history` and `bulk`) call
`data_version_bump`, so no service has to remember to.
"""

import time

from django.core.cache import cache
from django.db import connection, transaction

DATA_VERSION_KEY = "core:data-version"


def _fresh_version() -> int:
    # A new counter starts from the clock (microseconds), not from 1: a counter
    # lost to a flush or an eviction never returns to a number whose figures
    # may still be cached, since writes bump it far slower than the clock runs.
    return time.time_ns() // 1000


def data_version() -> int:
    """The current data version, created on first use."""
    version = cache.get(DATA_VERSION_KEY)
    if version is None:
        cache.add(DATA_VERSION_KEY, _fresh_version(), timeout=None)
        version = cache.get(DATA_VERSION_KEY, _fresh_version())
    return int(version)


class _Bump:
    """One bump for every write of one transaction: the first callback to run
    after its commit bumps; the others (same token) do nothing."""

    def __init__(self) -> None:
        self.done = False

    def __call__(self) -> None:
        if self.done:
            return
        self.done = True
        # The connection's next transaction bumps again.
        connection.data_version_bump = _Bump()
        try:
            cache.incr(DATA_VERSION_KEY)
        except ValueError:  # no counter yet (or evicted): any new one is newer
            cache.add(DATA_VERSION_KEY, _fresh_version(), timeout=None)


def data_version_bump() -> None:
    """Bump the data version once the current transaction commits (at once
    outside one; never if it rolls back); once per transaction."""
    # A token per connection (so per thread) shared by every write until a
    # commit runs it: no scan of the pending callbacks, one cache round trip.
    token = getattr(connection, "data_version_bump", None)
    if token is None:
        token = connection.data_version_bump = _Bump()
    # robust: the write has committed; a cache that is down must not turn it
    # into an error page (the figures then age out within two minutes).
    transaction.on_commit(token, robust=True)
