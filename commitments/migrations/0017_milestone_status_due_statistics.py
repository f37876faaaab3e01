# The report lists' "overdue for up to N days" (issue 11, docs/performance.md
# "Under load").
#
# "Overdue and due on or after a week ago" matches ~1,100 of 1,000,000
# milestones, but PostgreSQL multiplies the two conditions' shares as if they
# were independent (15 % overdue x 60 % due after that day = 90,000 rows), so
# it walked every commitment looking for them: 850-950 ms for a count of at
# most 1,001. An overdue milestone's due date is in the past: the columns are
# correlated. Extended statistics (a most-common-values list over status and
# due date; 3,000 entries hold every status and day of the data) give the
# planner the true count, and an index on (status, due_date) the range to
# read: 10-15 ms. PostgreSQL only (SQLite has no extended statistics); the
# statistics are filled by the next ANALYZE (autovacuum, or bin/restore's).

from django.db import migrations

INDEX = "milestone_status_due_date"
STATISTICS = "milestone_status_due_mcv"


def create(apps, schema_editor):
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} "
        "ON commitments_milestone (status, due_date)"
    )
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE STATISTICS IF NOT EXISTS {STATISTICS} (mcv) "
        "ON status, due_date FROM commitments_milestone"
    )
    schema_editor.execute(f"ALTER STATISTICS {STATISTICS} SET STATISTICS 3000")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {STATISTICS}")
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("commitments", "0016_commitment_quantity")]

    operations = [migrations.RunPython(create, drop)]
