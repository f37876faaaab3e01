from django.apps import AppConfig


class BackupsConfig(AppConfig):
    """One-archive backup and restore of the database and the evidence files."""

    name = "backups"
    verbose_name = "Backups"
