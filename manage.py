#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys

# Commands that serve web requests keep the web statement timeout; every
# other command is a job (migrate building an index, imports, sweeps) and gets
# the job timeout (tracker.celery.use_job_statement_timeout).
WEB_COMMANDS = frozenset({"runserver"})


def is_job_command(argv: list[str]) -> bool:
    """Whether ``manage.py`` runs a job rather than a web server."""
    return len(argv) > 1 and argv[1] not in WEB_COMMANDS


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings.base")
    if is_job_command(sys.argv):
        from tracker.celery import use_job_statement_timeout

        use_job_statement_timeout()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
