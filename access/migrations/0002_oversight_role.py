# The Oversight role, and the access app's permissions for administrators. The
# mapping is frozen here, as a migration must be; tests/unit/test_roles.py
# checks that the groups equal commitments.permissions.ROLES.

from django.contrib.auth.management import create_permissions
from django.db import migrations

COMMITMENTS_MODELS = (
    "party",
    "institution",
    "person",
    "sourcedocument",
    "agreement",
    "commitment",
    "obligation",
    "provenance",
    "milestone",
    "followup",
)
ACCESS_MODELS = ("desk", "deskmembership", "deskagreement", "counterpartaccount")
OVERSIGHT = (
    *(f"commitments.view_{model}" for model in COMMITMENTS_MODELS),
    "commitments.view_dashboard",
    "access.view_all_desks",
    *(f"access.view_{model}" for model in ACCESS_MODELS),
)
ROLES = {
    "Oversight": OVERSIGHT,
    "Administrator": ("commitments.*", "auth.*", "access.*"),
}


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations have run; make them
    # now so that a fresh database gets its groups in one migrate.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for label in wanted:
            app_label, codename = label.split(".")
            found = Permission.objects.filter(content_type__app_label=app_label)
            if codename != "*":
                found = found.filter(codename=codename)
            permissions.extend(found)
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name="Oversight").delete()
    administrator = Group.objects.filter(name="Administrator").first()
    if administrator is not None:
        administrator.permissions.remove(
            *apps.get_model("auth", "Permission").objects.filter(
                content_type__app_label="access"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("commitments", "0004_roles"),
        ("access", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
