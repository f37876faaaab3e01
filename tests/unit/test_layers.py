"""The layer rules of docs/architecture.md ("Layer rules"), checked on every import.

Every .py file of the apps (migrations aside) is parsed with `ast`; every
import, at module level or inside a function, is resolved to the module it
names (relative imports included) and checked against four rules:

1. app dependencies: which app may import which;
2. public surface: what one app may import from another (its services,
   selectors, models and pure rules), with commitments' interface helpers
   open only to other apps' interface modules;
3. layers: models import no selectors/services/views/forms/admin/tasks,
   selectors no services/views/forms/admin/tasks, services and tasks no
   views/forms/admin;
4. pure modules import no ORM (django.db) and no module that is not pure.

No database: the files are read, not imported.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

FEATURE_APPS = (
    "core",
    "commitments",
    "access",
    "extraction",
    "notifications",
    "reporting",
    "ops",
    "backups",
)
# The project package and the benchmark scripts sit on top: they may import
# anything, and are walked only so that the pure and layer rules hold there too.
TOP = ("tracker", "benchmarks")
CHECKED = FEATURE_APPS + TOP

# Rule 1: the apps each app may import (itself aside). tracker, benchmarks:
# anything. Nothing imports extraction or reporting but tracker (URLs,
# settings) and benchmarks; notifications only reporting (its outbox
# services) and ops (health reads).
APP_DEPENDENCIES: dict[str, set[str]] = {
    "core": set(),
    "commitments": {"core", "access"},
    "access": {"core", "commitments"},
    "extraction": {"core", "commitments", "access"},
    "notifications": {"core", "commitments", "access"},
    "reporting": {"core", "commitments", "access", "notifications"},
    "backups": {"core"},
    "ops": {"core", "commitments", "access", "notifications"},
}

# Named exceptions to rule 1: (importing module prefix, imported module), why.
APP_EXCEPTIONS: dict[tuple[str, str], str] = {
    (
        "core.management.commands.check_production",
        "tracker.production_env",
    ): "the production check reads the project's environment rules",
    (
        "commitments.management.commands.run_jobs_now",
        "tracker.celery",
    ): "the command runs the project's Celery app in process",
    (
        "commitments.management.commands.generate_synthetic",
        "benchmarks.synthetic",
    ): "a thin command over the benchmark data generator",
}

# Rule 2: what another app may import of each app (module names under it).
# core is plumbing: all of it.
PUBLIC: dict[str, set[str] | None] = {
    "core": None,
    "commitments": {
        "models",
        "services",
        "selectors",
        "permissions",
        "filters",
        "search",
        "cadence",
        "lifecycle",
        "instants",
        "bounds",
    },
    "access": {"scope", "services", "selectors"},
    "notifications": {"services", "selectors"},
    "extraction": set(),
    "reporting": set(),
    "ops": set(),
    "backups": set(),
}
# commitments' interface helpers (a date widget, form error mapping, the
# quote highlighter, `found`, the --as-of option) that other apps' interface
# modules reuse; a model, selector, service or task of another app may not.
INTERFACE_HELPERS = {
    "commitments.forms",
    "commitments.views.common",
    "commitments.views.text",
    "commitments.management.commands._as_of",
}
INTERFACE_LAYERS = {"views", "forms", "filters", "admin", "commands", "urls"}

# Rule 3: layer of the importing module -> layers it may not import (any app).
FORBIDDEN_LAYERS: dict[str, set[str]] = {
    "models": {"selectors", "services", "views", "forms", "admin", "tasks"},
    "selectors": {"services", "views", "forms", "admin", "tasks"},
    "services": {"views", "forms", "admin"},
    "tasks": {"views", "forms", "admin"},
}

# Rule 4: pure modules (and packages): no ORM, only other pure modules.
PURE = {
    "commitments.cadence",
    "commitments.lifecycle",
    "commitments.bounds",
    "commitments.instants",
    "extraction.rules",
    "core.limits",
    "core.dates",
    "core.spreadsheets",
    "core.logging",
    "core.db_options",
    "core.job_log",
    "reporting.charts",
}


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: [{self.rule}] {self.detail}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_module(name: str) -> bool:
    base = ROOT.joinpath(*name.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def resolve(name: str) -> str:
    """The longest prefix of `name` that is a module of this repository (a
    `from x import y` names a module or a name in it), else `name`."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if is_module(candidate):
            return candidate
    return name


