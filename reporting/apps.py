from django.apps import AppConfig


class ReportingConfig(AppConfig):
    """The manager dashboard, lists with exports, briefing packs, weekly summary."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "reporting"
    verbose_name = "Reporting"
