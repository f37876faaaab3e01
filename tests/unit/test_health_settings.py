"""Each health threshold is derived from its job's beat interval: a job is
not stale before its next run was due (tests/unit/test_health.py tests the
checks themselves)."""

import datetime
import itertools

import pytest
from celery.schedules import crontab
from django.conf import settings

from ops import jobs

WEEK_START = datetime.datetime(2026, 7, 6, tzinfo=datetime.UTC)  # a Monday


def _fires(schedule: crontab, at: datetime.datetime) -> bool:
    return (
        at.minute in schedule.minute
        and at.hour in schedule.hour
        and at.isoweekday() % 7 in schedule.day_of_week
        and at.day in schedule.day_of_month
        and at.month in schedule.month_of_year
    )


def longest_gap(schedule: crontab | float) -> datetime.timedelta:
    """The longest time between two runs of a beat entry over a week."""
    if not isinstance(schedule, crontab):
        return datetime.timedelta(seconds=schedule)
    minutes = range(8 * 24 * 60)
    runs = [
        m
        for m in minutes
        if _fires(schedule, WEEK_START + datetime.timedelta(minutes=m))
    ]
    return datetime.timedelta(minutes=max(b - a for a, b in itertools.pairwise(runs)))


def test_longest_gap_reads_crontabs():
    assert longest_gap(crontab(minute=15)) == datetime.timedelta(hours=1)
    assert longest_gap(crontab(hour=0, minute=5)) == datetime.timedelta(days=1)
    assert longest_gap(60.0) == datetime.timedelta(minutes=1)


@pytest.mark.parametrize("job", list(jobs.BEAT_ENTRIES))
def test_a_job_is_stale_only_after_a_missed_run(job):
    entry = settings.CELERY_BEAT_SCHEDULE[jobs.BEAT_ENTRIES[job]]
    interval = longest_gap(entry["schedule"])
    max_age = datetime.timedelta(minutes=settings.TRACKER_HEALTH_MAX_AGE_MINUTES[job])
    assert max_age > interval
    # ...and not so long that a stopped job goes unnoticed for days (the
    # heartbeat may miss a few beats: a busy worker runs it late).
    assert max_age <= max(3 * interval, datetime.timedelta(minutes=10))


def test_every_watched_job_has_a_threshold():
    assert set(settings.TRACKER_HEALTH_MAX_AGE_MINUTES) == set(jobs.BEAT_ENTRIES)


def test_the_heartbeat_expires_rather_than_piling_up():
    entry = settings.CELERY_BEAT_SCHEDULE["ops-heartbeat"]
    assert entry["task"] == "ops.heartbeat"
    assert entry["options"]["expires"] <= entry["schedule"]
