"""Upkeep of the dashboard's tallies (migration reporting 0006)."""

from django.db import connection


def tallies_compact() -> bool:
    """Fold each tally's delta rows into one row per key, so reads stay short
    however many writes there were; False where there are no tallies (SQLite)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT reporting_tallies_compact()")
    return True
