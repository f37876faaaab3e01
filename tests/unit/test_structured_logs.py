"""One log line per task run and per request error, JSON when asked."""

import io
import json
import logging
from collections.abc import Iterator

import pytest
from django.contrib.auth.decorators import login_not_required
from django.urls import path

from core.logging import TextFormatter, formatter_for
from core.request_log import RequestContextFilter
from notifications.tasks import dispatch_digests_task


@login_not_required
def boom(request):
    raise RuntimeError("the view broke")


urlpatterns = [path("boom/", boom)]


@pytest.fixture
def json_lines() -> Iterator[tuple[io.StringIO, list]]:
    """A JSON handler, built as settings.LOGGING builds it, on a logger."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter_for("json"))
    handler.addFilter(RequestContextFilter())
    attached: list[logging.Logger] = []

    def attach(name: str) -> io.StringIO:
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        attached.append(logger)
        return stream

    yield attach
    for logger in attached:
        logger.removeHandler(handler)


def parse(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


@pytest.mark.django_db
def test_a_task_run_logs_one_json_line_with_name_id_duration_and_outcome(json_lines):
    stream = json_lines("tracker.jobs")
    result = dispatch_digests_task.apply()
    [line] = parse(stream)
    assert line["event"] == "task_run"
    assert line["task"] == "notifications.dispatch_digests"
    assert line["task_id"] == result.id
    assert line["outcome"] == "SUCCESS"
    assert line["duration_ms"] >= 0
    assert line["counts"] == {"enqueued": 0}
    assert line["level"] == "INFO"


@pytest.mark.django_db
def test_a_failed_task_run_logs_its_outcome_and_error(json_lines, monkeypatch):
    def broken():
        raise ValueError("no database today")

    monkeypatch.setattr(dispatch_digests_task, "run", broken)
    stream = json_lines("tracker.jobs")
    result = dispatch_digests_task.apply()
    assert result.failed()
    [line] = parse(stream)
    assert line["outcome"] == "FAILURE"
    assert line["level"] == "ERROR"
    assert line["error"] == "ValueError: no database today"


@pytest.mark.urls(__name__)
def test_a_500_logs_one_json_line_with_its_path_status_and_request_id(
    client, json_lines
):
    stream = json_lines("django.request")
    client.raise_request_exception = False
    response = client.get("/boom/", headers={"X-Request-ID": "abc123"})
    assert response.status_code == 500
    assert response["X-Request-ID"] == "abc123"
    [line] = parse(stream)
    assert line["path"] == "/boom/"
    assert line["status"] == 500
    assert line["method"] == "GET"
    assert line["request_id"] == "abc123"
    assert line["duration_ms"] >= 0
    assert "RuntimeError: the view broke" in line["exception"]


@pytest.mark.urls(__name__)
def test_a_forged_request_id_is_replaced(client):
    response = client.get("/boom/x", headers={"X-Request-ID": "a b\nforged"})
    assert response.status_code == 404
    assert len(response["X-Request-ID"]) == 32


def test_text_format_appends_the_context_as_key_value():
    record = logging.LogRecord("tracker.jobs", logging.INFO, "", 0, "task x", (), None)
    record.task_id = "42"
    record.counts = {"created": 3}
    record.duration_ms = 5.0
    line = TextFormatter().format(record)
    assert line.endswith("task x task_id=42 duration_ms=5.0 counts=created:3")
