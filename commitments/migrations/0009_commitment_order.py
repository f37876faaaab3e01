# The commitment list's order stored per commitment (issue 11,
# docs/performance.md "Stored next due date").
#
# The list is ordered by urgency (from the commitment's status), the next open
# due date (the earliest open milestone), title and id. Computing the next due
# date of every commitment of a large urgency group before sorting cost 80-95
# ms a page at 100,000 commitments. commitments_commitmentorder keeps the four
# sort keys of every unarchived commitment, with one index in the list's
# order, so a page is an index range. Like commitments_commitmentsearch
# (0005) it is a precomputed join kept by triggers on every write path
# (services, the sweep's bulk updates, admin, COPY, raw SQL), in the writing
# transaction. PostgreSQL only: SQLite (the demo) keeps the computed order.
#
# Triggers are per statement with transition tables, so a bulk write (the
# sweep's 100,000 status flags, a generation run, a COPY) is handled by a few
# set-based statements, not a function call per row. The sweep's milestone
# flags (planned -> due soon -> overdue) keep a milestone open and its date
# unchanged, so they change no next due date: the milestone trigger finds no
# commitment to refresh and writes nothing.
#
# Locks: a milestone write refreshes its commitment's row here only after
# locking the commitment row (FOR NO KEY UPDATE, in id order), the lock every
# service and the sweep take before changing a commitment. So this table's
# rows are always locked after their commitment's (no new deadlock between a
# milestone service and the sweep), and two transactions writing milestones
# of one commitment refresh its next due date one after the other, each from
# a fresh snapshot seeing the other's committed milestones.
from django.db import migrations, models

OPEN = "('planned', 'due_soon', 'overdue')"
URGENCY = (
    "CASE {status} WHEN 'overdue' THEN 0 WHEN 'due_soon' THEN 1 "
    "WHEN 'planned' THEN 2 ELSE 3 END"
)
# The first open due date of commitment {id}: one probe of the partial index
# milestone_open_commitment_due (0008), whose predicate this repeats.
NEXT_DUE = (
    "(SELECT min(m.due_date) FROM commitments_milestone m "  # noqa: S608  # nosec B608
    f"WHERE m.commitment_id = {{id}} AND m.status IN {OPEN})"
)
# The four stored keys of commitment row c. (Every SQL string here is built
# from these constants only: no input reaches it.)
KEYS = (
    f"c.id, {URGENCY.format(status='c.status')}, {NEXT_DUE.format(id='c.id')}, c.title"
)

