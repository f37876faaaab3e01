"""The IANA time zones this machine knows, read once per process.

zoneinfo.available_timezones() walks the time-zone database's directory on
every call (~4 ms, 12,000 path operations): too slow for a check made on every
request (notifications/user_locale.py). The set only changes when tzdata is
upgraded, which restarts the processes.
"""

import zoneinfo
from functools import lru_cache


@lru_cache(maxsize=1)
def known_zones() -> frozenset[str]:
    """Every time-zone name zoneinfo can load here."""
    return frozenset(zoneinfo.available_timezones())
