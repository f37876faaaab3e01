# Indexes for the workspace lists (issue 11, docs/performance.md "Lists").
#
# Raw SQL like reporting/0002, because they are partial and the models are
# not where list-only concerns live; CREATE INDEX IF NOT EXISTS so a database
# that got one by hand is not refused. SQLite (the demo) gets the same indexes.

from django.db import migrations

INDEXES = {
    # An agreement's commitments counted by status (the agreements list and
    # page): one index-only range per agreement and status.
    "commitment_agreement_status": (
        "commitments_commitment (agreement_id, status)",
        "",
    ),
    # A commitment's next open due date (the lists' "next due" and their
    # order, My work's milestones): the first entry of one range.
    "milestone_open_commitment_due": (
        "commitments_milestone (commitment_id, due_date, id)",
        "status IN ('planned', 'due_soon', 'overdue')",
    ),
}


def create(apps, schema_editor):
    for name, (target, where) in INDEXES.items():
        sql = f"CREATE INDEX IF NOT EXISTS {name} ON {target}"
        if where:
            sql += f" WHERE {where}"
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("commitments", "0006_no_hard_delete")]

    operations = [migrations.RunPython(create, drop)]
