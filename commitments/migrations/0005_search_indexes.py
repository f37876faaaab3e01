# Full-text search of commitments on PostgreSQL (commitments/search.py).
#
# A commitment matches when every searched word is somewhere in its title,
# reference, description or quotes, so the words of one search may sit in
# different places. No index expression can reach across tables, so each
# commitment's searchable text is kept, already parsed, in one row of
# commitments_commitmentsearch (a precomputed join, not a Django model), with a
# GIN index. Triggers keep it current on every write path (services, admin,
# imports, COPY, raw SQL), and a search is one index lookup with one tsquery
# however many words it has. SQLite (the demo) skips all of this and searches
# with icontains.
from django.db import migrations

CREATE = r"""
CREATE TABLE commitments_commitmentsearch (
    commitment_id bigint PRIMARY KEY,
    document tsvector NOT NULL
);

CREATE INDEX commitments_commitmentsearch_document
    ON commitments_commitmentsearch USING gin (document);

-- The 'simple' configuration lowercases and keeps every word (no stemming,
-- no stop words), so partial words and names match as they are typed.
CREATE FUNCTION commitments_search_refresh(target bigint) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO commitments_commitmentsearch (commitment_id, document)
    SELECT c.id, to_tsvector(
        'simple',
        c.title || ' ' || c.reference || ' ' || c.description || ' ' || coalesce(
            (SELECT string_agg(p.quote, ' ' ORDER BY p.id)
             FROM commitments_provenance p WHERE p.commitment_id = c.id),
            ''
        )
    )
    FROM commitments_commitment c WHERE c.id = target
    ON CONFLICT (commitment_id) DO UPDATE SET document = EXCLUDED.document;
    DELETE FROM commitments_commitmentsearch s
    WHERE s.commitment_id = target
      AND NOT EXISTS (SELECT FROM commitments_commitment c WHERE c.id = target);
$$;

CREATE FUNCTION commitments_search_on_commitment() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM commitments_commitmentsearch WHERE commitment_id = OLD.id;
    ELSIF TG_OP = 'INSERT'
        OR NEW.title IS DISTINCT FROM OLD.title
        OR NEW.reference IS DISTINCT FROM OLD.reference
        OR NEW.description IS DISTINCT FROM OLD.description THEN
        PERFORM commitments_search_refresh(NEW.id);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION commitments_search_on_provenance() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM commitments_search_refresh(OLD.commitment_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM commitments_search_refresh(NEW.commitment_id);
    END IF;
    RETURN NULL;
END $$;

-- TRUNCATE fires no row triggers (Django's test flush, the benchmarks).
CREATE FUNCTION commitments_search_rebuild() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE commitments_commitmentsearch;
    PERFORM commitments_search_refresh(c.id) FROM commitments_commitment c;
    RETURN NULL;
END $$;

CREATE TRIGGER commitments_search_commitment
    AFTER INSERT OR DELETE OR UPDATE OF title, reference, description
    ON commitments_commitment
    FOR EACH ROW EXECUTE FUNCTION commitments_search_on_commitment();

CREATE TRIGGER commitments_search_provenance
    AFTER INSERT OR UPDATE OR DELETE ON commitments_provenance
    FOR EACH ROW EXECUTE FUNCTION commitments_search_on_provenance();

CREATE TRIGGER commitments_search_commitment_truncate
    AFTER TRUNCATE ON commitments_commitment
    FOR EACH STATEMENT EXECUTE FUNCTION commitments_search_rebuild();

CREATE TRIGGER commitments_search_provenance_truncate
    AFTER TRUNCATE ON commitments_provenance
    FOR EACH STATEMENT EXECUTE FUNCTION commitments_search_rebuild();

SELECT commitments_search_refresh(id) FROM commitments_commitment;
"""

DROP = """
DROP TRIGGER IF EXISTS commitments_search_provenance_truncate ON commitments_provenance;

DROP TRIGGER IF EXISTS commitments_search_commitment_truncate ON commitments_commitment;

DROP TRIGGER IF EXISTS commitments_search_provenance ON commitments_provenance;

DROP TRIGGER IF EXISTS commitments_search_commitment ON commitments_commitment;

DROP FUNCTION IF EXISTS commitments_search_rebuild();

DROP FUNCTION IF EXISTS commitments_search_on_provenance();

DROP FUNCTION IF EXISTS commitments_search_on_commitment();

DROP FUNCTION IF EXISTS commitments_search_refresh(bigint);

DROP TABLE IF EXISTS commitments_commitmentsearch;
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
    dependencies = [("commitments", "0004_roles")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
