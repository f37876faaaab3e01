"""Settings read from the environment, with embedded defaults that run the demo.

Every variable is listed in docs/operations.md. Without any environment the
product runs on SQLite under var/ with a filesystem Celery broker, so that the
demo needs neither PostgreSQL nor Redis.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

from core.db_options import connection_options

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("TRACKER_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes", "on" are true)."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item]


SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY", "django-insecure-demo-key-change-me-in-production"
)
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "core",
    "commitments",
    "access",
    "notifications",
    "reporting",
    "extraction",
    "backups",
    "ops",
    "api",
]

MIDDLEWARE = [
    # First, so that a request error's log line has its id and full duration.
    "core.request_log.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before anything reads a parameter: PostgreSQL text cannot hold a NUL.
    "core.request_guards.NulCharacterMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After the session (it reads the switcher's cookie) and before
    # CommonMiddleware (which may redirect, in the chosen language).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login; exceptions are marked with @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # The signed-in person's language (unless switched this session) and
    # time zone, from their preferences (docs/i18n.md).
    "notifications.user_locale.UserLocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Sets the acting user on history rows written during a request.
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.middleware.QueryTimeoutMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "notifications.context_processors.bell",
            ],
        },
    },
]

DEFAULT_SQLITE_URL = f"sqlite:///{VAR_DIR / 'tracker.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", DEFAULT_SQLITE_URL), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo's web server and Celery worker share one SQLite file: wait for
    # the other writer instead of failing with "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL;",
    }
# PostgreSQL cancels any statement of a web request that runs longer than
# this, shorter than the web worker's own 30 s timeout, so no request holds a
# backend after its worker gave up (core/middleware.py answers 503). Celery
# workers and management commands other than runserver switch their
# connections to the job timeout before opening any (tracker/celery.py,
# manage.py); 0 means none.
TRACKER_DB_STATEMENT_TIMEOUT_MS = int(
    os.environ.get("TRACKER_DB_STATEMENT_TIMEOUT_MS", "25000")
)
TRACKER_JOB_STATEMENT_TIMEOUT_MS = int(
    os.environ.get("TRACKER_JOB_STATEMENT_TIMEOUT_MS", "0")
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = connection_options(
        TRACKER_DB_STATEMENT_TIMEOUT_MS
    )

# A read replica for reporting (docs/scaling.md): DATABASE_REPLICA_URL adds the
# "replica" alias, and the dashboard's and the exports' ORM reads go there
# (core/db_router.py); every write, and every other read, goes to "default".
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"]
    )
    # Only reporting reads come here: the planner settings the dashboard sets
    # per transaction on the primary (reporting.selectors.dashboard_reads)
    # hold for the whole connection.
    DATABASES["replica"]["OPTIONS"] = {
        "options": connection_options(TRACKER_DB_STATEMENT_TIMEOUT_MS)
        + " -c work_mem=64MB -c max_parallel_workers_per_gather=0"
        + " -c random_page_cost=1.1"
    }
TRACKER_REPORTING_DATABASE = "replica" if DATABASE_REPLICA_URL else "default"
DATABASE_ROUTERS = ["core.db_router.ReportingRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache for every worker and machine (the dashboard's figures, the trend's
# settled weeks, the data version writes bump): Redis when CACHE_URL (else
# REDIS_URL) names one; the demo keeps a per-process LocMemCache.
CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL", "")
# A hung Redis (accepting, never answering) must not hold a request, or the
# health check, for longer than this; the connection pool takes these options.
REDIS_CACHE_OPTIONS = {"socket_timeout": 2, "socket_connect_timeout": 2}
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "tracker",
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

LANGUAGE_CODE = "en-gb"
# English is the source language; Urdu is written right to left (docs/i18n.md).
# Each name is in its own language, as the switcher shows it.
LANGUAGES = [
    ("en-gb", "English"),
    ("ur", "اردو"),
    ("zh-hans", "简体中文"),
]
# The project's own templates; each app's catalogue is in <app>/locale.
LOCALE_PATHS = [BASE_DIR / "locale"]
# The policy unit works from Islamabad; agreements carry their own zone.
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Karachi")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))

# --- Login throttling (django-axes) ------------------------------------------
# After AXES_FAILURE_LIMIT wrong passwords for one username, or from one
# address, that username (or address) is locked out for the cooling-off
# period; a right password does not get through meanwhile. Administrators see
# and clear lockouts in the admin ("Access attempts") or with
# `manage.py axes_reset_username USER`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("TRACKER_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=int(os.environ.get("TRACKER_LOGIN_COOLOFF_MINUTES", "15"))
)
# Each parameter on its own: a username is locked whatever address it is tried
# from, and an address is locked whatever usernames it tries.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# Cuts a typed username to what axes can store (a longer one was a 500).
AXES_USERNAME_CALLABLE = "core.login_throttle.attempted_username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The client address: REMOTE_ADDR only, unless TRACKER_PROXY_COUNT says how
# many reverse proxies stand in front (then X-Forwarded-For, counted from the
# right). Trusting X-Forwarded-For without a proxy would let an attacker pick a
# new "address" for every guess.
_PROXY_COUNT = int(os.environ.get("TRACKER_PROXY_COUNT", "0"))
if _PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = _PROXY_COUNT
    AXES_IPWARE_PROXY_ORDER = "right-most"
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
AXES_VERBOSE = False

# --- Content-Security-Policy (django-csp) -----------------------------------
# No inline script or style anywhere: the pages' JavaScript and CSS are static
# files, charts are server-drawn SVG. Evidence downloads are attachments.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# Email: the demo writes each message to a file under var/mail.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Commitment Tracker <tracker@localhost>"
)
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Celery. Without CELERY_BROKER_URL the demo uses kombu's filesystem transport,
# so a real worker and beat run with no Redis.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_DIR = VAR_DIR / "celery-broker"
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR),
        "data_folder_out": str(CELERY_BROKER_DIR),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "store_processed": False,
        # The exchange tables; kombu's default is ./control, in the working
        # directory, where they ended up committed.
        "control_folder": str(CELERY_BROKER_DIR / "control"),
    }
else:
    # Longer than any task's hard time limit, so that Redis never hands a
    # running task to a second worker.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_IGNORE_RESULT = CELERY_RESULT_BACKEND is None
CELERY_TIMEZONE = "UTC"  # beat runs in UTC: no DST double or missed runs
CELERY_ENABLE_UTC = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A task whose worker dies is acknowledged late and re-delivered; every task
# is idempotent (state in PostgreSQL), so running one twice changes nothing.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# A late-acked task still running when the broker connection drops would be
# acked, when it ends, through the dead connection's channel; with kombu
# 5.7.0's Redis transport that raises AttributeError ('NoneType' object has no
# attribute 'hostname') and the worker exits (issue 12, docs/reminders.md).
# Cancel such tasks instead: their messages are re-delivered and, being
# idempotent, they run again (Celery 6's default).
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 600
CELERY_TASK_TIME_LIMIT = 900
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# An email that SMTP keeps refusing is retried (delays doubling up to 15 min)
# for this long before it is "failed": longer than a long mail outage.
TRACKER_OUTBOX_RETRY_WINDOW_HOURS = int(
    os.environ.get("TRACKER_OUTBOX_RETRY_WINDOW_HOURS", "48")
)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Generation runs before the sweep so that new milestones are flagged at once.
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    "generate-milestones-daily": {
        "task": "commitments.generate_milestones",
        "schedule": crontab(hour=0, minute=5),
    },
    "flag-milestone-statuses-hourly": {
        "task": "commitments.flag_milestone_statuses",
        "schedule": crontab(minute=15),
    },
    # After the sweep, so that escalations see this hour's overdue flags.
    "run-reminders-hourly": {
        "task": "notifications.run_reminders",
        "schedule": crontab(minute=20),
    },
    # Sends digests that wait for a retry and takes back ones whose worker died
    # (lease 45 s): every minute, so a killed send is resent within 2 minutes.
    "dispatch-digests": {
        "task": "notifications.dispatch_digests",
        "schedule": crontab(minute="*"),
    },
    # In-app notifications of assignments, mentions and changes by others
    # (notifications/services/events.py): within a minute of the change.
    "collect-notification-events": {
        "task": "notifications.collect_events",
        "schedule": crontab(minute="*"),
    },
    # Monday 03:00 UTC (08:00 in Islamabad): one summary per manager per week.
    "weekly-summary-monday": {
        "task": "reporting.run_weekly_summary",
        "schedule": crontab(hour=3, minute=0, day_of_week=1),
    },
    # Retries of weekly summaries, and those whose worker died: every minute,
    # like the digests, so a killed send goes out again within 2 minutes.
    "dispatch-weekly-summaries": {
        "task": "reporting.dispatch_weekly_summaries",
        "schedule": crontab(minute="*"),
    },
    # Folds the dashboard tallies' +n/-n delta rows (reporting/services/
    # tallies.py): the figures stay exact without it, but reads slow as the
    # rows pile up. After the sweep, which writes the most of them.
    "compact-dashboard-tallies": {
        "task": "reporting.compact_tallies",
        "schedule": crontab(minute=25),
    },
}

# The account that system jobs act as in history ("overdue sweep").
TRACKER_SYSTEM_USERNAME = "system"
# Who hears of unowned work when its agreement's desks have no manager
# (comma-separated usernames), and the other apps' notification sources.
TRACKER_UNASSIGNED_FALLBACK = os.environ.get("TRACKER_UNASSIGNED_FALLBACK", "")
TRACKER_NOTIFICATION_SOURCES = ["tracker.notification_sources.review_queue_waiting"]
# How far ahead milestones are generated, and when one counts as "due soon".
TRACKER_HORIZON_MONTHS = int(os.environ.get("TRACKER_HORIZON_MONTHS", "12"))
TRACKER_DUE_SOON_DAYS = int(os.environ.get("TRACKER_DUE_SOON_DAYS", "14"))
TRACKER_SOURCES_DIR = BASE_DIR / "fixtures" / "sources"
TRACKER_SEED_FILE = BASE_DIR / "fixtures" / "seed.json"

# One line per record on standard error, JSON when LOG_FORMAT=json
# (core/logging.py). Request errors carry their id, path, status and duration
# (core/request_log.py); each task run logs one line (core/job_log.py).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "core.request_log.RequestContextFilter"}},
    "formatters": {
        "line": {"()": "core.logging.formatter_for", "log_format": LOG_FORMAT}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "filters": ["request_context"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Uploads: evidence attached to follow-ups (minutes, letters, photographs).
# Each accepted type is also checked by its first bytes, not only its name.
TRACKER_EVIDENCE_MAX_BYTES = int(
    os.environ.get("TRACKER_EVIDENCE_MAX_BYTES", str(10 * 1024 * 1024))
)
TRACKER_EVIDENCE_EXTENSIONS = frozenset(
    env_list(
        "TRACKER_EVIDENCE_EXTENSIONS", "pdf,png,jpg,jpeg,txt,csv,docx,xlsx,pptx,odt,ods"
    )
)

# --- Limits: every input that can grow, checked at the boundary -------------
# Each is TRACKER_LIMIT_<NAME> in the environment; refusals name the limit.
# docs/security.md explains each one.
_LIMIT_DEFAULTS = {
    # Free-text search and filters: words per query, characters per field.
    "SEARCH_WORDS": 20,
    "SEARCH_CHARS": 200,
    # Any free-text filter value (owner names, reasons in query strings...).
    "FILTER_CHARS": 200,
    # Bulk import (CSV/XLSX): bytes uploaded, data rows, columns, cell size.
    "IMPORT_BYTES": 5 * 1024 * 1024,
    "IMPORT_ROWS": 5000,
    "IMPORT_COLUMNS": 50,
    "IMPORT_CELL_CHARS": 10_000,
    # An .xlsx is a zip: the declared size of its members, unzipped, summed.
    "IMPORT_UNZIPPED_BYTES": 50 * 1024 * 1024,
    # Above this many rows an import runs as a background job with progress.
    "IMPORT_INLINE_ROWS": 200,
    # Source texts: bytes stored, candidates proposed per text.
    "TEXT_BYTES": 1024 * 1024,
    "TEXT_INLINE_BYTES": 50 * 1024,
    "CANDIDATES": 500,
    # Cadences: occurrences a rule may be expanded to in one computation.
    "RULE_OCCURRENCES": 2000,
    # Rows one export may hold.
    "EXPORT_ROWS": 100_000,
    # Rows a list page counts and pages through; past it the list says "more
    # than" and asks for a narrower filter (core/pagination.py).
    "LIST_COUNT": 1000,
}
TRACKER_LIMITS = {
    name: int(os.environ.get(f"TRACKER_LIMIT_{name}", str(default)))
    for name, default in _LIMIT_DEFAULTS.items()
}

# The supported date range (core/dates.py): every date path refuses outside it.
TRACKER_DATE_MIN = datetime.date.fromisoformat(
    os.environ.get("TRACKER_DATE_MIN", "1900-01-01")
)
TRACKER_DATE_MAX = datetime.date.fromisoformat(
    os.environ.get("TRACKER_DATE_MAX", "2200-12-31")
)

# --- extraction: background jobs (docs/extraction.md) ------------------------
# Stored uploads (imports/<owner>/<token>) left after a day are removed.
CELERY_BEAT_SCHEDULE["extraction-sweep-uploads"] = {
    "task": "extraction.sweep_uploads",
    "schedule": crontab(minute=40),
}

# --- Health (/healthz; ops/health.py; docs/operations.md "Health") ----------
# Each check's budget; the web's statement timeout is far too long for a probe.
# How long a rendered list (its rows) may be served from the shared cache
# (core/fragments.py); its key carries the data version, so a committed write
# is seen at once. 0 renders every time.
TRACKER_LIST_CACHE_SECONDS = int(os.environ.get("TRACKER_LIST_CACHE_SECONDS", "120"))
TRACKER_HEALTH_CHECK_TIMEOUT_SECONDS = float(
    os.environ.get("TRACKER_HEALTH_CHECK_TIMEOUT_SECONDS", "2")
)
# Beat sends ops.heartbeat this often; a consuming worker stamps the time.
# It expires unrun after one interval, so a stuck queue does not pile them up.
TRACKER_HEARTBEAT_SECONDS = int(os.environ.get("TRACKER_HEARTBEAT_SECONDS", "60"))
CELERY_BEAT_SCHEDULE["ops-heartbeat"] = {
    "task": "ops.heartbeat",
    "schedule": float(TRACKER_HEARTBEAT_SECONDS),
    "options": {"expires": TRACKER_HEARTBEAT_SECONDS},
}
# A job is stale (/healthz 503) when its last success is older than this, in
# minutes. From the beat schedule above: the heartbeat (every minute) after 5
# missed; the hourly sweep and reminder run after two missed runs plus 30
# minutes; the daily generation after one missed day plus 2 hours.
# tests/unit/test_health_settings.py checks each outlasts its interval.
TRACKER_HEALTH_MAX_AGE_MINUTES = {
    job: int(os.environ.get(f"TRACKER_HEALTH_{job.upper()}_MAX_AGE_MINUTES", default))
    for job, default in {
        "heartbeat": "5",
        "overdue_sweep": "150",
        "milestone_generation": "1560",
        "reminder_run": "150",
    }.items()
}
# Unhealthy when a pending digest has waited longer than this to be sent: the
# dispatcher re-sends every 5 minutes, so an hour means nothing is sending.
TRACKER_HEALTH_OUTBOX_MAX_PENDING_MINUTES = int(
    os.environ.get("TRACKER_HEALTH_OUTBOX_MAX_PENDING_MINUTES", "60")
)

# --- The REST API (api/, docs/api.md) ----------------------------------------
# Requests per token (per person for the session, per address before any
# login) and period; DRF's "N/s|min|hour|day".
TRACKER_API_RATE = os.environ.get("TRACKER_API_RATE", "600/min")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.HasRolePermissions"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.ApiCursorPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "api.filters.ScopedFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Commitment Tracker API",
    "DESCRIPTION": "Read the agreements, commitments, milestones and follow-ups "
    "you may see. Authentication, filters, paging and limits: docs/api.md.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Like every page: signed in (a session or a token).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # The docs page is served from local files (drf-spectacular-sidecar).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Each choice set under one name (several models have a "kind" or "status").
    "ENUM_NAME_OVERRIDES": {
        "AgreementKindEnum": "commitments.models.AgreementKind",
        "CommitmentKindEnum": "commitments.models.CommitmentKind",
        "FollowUpKindEnum": "commitments.models.FollowUpKind",
        "StatusEnum": "commitments.models.StatusChoices",
        "CandidateStatusEnum": "extraction.models.CandidateStatus",
        "DatePrecisionEnum": "commitments.models.DatePrecision",
    },
}
