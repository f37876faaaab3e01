import datetime

import pytest
from celery import group
from django.conf import settings
from django.db.models import Count

from commitments.models import Milestone
from commitments.services.milestones import milestones_generate
from commitments.services.sweeps import SWEEP_REASON
from tracker.celery import app

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AS_OF = "2026-07-10T00:00:00+00:00"


def scheduled_task(name: str):
    return app.tasks[settings.CELERY_BEAT_SCHEDULE[name]["task"]]


@pytest.fixture
def generated(seeded, system):
    milestones_generate(
        as_of=datetime.datetime(2026, 1, 8, tzinfo=datetime.UTC), actor=system
    )


def overdue_history_per_milestone():
    return dict(
        Milestone.history.filter(status="overdue", history_type="~")
        .values_list("id")
        .annotate(rows=Count("history_id"))
    )


def test_beat_sweep_on_real_workers_flags_each_milestone_exactly_once(
    celery_workers, generated
):
    sweep = scheduled_task("flag-milestone-statuses-hourly")
    first = sweep.delay(as_of_iso=AS_OF).get(timeout=60)
    again = sweep.delay(as_of_iso=AS_OF).get(timeout=60)
    assert first["milestones_overdue"] == 2
    assert again["milestones_overdue"] == 0
    overdue = Milestone.objects.filter(status="overdue")
    assert sorted(m.due_date.isoformat() for m in overdue) == [
        "2026-04-07",
        "2026-07-07",
    ]
    assert set(overdue_history_per_milestone().values()) == {1}
    assert {
        record.history_change_reason
        for record in Milestone.history.filter(status="overdue")
    } == {SWEEP_REASON}


def test_two_sweeps_at_once_on_two_workers_do_not_collide(celery_workers, generated):
    sweep = scheduled_task("flag-milestone-statuses-hourly")
    results = group(sweep.s(as_of_iso=AS_OF) for _ in range(4))().get(timeout=90)
    assert sum(result["milestones_overdue"] for result in results) == 2
    assert overdue_history_per_milestone() == {
        m.pk: 1 for m in Milestone.objects.filter(status="overdue")
    }


def test_beat_generation_task_is_idempotent_on_a_worker(celery_workers, seeded):
    generate = scheduled_task("generate-milestones-daily")
    first = generate.delay(as_of_iso="2026-01-08T00:00:00+00:00").get(timeout=60)
    second = generate.delay(as_of_iso="2026-01-08T00:00:00+00:00").get(timeout=60)
    assert first == {"created": 6}
    assert second == {"created": 0}
