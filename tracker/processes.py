"""The production processes' command lines, in one place.

bin/serve (tracker/serve.py) runs them; deploy/compose.yaml and the systemd
units in deploy/systemd/ start the same ones, and
tests/unit/test_deploy_files.py checks that they do. Each command runs from
the checkout's root (gunicorn's config path is relative to it) with
DJANGO_SETTINGS_MODULE set to SETTINGS_MODULE.

    python -m tracker.processes          every command, one per line
    python -m tracker.processes web      one of them, as a shell line
"""

import shlex
import sys

SETTINGS_MODULE = "tracker.settings.production"

# Run once, in this order, before the processes start: refuse a bad
# environment, bring the schema up to date, collect static files for
# WhiteNoise. Each is `python manage.py ...`.
PREPARE: tuple[tuple[str, ...], ...] = (
    ("manage.py", "check_production"),
    ("manage.py", "migrate", "--noinput"),
    ("manage.py", "collectstatic", "--noinput", "-v0"),
)

# The long-running processes. Exactly one beat: it only enqueues, and two
# would enqueue every job twice (harmless, every task is idempotent, but
# wasteful). --no-control-socket: gunicorn's control socket would go under
# $HOME, which a service account may not have.
COMMANDS: dict[str, tuple[str, ...]] = {
    "web": ("gunicorn", "-c", "tracker/gunicorn.conf.py", "--no-control-socket"),
    "worker": ("celery", "-A", "tracker", "worker", "--loglevel=INFO"),
    "beat": ("celery", "-A", "tracker", "beat", "--loglevel=INFO"),
}

# The variables every process reads to find its database, broker and cache.
SERVICE_VARIABLES = ("DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL")


def shell_line(name: str) -> str:
    """One process's command as a shell line."""
    return shlex.join(COMMANDS[name])


def prepare_lines() -> list[str]:
    """The preparation steps as shell lines."""
    return [shlex.join(("python", *step)) for step in PREPARE]


def main(argv: list[str]) -> int:
    if argv:
        if argv[0] not in COMMANDS:
            print(f"unknown process {argv[0]!r}: one of {', '.join(COMMANDS)}")
            return 2
        print(shell_line(argv[0]))
        return 0
    print(f"DJANGO_SETTINGS_MODULE={SETTINGS_MODULE}")
    for line in prepare_lines():
        print(f"prepare: {line}")
    for name in COMMANDS:
        print(f"{name}: {shell_line(name)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
