import datetime
import email
import os
import signal

import pytest
from django.contrib.auth import get_user_model
from django.db.models import F

from commitments.models import Commitment, Milestone
from commitments.services.milestones import milestones_generate
from commitments.services.sweeps import milestone_statuses_flag
from notifications.models import Digest, Watcher
from notifications.services.digests import (
    SENDING_LEASE,
    digests_dispatch,
    reminders_run,
)
from notifications.tasks import run_reminders_task, send_digest_task
from tests.conftest import start_worker, stop_process, worker_env

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
UTC = datetime.UTC


def recipients(messages) -> list[str]:
    return sorted(rcpt for to, _ in messages for rcpt in to)


@pytest.fixture
def owners(seeded, system, desk_of_everything):
    """Seed milestones, with two officers owning the dated commitments (on a
    desk holding the seed's agreements: a person hears only of what they may
    see)."""
    milestones_generate(as_of=datetime.datetime(2026, 1, 8, tzinfo=UTC), actor=system)
    users = get_user_model().objects
    jwg_owner = users.create_user("jwg", "jwg@moi.gov.pk")
    forum_owner = users.create_user("forum", "forum@moi.gov.pk")
    Commitment.objects.filter(reference="jwg-quarterly").update(owner=jwg_owner)
    Commitment.objects.filter(reference="global-security-cooperation-forum").update(
        owner=forum_owner
    )
    return desk_of_everything.add(jwg_owner, forum_owner), forum_owner


def test_seed_at_a_frozen_date_sends_the_expected_messages_once(
    celery_workers, smtp, owners
):
    # 2026-09-25 in Karachi: the forum is due in 5 days (the 7-day reminder)
    # and the JWG meeting of 2026-10-07 is 12 days away (also inside 30 days);
    # the April and July meetings were flagged overdue by the sweep.
    as_of = "2026-09-25T10:00:00+05:00"
    milestone_statuses_flag(
        as_of=datetime.datetime.fromisoformat(as_of), actor=owners[0]
    )
    # Each reminder by email (4 deliveries in 2 digests) and in the product
    # (4 notifications: the default channel is both, issue 18); nothing waits
    # in the review queue.
    assert run_reminders_task.delay(as_of_iso=as_of).get(timeout=60) == {
        "deliveries": 4,
        "digests": 2,
        "notifications": 4,
        "from_sources": 0,
    }
    messages = smtp.wait_for(2)
    assert recipients(messages) == ["forum@moi.gov.pk", "jwg@moi.gov.pk"]
    jwg_mail = email.message_from_bytes(
        next(content for to, content in messages if to == ["jwg@moi.gov.pk"])
    )
    assert jwg_mail.is_multipart()
    assert {part.get_content_type() for part in jwg_mail.walk()} >= {
        "text/plain",
        "text/html",
    }
    # Run again: everything was claimed already.
    assert run_reminders_task.delay(as_of_iso=as_of).get(timeout=60) == {
        "deliveries": 0,
        "digests": 0,
        "notifications": 0,
        "from_sources": 0,
    }
    assert send_digest_task.delay(Digest.objects.first().pk).get(timeout=60) == (
        "not claimable"
    )
    assert len(smtp.messages) == 2
    assert set(Digest.objects.values_list("status", flat=True)) == {"sent"}


def test_killing_a_worker_mid_run_loses_nothing_and_duplicates_at_most_one(
    celery_workers, smtp, smtp_server, seeded, system, desk_of_everything
):
    """SIGKILL the worker while it sends 30 digests, restart it, and recover."""
    first = Milestone.objects.filter(commitment__reference="jwg-quarterly").first()
    if first is None:
        milestones_generate(
            as_of=datetime.datetime(2026, 1, 8, tzinfo=UTC), actor=system
        )
    jwg = Commitment.objects.get(reference="jwg-quarterly")
    users = get_user_model().objects
    people = [
        users.create_user(f"officer{n}", f"officer{n}@moi.gov.pk") for n in range(30)
    ]
    desk_of_everything.add(*people)  # watchers who may see the agreement
    Watcher.objects.bulk_create(Watcher(commitment=jwg, user=u) for u in people)
    smtp.delay = 0.15  # slow enough to kill the worker in the middle
    env = worker_env(smtp_server[1])
    workers = [start_worker(env, "fault-a", queues="fault")]
    try:
        sends_with_a_kill_in_the_middle(env, workers, smtp, people)
    finally:
        for worker in workers:
            if worker.poll() is None:
                stop_process(worker)


def sends_with_a_kill_in_the_middle(env, workers, smtp, people) -> None:
    now = datetime.datetime.fromisoformat("2026-03-31T10:00:00+05:00")
    report = reminders_run(
        as_of=now,
        enqueue=lambda digest_id: send_digest_task.apply_async(
            (digest_id,), queue="fault"
        ),
    )
    assert len(report.digests) == 30
    smtp.wait_for(5)
    os.kill(workers[0].pid, signal.SIGKILL)
    workers[0].wait()
    assert Digest.objects.filter(status="sending").count() <= 1
    workers.append(start_worker(env, "fault-b", queues="fault"))
    # The dispatcher (every 5 minutes in production) takes back a digest whose
    # worker died once its lease has run out: age the claim instead of waiting.
    Digest.objects.filter(status="sending").update(
        claimed_at=F("claimed_at") - SENDING_LEASE - datetime.timedelta(minutes=1)
    )
    smtp.delay = 0
    resent = [
        send_digest_task.apply_async((digest_id,), queue="fault")
        for digest_id in digests_dispatch()
    ]
    # One worker takes tasks in order: when these are done, so is the rest.
    for result in resent:
        result.get(timeout=90)
    everyone = {person.email for person in people}
    with smtp.changed:
        delivered = smtp.changed.wait_for(
            lambda: set(recipients(smtp.messages)) == everyone, timeout=90
        )
    assert delivered, "some officers never got their reminder"
    assert 30 <= len(smtp.messages) <= 31  # each once; at most one duplicate
    assert set(Digest.objects.values_list("status", flat=True)) == {"sent"}
