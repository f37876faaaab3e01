# An index for My work (issue 11, docs/performance.md "Under load").
#
# A person's commitments on the agreements they may see: the planner walks the
# visible agreements (a desk's deskagreement rows) and looks each up. With
# only (agreement_id, status) and (owner_id) it read every commitment of each
# agreement to keep the owner's (100 rows an agreement, ~80 ms for a desk of
# 1,000 agreements at 100,000 commitments); with (owner_id, agreement_id) each
# look-up is one index probe. Partial: archived commitments are never listed.
# Raw SQL like 0008, CREATE INDEX IF NOT EXISTS so a database that got it by
# hand is not refused; SQLite (the demo) gets it too.

from django.db import migrations

NAME = "commitment_owner_agreement_open"


def create(apps, schema_editor):
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NAME} ON commitments_commitment "
        "(owner_id, agreement_id) WHERE archived_at IS NULL"
    )


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("commitments", "0014_exchange_kind")]

    operations = [migrations.RunPython(create, drop)]
