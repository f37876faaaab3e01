"""Saving a row so that its history names the actor and the reason, and the
system account that jobs act as."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import DEFAULT_DB_ALIAS, models

from core.cache_version import data_version_bump

# Rows of these apps are what the dashboard counts and names: a write to one
# bumps the data version after commit, so no cached figure outlives it.
COUNTED_APPS = frozenset({"commitments"})


def counted_write(model: type[models.Model]) -> None:
    """Note a committed-to-be write of `model` for the cached figures."""
    if model._meta.app_label in COUNTED_APPS:
        data_version_bump()


def system_user_ensure(*, using: str = DEFAULT_DB_ALIAS) -> AbstractBaseUser:
    """Create the system account if it is missing (after every migrate, from
    core's post_migrate handler; a flushed test database gets it back too)."""
    user_model = get_user_model()
    user, created = user_model.objects.db_manager(using).get_or_create(
        username=settings.TRACKER_SYSTEM_USERNAME,
        defaults={"is_active": False, "first_name": "System"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def system_user() -> AbstractBaseUser:
    """The named account that jobs and commands act as; it cannot log in.

    Only read: migrate creates it. Not cached per process on purpose: a
    long-lived worker would keep the id of a row a flushed or restored
    database no longer has, and every history row it wrote would fail.
    """
    user_model = get_user_model()
    try:
        return user_model.objects.get(username=settings.TRACKER_SYSTEM_USERNAME)
    except user_model.DoesNotExist:
        # A database migrated before the account existed, or emptied by hand.
        return system_user_ensure()


def save_with_history(
    instance: models.Model, *, actor: AbstractBaseUser | None, reason: str
) -> models.Model:
    """Validate the row, then save it with the actor and reason on its history row."""
    instance.full_clean()
    instance._history_user = actor
    instance._change_reason = reason
    instance.save()
    counted_write(type(instance))
    return instance
