# Administrators hold every commitments permission (0004_roles:
# "commitments.*"); the translation tables of 0018 are new, so their
# permissions exist only once created, and are then given to the role
# (tests/unit/test_roles.py checks the groups against commitments.permissions.ROLES).
# Editing a translation is otherwise checked as editing the commitment
# (commitments/services/translations.py), not by a permission of its own.

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    administrator = Group.objects.filter(name="Administrator").first()
    if administrator is not None:
        administrator.permissions.add(
            *Permission.objects.filter(content_type__app_label="commitments")
        )


class Migration(migrations.Migration):
    dependencies = [("commitments", "0018_commitment_translation")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
