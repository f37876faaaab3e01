from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    """Plumbing every app uses: limits, the supported date range, history and
    the system account."""

    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        # After every migrate, so that jobs only ever read the account. The
        # signal is sent per app with models (core has none): auth's will do.
        post_migrate.connect(
            _system_user_after_migrate, dispatch_uid="core_system_user"
        )


def _system_user_after_migrate(sender: AppConfig, using: str, **_: object) -> None:
    from django.contrib.auth import get_user_model
    from django.db import router

    from core.history import system_user_ensure

    if sender.label == "auth" and router.allow_migrate_model(using, get_user_model()):
        system_user_ensure(using=using)
