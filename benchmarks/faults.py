"""The fault suite's figures: runs, lost, duplicated and time to recover per fault.

    DATABASE_URL=postgres://… REDIS_URL=redis://…/3 python benchmarks/faults.py

Runs tests/integration/faults (real PostgreSQL, a private Redis, real prefork
workers, an SMTP sink; a few minutes on two cores), collects the row each
scenario reports, and prints a table for docs/reliability.md, then one JSON
line. The pass/fail verdicts stay with pytest; this only prints figures.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = ("fault", "runs", "lost", "duplicated", "recover_s", "test")


def main() -> int:
    with tempfile.TemporaryDirectory() as directory:
        rows_file = Path(directory) / "faults.jsonl"
        env = {
            **os.environ,
            "FAULTS_REPORT": str(rows_file),
            "DJANGO_SETTINGS_MODULE": "tracker.settings.test",
        }
        outcome = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "tests/integration/faults",
                *sys.argv[1:],
            ],
            cwd=ROOT,
            env=env,
            check=False,
        )
        rows = (
            [
                json.loads(line)
                for line in rows_file.read_text(encoding="utf-8").splitlines()
            ]
            if rows_file.exists()
            else []
        )
    print()
    print("| " + " | ".join(COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS))
    for row in rows:
        print("| " + " | ".join(str(row[column]) for column in COLUMNS) + " |")
    print(json.dumps({"pytest_exit": outcome.returncode, "faults": rows}))
    return outcome.returncode


if __name__ == "__main__":
    sys.exit(main())