CREATE = rf"""
CREATE TABLE commitments_commitmentorder (
    commitment_id bigint PRIMARY KEY,
    urgency smallint NOT NULL,
    next_due date,
    title varchar(300) NOT NULL
);

CREATE INDEX commitments_commitmentorder_list
    ON commitments_commitmentorder (urgency, next_due NULLS LAST, title, commitment_id);

-- The stored keys of the given commitments, recomputed from their rows: an
-- unarchived commitment gets (or keeps) its row, an archived or missing one
-- loses it. Rows whose keys did not change are not rewritten.
CREATE FUNCTION commitments_order_refresh(targets bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF targets IS NULL OR cardinality(targets) = 0 THEN
        RETURN;
    END IF;
    DELETE FROM commitments_commitmentorder o
    WHERE o.commitment_id = ANY(targets)
      AND NOT EXISTS (
          SELECT FROM commitments_commitment c
          WHERE c.id = o.commitment_id AND c.archived_at IS NULL
      );
    INSERT INTO commitments_commitmentorder AS o
        (commitment_id, urgency, next_due, title)
    SELECT {KEYS}
    FROM commitments_commitment c
    WHERE c.id = ANY(targets) AND c.archived_at IS NULL
    ON CONFLICT (commitment_id) DO UPDATE
    SET urgency = EXCLUDED.urgency, next_due = EXCLUDED.next_due, title = EXCLUDED.title
    WHERE (o.urgency, o.next_due, o.title)
        IS DISTINCT FROM (EXCLUDED.urgency, EXCLUDED.next_due, EXCLUDED.title);
END $$;

-- After milestones changed: lock their commitments (see the header), then
-- recompute their next due dates.
CREATE FUNCTION commitments_order_next_due(targets bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF targets IS NULL OR cardinality(targets) = 0 THEN
        RETURN;
    END IF;
    PERFORM 1 FROM commitments_commitment c
    WHERE c.id = ANY(targets) ORDER BY c.id FOR NO KEY UPDATE;
    UPDATE commitments_commitmentorder o
    SET next_due = x.next_due
    FROM (
        SELECT t.id, {NEXT_DUE.format(id="t.id")} AS next_due
        FROM unnest(targets) AS t(id)
    ) x
    WHERE o.commitment_id = x.id AND o.next_due IS DISTINCT FROM x.next_due;
END $$;

CREATE FUNCTION commitments_order_on_commitment_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM commitments_order_refresh(ARRAY(SELECT n.id FROM new_rows n));
    RETURN NULL;
END $$;

-- Only rows whose status, title or archiving changed: a whole-row save that
-- changed none of them (most of them) writes nothing here.
CREATE FUNCTION commitments_order_on_commitment_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- The common bulk case (the sweep's status flags): the row exists and
    -- only its urgency or title changes, one set-based UPDATE.
    UPDATE commitments_commitmentorder o
    SET urgency = {URGENCY.format(status="n.status")}, title = n.title
    FROM new_rows n JOIN old_rows p ON p.id = n.id
    WHERE o.commitment_id = n.id
      AND n.archived_at IS NULL AND p.archived_at IS NULL
      AND (n.status <> p.status OR n.title <> p.title)
      AND (o.urgency, o.title)
          IS DISTINCT FROM ({URGENCY.format(status="n.status")}, n.title);
    -- Archived or restored: the row leaves or comes back.
    PERFORM commitments_order_refresh(ARRAY(
        SELECT n.id FROM new_rows n JOIN old_rows p ON p.id = n.id
        WHERE (n.archived_at IS NULL) <> (p.archived_at IS NULL)
    ));
    RETURN NULL;
END $$;

CREATE FUNCTION commitments_order_on_commitment_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM commitments_commitmentorder o
    USING old_rows p WHERE o.commitment_id = p.id;
    RETURN NULL;
END $$;

CREATE FUNCTION commitments_order_on_milestone_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM commitments_order_next_due(ARRAY(
        SELECT DISTINCT n.commitment_id FROM new_rows n WHERE n.status IN {OPEN}
    ));
    RETURN NULL;
END $$;

CREATE FUNCTION commitments_order_on_milestone_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM commitments_order_next_due(ARRAY(
        SELECT DISTINCT p.commitment_id FROM old_rows p WHERE p.status IN {OPEN}
    ));
    RETURN NULL;
END $$;

-- A milestone changes its commitment's next due date only when it opens,
-- closes, moves to another commitment, or moves its date while open. The
-- sweep's flags do none of these: the join below finds nothing.
CREATE FUNCTION commitments_order_on_milestone_update() RETURNS trigger
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
END $$;

-- TRUNCATE fires no row or transition triggers (Django's test flush, the
-- benchmarks' loaders): start again from the tables.
CREATE FUNCTION commitments_order_rebuild() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE commitments_commitmentorder;
    INSERT INTO commitments_commitmentorder (commitment_id, urgency, next_due, title)
    SELECT {KEYS}
    FROM commitments_commitment c WHERE c.archived_at IS NULL;
    RETURN NULL;
END $$;

CREATE TRIGGER commitments_order_commitment_insert
    AFTER INSERT ON commitments_commitment REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION commitments_order_on_commitment_insert();

CREATE TRIGGER commitments_order_commitment_update
    AFTER UPDATE ON commitments_commitment
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION commitments_order_on_commitment_update();

CREATE TRIGGER commitments_order_commitment_delete
    AFTER DELETE ON commitments_commitment REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION commitments_order_on_commitment_delete();

CREATE TRIGGER commitments_order_milestone_insert
    AFTER INSERT ON commitments_milestone REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION commitments_order_on_milestone_insert();

CREATE TRIGGER commitments_order_milestone_update
    AFTER UPDATE ON commitments_milestone
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION commitments_order_on_milestone_update();

CREATE TRIGGER commitments_order_milestone_delete
    AFTER DELETE ON commitments_milestone REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION commitments_order_on_milestone_delete();

CREATE TRIGGER commitments_order_commitment_truncate
    AFTER TRUNCATE ON commitments_commitment
    FOR EACH STATEMENT EXECUTE FUNCTION commitments_order_rebuild();

CREATE TRIGGER commitments_order_milestone_truncate
    AFTER TRUNCATE ON commitments_milestone
    FOR EACH STATEMENT EXECUTE FUNCTION commitments_order_rebuild();

INSERT INTO commitments_commitmentorder (commitment_id, urgency, next_due, title)
SELECT {KEYS}
FROM commitments_commitment c WHERE c.archived_at IS NULL;

ANALYZE commitments_commitmentorder
"""  # noqa: S608  # nosec B608

