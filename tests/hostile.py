"""Hostile input for the request walker (tests/unit/test_hostile_requests.py).

Three things live here, none of them tied to one page:

- the hostile values, each with the kind of field it is aimed at;
- every URL pattern of the resolver, with its path parameters and a way to
  build a concrete path from values for them;
- the fields a page knows: read from its rendered forms and the query links
  it prints, and from the view's own module (``request.GET.get("x")``, and the
  fields of every Form and FilterSet class it uses with ``request.GET``).

And a `Walker` that sends requests, each in a savepoint rolled back at once
(every request sees the same rows, and a failed statement cannot poison the
next one), and records every 500 with the line that raised it.
"""

import inspect
import re
import sys
import time
import traceback
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

import django_filters
from django import forms
from django.core.signals import got_request_exception
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RoutePattern
from django.utils.regex_helper import normalize

REPO_ROOT = Path(__file__).resolve().parent.parent

# --- The values ---------------------------------------------------------------

TEXT, DATE, NUMBER, RULE, ANY = "text", "date", "number", "rule", "any"
_WORDS = "talks border police minister meet every three months training officers"


@dataclass(frozen=True)
class Hostile:
    """A value and the kind of field it is aimed at (ANY: every field)."""

    label: str
    value: str | list[str]
    kind: str

    def shown(self) -> str:
        text = repr(self.value)
        return text if len(text) <= 60 else f"{text[:45]}…({len(text):,} chars)"


