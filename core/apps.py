from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Plumbing every app uses: limits, the supported date range."""

    name = "core"
    verbose_name = "Core"
