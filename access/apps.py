from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "access"
    verbose_name = "Access: desks and counterparts"
    default_auto_field = "django.db.models.BigAutoField"
