"""Template filters of the staff workspace."""

import datetime
import zoneinfo
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePath

from django import template
from django.urls import reverse
from django.utils.translation import get_language, gettext, ngettext

from commitments.cadence import CadenceError, rule_summary
from commitments.lifecycle import LABELS, OPEN_STATUSES, Status
from commitments.translation_selectors import title_in
from core.country_names import country_name as core_country_name

register = template.Library()

# A reference that no real one equals (references are slugs), replaced in the
# reversed pattern.
_PLACEHOLDER = "0-placeholder-0"


@lru_cache(maxsize=1)
def _commitment_url_pattern() -> str:
    return reverse("commitments:commitment_detail", args=[_PLACEHOLDER])


@register.filter
def status_label(value: str) -> str:
    """'due_soon' -> 'Due soon'; an unknown value is shown as it is."""
    try:
        return str(LABELS[Status(value)])
    except ValueError:
        return value


@register.filter
def is_open(value: str) -> bool:
    """Whether a status still has work to do."""
    return value in OPEN_STATUSES


@register.filter
def basename(value: object) -> str:
    """The last part of a stored file's path."""
    return PurePath(str(value)).name


@register.filter
def cadence_words(rule: str) -> str:
    """A recurrence rule in words, in the reader's language ("every 6 months"):
    people never read the raw RRULE text (issue 18)."""
    if not rule:
        return ""
    try:
        freq, interval, count = rule_summary(rule)
    except CadenceError:
        return gettext("a custom schedule")
    if freq == "MONTHLY" and interval == 6:
        words = gettext("twice a year")
    elif freq == "DAILY":
        words = ngettext("every day", "every %(n)s days", interval)
    elif freq == "WEEKLY":
        words = ngettext("every week", "every %(n)s weeks", interval)
    elif freq == "MONTHLY":
        words = ngettext("every month", "every %(n)s months", interval)
    elif freq == "YEARLY":
        words = ngettext("every year", "every %(n)s years", interval)
    else:
        return gettext("a custom schedule")
    words = words % {"n": interval}
    if count is not None:
        times = ngettext("%(n)s time", "%(n)s times", count) % {"n": count}
        words = gettext("%(words)s, %(times)s") % {"words": words, "times": times}
    return words


@register.filter
def commitment_url(reference: str) -> str:
    """The commitment page's address: reverse() once, then a string join.
    A list row links two or three times to its commitment; reverse() per link
    was a tenth of a list page's rendering (docs/performance.md "Under load")."""
    return _commitment_url_pattern().replace(_PLACEHOLDER, reference, 1)


@register.filter
def country_name(party: object) -> str:
    """A party's country name from CLDR in the reader's language (Party has an
    ISO 3166 `iso_code`); the stored name for a bloc, an organisation or a
    code CLDR does not know."""
    stored = str(getattr(party, "name", party) or "")
    code = getattr(party, "iso_code", "") or ""
    return core_country_name(code, stored, get_language())


@dataclass(frozen=True)
class SideTime:
    party: object
    zone: str
    moment: datetime.datetime
    local: str


@register.filter
def side_times(milestone: object, sides: object) -> list[SideTime]:
    """When a joint milestone falls due in each side's own zone (the parties'
    time zones), so that Islamabad and Beijing read the same instant in their
    own clocks; empty when every side shares one zone."""
    moment = getattr(milestone, "due_at", None)
    parties = [*getattr(sides, "ministry", ()), *getattr(sides, "counterpart", ())]
    if moment is None or len({p.time_zone for p in parties}) < 2:
        return []
    return [
        SideTime(
            party=p,
            zone=p.time_zone,
            moment=moment,
            local=moment.astimezone(zoneinfo.ZoneInfo(p.time_zone)).strftime(
                "%Y-%m-%d %H:%M"
            ),
        )
        for p in parties
    ]


@register.filter
def local_title(commitment: object) -> str:
    """The commitment's title in the reader's language, else the original: the
    `local_title` the selectors annotate (no query), else its translations."""
    annotated = getattr(commitment, "local_title", None)
    if annotated:
        return str(annotated)
    return title_in(commitment, get_language())
