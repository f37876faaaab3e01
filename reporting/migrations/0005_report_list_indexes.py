# Indexes in the order of the lists behind the dashboard's figures (issue 11,
# docs/performance.md "Report lists and exports"). A page of 50 walks the index
# in the list's order and stops at 50 rows instead of joining and sorting every
# milestone (1,000,000) or follow-up; the filters that are not selective enough
# for an index of their own (timeliness, a side) are checked on the way. Raw
# SQL, as in 0002: the tables are commitments', only reporting reads them so.

from django.db import migrations

INDEXES = {
    # The milestone list's order (Milestone.Meta.ordering): earliest due first.
    # The partial indexes of 0002 cover the open statuses only; this one every
    # milestone (the unfiltered list, timeliness, done, missed, cancelled).
    "reporting_milestone_due_id": "commitments_milestone (due_date, id)",
    # The follow-up list's order, newest first (read backwards).
    "reporting_followup_happened": (
        "commitments_followup (happened_on, created_at, id)"
    ),
}


def create(apps, schema_editor):
    for name, target in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


def drop(apps, schema_editor):
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0004_users_are_never_deleted"),
        ("commitments", "0008_list_indexes"),
    ]

    operations = [migrations.RunPython(create, drop)]
