"""The cadence bounds from settings, for models, forms and services alike.

`cadence.py` is pure and takes its bounds as an argument; this reads them from
the supported date range and the RULE_OCCURRENCES limit. It imports no models
and no services, so every layer may use it.
"""

from commitments.cadence import Bounds
from core.dates import supported_range
from core.limits import limit_value


def cadence_bounds() -> Bounds:
    """The days a cadence may cover and the occurrences it may expand, from settings."""
    first, last = supported_range()
    return Bounds(
        first=first, last=last, max_occurrences=limit_value("RULE_OCCURRENCES")
    )
