# Two narrow indexes for the misses' corrections (reporting.selectors.summary
# MISSES_SQL): open milestones by due instant (those whose day ended before
# the sweep flagged them) and closed-or-overdue ones by due instant (those
# counted as misses whose day has not ended). Each correction is a short
# range at one end of its index, not a scan of half the due_at index.

from django.db import migrations

INDEXES = {
    "reporting_milestone_open_due_at": (
        "(due_at) INCLUDE (commitment_id)",
        "status IN ('planned', 'due_soon')",
    ),
    "reporting_milestone_closed_due_at": (
        "(due_at) INCLUDE (commitment_id, status, completed_on, due_date)",
        "status IN ('overdue', 'missed', 'done')",
    ),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (columns, where) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON commitments_milestone "
            f"{columns} WHERE {where}"
        )


def drop(apps, schema_editor):
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("reporting", "0006_dashboard_tallies")]

    operations = [migrations.RunPython(create, drop)]
