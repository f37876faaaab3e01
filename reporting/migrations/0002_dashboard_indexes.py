# Indexes on the domain tables that the dashboard's aggregates read (see
# docs/reporting.md and docs/performance.md). They live here, not in
# commitments' models, because only reporting needs them; each is partial, so
# it holds only the rows one panel counts, and PostgreSQL answers the counts
# from the index alone. SQLite (the demo) gets the same indexes without
# INCLUDE columns, which it does not support.

from django.db import migrations

INDEXES = {
    # Open milestones by due date: due in 30/90 days, the quarter's calendar,
    # the next milestones (an ordered scan that stops after a dozen rows).
    "reporting_milestone_open_due": (
        "commitments_milestone (due_date, id)",
        "",
        "status IN ('planned', 'due_soon', 'overdue')",
    ),
    # Overdue milestones by due date: the age buckets and the longest overdue.
    "reporting_milestone_overdue_due": (
        "commitments_milestone (due_date, id)",
        "",
        "status = 'overdue'",
    ),
    # Milestones by due instant with what timeliness and cadence read: due so
    # far, done on time, per recurring commitment.
    "reporting_milestone_due_at_held": (
        "commitments_milestone (due_at)",
        "INCLUDE (commitment_id, status, completed_on, due_date)",
        "status <> 'cancelled'",
    ),
    # A milestone's history rows in order: the trend's intervals (LEAD()).
    "reporting_histmilestone_id_date": (
        "commitments_historicalmilestone (id, history_date, history_id)",
        "INCLUDE (status, history_type)",
        "",
    ),
}


def create(apps, schema_editor):
    is_postgres = schema_editor.connection.vendor == "postgresql"
    for name, (target, include, where) in INDEXES.items():
        sql = f"CREATE INDEX IF NOT EXISTS {name} ON {target}"
        if include and is_postgres:
            sql += f" {include}"
        if where:
            sql += f" WHERE {where}"
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ("reporting", "0001_initial"),
        ("commitments", "0004_roles"),
    ]

    operations = [migrations.RunPython(create, drop)]
