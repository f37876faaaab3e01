"""An officer's bell in a real browser (issue 18): a due-soon notification
arrives, the officer opens it and lands on the milestone, the count drops."""

import datetime

import pytest
from playwright.sync_api import expect

from commitments.models import Commitment
from notifications.models import Notification, NotificationKind
from notifications.services.digests import reminders_run
from tests.browser.conftest import FROZEN_AT, log_in
from tests.factories import MilestoneFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_officer_opens_a_due_soon_notification_to_the_milestone(workspace, page):
    jwg = Commitment.objects.get(reference="jwg-quarterly")
    soon = MilestoneFactory(
        commitment=jwg,
        title="Draft agenda to the other side",
        due_date=datetime.date(2026, 4, 15),
        due_at=datetime.datetime(2026, 4, 15, 19, tzinfo=datetime.UTC),
        is_extra=True,
    )
    reminders_run(as_of=FROZEN_AT)
    note = Notification.objects.get(recipient=workspace, milestone=soon)
    assert note.kind == NotificationKind.DUE_SOON
    before = Notification.objects.filter(
        recipient=workspace, read_at__isnull=True
    ).count()

    page.goto("/")
    log_in(page)
    bell = page.locator("#bell .bell-count")
    expect(bell).to_have_text(str(before))
    page.click("#bell")
    item = page.locator(f"#notification-{note.pk}")
    expect(item).to_contain_text("Due soon")
    item.locator("a.notification-open").click()

    page.wait_for_url(f"**/commitments/jwg-quarterly/#milestone-{soon.pk}")
    expect(page.locator(f"#milestone-{soon.pk}")).to_be_visible()
    if before == 1:
        expect(page.locator("#bell .bell-count")).to_have_count(0)
    else:
        expect(page.locator("#bell .bell-count")).to_have_text(str(before - 1))
