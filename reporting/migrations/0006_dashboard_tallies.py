# The dashboard's summary (issue 11, docs/reporting.md "The summary behind
# the dashboard"): tallies that PostgreSQL keeps in the same transaction as
# every write to commitments, obligations and milestones, through
# statement-level triggers with transition tables (one pass over a bulk
# update such as the overdue sweep's, not one per row).
#
# The tallies are delta logs: a write appends one row per key it changes
# (+n/-n) and never updates a row, so two writers never wait for each other
# or deadlock on a hot key; a read sums per key, and
# reporting_tallies_compact() folds the rows into one per key (the
# reporting.compact_tallies task). Raw SQL and PostgreSQL only: SQLite (the
# demo) computes every figure from the domain tables, as before.

# ruff: noqa: S608  (constant SQL built from this file's own names, no input)

from django.db import migrations

TABLES = """
CREATE TABLE reporting_commitment_tally (
    agreement_id bigint NOT NULL,
    owner_id bigint NOT NULL,           -- 0: nobody
    status varchar(12) NOT NULL,
    n integer NOT NULL
);
CREATE INDEX reporting_commitment_tally_agreement
    ON reporting_commitment_tally (agreement_id);

CREATE TABLE reporting_side_tally (
    agreement_id bigint NOT NULL,
    party_id bigint NOT NULL,
    lead_institution_id bigint NOT NULL, -- 0: no lead
    status varchar(12) NOT NULL,        -- the commitment's
    n integer NOT NULL
);
CREATE INDEX reporting_side_tally_agreement ON reporting_side_tally (agreement_id);

CREATE TABLE reporting_milestone_tally (
    due_date date NOT NULL,
    status varchar(12) NOT NULL,
    on_time boolean NOT NULL,           -- done on or before the due date
    recurring boolean NOT NULL,         -- its commitment has a cadence
    n integer NOT NULL
);
CREATE INDEX reporting_milestone_tally_due ON reporting_milestone_tally (due_date);

-- Milestones of recurring commitments that are overdue, missed or done late:
-- the misses, before the few whose due day has not ended are taken off.
CREATE TABLE reporting_miss_tally (
    commitment_id bigint NOT NULL,
    n integer NOT NULL
);

-- The unfiltered trend at a settled week end, written once.
CREATE TABLE reporting_trend_week (
    at timestamptz PRIMARY KEY,
    open integer NOT NULL,
    overdue integer NOT NULL,
    done integer NOT NULL
);
"""

# A milestone's contribution, from `{src}` (commitment_id, due_date, status,
# completed_on, d = +1/-1). Its commitment's cadence is read now; the
# commitment trigger moves the milestones when the cadence comes or goes.
MILESTONE_DELTA = """
WITH delta AS ({src}),
joined AS (
    SELECT delta.*, c.cadence_rrule <> '' AS recurring
    FROM delta JOIN commitments_commitment c ON c.id = delta.commitment_id
),
tally AS (
    INSERT INTO reporting_milestone_tally (due_date, status, on_time, recurring, n)
    SELECT due_date, status,
           status = 'done' AND completed_on <= due_date, recurring, sum(d)
    FROM joined GROUP BY 1, 2, 3, 4 HAVING sum(d) <> 0
)
INSERT INTO reporting_miss_tally (commitment_id, n)
SELECT commitment_id, sum(d) FROM joined
WHERE recurring AND (status IN ('overdue', 'missed')
                     OR (status = 'done' AND completed_on > due_date))
GROUP BY 1 HAVING sum(d) <> 0;
"""

# A commitment's contribution to its own tally and, through its obligations,
# to the sides' tally, from `{src}` (id, agreement_id, owner_id, status, d).
COMMITMENT_DELTA = """
WITH delta AS ({src}),
own AS (
    INSERT INTO reporting_commitment_tally (agreement_id, owner_id, status, n)
    SELECT agreement_id, coalesce(owner_id, 0), status, sum(d)
    FROM delta GROUP BY 1, 2, 3 HAVING sum(d) <> 0
)
INSERT INTO reporting_side_tally
    (agreement_id, party_id, lead_institution_id, status, n)
SELECT delta.agreement_id, o.party_id, coalesce(o.lead_institution_id, 0),
       delta.status, sum(d)
FROM delta JOIN commitments_obligation o ON o.commitment_id = delta.id
GROUP BY 1, 2, 3, 4 HAVING sum(d) <> 0;
"""

