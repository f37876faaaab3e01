"""Notification sources of apps that notifications may not import (the layer
rules, tests/unit/test_layers.py): the project sits on top and hands their
events to notifications (TRACKER_NOTIFICATION_SOURCES)."""

import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse

from extraction.permissions import can_review
from extraction.selectors import document_queue


def review_queue_waiting(now: datetime.datetime) -> list[dict]:
    """One notification a day per reviewer with candidates waiting in their
    review queue (their own desks' texts and the intake)."""
    day = now.date().isoformat()
    events = []
    reviewers = (
        get_user_model()
        .objects.filter(is_active=True, groups__isnull=False)
        .distinct()
        .order_by("pk")
    )
    for user in reviewers:
        if not can_review(user):
            continue
        waiting = sum(d.pending_count for d in document_queue(user=user)[:50])
        if waiting:
            events.append(
                {
                    "recipient_id": user.pk,
                    "agreement_id": None,
                    "kind": "review",
                    "key": f"review:{day}",
                    "title": f"{waiting} proposed commitment(s) wait for review",
                    "url": reverse("extraction:queue"),
                }
            )
    return events
