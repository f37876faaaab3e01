# The Counterpart role reads shared follow-ups (and their evidence) and logs
# its own, always shared, on its side's obligations (issue 14). Which ones is
# access/scope.py (shared only) and commitments/permissions.py's
# can_log_followup (its party's obligations); the group only opens the pages.

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADDED = ("view_followup", "add_followup")


def widen(apps, schema_editor):
    # The proposal and confirmation tables are new: their permissions exist
    # only once created, and administrators hold every commitments one.
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
    group = Group.objects.filter(name="Counterpart").first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="commitments", codename__in=ADDED
            )
        )


def narrow(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Counterpart").first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="commitments", codename__in=ADDED
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0003_counterpart_role"),
        ("commitments", "0012_followup_visibility_joint_milestones"),
    ]

    operations = [migrations.RunPython(widen, narrow)]