def imports(source: str, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, imported module) for every import in `source`, wherever it sits."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, resolve(alias.name)) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = module.split(".")
                if not is_package:
                    package = package[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join(package + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            for alias in node.names:
                found.append((node.lineno, resolve(f"{base}.{alias.name}")))
    return found


def layer(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) < 2 or parts[0] not in CHECKED:
        return None
    first = parts[1]
    if first in {"history_selectors"}:
        return "selectors"
    if first == "admin_actions":
        return "admin"
    if first == "management":
        return "commands"
    if first in {"models", "selectors", "services", "views", "forms", "admin"}:
        return first
    if first in {"tasks", "filters", "urls"}:
        return first
    return None


def within(module: str, prefixes: set[str] | str) -> bool:
    prefixes = {prefixes} if isinstance(prefixes, str) else prefixes
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def check(source: str, *, module: str, path: str, is_package: bool = False):
    """The violations of the four rules in one module's text."""
    app = module.split(".")[0]
    own_layer = layer(module)
    is_pure = within(module, PURE)
    violations: list[Violation] = []
    for line, target in imports(source, module, is_package):
        target_app = target.split(".")[0]

        def add(rule: str, detail: str, line: int = line) -> None:
            violations.append(Violation(path, line, rule, detail))

        if is_pure:
            if within(target, "django.db"):
                add("pure", f"pure module {module} imports the ORM ({target})")
            elif target_app in CHECKED and not within(target, PURE):
                add("pure", f"pure module {module} imports {target}, not pure")
        if own_layer in FORBIDDEN_LAYERS:
            target_layer = layer(target)
            if target_layer in FORBIDDEN_LAYERS[own_layer]:
                add(
                    "layers",
                    f"{own_layer} ({module}) may not import {target_layer} ({target})",
                )
        if target_app == app or target_app not in CHECKED or app in TOP:
            continue
        excused = any(
            within(module, source_prefix) and within(target, target_module)
            for source_prefix, target_module in APP_EXCEPTIONS
        )
        if excused:
            continue
        if target_app not in APP_DEPENDENCIES.get(app, set()):
            add("app dependencies", f"{app} may not import {target_app} ({target})")
            continue
        public = PUBLIC[target_app]
        if public is None or target == target_app:
            continue
        if within(target, INTERFACE_HELPERS):
            if own_layer not in INTERFACE_LAYERS:
                add(
                    "public surface",
                    f"{module} is not an interface module: it may not use "
                    f"{target_app}'s interface helper {target}",
                )
            continue
        if not within(target, {f"{target_app}.{name}" for name in public}):
            add(
                "public surface",
                f"{target} is internal to {target_app}: another app imports "
                f"only {', '.join(sorted(public)) or 'nothing'} of it",
            )
    return violations


def app_files() -> list[Path]:
    return sorted(
        path
        for app in CHECKED
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    )


def test_no_module_imports_across_the_layer_rules():
    violations = [
        violation
        for path in app_files()
        for violation in check(
            path.read_text(encoding="utf-8"),
            module=module_name(path),
            path=str(path.relative_to(ROOT)),
            is_package=path.name == "__init__.py",
        )
    ]
    assert not violations, "layer rules broken (docs/architecture.md):\n" + "\n".join(
        map(str, violations)
    )


def test_the_walk_sees_every_app_and_function_local_imports():
    files = app_files()
    assert {module_name(path).split(".")[0] for path in files} == set(CHECKED)
    # A function-local import is found (ops' signal handlers import lazily).
    source = (ROOT / "ops" / "signals.py").read_text(encoding="utf-8")
    assert (25, "ops.services") in imports(source, "ops.signals", False)


def test_the_rule_tables_name_real_modules():
    named = (
        PURE
        | INTERFACE_HELPERS
        | {target for _, target in APP_EXCEPTIONS}
        | {source for source, _ in APP_EXCEPTIONS}
        | {f"{app}.{name}" for app, names in PUBLIC.items() for name in names or ()}
    )
    assert sorted(name for name in named if not is_module(name)) == []


@pytest.mark.parametrize(
    ("module", "source", "rule"),
    [
        (
            "core.history",
            "from commitments.models import Agreement\n",
            "app dependencies",
        ),
        ("extraction.views", "from reporting import selectors\n", "app dependencies"),
        ("commitments.selectors", "import notifications.models\n", "app dependencies"),
        (
            "commitments.models",
            "def f():\n    from commitments.services import archive\n",
            "layers",
        ),
        ("commitments.selectors", "from . import services\n", "layers"),
        ("reporting.selectors.lists", "from ..services import tallies\n", "layers"),
        (
            "notifications.services.digests",
            "from notifications import forms\n",
            "layers",
        ),
        ("extraction.tasks", "from extraction.views import review\n", "layers"),
        ("commitments.cadence", "from django.db import models\n", "pure"),
        (
            "extraction.rules.dates",
            "from commitments.models import Milestone\n",
            "pure",
        ),
        (
            "reporting.services.weekly_summary",
            "from notifications.models import Digest\n",
            "public surface",
        ),
        (
            "reporting.page_context",
            "from commitments.forms import DateInput\n",
            "public surface",
        ),
        (
            "extraction.evaluation",
            "from commitments.views.text import highlight\n",
            "public surface",
        ),
    ],
)
def test_a_forbidden_import_is_reported_with_its_file_line_and_rule(
    module, source, rule
):
    violations = check(source, module=module, path="synthetic.py")
    assert [v.rule for v in violations] == [rule], violations
    assert str(violations[0]).startswith(
        f"synthetic.py:{source.count(chr(10))}: [{rule}]"
    )


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("commitments.selectors", "from access.scope import visible_agreements\n"),
        (
            "reporting.services.weekly_summary",
            "from notifications.services.outbox import outbox_send\n",
        ),
        ("extraction.views", "from commitments.views.common import found\n"),
        (
            "extraction.rules.pipeline",
            "from commitments.cadence import cadence_build\n",
        ),
        (
            "extraction.services.jobs",
            "def f():\n    from extraction.tasks import run_job_task\n",
        ),
        ("ops.selectors", "from notifications.selectors import outbox_backlog\n"),
        ("tracker.urls", "from reporting import urls\n"),
    ],
)
def test_an_allowed_import_passes(module, source):
    assert check(source, module=module, path="synthetic.py") == []
