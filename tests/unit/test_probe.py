"""The container health probe asks /healthz as the reverse proxy would."""

import http.server
import threading
from collections.abc import Iterator

import pytest

from tracker.probe import probe


class Recorder(http.server.BaseHTTPRequestHandler):
    seen: list[dict[str, str]] = []
    status = 200

    def do_GET(self) -> None:
        Recorder.seen.append({"path": self.path, **dict(self.headers)})
        self.send_response(Recorder.status)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server(monkeypatch) -> Iterator[type[Recorder]]:
    httpd = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    Recorder.seen, Recorder.status = [], 200
    monkeypatch.setenv("GUNICORN_BIND", f"0.0.0.0:{httpd.server_port}")
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "tracker.example.gov,other")
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield Recorder
    httpd.shutdown()
    httpd.server_close()


def test_a_200_is_healthy_and_the_request_looks_proxied(server):
    assert probe("/healthz") == 0
    [request] = server.seen
    assert request["path"] == "/healthz"
    assert request["Host"] == "tracker.example.gov"
    assert request["X-Forwarded-Proto"] == "https"


def test_a_503_is_unhealthy(server):
    server.status = 503
    assert probe("/healthz") == 1


def test_nothing_listening_is_unhealthy(monkeypatch):
    monkeypatch.setenv("GUNICORN_BIND", "127.0.0.1:1")
    assert probe("/healthz") == 1
