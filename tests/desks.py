"""The Oversight role for test users whose tests are not about scope.

Since issue 14 a user sees only the agreements of their desks. A test about
something else puts its users on conftest's `desk_of_everything`; a dashboard
test gives its manager Oversight instead, so that the figures keep counting
the whole portfolio (the tallies' "all" path those tests were written for).
"""

from django.contrib.auth.models import AbstractBaseUser, Group

from commitments.permissions import OVERSIGHT


def oversight(*users: AbstractBaseUser) -> None:
    """Give `users` the Oversight role as well: they read every desk."""
    group = Group.objects.get(name=OVERSIGHT)
    for user in users:
        user.groups.add(group)
        # Django caches permissions on the instance.
        for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
            user.__dict__.pop(cache, None)