# A commitment whose cadence came or went moves its milestones between the
# recurring and the one-off tallies.
CADENCE_MOVE = """
WITH moved AS (
    SELECT n.id, CASE WHEN n.cadence_rrule <> '' THEN 1 ELSE -1 END AS d
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.cadence_rrule <> '') <> (o.cadence_rrule <> '')
),
rows AS (
    SELECT m.due_date, m.status, m.completed_on, m.commitment_id, moved.d
    FROM moved JOIN commitments_milestone m ON m.commitment_id = moved.id
),
tally AS (
    INSERT INTO reporting_milestone_tally (due_date, status, on_time, recurring, n)
    SELECT due_date, status, status = 'done' AND completed_on <= due_date,
           recurring, sum(n)
    FROM (
        SELECT due_date, status, completed_on, d > 0 AS recurring, 1 AS n FROM rows
        UNION ALL
        SELECT due_date, status, completed_on, d < 0, -1 FROM rows
    ) both_sides
    GROUP BY 1, 2, 3, 4
)
INSERT INTO reporting_miss_tally (commitment_id, n)
SELECT commitment_id, sum(d) FROM rows
WHERE status IN ('overdue', 'missed') OR (status = 'done' AND completed_on > due_date)
GROUP BY 1;
"""

# An obligation's contribution to the sides' tally, from `{src}`
# (commitment_id, party_id, lead_institution_id, d).
OBLIGATION_DELTA = """
WITH delta AS ({src})
INSERT INTO reporting_side_tally
    (agreement_id, party_id, lead_institution_id, status, n)
SELECT c.agreement_id, delta.party_id, coalesce(delta.lead_institution_id, 0),
       c.status, sum(d)
FROM delta JOIN commitments_commitment c ON c.id = delta.commitment_id
GROUP BY 1, 2, 3, 4 HAVING sum(d) <> 0;
"""

MILESTONE_COLUMNS = "commitment_id, due_date, status, completed_on"
COMMITMENT_COLUMNS = "id, agreement_id, owner_id, status"
OBLIGATION_COLUMNS = "commitment_id, party_id, lead_institution_id"


def _sources(columns: str) -> dict[str, str]:
    new = f"SELECT {columns}, 1 AS d FROM new_rows"  # nosec B608: module constants, no input
    old = f"SELECT {columns}, -1 AS d FROM old_rows"  # nosec B608: module constants, no input
    return {"INSERT": new, "UPDATE": f"{new} UNION ALL {old}", "DELETE": old}


def _function(name: str, template: str, columns: str, extra_update: str = "") -> str:
    sources = _sources(columns)
    branches = "\n".join(
        f"{'IF' if n == 0 else 'ELSIF'} TG_OP = '{op}' THEN\n"
        + template.format(src=src)
        + (extra_update if op == "UPDATE" else "")
        for n, (op, src) in enumerate(sources.items())
    )
    return f"""
CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
{branches}
END IF;
RETURN NULL;
END $fn$;
"""


def _triggers(table: str, function: str) -> str:
    # A trigger with transition tables fires on one event only.
    return "\n".join(
        f"CREATE TRIGGER {function}_{op.lower()} AFTER {op} ON {table} "
        f"REFERENCING {refs} FOR EACH STATEMENT EXECUTE FUNCTION {function}();"
        for op, refs in (
            ("INSERT", "NEW TABLE AS new_rows"),
            ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("DELETE", "OLD TABLE AS old_rows"),
        )
    )


TRUNCATES = """
-- TRUNCATE fires no row or statement delete triggers (Django's test flush,
-- the benchmarks' loaders): empty what the truncated table fed.
CREATE FUNCTION reporting_tallies_truncated() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_TABLE_NAME = 'commitments_milestone' THEN
        DELETE FROM reporting_milestone_tally;
        DELETE FROM reporting_miss_tally;
        DELETE FROM reporting_trend_week;
    ELSIF TG_TABLE_NAME = 'commitments_historicalmilestone' THEN
        DELETE FROM reporting_trend_week;
    ELSIF TG_TABLE_NAME = 'commitments_obligation' THEN
        DELETE FROM reporting_side_tally;
    ELSE
        DELETE FROM reporting_commitment_tally;
        DELETE FROM reporting_side_tally;
    END IF;
    RETURN NULL;
END $fn$;
""" + "\n".join(  # nosec B608: table names from the tuple below, no input
    f"CREATE TRIGGER reporting_tallies_truncate AFTER TRUNCATE ON {table} "
    "FOR EACH STATEMENT EXECUTE FUNCTION reporting_tallies_truncated();"
    for table in (
        "commitments_commitment",
        "commitments_obligation",
        "commitments_milestone",
        "commitments_historicalmilestone",
    )
)

