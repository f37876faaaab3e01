"""The weekly summary in the product: the page a manager can reopen (kept a
year) and its notification, next to the email reporting's outbox sends."""

import re

from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from core.bulk import create_missing_with_history
from core.history import system_user
from notifications.channels import Channels, wants_app, wants_email
from notifications.models import Notification, NotificationKind, SummaryPage
from notifications.services.inbox import notifications_create

REASON = "weekly summary run"
BODY = re.compile(r"<body[^>]*>(.*)</body>", re.DOTALL | re.IGNORECASE)


def summary_path(week: str) -> str:
    return reverse("notifications:summary_detail", args=[week])


def summary_wants_email(user: AbstractBaseUser) -> bool:
    """Whether the manager takes the weekly summary by email."""
    return wants_email(Channels().of(user, NotificationKind.WEEKLY_SUMMARY))


def summary_page_publish(
    *,
    recipient: AbstractBaseUser,
    week: str,
    html: str,
    unassigned: int,
) -> None:
    """Keep this week's summary as the manager's page (once: a second run
    keeps the first) and tell them in the product if they want it there."""
    match = BODY.search(html)
    create_missing_with_history(
        [
            SummaryPage(
                recipient=recipient,
                week=week,
                html=match.group(1) if match else html,
                created_at=timezone.now(),
            )
        ],
        actor_id=system_user().pk,
        reason=REASON,
        when=timezone.now(),
    )
    if not wants_app(Channels().of(recipient, NotificationKind.WEEKLY_SUMMARY)):
        return
    lead = (
        ngettext(
            "%(count)s commitment has no owner. ",
            "%(count)s commitments have no owner. ",
            unassigned,
        )
        % {"count": unassigned}
        if unassigned
        else ""
    )
    notifications_create(
        [
            Notification(
                recipient=recipient,
                kind=NotificationKind.WEEKLY_SUMMARY,
                key=f"weekly_summary:{week}",
                title=f"Weekly summary {week}",
                reason=f"{lead}Your desks' week at a glance.",
                url=summary_path(week),
            )
        ],
        reason=REASON,
    )
