"""The demo's filesystem broker keeps all its state under var/, none in the
working directory (its exchange tables once landed in ./control and were
committed)."""

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT

# Runs the demo's Celery app (tracker.settings.base, no CELERY_BROKER_URL) in a
# fresh process, declares the default queue as a worker would, and prints the
# transport options the connection was given.
PROBE = """
import json, kombu
from tracker.celery import app
with app.connection_for_write() as connection:
    kombu.Queue("celery", kombu.Exchange("celery"), routing_key="celery")(
        connection.default_channel
    ).declare()
    print(json.dumps(connection.transport_options))
"""


def test_the_demo_broker_writes_its_exchange_tables_under_var(tmp_path: Path):
    var = tmp_path / "var"
    (var / "celery-broker" / "processed").mkdir(parents=True)  # as bin/demo does
    work = tmp_path / "cwd"
    work.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CELERY_", "DATABASE_URL", "REDIS_URL"))
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "tracker.settings.base",
        "TRACKER_VAR_DIR": str(var),
        "PYTHONPATH": str(REPO_ROOT),
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    options = json.loads(result.stdout.strip().splitlines()[-1])
    control = Path(options["control_folder"])
    assert control == var / "celery-broker" / "control"
    assert (control / "celery.exchange").is_file()
    assert list(work.iterdir()) == []  # no ./control in the working directory


def test_no_broker_state_is_committed():
    if not (REPO_ROOT / ".git").exists():  # an exported tree: nothing to ask git
        assert not (REPO_ROOT / "control").exists()
        return
    tracked = subprocess.run(
        ["git", "ls-files", "control"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert tracked == ""
