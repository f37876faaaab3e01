from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "ops"
    verbose_name = "Operations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The web and the worker both load the apps: the worker records each
        # job's success through these receivers (ops/signals.py).
        from ops import signals

        signals.connect()
