# The Counterpart role: reading agreements, their commitments (with their sides
# and quotes), milestones and sources. What a counterpart reads of them is
# access/scope.py's business (its agreements only, no internal follow-up); the
# group only lets the pages open. Frozen here, as a migration must be;
# tests/unit/test_roles.py checks that the groups equal
# commitments.permissions.ROLES.

from django.contrib.auth.management import create_permissions
from django.db import migrations

COUNTERPART = tuple(
    f"commitments.view_{model}"
    for model in (
        "agreement",
        "commitment",
        "obligation",
        "provenance",
        "milestone",
        "sourcedocument",
    )
)


def create_role(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Counterpart")
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="commitments",
            codename__in=[label.split(".")[1] for label in COUNTERPART],
        )
    )


def remove_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Counterpart").delete()


class Migration(migrations.Migration):
    dependencies = [("access", "0002_oversight_role")]

    operations = [migrations.RunPython(create_role, remove_role)]
