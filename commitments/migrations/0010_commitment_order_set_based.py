# The stored list order's update triggers (0009) without joining the two
# transition tables.
#
# Transition tables have no statistics: PostgreSQL planned "old_rows JOIN
# new_rows ON id" as a nested loop, quadratic in the rows changed, and the
# sweep's 65,000 commitment flags ran for minutes. The commitment trigger now
# compares the new rows with the stored keys through the stored table's
# primary key (one probe per row); the milestone trigger finds the milestones
# whose (commitment, openness, open due date) changed with EXCEPT, a hashed set
# difference, linear in the rows changed.
from django.db import migrations

OPEN = "('planned', 'due_soon', 'overdue')"
URGENCY = (
    "CASE n.status WHEN 'overdue' THEN 0 WHEN 'due_soon' THEN 1 "
    "WHEN 'planned' THEN 2 ELSE 3 END"
)
# What of a milestone its commitment's next due date depends on.
ORDER_KEYS = (
    f"id, commitment_id, status IN {OPEN} AS open, "
    f"CASE WHEN status IN {OPEN} THEN due_date END AS open_due"
)

CREATE = rf"""
CREATE OR REPLACE FUNCTION commitments_order_on_commitment_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Status or title changed (the sweep's flags): one set-based UPDATE of
    -- the rows whose stored keys differ.
    UPDATE commitments_commitmentorder o
    SET urgency = {URGENCY}, title = n.title
    FROM new_rows n
    WHERE o.commitment_id = n.id AND n.archived_at IS NULL
      AND (o.urgency, o.title) IS DISTINCT FROM ({URGENCY}, n.title);
    -- Archived: the row leaves.
    DELETE FROM commitments_commitmentorder o
    USING new_rows n
    WHERE o.commitment_id = n.id AND n.archived_at IS NOT NULL;
    -- Restored: the row comes back.
    PERFORM commitments_order_refresh(ARRAY(
        SELECT n.id FROM new_rows n
        WHERE n.archived_at IS NULL AND NOT EXISTS (
            SELECT FROM commitments_commitmentorder o WHERE o.commitment_id = n.id
        )
    ));
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION commitments_order_on_milestone_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM commitments_order_next_due(ARRAY(
        SELECT DISTINCT changed.commitment_id FROM (
            (SELECT {ORDER_KEYS} FROM old_rows
             EXCEPT SELECT {ORDER_KEYS} FROM new_rows)
            UNION ALL
            (SELECT {ORDER_KEYS} FROM new_rows
             EXCEPT SELECT {ORDER_KEYS} FROM old_rows)
        ) changed
    ));
    RETURN NULL;
END $$
"""  # noqa: S608  # nosec B608

# Back to 0009's bodies.
REVERT = rf"""
CREATE OR REPLACE FUNCTION commitments_order_on_commitment_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE commitments_commitmentorder o
    SET urgency = {URGENCY}, title = n.title
    FROM new_rows n JOIN old_rows p ON p.id = n.id
    WHERE o.commitment_id = n.id
      AND n.archived_at IS NULL AND p.archived_at IS NULL
      AND (n.status <> p.status OR n.title <> p.title)
      AND (o.urgency, o.title) IS DISTINCT FROM ({URGENCY}, n.title);
    PERFORM commitments_order_refresh(ARRAY(
        SELECT n.id FROM new_rows n JOIN old_rows p ON p.id = n.id
        WHERE (n.archived_at IS NULL) <> (p.archived_at IS NULL)
    ));
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION commitments_order_on_milestone_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM commitments_order_next_due(ARRAY(
        SELECT x.id FROM (
            SELECT p.commitment_id AS id, n.commitment_id AS other
            FROM old_rows p JOIN new_rows n ON n.id = p.id
            WHERE n.commitment_id <> p.commitment_id
               OR (n.status IN {OPEN}) <> (p.status IN {OPEN})
               OR (n.status IN {OPEN} AND n.due_date <> p.due_date)
        ) changed, LATERAL (VALUES (changed.id), (changed.other)) AS x(id)
        GROUP BY x.id
    ));
    RETURN NULL;
END $$
"""  # noqa: S608  # nosec B608


def run(script: str, schema_editor) -> None:
    # One statement per call, separated by a blank line (none inside a body).
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in script.strip().split("\n\n"):
        schema_editor.execute(statement, params=None)


def create(apps, schema_editor):
    run(CREATE, schema_editor)


def revert(apps, schema_editor):
    run(REVERT, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("commitments", "0009_commitment_order")]

    operations = [migrations.RunPython(create, revert, elidable=False)]