DROP = """
DROP TRIGGER IF EXISTS commitments_order_milestone_truncate ON commitments_milestone;

DROP TRIGGER IF EXISTS commitments_order_commitment_truncate ON commitments_commitment;

DROP TRIGGER IF EXISTS commitments_order_milestone_delete ON commitments_milestone;

DROP TRIGGER IF EXISTS commitments_order_milestone_update ON commitments_milestone;

DROP TRIGGER IF EXISTS commitments_order_milestone_insert ON commitments_milestone;

DROP TRIGGER IF EXISTS commitments_order_commitment_delete ON commitments_commitment;

DROP TRIGGER IF EXISTS commitments_order_commitment_update ON commitments_commitment;

DROP TRIGGER IF EXISTS commitments_order_commitment_insert ON commitments_commitment;

DROP FUNCTION IF EXISTS commitments_order_rebuild();

DROP FUNCTION IF EXISTS commitments_order_on_milestone_update();

DROP FUNCTION IF EXISTS commitments_order_on_milestone_delete();

DROP FUNCTION IF EXISTS commitments_order_on_milestone_insert();

DROP FUNCTION IF EXISTS commitments_order_on_commitment_delete();

DROP FUNCTION IF EXISTS commitments_order_on_commitment_update();

DROP FUNCTION IF EXISTS commitments_order_on_commitment_insert();

DROP FUNCTION IF EXISTS commitments_order_next_due(bigint[]);

DROP FUNCTION IF EXISTS commitments_order_refresh(bigint[]);

DROP TABLE IF EXISTS commitments_commitmentorder
"""


def run(script: str, schema_editor) -> None:
    # One statement per call: the script's statements are separated by a blank
    # line, and no function body holds one.
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in script.strip().split("\n\n"):
        schema_editor.execute(statement, params=None)


def create(apps, schema_editor):
    run(CREATE, schema_editor)


def drop(apps, schema_editor):
    run(DROP, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("commitments", "0008_list_indexes")]

    operations = [
        # The table is this migration's SQL (PostgreSQL only); the model lets
        # the lists join it (commitments/list_order.py).
        migrations.CreateModel(
            name="CommitmentOrder",
            fields=[
                (
                    "commitment",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=models.DO_NOTHING,
                        primary_key=True,
                        related_name="stored_order",
                        serialize=False,
                        to="commitments.commitment",
                    ),
                ),
                ("urgency", models.SmallIntegerField()),
                ("next_due", models.DateField(null=True)),
                ("title", models.CharField(max_length=300)),
            ],
            options={"db_table": "commitments_commitmentorder", "managed": False},
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]
