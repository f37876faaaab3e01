from django.apps import AppConfig


class ExtractionConfig(AppConfig):
    """Proposing commitments from new texts, their review, and bulk import."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "extraction"
    verbose_name = "Extraction and import"
