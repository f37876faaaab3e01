"""The PostgreSQL side of a backup: which pg_dump/pg_restore to run, how they
connect, and whether a database is empty. Runs the client tools, never a shell."""

import os
import re
import shutil
import subprocess  # nosec B404
from pathlib import Path

from django.db.backends.base.base import BaseDatabaseWrapper

from backups.errors import BackupError

# Debian and Ubuntu install each major version's client tools side by side;
# /usr/bin/pg_dump is a wrapper that may pick another version.
DEBIAN_BIN = "/usr/lib/postgresql/{major}/bin"
_VERSION = re.compile(r"\(PostgreSQL\) (\d+)")


def require_postgresql(connection: BaseDatabaseWrapper) -> None:
    """Refuse a database that is not PostgreSQL, saying what to do instead."""
    if connection.vendor != "postgresql":
        raise BackupError(
            "Backups need PostgreSQL (DATABASE_URL names a "
            f"{connection.vendor} database). The SQLite demo is one file: stop "
            "the demo and copy var/tracker.sqlite3 and var/media instead."
        )


def server_major(connection: BaseDatabaseWrapper) -> int:
    """The server's major version (15 for 15.18)."""
    connection.ensure_connection()
    return connection.pg_version // 10000


def tool_major(path: str) -> int | None:
    """The major version a client tool reports, or None if it cannot say."""
    try:
        out = subprocess.run(  # noqa: S603  # nosec B603
            [path, "--version"], capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    found = _VERSION.search(out)
    return int(found.group(1)) if found else None


def find_tool(name: str, major: int) -> str:
    """pg_dump or pg_restore of the server's major version or newer.

    An older pg_dump refuses a newer server, and an older pg_restore cannot
    read a newer pg_dump's archive. PG_BIN_DIR, when set, is looked in first.
    """
    candidates = []
    if override := os.environ.get("PG_BIN_DIR"):
        candidates.append(str(Path(override) / name))
    candidates.append(str(Path(DEBIAN_BIN.format(major=major)) / name))
    if on_path := shutil.which(name):
        candidates.append(on_path)
    seen = []
    for candidate in candidates:
        if not os.access(candidate, os.X_OK):
            continue
        found = tool_major(candidate)
        seen.append(f"{candidate} ({found or 'unknown version'})")
        if found is not None and found >= major:
            return candidate
    raise BackupError(
        f"No {name} of PostgreSQL {major} or newer found (the server is {major}; "
        f"tried {', '.join(seen) or 'nothing executable'}). Install the client "
        f"tools (Debian: apt-get install postgresql-client-{major}) or set "
        "PG_BIN_DIR to the folder that holds them."
    )


def connection_args(settings_dict: dict) -> tuple[list[str], dict[str, str]]:
    """libpq arguments and environment for a Django database's settings.

    The password travels in the environment (PGPASSWORD), never in argv where
    `ps` shows it.
    """
    options = settings_dict.get("OPTIONS", {})
    args = []
    for flag, key in (("-U", "USER"), ("-h", "HOST"), ("-p", "PORT")):
        if settings_dict.get(key):
            args += [flag, str(settings_dict[key])]
    args += ["-d", str(settings_dict.get("NAME") or "postgres")]
    env = dict(os.environ)
    # The web statement timeout in OPTIONS would cancel a long dump or
    # restore; the tools set what they need themselves.
    env.pop("PGOPTIONS", None)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    for option, variable in (
        ("service", "PGSERVICE"),
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
        ("passfile", "PGPASSFILE"),
    ):
        if options.get(option):
            env[variable] = str(options[option])
    return args, env


def run_tool(argv: list[str], env: dict[str, str], what: str) -> None:
    """Run a client tool; a failure becomes a BackupError with its stderr."""
    result = subprocess.run(  # noqa: S603  # nosec B603
        argv, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        detail = result.stderr.strip() or f"exit status {result.returncode}"
        raise BackupError(f"{what} failed: {detail}")


def user_relations(connection: BaseDatabaseWrapper, limit: int = 5) -> list[str]:
    """Up to `limit` tables, views or sequences outside PostgreSQL's own schemas."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT n.nspname || '.' || c.relname
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg\\_toast%%'
            ORDER BY 1 LIMIT %s
            """,
            [limit],
        )
        return [row[0] for row in cursor.fetchall()]


def empty_public_schema(connection: BaseDatabaseWrapper) -> None:
    """Drop everything in the public schema (restore --force)."""
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA IF EXISTS public CASCADE")
        cursor.execute("CREATE SCHEMA public")
