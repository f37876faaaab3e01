"""Which Celery tasks are the jobs the health checks watch.

A job's success is recorded when its task returns (ops/signals.py), so the
tasks themselves need no change. Only the scheduled runs that must keep
happening are watched; sends and dispatches show in the outbox backlog.
"""

HEARTBEAT = "heartbeat"
OVERDUE_SWEEP = "overdue_sweep"
MILESTONE_GENERATION = "milestone_generation"
REMINDER_RUN = "reminder_run"

# Celery task name -> job name.
TASK_JOBS: dict[str, str] = {
    "ops.heartbeat": HEARTBEAT,
    "commitments.flag_milestone_statuses": OVERDUE_SWEEP,
    "commitments.generate_milestones": MILESTONE_GENERATION,
    "notifications.run_reminders": REMINDER_RUN,
}

# Job name -> the CELERY_BEAT_SCHEDULE entry that runs it (tests check that
# each threshold in TRACKER_HEALTH_MAX_AGE_MINUTES outlasts its interval).
BEAT_ENTRIES: dict[str, str] = {
    HEARTBEAT: "ops-heartbeat",
    OVERDUE_SWEEP: "flag-milestone-statuses-hourly",
    MILESTONE_GENERATION: "generate-milestones-daily",
    REMINDER_RUN: "run-reminders-hourly",
}
