"""Fill the database fast with synthetic rows for benchmarks and load tests."""

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from benchmarks.synthetic import synthetic_generate
from commitments.management.commands._as_of import add_as_of_argument, parse_as_of


class Command(BaseCommand):
    help = (
        "Bulk-load synthetic agreements, commitments, obligations and planned "
        "milestones (without history rows); a fraction falls due before --as-of."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agreements", type=int, required=True)
        parser.add_argument("--commitments", type=int, required=True)
        parser.add_argument("--milestones", type=int, required=True)
        parser.add_argument(
            "--overdue-fraction",
            type=float,
            default=0.1,
            help="Share of milestones due before --as-of (default 0.1).",
        )
        add_as_of_argument(parser)
        parser.add_argument(
            "--seed", type=int, default=0, help="Random seed (default 0)."
        )

    def handle(
        self,
        *args: object,
        agreements: int,
        commitments: int,
        milestones: int,
        overdue_fraction: float,
        as_of: str | None,
        seed: int,
        **options: object,
    ) -> None:
        moment = parse_as_of(as_of)
        started = time.perf_counter()
        try:
            counts = synthetic_generate(
                agreements=agreements,
                commitments=commitments,
                milestones=milestones,
                overdue_fraction=overdue_fraction,
                as_of=moment,
                seed=seed,
                progress=self._progress,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started
        self.stdout.write(f"Synthetic run {counts['run']} as of {moment.isoformat()}:")
        for name, count in counts.items():
            if name != "run":
                self.stdout.write(f"  {name.replace('_', ' ')}: {count}")
        self.stdout.write(f"Written in {elapsed:.1f} s.")

    def _progress(self, table: str, done: int, total: int) -> None:
        percent = done * 100 // total if total else 100
        # Plain text: the default stderr style would paint progress as errors.
        self.stderr.write(f"{table}: {done}/{total} ({percent}%)", style_func=str)
