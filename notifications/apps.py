from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Reminders and calendar feeds"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Connects the login receiver that loads a person's language and zone.
        from notifications import user_locale  # noqa: F401
