"""Production: secure cookies, HTTPS and a secret key that must be set."""

import os

from django.core.exceptions import ImproperlyConfigured

from tracker.production_env import plain_http_switches, settings_problems
from tracker.settings.base import *  # noqa: F403
from tracker.settings.base import env_bool, env_list

# Refuse to load with the demo key, no key, or plain HTTP on a public address:
# every process (gunicorn, Celery, manage.py) stops here with the variable named.
_PROBLEMS = settings_problems(os.environ)
if _PROBLEMS:
    raise ImproperlyConfigured("; ".join(_PROBLEMS))

DEBUG = False
# Commands that only belong on a laptop (demo_user) refuse to run when set.
TRACKER_IS_PRODUCTION = True
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Secure cookies, always in production: the switches exist only so that
# benchmarks/load.py can serve plain HTTP on 127.0.0.1 (a browser or client
# never sends a Secure cookie over http://).
SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("DJANGO_CSRF_COOKIE_SECURE", True)
if plain_http_switches(os.environ):
    # Plain HTTP was asked for and gunicorn listens on loopback only (checked
    # above), so the deploy check's HTTPS warnings do not apply.
    SILENCED_SYSTEM_CHECKS = [
        "security.W004",
        "security.W008",
        "security.W012",
        "security.W016",
    ]
# Needed only when the proxy presents another origin than the Host it passes
# on (e.g. https://tracker.example.gov:8443); comma-separated, with scheme.
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")
SECURE_CONTENT_TYPE_NOSNIFF = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
