from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "access"
    verbose_name = "Access: desks and counterparts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Connects the login receiver that loads a person's language and zone.
        from access import user_locale  # noqa: F401
