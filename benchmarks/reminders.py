"""Due reminders into a loopback SMTP server: how long, and how many emails.

    DATABASE_URL=postgres://… python benchmarks/reminders.py --reminders 10000
    bin/bench reminders --reminders 10000 --recipients 500

Needs DATABASE_URL to a PostgreSQL database it may wipe (it migrates it and
truncates the domain and notification tables). It makes `--recipients` officers
who together own `--reminders` one-off commitments, each with one milestone due
in five days (so each owes one "7 days before" reminder), starts an aiosmtpd
server on 127.0.0.1, then times the reminder run (claim deliveries, group into
digests) and the sends. Expect one digest per recipient, not one email per
reminder. Prints figures, then one JSON line. No asserts on time.
"""

import argparse
import datetime
import json
import logging
import os
import socket
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


class CountingHandler:
    """Counts messages and their recipients; keeps nothing else."""

    def __init__(self) -> None:
        self.messages = 0
        self.recipients: set[str] = set()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        with self.lock:
            self.messages += 1
            self.recipients.update(envelope.rcpt_tos)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reminders", type=int, default=10_000)
    parser.add_argument("--recipients", type=int, default=500)
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql")):
        print(
            "benchmarks/reminders.py needs DATABASE_URL=postgres://…", file=sys.stderr
        )
        return 2
    port = free_port()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings.base")
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.smtp.EmailBackend"
    os.environ["EMAIL_HOST"], os.environ["EMAIL_PORT"] = "127.0.0.1", str(port)

    import django

    django.setup()
    # aiosmtpd logs every SMTP command at INFO: thousands of lines.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    from aiosmtpd.controller import Controller
    from django.contrib.auth import get_user_model
    from django.core.mail import get_connection
    from django.core.management import call_command
    from django.db import connection

    from commitments.cadence import due_at
    from commitments.models import Agreement, Commitment, Milestone
    from notifications.services.digests import (
        digest_send,
        digests_dispatch,
        reminders_run,
    )

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE notifications_delivery, notifications_digest, "
            "notifications_historicaldelivery, notifications_historicaldigest, "
            "commitments_milestone, commitments_historicalmilestone, "
            "commitments_commitment, commitments_historicalcommitment, "
            "commitments_agreement, commitments_historicalagreement CASCADE"
        )
    user_model = get_user_model()
    user_model.objects.filter(username__startswith="bench-").delete()
    now = datetime.datetime.now(datetime.UTC)
    zone = "Asia/Karachi"
    today = now.astimezone(datetime.timezone(datetime.timedelta(hours=5))).date()
    due = today + datetime.timedelta(days=5)
    started = time.perf_counter()
    users = user_model.objects.bulk_create(
        user_model(username=f"bench-{n}", email=f"officer{n}@bench.test")
        for n in range(args.recipients)
    )
    agreement = Agreement.objects.create(
        reference="bench", title="Benchmark talks", kind="talks", date=today
    )
    commitments = Commitment.objects.bulk_create(
        (
            Commitment(
                agreement=agreement,
                reference=f"bench-{n}",
                title=f"Benchmark commitment {n}",
                kind="training",
                due_date=due,
                due_precision="day",
                owner=users[n % len(users)],
            )
            for n in range(args.reminders)
        ),
        batch_size=2000,
    )
    Milestone.objects.bulk_create(
        (
            Milestone(
                commitment=commitment,
                scheduled_date=due,
                due_date=due,
                due_at=due_at(due, zone),
            )
            for commitment in commitments
        ),
        batch_size=2000,
    )
    setup_s = time.perf_counter() - started

    handler = CountingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        started = time.perf_counter()
        report = reminders_run(as_of=now)
        run_s = time.perf_counter() - started
        started = time.perf_counter()
        outcomes: dict[str, int] = {}
        with get_connection() as smtp:
            for digest_id in digests_dispatch(now=now):
                outcome = digest_send(digest_id=digest_id, now=now, connection=smtp)
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
        send_s = time.perf_counter() - started
    finally:
        controller.stop()
    figures = {
        "reminders": report.deliveries,
        "recipients": args.recipients,
        "digests": len(report.digests),
        "messages_sent": handler.messages,
        "distinct_recipients": len(handler.recipients),
        "setup_s": round(setup_s, 2),
        "run_s": round(run_s, 2),
        "send_s": round(send_s, 2),
        "total_s": round(run_s + send_s, 2),
        "messages_per_s": round(handler.messages / send_s, 1) if send_s else None,
        "outcomes": outcomes,
    }
    print(f"claimed {figures['reminders']} reminders in {figures['run_s']} s")
    print(
        f"sent {figures['messages_sent']} digests to "
        f"{figures['distinct_recipients']} recipients in {figures['send_s']} s"
    )
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
