"""Processes the fault suite breaks on purpose: its own Redis, worker, SMTP sink
and PostgreSQL cluster, each started on a free port in a temp dir and killed
by its own pid (never a shared server)."""

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from kombu import Connection

from tests.conftest import REPO_ROOT, RecordingHandler, free_port

# benchmarks/faults.py sets this to collect each scenario's figures.
REPORT_ENV = "FAULTS_REPORT"


def report(
    fault: str,
    *,
    runs: int,
    lost: int,
    duplicated: int,
    recover_s: float,
    test_file: str,
) -> None:
    """Print one scenario's figures (and append them to $FAULTS_REPORT)."""
    row = {
        "fault": fault,
        "runs": runs,
        "lost": lost,
        "duplicated": duplicated,
        "recover_s": round(recover_s, 1),
        "test": test_file,
    }
    print("FAULT", json.dumps(row))
    path = os.environ.get(REPORT_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps(row) + "\n")


def wait_until(predicate, timeout: float, step: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return bool(predicate())


class PrivateRedis:
    """A redis-server of the test's own with an append-only file, as shipped."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.skip("redis-server is not installed")
        self.process = subprocess.Popen(
            [
                binary,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--dir",
                str(self.directory),
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--save",
                "",
            ],
            stdout=subprocess.DEVNULL,
        )
        if not wait_until(self._answers, 20):
            pytest.fail("the private redis-server did not start")

    def _answers(self) -> bool:
        try:
            with Connection(self.url(1)) as connection:
                connection.ensure_connection(max_retries=1)
        except Exception:
            return False
        return True

    def stop(self) -> None:
        """SIGTERM: Redis writes its append-only file and exits, as on a restart."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


class SmtpSink:
    """An SMTP server on a fixed port that can go away and come back."""

    def __init__(self) -> None:
        self.handler = RecordingHandler()
        self.port = free_port()
        self.controller = None

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self) -> list:
        with self.handler.changed:
            return list(self.handler.messages)


class Worker:
    """A real prefork `celery worker` that a test may SIGKILL and start again."""

    def __init__(
        self,
        env: dict[str, str],
        name: str,
        queue: str = "celery",
        concurrency: int = 1,
    ) -> None:
        self.env = env
        self.name = name
        self.queue = queue
        self.concurrency = concurrency
        self.process: subprocess.Popen | None = None
        self.starts = 0
        logs = Path(env.get("FAULTS_TMP") or tempfile.gettempdir())
        self.log = logs / f"worker-{name}.log"

    def start(self) -> None:
        self.starts += 1
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "tracker",
                    "worker",
                    "--pool=prefork",
                    f"--concurrency={self.concurrency}",
                    "--loglevel=INFO",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    f"--hostname={self.name}{self.starts}@%h",
                    f"--queues={self.queue}",
                ],
                cwd=REPO_ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own group: a kill takes the pool too
            )

    def is_ready(self) -> bool:
        """This start of the worker has said "ready" in its log."""
        if not self.log.exists():
            return False
        return self.log.read_bytes().count(b" ready.") >= self.starts

    def kill(self) -> None:
        """SIGKILL the worker and its pool at once, as a crash or the OOM killer."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def is_alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if self.is_alive():
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        if self.process is not None:
            # The pool children of a terminated worker, if any are left.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)


def pg_bin_dir() -> Path | None:
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists():
            return candidate
    found = shutil.which("initdb")
    return Path(found).parent if found else None


class PrivatePostgres:
    """A PostgreSQL cluster of the test's own, which it may restart."""

    def __init__(self, directory: Path) -> None:
        self.bin = pg_bin_dir()
        if self.bin is None:
            pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found")
        self.directory = directory
        self.data = directory / "data"
        self.port = free_port()

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if os.getuid() == 0:  # initdb refuses root; Debian's `postgres` runs it
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, cwd="/", capture_output=True, check=False)
        if done.returncode:
            pytest.fail(f"{args[0]} failed: {done.stderr.decode()[-2000:]}")

    def init(self) -> None:
        if os.getuid() == 0:
            shutil.chown(self.directory, "postgres")
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "tracker",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        )
        self.start()

    def start(self) -> None:
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.data / "log"),
            "-w",
            "-o",
            f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        )

    def restart(self) -> None:
        """Stop (fast: every session ended) and start again on the same port.

        Not `pg_ctl restart`: that server would write to pg_ctl's stdout, a
        pipe this process then waits on for ever."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        self.start()

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def url(self, name: str) -> str:
        return f"postgres://tracker@127.0.0.1:{self.port}/{name}"


def copy_database(source_url: str, target: PrivatePostgres, name: str) -> None:
    """Copy the test database (schema and rows) into the private cluster."""
    tools = target.bin
    subprocess.run(
        [
            str(tools / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(target.port),
            "-U",
            "tracker",
            name,
        ],
        check=True,
        capture_output=True,
    )
    dump = subprocess.Popen(
        [str(tools / "pg_dump"), "-Fc", "--no-owner", source_url],
        stdout=subprocess.PIPE,
    )
    subprocess.run(
        [str(tools / "pg_restore"), "--no-owner", "-d", target.url(name)],
        stdin=dump.stdout,
        check=True,
        capture_output=True,
    )
    dump.wait()


class Ticker:
    """Calls `action` every `interval` seconds in a thread until stopped (a beat)."""

    def __init__(self, action, interval: float) -> None:
        self.action = action
        self.interval = interval
        self.stopped = threading.Event()
        self.errors: list[BaseException] = []
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self.stopped.wait(self.interval):
            try:
                self.action()
            except BaseException as error:
                self.errors.append(error)

    def __enter__(self) -> "Ticker":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopped.set()
        self.thread.join(timeout=30)
