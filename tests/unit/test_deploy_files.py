"""compose.yaml and the systemd units start exactly bin/serve's commands.

Nothing here can run Docker or systemd: the files are parsed and compared
with tracker/processes.py, the one place the commands are written.
"""

import re
import shlex
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from tracker.processes import (
    COMMANDS,
    PREPARE,
    SERVICE_VARIABLES,
    SETTINGS_MODULE,
    prepare_lines,
)
from tracker.production_env import REQUIRED

DEPLOY = Path(settings.BASE_DIR) / "deploy"
UNITS = {name: DEPLOY / "systemd" / f"tracker-{name}.service" for name in COMMANDS}


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def unit(path: Path) -> dict[str, list[str]]:
    """A unit file's [Service] keys, each with all its values, in order."""
    values: dict[str, list[str]] = {}
    section = ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, _, value = line.partition("=")
        values.setdefault(f"{section}.{key}", []).append(value)
    return values


def environment(entries: list[str]) -> dict[str, str]:
    pairs = (shlex.split(entry) for entry in entries)
    return dict(item.split("=", 1) for pair in pairs for item in pair)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_compose_runs_the_serve_command_with_production_settings(name):
    service = compose()["services"][name]
    assert service["command"] == list(COMMANDS[name])
    env = service["environment"]
    assert env["DJANGO_SETTINGS_MODULE"] == SETTINGS_MODULE
    for variable in SERVICE_VARIABLES:
        assert env[variable], variable


def test_compose_prepares_as_serve_does_before_the_processes_start():
    services = compose()["services"]
    shell, flag, script = services["prepare"]["command"]
    assert (shell, flag) == ("sh", "-c")
    assert script.split(" && ") == prepare_lines()
    for name in COMMANDS:
        condition = services[name]["depends_on"]["prepare"]["condition"]
        assert condition == "service_completed_successfully"


def test_compose_persists_redis_and_keeps_db_redis_and_media_on_volumes():
    config = compose()
    redis = config["services"]["redis"]
    assert " ".join(redis["command"]).count("--appendonly yes") == 1
    assert {"db", "redis", "media"} <= set(config["volumes"])
    assert "db:/var/lib/postgresql/data" in config["services"]["postgres"]["volumes"]
    assert "redis:/data" in redis["volumes"]
    for name in ("web", "worker"):
        assert "media:/var/lib/tracker/media" in config["services"][name]["volumes"]


def test_compose_health_checks_web_on_healthz_and_the_worker_by_ping():
    services = compose()["services"]
    assert "/healthz" in services["web"]["healthcheck"]["test"]
    assert (
        "celery -A tracker inspect ping" in services["worker"]["healthcheck"]["test"][1]
    )
    assert "deploy" not in services["beat"]  # no replicas: exactly one beat


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_unit_runs_the_serve_command_with_production_settings(name):
    service = unit(UNITS[name])
    [start] = service["Service.ExecStart"]
    program, *args = shlex.split(start)
    assert Path(program).name == COMMANDS[name][0]
    assert tuple(args) == COMMANDS[name][1:]
    assert environment(service["Service.Environment"]) == {
        "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE
    }
    assert service["Service.EnvironmentFile"] == ["/etc/tracker/env"]
    assert service["Service.Restart"] == ["always"]
    # Every process refuses a bad environment before it starts.
    assert any(
        line.endswith("manage.py check_production")
        for line in service["Service.ExecStartPre"]
    )


def test_the_web_unit_prepares_as_serve_does():
    pre = [shlex.split(line) for line in unit(UNITS["web"])["Service.ExecStartPre"]]
    assert [Path(argv[0]).name for argv in pre] == ["python"] * len(PREPARE)
    assert [tuple(argv[1:]) for argv in pre] == list(PREPARE)


def test_the_dockerfile_builds_from_debian_python_and_the_pins():
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim-bookworm$", dockerfile, re.M)
    assert "pip install -r requirements.txt" in dockerfile
    assert f"DJANGO_SETTINGS_MODULE={SETTINGS_MODULE}" in dockerfile


def test_the_example_environment_names_every_required_variable():
    names = set(
        re.findall(
            r"^#? ?([A-Z][A-Z0-9_]+)=", (DEPLOY / "env.example").read_text(), re.M
        )
    )
    assert set(REQUIRED) <= names
    assert set(SERVICE_VARIABLES) <= names
    assert "DJANGO_MEDIA_ROOT" in names
