"""Test settings: PostgreSQL and Redis come from the environment (bin/test)."""

import os

from tracker.settings.base import *  # noqa: F403
from tracker.settings.base import DATABASES, REDIS_CACHE_OPTIONS, VAR_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Test processes keep mail in memory; the integration tests' workers are
# given EMAIL_BACKEND=smtp and a loopback server in their environment.
if "EMAIL_BACKEND" not in os.environ:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = VAR_DIR / "test-media"
# Tests write inside a transaction that never commits, so the data version
# (core/cache_version.py) would not move and a cached list would not follow a
# write; tests/unit/test_list_fragments.py turns the cache on with commits.
TRACKER_LIST_CACHE_SECONDS = 0
# The read-replica alias, on the test database itself (TEST MIRROR: no second
# database is created). Reporting reads stay on "default" unless a test sets
# TRACKER_REPORTING_DATABASE = "replica" (tests/unit/test_reporting_replica.py).
DATABASES["replica"] = {
    **DATABASES["default"],
    "OPTIONS": dict(DATABASES["default"].get("OPTIONS", {})),
    "TEST": {"MIRROR": "default"},
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Integration tests run a real worker on their own Redis databases (1 for the
# broker, 2 for results), so no other worker on the same server takes their tasks.
_REDIS_URL = os.environ.get("REDIS_URL", "")
if _REDIS_URL.startswith("redis://"):
    _REDIS_BASE = _REDIS_URL.rsplit("/", 1)[0]
    CELERY_BROKER_URL = f"{_REDIS_BASE}/1"
    CELERY_RESULT_BACKEND = f"{_REDIS_BASE}/2"
    CELERY_TASK_IGNORE_RESULT = False
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}

# The dashboard's cache on a Redis database of its own (3 beside the workers'
# 1 and 2; or the one REDIS_URL names, when a run was given its own), emptied
# between tests (tests/conftest.py), so that cached figures never cross tests.
if _REDIS_URL.startswith("redis://"):
    _CACHE_DB = _REDIS_URL.rsplit("/", 1)[1]
    _CACHE_DB = _CACHE_DB if _CACHE_DB.isdigit() and int(_CACHE_DB) > 2 else "3"
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"{_REDIS_BASE}/{_CACHE_DB}",
            "KEY_PREFIX": "tracker-test",
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
