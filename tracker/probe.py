"""A health probe for containers: GET /healthz on this machine's gunicorn.

    python -m tracker.probe [PATH]      exit 0 when it answers 200

The slim image has no curl. The request carries what the reverse proxy would
send (a Host from DJANGO_ALLOWED_HOSTS, X-Forwarded-Proto: https), so that the
production settings neither refuse the host nor redirect to HTTPS.
"""

import os
import sys
import urllib.error
import urllib.request


def probe(path: str = "/healthz") -> int:
    """0 when the local web process answers `path` with 200, else 1."""
    bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")[0].strip()
    port = bind.rsplit(":", 1)[-1] if ":" in bind else "8000"
    host = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",")[0].strip()
    # A fixed http://127.0.0.1 URL: the URL-scheme findings (S310, B310) do not apply.
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        headers={"Host": host.lstrip("."), "X-Forwarded-Proto": "https"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310  # nosec B310
            return 0 if answer.status == 200 else 1
    except (urllib.error.URLError, OSError) as error:
        print(f"probe: {path}: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(probe(*sys.argv[1:2]))
