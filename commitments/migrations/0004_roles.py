# The four roles as groups of permissions. The mapping is frozen here, as a
# migration must be; tests/unit/test_roles.py checks it still equals
# commitments.permissions.ROLES, and a change of roles is a new migration.

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = (
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
READ = tuple(f"commitments.view_{model}" for model in MODELS)
OFFICER = READ + (
    "commitments.add_commitment",
    "commitments.change_commitment",
    "commitments.add_obligation",
    "commitments.add_provenance",
    "commitments.add_milestone",
    "commitments.change_milestone",
    "commitments.add_followup",
)
MANAGER = OFFICER + (
    "commitments.add_agreement",
    "commitments.change_agreement",
    "commitments.reassign_commitment",
    "commitments.close_commitment",
    "commitments.view_dashboard",
)
ROLES = {
    "Viewer": READ,
    "Policy officer": OFFICER,
    "Manager": MANAGER,
    "Administrator": ("commitments.*", "auth.*"),
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
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("commitments", "0003_commitment_version_and_permissions"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
