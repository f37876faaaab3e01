"""bin/serve: the product as in production, on one machine, supervised.

1. Refuses a bad environment before starting anything (every problem named,
   tracker/production_env.py), and a second bin/serve on the same var
   directory (a lock file, so that there is never a second beat).
2. Runs the preparation steps (tracker/processes.py: check_production,
   migrate, collectstatic).
3. Starts gunicorn, one Celery worker and one beat, each in its own process
   group; restarts whichever exits, at most MAX_RESTARTS times in
   RESTART_WINDOW seconds each (then stops everything and exits 1, so that
   systemd or the operator sees it), logging each restart.
4. On Ctrl-C or SIGTERM stops all three (SIGTERM, then SIGKILL after
   STOP_TIMEOUT seconds) and exits 0.
"""

import collections
import contextlib
import fcntl
import logging
import os
import shutil
import signal
import subprocess  # nosec B404
import sys
import time
from pathlib import Path
from typing import IO

from core.logging import formatter_for
from tracker.processes import COMMANDS, PREPARE, SETTINGS_MODULE
from tracker.production_env import problems

ROOT = Path(__file__).resolve().parent.parent
MAX_RESTARTS = 5
RESTART_WINDOW = 60.0
# Gunicorn's graceful timeout is 30 s by default; a Celery task still running
# after this is killed and re-delivered (acks late), which is safe.
STOP_TIMEOUT = 40.0
POLL_SECONDS = 0.5

logger = logging.getLogger("tracker.serve")


class Stop(Exception):
    """Raised by the signal handlers while preparing; a flag afterwards."""


def program(name: str) -> str:
    """The venv's own script when there is one, else whatever PATH has."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if not found:
        raise SystemExit(
            f"bin/serve: {name} not found (pip install -r requirements.txt)"
        )
    return found


# Bandit's subprocess findings (B404, B603) are accepted: every argv is a
# constant from tracker/processes.py, never shell, never user input.


class Supervised:
    """One long-running process, restarted when it exits, within a bound."""

    def __init__(self, name: str, env: dict[str, str]) -> None:
        self.name = name
        self.argv = [program(COMMANDS[name][0]), *COMMANDS[name][1:]]
        self.env = env
        self.process: subprocess.Popen | None = None
        self.exits: collections.deque[float] = collections.deque()
        self.restart_at: float | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603  # nosec B603
            self.argv, cwd=ROOT, env=self.env, start_new_session=True
        )
        self.restart_at = None
        logger.info("%s started (pid %d)", self.name, self.process.pid)

    def check(self, now: float) -> bool:
        """Restart if it exited; False when it exited too often."""
        if self.restart_at is not None:
            if now >= self.restart_at:
                self.start()
            return True
        if self.process is None or self.process.poll() is None:
            return True
        code = self.process.returncode
        self.exits.append(now)
        while self.exits and now - self.exits[0] > RESTART_WINDOW:
            self.exits.popleft()
        if len(self.exits) > MAX_RESTARTS:
            logger.error(
                "%s exited with code %s, %d times in %.0f s: giving up",
                self.name,
                code,
                len(self.exits),
                RESTART_WINDOW,
            )
            return False
        # A little longer after each exit, so a crash loop does not spin.
        delay = float(len(self.exits))
        logger.warning(
            "%s exited with code %s; restarting in %.0f s (%d of %d in %.0f s)",
            self.name,
            code,
            delay,
            len(self.exits),
            MAX_RESTARTS,
            RESTART_WINDOW,
        )
        self.restart_at = now + delay
        return True

    def signal(self, signum: int) -> None:
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signum)

    def wait(self, deadline: float) -> None:
        if self.process is None:
            return
        try:
            self.process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            logger.warning("%s did not stop in time: killing it", self.name)
            self.signal(signal.SIGKILL)
            self.process.wait()


def stop_all(processes: list[Supervised]) -> None:
    """SIGTERM to every process group, then SIGKILL what is left at the deadline."""
    for supervised in processes:
        supervised.signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    for supervised in processes:
        supervised.wait(deadline)
    logger.info("stopped")


def hold_lock(var_dir: Path) -> IO[str]:
    """One bin/serve per var directory (so one beat); the lock dies with us."""
    var_dir.mkdir(parents=True, exist_ok=True)
    handle = (var_dir / "serve.lock").open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "?"
        raise SystemExit(
            f"bin/serve: another bin/serve (pid {holder}) is running on {var_dir}; "
            "stop it first (there must be exactly one beat)"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle


def production_env() -> dict[str, str]:
    """This environment with the production settings, whatever it named."""
    return {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE}


def prepare(env: dict[str, str]) -> None:
    for step in PREPARE:
        logger.info("running manage.py %s", " ".join(step[1:]))
        done = subprocess.run(  # noqa: S603  # nosec B603
            [sys.executable, *step], cwd=ROOT, env=env, check=False
        )
        if done.returncode:
            raise SystemExit(done.returncode)


def supervise(processes: list[Supervised]) -> int:
    stopping: list[int] = []

    def on_signal(signum: int, frame: object) -> None:
        stopping.append(signum)

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    for supervised in processes:
        supervised.start()
    code = 0
    while not stopping:
        time.sleep(POLL_SECONDS)
        now = time.monotonic()
        if not all(supervised.check(now) for supervised in processes):
            code = 1
            break
    if stopping:
        logger.info("signal %d: stopping web, worker and beat", stopping[0])
    stop_all(processes)
    return code


def main() -> int:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter_for(os.environ.get("LOG_FORMAT", "text")))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False

    env = production_env()
    found = problems(env)
    if found:
        print("bin/serve: refusing to start:", file=sys.stderr)
        for problem in found:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    var_dir = Path(env.get("TRACKER_VAR_DIR", ROOT / "var"))
    lock = hold_lock(var_dir)

    def interrupt(signum: int, frame: object) -> None:
        raise Stop

    # While preparing, a signal aborts the step (subprocess.run kills it).
    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)
    try:
        prepare(env)
    except Stop:
        logger.info("stopped while preparing")
        return 0
    processes = [Supervised(name, env) for name in COMMANDS]
    try:
        return supervise(processes)
    finally:
        lock.close()


if __name__ == "__main__":
    sys.exit(main())
