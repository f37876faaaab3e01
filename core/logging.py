"""Log formatting: one line per record, JSON when LOG_FORMAT=json, else text.

Records may carry context fields (``extra=``): a job run's task name, id,
outcome, duration and counts (core/job_log.py), a request error's id, path,
status and duration (core/request_log.py). The JSON formatter writes them as
keys; the text formatter appends them as ``key=value``, so that a person
reading a terminal and a log shipper parsing lines see the same facts.
"""

import datetime
import json
import logging
import traceback
from typing import Any

# Context fields, in the order the text formatter appends them.
CONTEXT_FIELDS = (
    "event",
    "task",
    "task_id",
    "outcome",
    "request_id",
    "method",
    "path",
    "status",
    "duration_ms",
    "counts",
    "error",
)


def context(record: logging.LogRecord) -> dict[str, Any]:
    """The context fields a record carries, in CONTEXT_FIELDS order."""
    return {
        name: getattr(record, name)
        for name in CONTEXT_FIELDS
        if getattr(record, name, None) is not None
    }


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, context."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(context(record))
        if record.exc_info:
            entry["exception"] = "".join(traceback.format_exception(*record.exc_info))
        elif record.stack_info:
            entry["stack"] = record.stack_info
        # default=str: a context value that JSON cannot hold (a Decimal, a
        # date) is written as text rather than losing the whole line.
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """Time, level, logger, message, then the context as key=value."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def formatMessage(self, record: logging.LogRecord) -> str:
        line = super().formatMessage(record)
        fields = context(record)
        if not fields:
            return line
        return line + " " + " ".join(f"{k}={_text(v)}" for k, v in fields.items())


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return ",".join(f"{k}:{v}" for k, v in value.items())
    text = str(value)
    return json.dumps(text) if " " in text else text


def formatter_for(log_format: str) -> logging.Formatter:
    """The formatter LOG_FORMAT names ("json"; anything else is text)."""
    return JsonFormatter() if log_format.strip().lower() == "json" else TextFormatter()
