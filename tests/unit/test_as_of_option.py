import datetime

import pytest
from django.core.management import CommandError, call_command

from commitments.instants import parse_instant
from commitments.tasks import flag_milestone_statuses_task, generate_milestones_task
from notifications.tasks import run_reminders_task
from reporting.tasks import run_weekly_summary_task

# Every command that replays a moment; generate_synthetic needs its sizes too.
COMMANDS = [
    ("flag_overdue",),
    ("generate_milestones",),
    ("send_reminders",),
    ("send_weekly_summary",),
    ("generate_synthetic", "--agreements=1", "--commitments=1", "--milestones=1"),
]
# Each of these gave a traceback (OverflowError) before, or passes the range.
EXTREME_AS_OF = [
    "9999-12-31T23:59+00:00",
    "9999-12-31T23:59-12:00",
    "0001-01-01T00:00+05:00",
    "2201-01-01T00:00Z",
    "1899-12-31T23:59Z",
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-02-30T00:00Z", "not an ISO date-time"),
        ("2026-04-09", "no time zone"),
        ("yesterday", "not an ISO date-time"),
        ("9" * 10_000, "too long"),
    ],
)
def test_bad_as_of_values_are_refused_with_a_clear_message(value, message):
    with pytest.raises(CommandError, match=message):
        call_command("flag_overdue", "--as-of", value)


@pytest.mark.django_db
@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command[0])
@pytest.mark.parametrize("value", EXTREME_AS_OF)
def test_an_as_of_outside_the_range_is_a_one_line_error(command, value):
    with pytest.raises(CommandError) as caught:
        call_command(*command, "--as-of", value)

    message = str(caught.value)
    assert "outside the supported range 1900-01-01 to 2200-12-31" in message
    assert "\n" not in message


@pytest.mark.django_db
@pytest.mark.parametrize(
    "task",
    [
        flag_milestone_statuses_task,
        generate_milestones_task,
        run_reminders_task,
        run_weekly_summary_task,
    ],
    ids=lambda task: task.name,
)
def test_a_task_refuses_an_as_of_outside_the_range_with_a_message(task):
    with pytest.raises(ValueError, match="outside the supported range"):
        task("9999-12-31T23:59+00:00")


@pytest.mark.parametrize(
    "value",
    ["1900-01-01T00:00+00:00", "2200-12-31T23:59+00:00", "2200-12-31T23:59-12:00"],
)
def test_the_range_ends_are_accepted(value):
    assert parse_instant(value) == datetime.datetime.fromisoformat(value)


@pytest.mark.django_db
@pytest.mark.parametrize("months", ["0", "-3", "100000000"])
def test_a_horizon_beyond_a_century_is_a_one_line_error(months):
    with pytest.raises(CommandError, match="from 1 to 1200"):
        call_command(
            "generate_milestones",
            "--as-of",
            "2026-01-08T00:00Z",
            "--horizon-months",
            months,
        )
