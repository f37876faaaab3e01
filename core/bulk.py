"""Set-based status updates that still write one history row per changed row.

`QuerySet.update()` writes no history; per-row `save()` is ~50x slower than
SQL. This runs one UPDATE … RETURNING and one INSERT … SELECT into the
historical table, inside the caller's transaction.
"""

import datetime
import json
from typing import Any

from django.db import connection, models, transaction

from core.history import counted_write

# Rows per INSERT: well under SQLite's and PostgreSQL's parameter limits.
BATCH_SIZE = 500
# Columns of a historical table that describe the change, not the row.
HISTORY_META = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user_id",
}


def update_with_history(
    queryset: models.QuerySet,
    *,
    values: dict[str, Any],
    actor_id: int | None,
    reason: str,
    when: datetime.datetime,
) -> list[int]:
    """Set `values` on every row of `queryset`; return the ids it changed.

    The id subquery locks its rows (FOR UPDATE): a row another transaction
    changes meanwhile is re-checked against the filter once that commits, and
    skipped if it no longer matches, so a sweep never undoes a person's edit.
    """
    model = queryset.model
    table = connection.ops.quote_name(model._meta.db_table)
    # No ORDER BY: the default ordering would sort (and spill) every id first.
    ids_query = queryset.order_by().values("pk")
    if connection.features.has_select_for_update:
        ids_query = ids_query.select_for_update(of=("self",))
    with transaction.atomic():
        return _update(model, table, ids_query, values, actor_id, reason, when)


def _update(model, table, ids_query, values, actor_id, reason, when) -> list[int]:
    select_sql, select_params = ids_query.query.sql_with_params()
    assignments, params = [], []
    for name, value in values.items():
        field = model._meta.get_field(name)
        assignments.append(f"{connection.ops.quote_name(field.column)} = %s")
        params.append(field.get_db_prep_save(value, connection))
    pk_column = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {', '.join(assignments)} "  # noqa: S608  # nosec B608
            f"WHERE {pk_column} IN ({select_sql}) RETURNING {pk_column}",
            [*params, *select_params],
        )
        ids = [row[0] for row in cursor.fetchall()]
        if ids:
            _insert_history(cursor, model, ids, actor_id, reason, when, "~")
            counted_write(model)
    return ids


def create_missing_with_history(
    objs: list[models.Model],
    *,
    actor_id: int | None,
    reason: str,
    when: datetime.datetime,
) -> list[int]:
    """Insert rows, skipping those a unique constraint already holds; return new ids.

    One INSERT … ON CONFLICT DO NOTHING RETURNING per batch, then one history
    INSERT … SELECT for exactly the rows this call created.
    """
    if not objs:
        return []
    model = type(objs[0])
    quote = connection.ops.quote_name
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    column_list = ", ".join(quote(f.column) for f in fields)
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    pk_column = quote(model._meta.pk.column)
    created: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(objs), BATCH_SIZE):
            batch = objs[start : start + BATCH_SIZE]
            params = [
                f.get_db_prep_save(f.pre_save(obj, add=True), connection)
                for obj in batch
                for f in fields
            ]
            cursor.execute(
                f"INSERT INTO {quote(model._meta.db_table)} ({column_list}) "  # noqa: S608  # nosec B608
                f"VALUES {', '.join([row_sql] * len(batch))} "
                f"ON CONFLICT DO NOTHING RETURNING {pk_column}",
                params,
            )
            ids = [row[0] for row in cursor.fetchall()]
            if ids:
                _insert_history(cursor, model, ids, actor_id, reason, when, "+")
                counted_write(model)
            created.extend(ids)
    return created


def _insert_history(
    cursor: Any,
    model: type[models.Model],
    ids: list[int],
    actor_id: int | None,
    reason: str,
    when: datetime.datetime,
    history_type: str,
) -> None:
    historical = model.history.model
    quote = connection.ops.quote_name
    columns = [
        field.column
        for field in historical._meta.concrete_fields
        if field.attname not in HISTORY_META
    ]
    column_list = ", ".join(quote(column) for column in columns)
    pk_column = quote(model._meta.pk.column)
    if connection.vendor == "postgresql":
        id_filter, id_param = f"{pk_column} = ANY(%s)", ids
    else:
        id_filter = f"{pk_column} IN (SELECT value FROM json_each(%s))"  # noqa: S608  # nosec B608
        id_param = json.dumps(ids)
    cursor.execute(
        f"INSERT INTO {quote(historical._meta.db_table)} "  # noqa: S608  # nosec B608
        f"({column_list}, history_date, history_change_reason, history_type, "
        f"history_user_id) "
        f"SELECT {column_list}, %s, %s, %s, %s "
        f"FROM {quote(model._meta.db_table)} WHERE {id_filter}",
        [
            historical._meta.get_field("history_date").get_db_prep_save(
                when, connection
            ),
            reason,
            history_type,
            actor_id,
            id_param,
        ],
    )