HOSTILE_VALUES = (
    Hostile("3,000 words", " ".join((_WORDS.split() * 300)[:3000]), TEXT),
    Hostile("200,000 characters", "x" * 200_000, TEXT),
    Hostile("NUL byte", "a\x00b", TEXT),
    Hostile(
        "odd unicode",
        "\u202e\u200fمرحبا 😀👩\u200d👩\u200d👧 e\u0301\u0327 \u200b\ufeff ＡＢＣ１２",
        TEXT,
    ),
    Hostile("SQL", "' OR 1=1 -- %_\\ ../../etc/passwd", TEXT),
    Hostile("markup", '<script>alert("x")</script>', TEXT),
    Hostile("formula", '=HYPERLINK("x")', TEXT),
    Hostile("last date", "9999-12-31", DATE),
    Hostile("first date", "0001-01-01", DATE),
    Hostile("impossible date", "2027-02-30", DATE),
    Hostile("last instant", "9999-12-31T23:59+00:00", DATE),
    Hostile("Arabic-Indic digits", "٩٩٩٩-١٢-٣١", DATE),
    Hostile("minus one", "-1", NUMBER),
    Hostile("huge integer", "99999999999999999999", NUMBER),
    Hostile("5,000 digits", "9" * 5000, NUMBER),
    Hostile("overflowing float", "1e309", NUMBER),
    Hostile("rule that never occurs", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", RULE),
    Hostile("ninth Monday", "BYDAY=+9MO", RULE),
    Hostile("ninth Monday monthly", "FREQ=MONTHLY;BYDAY=+9MO", RULE),
    Hostile("sub-daily rule", "FREQ=MINUTELY;BYMINUTE=1,2,3", RULE),
    Hostile("list", ["1", "9999-12-31", "<b>"], ANY),
    Hostile("empty", "", ANY),
)
BY_LABEL = {hostile.label: hostile for hostile in HOSTILE_VALUES}
# Sent alone in each field in turn, the rest of the form left valid.
DANGEROUS = tuple(
    BY_LABEL[label] for label in ("last date", "NUL byte", "huge integer")
)
# Sent in every field by the roles a page lets in besides the most trusted one.
LIGHT = BY_LABEL["last date"]

# Path parameters: NUL-free junk the converter lets through.
HOSTILE_PATH_VALUES = {
    "int": ("0", "99999999999999999999"),
    "slug": ("x" * 3000, "-_-"),
    "str": ("x" * 3000, "\u202e😀e\u0301 ' OR 1=1 --"),
    "path": ("99999999999999999999", "\u202e😀/../x"),
    "regex": ("99999999999999999999", "😀e\u0301"),
}

# The field kinds (from the rendered form) that a value of each kind goes to
# when it is placed "typed": into the fields that expect it, the rest valid.
TARGETS = {
    TEXT: {"text", "textarea", "hidden"},
    DATE: {"date"},
    NUMBER: {"number", "hidden", "choice"},
    RULE: {"text", "textarea"},
}
DATE_NAME = re.compile(r"(date|_on$|^since$|_after$|_before$|published|start$|end$)")


def hostile_files() -> list[tuple[str, str, bytes, str]]:
    """(label, file name, content, content type) for every file field."""
    return [
        (
            "xlsx that is not a zip",
            "commitments.xlsx",
            b"PK\x03\x04 not a zip at all \x00\xff" * 64,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "CSV with NUL, a formula and a 131,073-character cell",
            "commitments.csv",
            b'reference,title,agreement\nx\x00y,=HYPERLINK("x"),'
            + b"a" * 131_073
            + b"\n",
            "text/csv",
        ),
        (
            "text with impossible dates",
            "statement.txt",
            (
                b"On 31 February 2027 both sides agreed to meet every three months. "
                b"The talks on 9999-12-31 will be followed next year by a review. "
                b"They will meet on the 31st of April 2027 and on 29 February 2027."
            ),
            "text/plain",
        ),
        (
            "hostile file name",
            '../../<script>"x".pdf',
            b"%PDF-1.4\n\x00\xff",
            "application/pdf",
        ),
    ]


# --- The URL patterns -----------------------------------------------------------

_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Param:
    name: str
    converter: str  # int, slug, str, path, ... or "regex"


@dataclass(frozen=True)
class Route:
    """One URL pattern of the resolver, includes followed."""

    route: str  # the patterns joined, as shown in test ids
    name: str | None  # with its namespaces, e.g. "commitments:home"
    callback: Any
    patterns: tuple[Any, ...]  # the pattern of each level, outermost first

    @property
    def params(self) -> tuple[Param, ...]:
        found: list[Param] = []
        for pattern in self.patterns:
            if isinstance(pattern, RoutePattern):
                for match in _ROUTE_PARAM.finditer(str(pattern)):
                    found.append(Param(match["name"], match["converter"] or "str"))
            else:
                for name in _regex_params(pattern.regex.pattern):
                    found.append(Param(name, "regex"))
        return tuple(found)

    @property
    def is_admin(self) -> bool:
        return self.route.startswith("admin/")

    def path(self, values: dict[str, str]) -> str | None:
        """The concrete path with these parameter values, or None when the
        pattern does not take them (checked by resolving it back)."""
        parts = []
        for pattern in self.patterns:
            if isinstance(pattern, RoutePattern):
                parts.append(_fill_route(str(pattern), values))
            else:
                filled = _fill_regex(pattern.regex.pattern, values)
                if filled is None:
                    return None
                parts.append(filled)
        path = "/" + "".join(parts)
        try:
            match = resolve(path.split("?")[0])
        except Resolver404:
            return None
        return path if match.func is self.callback else None


def _quoted(value: str, converter: str) -> str:
    return quote(value, safe="/" if converter == "path" else "")


def _fill_route(route: str, values: dict[str, str]) -> str:
    def fill(match: re.Match) -> str:
        return _quoted(values[match["name"]], match["converter"] or "str")

    return _ROUTE_PARAM.sub(fill, route)


def _regex_params(regex: str) -> list[str]:
    possibilities = normalize(regex)
    return list(possibilities[0][1]) if possibilities else []


def _fill_regex(regex: str, values: dict[str, str]) -> str | None:
    for template, names in normalize(regex):
        if all(name in values for name in names):
            return template % {name: _quoted(values[name], "str") for name in names}
    return None


def resolver_routes() -> list[Route]:
    """Every URL pattern of the project's resolver, includes followed."""
    return list(_walk(get_resolver().url_patterns, (), None))


def _walk(patterns, outer: tuple, namespace: str | None) -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = (
                    f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                )
            yield from _walk(entry.url_patterns, (*outer, entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            levels = (*outer, entry.pattern)
            name = entry.name
            if name and namespace:
                name = f"{namespace}:{name}"
            shown = "".join(str(level) for level in levels) or "/"
            yield Route(shown, name, entry.callback, levels)


# --- The fields a page knows ----------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, hidden, date, number, choice, file, button
    values: list[str] = field(default_factory=list)  # as a browser would send
    options: list[str] = field(default_factory=list)  # of a choice


@dataclass
class PageForm:
    method: str
    action: str = ""  # the path it posts to ("" for the page itself)
    fields: dict[str, Field] = field(default_factory=dict)

    def baseline(self) -> dict[str, Any]:
        """What a browser would send unchanged (valid, or close to it)."""
        data: dict[str, Any] = {}
        for item in self.fields.values():
            if item.kind == "file" or not item.values:
                continue
            data[item.name] = item.values if len(item.values) > 1 else item.values[0]
        return data


class _FormParser(HTMLParser):
    """The forms of a page (fields outside any <form> join a loose one) and the
    names in its own query links (href="?page=2")."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[PageForm] = []
        self.loose = PageForm("any")
        self.link_names: set[str] = set()
        self._current: PageForm | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def _form(self) -> PageForm:
        return self._current or self.loose

    def _field(self, name: str, kind: str) -> Field:
        form = self._form()
        if name not in form.fields:
            form.fields[name] = Field(name, kind)
        return form.fields[name]

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = {key: value or "" for key, value in attrs}
        name = attributes.get("name", "")
        if tag == "a" and attributes.get("href", "").startswith("?"):
            href = attributes["href"]
            self.link_names |= {key for key, _ in parse_qsl(href[1:], True)}
        elif tag == "form":
            self._current = PageForm(
                attributes.get("method", "get").lower(),
                urlsplit(attributes.get("action", "")).path,
            )
            self.forms.append(self._current)
        elif tag == "input" and name:
            kind = attributes.get("type", "text").lower()
            value = attributes.get("value", "")
            if kind in ("checkbox", "radio"):
                item = self._field(name, "choice")
                item.options.append(value or "on")
                if "checked" in attributes:
                    item.values.append(value or "on")
            elif kind in ("submit", "button", "image", "reset"):
                item = self._field(name, "button")
                if not item.values:
                    item.values.append(value)
            else:
                kind = {
                    "date": "date",
                    "datetime-local": "date",
                    "number": "number",
                    "hidden": "hidden",
                    "file": "file",
                }.get(kind, "text")
                if kind == "text" and DATE_NAME.search(name):
                    kind = "date"
                item = self._field(name, kind)
                item.values.append(value)
        elif tag == "button" and name:
            item = self._field(name, "button")
            if not item.values:
                item.values.append(attributes.get("value", ""))
        elif tag == "select" and name:
            self._select = self._field(name, "choice")
        elif tag == "option" and self._select is not None:
            # An option without a value sends its text; the forms here give one.
            value = attributes.get("value", "")
            self._select.options.append(value)
            if "selected" in attributes:
                self._select.values.append(value)
        elif tag == "textarea" and name:
            self._textarea = self._field(name, "textarea")
            self._textarea.values.append("")

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.values[-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def page_fields(html: str) -> tuple[list[PageForm], PageForm, set[str]]:
    """(forms, fields outside any form, names of the page's own query links)."""
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms, parser.loose, parser.link_names


def fill_choices(form: PageForm) -> None:
    """Pick the first real option of every choice left empty, as a person would
    to get past the required fields."""
    for item in form.fields.values():
        options = [option for option in item.options if option]
        if item.kind == "choice" and not item.values and options:
            item.values.append(options[0])


_GET_NAME = re.compile(r"request\.GET(?:\.get\(|\[)\s*[\"']([^\"']+)[\"']")
_POST_NAME = re.compile(r"request\.POST(?:\.get\(|\[)\s*[\"']([^\"']+)[\"']")
_CLASS_GET = re.compile(r"(\w+)\(\s*request\.GET")


def view_query_names(callback: Any) -> tuple[set[str], set[str]]:
    """(query names, POST names) the view's module reads by hand or through
    the FilterSets and Forms it builds from request.GET."""
    view = inspect.unwrap(getattr(callback, "view_class", callback))
    module = sys.modules.get(view.__module__)
    if module is None or not _is_project_file(getattr(module, "__file__", "")):
        return set(), set()
    source = inspect.getsource(module)
    query = set(_GET_NAME.findall(source))
    posted = set(_POST_NAME.findall(source))
    classes = {getattr(module, name, None) for name in _CLASS_GET.findall(source)}
    # A module that imports FilterSets uses them on request.GET (the exports
    # pick theirs from a table).
    classes |= {
        value
        for value in vars(module).values()
        if inspect.isclass(value) and issubclass(value, django_filters.FilterSet)
    }
    for cls in classes:
        query |= _class_field_names(cls)
    return query, posted


def _class_field_names(cls: Any) -> set[str]:
    try:
        if inspect.isclass(cls) and issubclass(cls, django_filters.FilterSet):
            form = cls(data={}, queryset=cls._meta.model._default_manager.none()).form
        elif inspect.isclass(cls) and issubclass(cls, forms.BaseForm):
            form = cls()
        else:
            return set()
    except TypeError:  # a form that needs arguments: its page renders it
        return set()
    _forms, loose, _links = page_fields(str(form))
    return set(loose.fields)


def _is_project_file(filename: str) -> bool:
    path = Path(filename).resolve()
    return REPO_ROOT in path.parents and ".venv" not in path.parts


# --- Sending and recording ------------------------------------------------------

# A statement this long, or with this many parameters, grows with the input.
# The walker refuses to send it: PostgreSQL may plan such a statement for
# minutes without noticing a statement timeout or a cancel.
MAX_SQL_CHARS = 100_000
MAX_SQL_PARAMS = 5_000


class UnboundedQueryError(Exception):
    """A request built a statement whose size grows with its input."""


def _refuse_unbounded(execute, sql, params, many, context):
    count = 0 if many or not params else len(params)
    if len(sql) > MAX_SQL_CHARS or count > MAX_SQL_PARAMS:
        raise UnboundedQueryError(
            f"a statement of {len(sql):,} characters and {count:,} parameters "
            f"(the walker sends none over {MAX_SQL_CHARS:,} / {MAX_SQL_PARAMS:,})"
        )
    return execute(sql, params, many, context)


class WalkerClient(Client):
    """The test client without the copies of every template context it keeps
    for assertions: they are most of a request's cost, and unused here."""

    def request(self, **request: Any) -> Any:
        environ = self._base_environ(**request)
        uid = f"walker-exception-{id(request)}"
        got_request_exception.connect(self.store_exc_info, dispatch_uid=uid)
        try:
            response = self.handler(environ)
        finally:
            got_request_exception.disconnect(dispatch_uid=uid)
        self.check_exception(response)
        return response


@dataclass(frozen=True)
class Failure:
    method: str
    path: str
    role: str
    where: str  # which fields held what
    status: int | None
    error: str  # the exception's last line
    location: str  # the last project line, and the line that raised

    def line(self) -> str:
        path = self.path if len(self.path) <= 110 else f"{self.path[:100]}…"
        return f"{self.method} {path} as {self.role}: {self.where}"


@dataclass
class Walker:
    """Sends requests as one role and keeps every 500 (and every slow answer)."""

    client: WalkerClient
    role: str
    cookies: dict[str, str]
    slow_seconds: float
    failures: list[Failure] = field(default_factory=list)
    slow: list[str] = field(default_factory=list)
    requests: int = 0

    def send(
        self,
        method: str,
        path: str,
        data: dict[str, Any] | None = None,
        *,
        where: str = "no parameters",
    ) -> Any:
        """The response (None if the view raised); the database is as before."""
        self.client.cookies.clear()
        for key, value in self.cookies.items():
            self.client.cookies[key] = value
        self.requests += 1
        started = time.monotonic()
        response, error = None, None
        try:
            # A savepoint per request, rolled back: the next request sees the
            # same rows, and a failed statement does not abort the test's
            # transaction. Marked like TestCase's own atomics so that a
            # durable atomic block in a view still opens.
            atomic = transaction.atomic()
            atomic._from_testcase = True
            with (
                warnings.catch_warnings(),
                connection.execute_wrapper(_refuse_unbounded),
                atomic,
            ):
                # A naive datetime reaching a field is an error in the test
                # settings; in production it is logged, not a 500.
                warnings.filterwarnings(
                    "ignore", category=RuntimeWarning, module="django.db.models"
                )
                response = self._request(method, path, data or {})
                if response.streaming:
                    # The client closes a streamed response once consumed; a
                    # second close() would end the connection (request_finished).
                    b"".join(response.streaming_content)
                transaction.set_rollback(True)
        except Exception as raised:
            error = raised
        elapsed = time.monotonic() - started
        if elapsed > self.slow_seconds:
            self.slow.append(f"{elapsed:.1f} s: {method} {path[:100]} ({where})")
        if error is not None:
            self.failures.append(
                Failure(
                    method,
                    path,
                    self.role,
                    where,
                    None,
                    _last_line(error),
                    _location(error),
                )
            )
            return None
        if response.status_code >= 500 and not _is_health_answer(path, response):
            self.failures.append(
                Failure(method, path, self.role, where, response.status_code, "", "")
            )
        return response

    def _request(self, method: str, path: str, data: dict[str, Any]) -> Any:
        if method == "GET":
            return self.client.get(path, data)
        return self.client.post(path, data)


def _is_health_answer(path: str, response: Any) -> bool:
    """/healthz answers 503 "unhealthy" while a job is stale (ops/views.py):
    a monitor's answer, not an error; any other 5xx from it still counts."""
    return (
        path.split("?")[0] == "/healthz"
        and response.status_code == 503
        and response.content == b"unhealthy\n"
    )


def _last_line(error: BaseException) -> str:
    lines = traceback.format_exception_only(type(error), error)
    text = lines[-1].strip() if lines else repr(error)
    return text if len(text) <= 300 else f"{text[:300]}…"


def _location(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return ""
    ours = [
        frame
        for frame in frames
        if _is_project_file(frame.filename)
        and "tests" not in Path(frame.filename).relative_to(REPO_ROOT).parts[:1]
    ]
    last = frames[-1]
    shown = []
    if ours:
        frame = ours[-1]
        relative = Path(frame.filename).relative_to(REPO_ROOT)
        shown.append(f"{relative}:{frame.lineno} in {frame.name}")
    # The last frame of a library other than Django and the driver (axes,
    # django-filter, openpyxl...) says whose code the request went through.
    after = frames[frames.index(ours[-1]) + 1 :] if ours else frames
    libraries = [
        frame
        for frame in after
        if "site-packages" in frame.filename
        and not any(f"site-packages/{name}/" in frame.filename for name in _PLUMBING)
    ]
    if libraries and libraries[-1] is not last:
        frame = libraries[-1]
        shown.append(f"via {_short(frame.filename)}:{frame.lineno} in {frame.name}")
    if not ours or ours[-1] is not last:
        shown.append(f"raised in {_short(last.filename)}:{last.lineno} in {last.name}")
    return "; ".join(shown)


_PLUMBING = ("django", "psycopg", "pytest", "_pytest", "pluggy")


def _short(filename: str) -> str:
    parts = Path(filename).parts
    if "site-packages" in parts:
        return "/".join(parts[parts.index("site-packages") + 1 :])
    try:
        return str(Path(filename).relative_to(REPO_ROOT))
    except ValueError:
        return filename


def summary(failures: list[Failure], limit: int = 6) -> str:
    """The failures grouped by the error and the line that raised it."""
    groups: dict[tuple[str, str], list[Failure]] = {}
    for failure in failures:
        key = (failure.error or f"status {failure.status}", failure.location)
        groups.setdefault(key, []).append(failure)
    lines = [
        f"{len(failures)} request(s) answered 500 ({len(groups)} distinct errors):"
    ]
    for number, ((error, location), members) in enumerate(groups.items(), 1):
        lines.append(f"[{number}] {error}")
        if location:
            lines.append(f"    at {location}")
        lines.append(f"    {len(members)} request(s), e.g.:")
        lines.extend(f"      {member.line()}" for member in members[:limit])
    return "\n".join(lines)


def query_path(path: str) -> str:
    """The path without its query string."""
    return urlsplit(path).path
