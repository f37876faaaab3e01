"""Default lead times (30, 7, 1 days before; on the day) and escalation levels."""

from django.db import migrations

DEFAULT_LEAD_DAYS = (30, 7, 1, 0)
# Owner at once, the owner's manager after 7 days, a senior recipient after 30.
DEFAULT_LEVELS = ((1, 0, "owner"), (2, 7, "manager"), (3, 30, "senior"))


def create_defaults(apps, schema_editor):
    rule = apps.get_model("notifications", "ReminderRule")
    level = apps.get_model("notifications", "EscalationLevel")
    for days in DEFAULT_LEAD_DAYS:
        rule.objects.get_or_create(commitment_kind="", days_before=days)
    for number, days, recipient in DEFAULT_LEVELS:
        level.objects.get_or_create(
            level=number, defaults={"days_overdue": days, "recipient": recipient}
        )


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
