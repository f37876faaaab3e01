"""The bell's unread count on every page, read at most once per request (and
only by a page that shows it) and cached until the person's notifications
change (services/inbox.py forgets the count after each committed write)."""

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from notifications.selectors import UNREAD_CAP, unread_count, unread_count_key

# The services forget a count when they change it; the timeout only bounds a
# count a lost cache delete (Redis down at that moment) would leave stale.
BELL_CACHE_SECONDS = 300


def _bell_for(user) -> dict[str, object]:
    key = unread_count_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = unread_count(user=user)
        cache.set(key, count, BELL_CACHE_SECONDS)
    label = f"{UNREAD_CAP}+" if count > UNREAD_CAP else str(count)
    return {"count": count, "label": label}


def bell(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"bell": SimpleLazyObject(lambda: _bell_for(user))}
