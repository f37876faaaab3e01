"""The shipped translation catalogues are complete, consistent and compiled.

Every <dir>/locale/<lang>/LC_MESSAGES/django.po of the project (the project's
own locale/ and each app's) is checked, so a new app's catalogue is covered
the day it is added (docs/i18n.md). CI fails when:
- a language of settings.LANGUAGES (English, the source, aside) has no
  catalogue next to another language's;
- a message is untranslated or fuzzy (the header too: msgfmt skips a fuzzy
  header, and the plural rule with it);
- a placeholder (%(name)s, %s, {name}) differs between msgid and msgstr;
- the committed .mo does not hold what the .po says (compile it again);
- a string marked in the source (Python, templates) is in no catalogue.

Extraction needs no GNU gettext: templates go through Django's own
templatize() (what makemessages feeds xgettext) and Babel's Python extractor.
"""

import io
import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils.translation import to_locale
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parents[2]
# Not the product's own sources: the virtualenv, run data, tests, scripts.
SKIPPED_DIRS = {
    ".git",
    ".venv",
    "var",
    "tests",
    "benchmarks",
    "node_modules",
    "docs",
    "fixtures",
    "migrations",
    "static",
    "__pycache__",
}
SOURCE_LANGUAGE = "en-gb"
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext_lazy": (1, 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
TEMPLATE_SUFFIXES = {".html", ".txt"}
PLACEHOLDER = re.compile(r"%\([a-zA-Z_][a-zA-Z0-9_]*\)[sdifr]|%[sdif]|\{[a-zA-Z_]\w*\}")


def _walk(directory: Path):
    for path in sorted(directory.iterdir()):
        if path.is_dir():
            if path.name not in SKIPPED_DIRS and not path.name.startswith("."):
                yield from _walk(path)
        else:
            yield path


@cache
def po_files() -> tuple[Path, ...]:
    return tuple(sorted(ROOT.glob("**/locale/*/LC_MESSAGES/django.po")))


def shipped_po_files() -> list[Path]:
    return [p for p in po_files() if ".venv" not in p.parts]


def languages() -> list[str]:
    return [
        to_locale(code) for code, _ in settings.LANGUAGES if code != SOURCE_LANGUAGE
    ]


@cache
def catalogue(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def _id(path: Path) -> str:
    return str(path.relative_to(ROOT))


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def test_there_are_catalogues_and_each_has_every_language():
    files = shipped_po_files()
    assert files, "no catalogue found: compile nothing, check nothing"
    missing = []
    for locale_dir in {path.parents[2] for path in files}:
        for language in languages():
            if not (locale_dir / language / "LC_MESSAGES" / "django.po").exists():
                missing.append(f"{_id(locale_dir)}/{language}")
    assert not missing, f"catalogues missing: {missing}"


@pytest.mark.parametrize("path", shipped_po_files(), ids=_id)
def test_every_message_is_translated_and_none_is_fuzzy(path):
    cat = catalogue(path)
    assert not cat.fuzzy, "the header is marked fuzzy: msgfmt would skip it"
    problems = []
    for message in cat:
        if not message.id:
            continue
        strings = message.string if message.pluralizable else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        if not all(strings) or len(strings) < (
            cat.num_plurals if message.pluralizable else 1
        ):
            problems.append(f"untranslated: {message.id!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", shipped_po_files(), ids=_id)
def test_placeholders_are_the_same_in_msgid_and_msgstr(path):
    problems = []
    for message in catalogue(path):
        if not message.id or not message.string:
            continue
        if message.pluralizable:
            allowed = [placeholders(message.id[0]), placeholders(message.id[1])]
            for form in message.string:
                if form and placeholders(form) not in allowed:
                    problems.append(f"{message.id[0]!r}: {form!r}")
        elif placeholders(message.id) != placeholders(message.string):
            problems.append(f"{message.id!r}: {message.string!r}")
    assert not problems, "placeholders differ:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", shipped_po_files(), ids=_id)
def test_the_compiled_mo_is_up_to_date(path):
    mo_path = path.with_suffix(".mo")
    assert mo_path.exists(), f"compile it: msgfmt -o {_id(mo_path)} {_id(path)}"
    with mo_path.open("rb") as handle:
        compiled = read_mo(handle)
    stale = []
    for message in catalogue(path):
        if not message.id or message.fuzzy:
            continue
        found = compiled.get(message.id, message.context)
        if found is None or tuple(_strings(found)) != tuple(_strings(message)):
            stale.append(repr(message.id))
    assert not stale, f"{_id(mo_path)} is older than its .po: " + ", ".join(stale[:5])


def _strings(message) -> tuple[str, ...]:
    return message.string if message.pluralizable else (message.string,)


def _extract(path: Path) -> list[tuple[str | None, str]]:
    text = path.read_text(encoding="utf-8")
    if path.suffix in TEMPLATE_SUFFIXES:
        if "{%" not in text:
            return []
        # Not Python, only read by a Python tokenizer: no indentation to keep
        # (each string is one repr() on one line).
        text = "\n".join(
            line.lstrip() for line in templatize(text, origin=str(path)).splitlines()
        )
    elif path.suffix != ".py":
        return []
    found = []
    for _line, message, _comments, context in extract(
        "python", io.BytesIO(text.encode("utf-8")), keywords=KEYWORDS
    ):
        singular = message[0] if isinstance(message, tuple | list) else message
        if singular:
            found.append((context, singular))
    return found


@cache
def marked_in_source() -> dict[tuple[str | None, str], str]:
    marked: dict[tuple[str | None, str], str] = {}
    for path in _walk(ROOT):
        if path.suffix in TEMPLATE_SUFFIXES | {".py"}:
            for key in _extract(path):
                marked.setdefault(key, _id(path))
    return marked


@pytest.mark.parametrize("language", languages())
def test_every_marked_string_is_in_a_catalogue(language):
    # Django merges every catalogue of a language at run time, so a string
    # may live in any of them (usually its own app's).
    known = set()
    for path in shipped_po_files():
        if path.parents[1].name == language:
            known |= {
                (m.context, m.id if isinstance(m.id, str) else m.id[0])
                for m in catalogue(path)
                if m.id
            }
    missing = sorted(
        f"{where}: {msgid!r}"
        for (context, msgid), where in marked_in_source().items()
        if (context, msgid) not in known
    )
    assert not missing, (
        f"{len(missing)} marked string(s) in no {language} catalogue (run "
        "makemessages, translate, compile; docs/i18n.md):\n" + "\n".join(missing)
    )


def test_the_extractor_finds_template_and_python_strings(tmp_path):
    # The check above is only as good as the extraction: prove it sees each form.
    template = tmp_path / "page.html"
    template.write_text(
        '{% load i18n %}{% translate "Alpha" %}'
        "{% blocktranslate count counter=n %}{{ counter }} beta{% plural %}"
        "{{ counter }} betas{% endblocktranslate %}"
    )
    module = tmp_path / "module.py"
    module.write_text(
        "from django.utils.translation import gettext_lazy as _, pgettext\n"
        'A = _("Gamma")\nB = pgettext("menu", "Delta")\n'
    )
    assert _extract(template) == [(None, "Alpha"), (None, "%(counter)s beta")]
    assert _extract(module) == [(None, "Gamma"), ("menu", "Delta")]


def test_the_placeholder_check_can_fail():
    assert placeholders("Due %(date)s") != placeholders("截止 %(data)s")
    assert placeholders("{count} items") == {"{count}"}