# Fold each tally into one row per key. Rows committed while it runs are not
# in its snapshot: they are neither deleted nor summed, and stay as they are.
COMPACT = """
CREATE FUNCTION reporting_tallies_compact() RETURNS void LANGUAGE sql AS $fn$
WITH gone AS (DELETE FROM reporting_commitment_tally RETURNING *)
INSERT INTO reporting_commitment_tally
SELECT agreement_id, owner_id, status, sum(n) FROM gone
GROUP BY 1, 2, 3 HAVING sum(n) <> 0;
WITH gone AS (DELETE FROM reporting_side_tally RETURNING *)
INSERT INTO reporting_side_tally
SELECT agreement_id, party_id, lead_institution_id, status, sum(n) FROM gone
GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0;
WITH gone AS (DELETE FROM reporting_milestone_tally RETURNING *)
INSERT INTO reporting_milestone_tally
SELECT due_date, status, on_time, recurring, sum(n) FROM gone
GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0;
WITH gone AS (DELETE FROM reporting_miss_tally RETURNING *)
INSERT INTO reporting_miss_tally
SELECT commitment_id, sum(n) FROM gone GROUP BY 1 HAVING sum(n) <> 0;
$fn$;
"""

# The tallies of the rows already there, in the same form as the triggers'.
BACKFILL = (
    MILESTONE_DELTA.format(
        src=f"SELECT {MILESTONE_COLUMNS}, 1 AS d FROM commitments_milestone"  # nosec B608: module constants, no input
    )
    + COMMITMENT_DELTA.format(
        src=f"SELECT {COMMITMENT_COLUMNS}, 1 AS d FROM commitments_commitment"  # nosec B608: module constants, no input
    )
    + "SELECT reporting_tallies_compact();"
)

CREATE = "\n".join(
    [
        TABLES,
        _function("reporting_tally_milestone_rows", MILESTONE_DELTA, MILESTONE_COLUMNS),
        _triggers("commitments_milestone", "reporting_tally_milestone_rows"),
        _function(
            "reporting_tally_commitment_rows",
            COMMITMENT_DELTA,
            COMMITMENT_COLUMNS,
            extra_update=CADENCE_MOVE,
        ),
        _triggers("commitments_commitment", "reporting_tally_commitment_rows"),
        _function(
            "reporting_tally_obligation_rows", OBLIGATION_DELTA, OBLIGATION_COLUMNS
        ),
        _triggers("commitments_obligation", "reporting_tally_obligation_rows"),
        TRUNCATES,
        COMPACT,
        BACKFILL,
    ]
)

DROP = (
    """
DROP TRIGGER IF EXISTS reporting_tallies_truncate ON commitments_commitment;
DROP TRIGGER IF EXISTS reporting_tallies_truncate ON commitments_obligation;
DROP TRIGGER IF EXISTS reporting_tallies_truncate ON commitments_milestone;
DROP TRIGGER IF EXISTS reporting_tallies_truncate ON commitments_historicalmilestone;
"""
    + "\n".join(
        f"DROP TRIGGER IF EXISTS {function}_{op} ON {table};"
        for table, function in (
            ("commitments_milestone", "reporting_tally_milestone_rows"),
            ("commitments_commitment", "reporting_tally_commitment_rows"),
            ("commitments_obligation", "reporting_tally_obligation_rows"),
        )
        for op in ("insert", "update", "delete")
    )
    + """
DROP FUNCTION IF EXISTS reporting_tally_milestone_rows();
DROP FUNCTION IF EXISTS reporting_tally_commitment_rows();
DROP FUNCTION IF EXISTS reporting_tally_obligation_rows();
DROP FUNCTION IF EXISTS reporting_tallies_truncated();
DROP FUNCTION IF EXISTS reporting_tallies_compact();
DROP TABLE IF EXISTS reporting_commitment_tally, reporting_side_tally,
    reporting_milestone_tally, reporting_miss_tally, reporting_trend_week;
"""
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0005_report_list_indexes"),
        ("commitments", "0008_list_indexes"),
    ]

    operations = [migrations.RunPython(create, drop)]
