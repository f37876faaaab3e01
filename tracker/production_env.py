"""What a production environment must hold, checked before anything starts.

Pure Python on a mapping of environment variables (no Django), so that
bin/serve can refuse in a fraction of a second, and the same rules run in
``manage.py check_production`` (compose, systemd's ExecStartPre) and, for the
two that must never be skipped, when tracker/settings/production.py loads.
Every refusal names the variable and says what to put there.
"""

import ipaddress
from collections.abc import Mapping

# The key tracker/settings/base.py falls back to, so that the demo runs.
# Known, so that it can be refused; never used here.
DEMO_SECRET_KEY = "django-insecure-demo-key-change-me-in-production"  # noqa: S105  # nosec B105
MIN_SECRET_LENGTH = 50

# Each required variable, and what it is for (said in the refusal).
KEY_HINT = (
    "a random string of 50+ characters, e.g. "
    "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
)
REQUIRED = {
    "DJANGO_SECRET_KEY": KEY_HINT,
    "DJANGO_ALLOWED_HOSTS": "the host names the site answers to, "
    "comma-separated (tracker.example.gov)",
    "DATABASE_URL": "the PostgreSQL database, postgres://user:pass@host:5432/tracker",
    "CELERY_BROKER_URL": "the Redis broker, redis://127.0.0.1:6379/0",
    "SITE_URL": "the public address, https://tracker.example.gov, for links "
    "in emails and feeds",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend (with "
    "EMAIL_HOST...); without it reminders are only written to files",
}
# Either names the shared cache; one Redis for all processes.
CACHE_VARIABLES = ("CACHE_URL", "REDIS_URL")
# The production settings' switches that serve plain HTTP (benchmarks/load.py).
PLAIN_HTTP_SWITCHES = (
    "DJANGO_SECURE_SSL_REDIRECT",
    "DJANGO_SESSION_COOKIE_SECURE",
    "DJANGO_CSRF_COOKIE_SECURE",
)
_FALSE = {"0", "false", "no", "off"}


def is_off(environ: Mapping[str, str], name: str) -> bool:
    """Whether a yes/no variable is explicitly off (unset means on)."""
    return environ.get(name, "").strip().lower() in _FALSE


def plain_http_switches(environ: Mapping[str, str]) -> list[str]:
    """The switches that turn HTTPS off, as set in the environment."""
    return [name for name in PLAIN_HTTP_SWITCHES if is_off(environ, name)]


def is_loopback(address: str) -> bool:
    """Whether a gunicorn bind address is reachable from this machine only."""
    address = address.strip()
    if address.startswith("unix:"):
        return True
    host = address.rsplit(":", 1)[0] if ":" in address else address
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def secret_key_problem(environ: Mapping[str, str]) -> str | None:
    """Why DJANGO_SECRET_KEY cannot serve production, or None."""
    key = environ.get("DJANGO_SECRET_KEY", "")
    if not key.strip():
        return f"DJANGO_SECRET_KEY is not set: {KEY_HINT}"
    if key == DEMO_SECRET_KEY or key.startswith("django-insecure"):
        return (
            "DJANGO_SECRET_KEY is the demo key: anyone could forge sessions; "
            f"set {KEY_HINT}"
        )
    if len(key) < MIN_SECRET_LENGTH or len(set(key)) < 5:
        return (
            f"DJANGO_SECRET_KEY is too short or too plain ({len(key)} characters, "
            f"at least {MIN_SECRET_LENGTH} varied ones needed)"
        )
    return None


def plain_http_problem(environ: Mapping[str, str]) -> str | None:
    """Plain HTTP is allowed only when gunicorn listens on loopback alone."""
    switches = plain_http_switches(environ)
    if not switches:
        return None
    bind = environ.get("GUNICORN_BIND", "127.0.0.1:8000")
    public = [a.strip() for a in bind.split(",") if a.strip() and not is_loopback(a)]
    if not public:
        return None
    return (
        f"{', '.join(f'{name}=0' for name in switches)} serves plain HTTP, allowed "
        f"only when GUNICORN_BIND listens on loopback (127.0.0.1, ::1, a unix "
        f"socket); it also binds {', '.join(public)}"
    )


def settings_problems(environ: Mapping[str, str]) -> list[str]:
    """The refusals production settings make as they load."""
    return [p for p in (secret_key_problem(environ), plain_http_problem(environ)) if p]


def problems(environ: Mapping[str, str]) -> list[str]:
    """Every reason this environment cannot run production, each naming its variable."""
    found = settings_problems(environ)
    for name, meaning in REQUIRED.items():
        if name != "DJANGO_SECRET_KEY" and not environ.get(name, "").strip():
            found.append(f"{name} is not set: {meaning}")
    database = environ.get("DATABASE_URL", "")
    if database and not database.startswith(("postgres://", "postgresql://")):
        found.append(
            "DATABASE_URL must name PostgreSQL (postgres://...); SQLite is for the demo"
        )
    broker = environ.get("CELERY_BROKER_URL", "")
    if broker and not broker.startswith(("redis://", "rediss://")):
        found.append(
            "CELERY_BROKER_URL must name Redis (redis://...); the filesystem "
            "broker is for the demo"
        )
    if not any(environ.get(name, "").strip() for name in CACHE_VARIABLES):
        found.append(
            "REDIS_URL (or CACHE_URL) is not set: the cache every web worker and "
            "job shares, redis://127.0.0.1:6379/3"
        )
    site = environ.get("SITE_URL", "")
    if site and not site.startswith("https://") and not plain_http_switches(environ):
        found.append("SITE_URL must start with https:// (the site is served over TLS)")
    return found
