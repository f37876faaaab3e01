"""When each background job last succeeded, read by the health checks."""

from django.db import models
from django.utils import timezone


class JobRun(models.Model):
    """One row per job (ops/jobs.py), overwritten by every run of it.

    No HistoricalRecords, on purpose: the heartbeat alone would write 1,440
    history rows a day that say nothing, and the jobs' own effects (flags,
    milestones, digests) keep their history where they are written.
    """

    name = models.CharField(max_length=64, unique=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    # The small dict the task returned (counts), shown on /healthz/details.
    last_summary = models.JSONField(default=dict, blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)
    # The first time the job was seen: a job that never succeeded is judged
    # from when monitoring began (ops/selectors.py), not from the epoch.
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
