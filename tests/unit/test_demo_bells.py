"""bin/demo's data leaves something in every role's bell (issue 18): the
demo's mentions, turned into notifications by the event sweep, each seen
only by people who may read the follow-up."""

import io

from django.core.management import call_command

from notifications.models import Notification
from notifications.services.events import events_collect

ROLES = (
    "officer",
    "manager",
    "viewer",
    "outsider",
    "oversight",
    "counterpart",
    "administrator",
)


def test_every_demo_role_has_a_notification_and_a_second_run_adds_none(seeded):
    call_command("demo_users", "--password", "pw-demo-1", stdout=io.StringIO())
    events_collect()
    counts = {
        role: Notification.objects.filter(recipient__username=role).count()
        for role in ROLES
    }
    assert all(counts.values()), counts
    call_command("demo_users", "--password", "pw-demo-1", stdout=io.StringIO())
    assert events_collect() == 0
    # The internal follow-up named the officer, not the counterpart; the
    # shared one names the counterpart, which may read it.
    counterpart = Notification.objects.get(recipient__username="counterpart")
    assert counterpart.followup.visibility == "shared"
