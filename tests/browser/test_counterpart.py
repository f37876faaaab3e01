"""The two sides of one record in a real browser (issue 14): China's
counterpart finds the Joint Working Group's meetings, confirms the first as
held with a note for the ministry, and the ministry's officer sees China's
word and the note on the commitment page, still awaiting its own."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from playwright.sync_api import expect

from commitments.models import Commitment, FollowUp, Milestone
from commitments.permissions import roles_sync
from commitments.services.followups import followup_log
from commitments.services.milestones import milestones_generate
from commitments.services.sweeps import milestone_statuses_flag
from tests.browser.conftest import FROZEN_AT, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

UTC = datetime.UTC
PASSWORD = "pw-demo-browser-1"
JWG = "jwg-quarterly"
SHARED_NOTE = "Held in Beijing on 9 April; the minutes follow by courier."
INTERNAL_NOTE = "Internal: the minister may not attend the next round."


class _Quiet:
    def write(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass


@pytest.fixture
def demo(frozen, seeded, system, settings, tmp_path):
    """The seed on 10 April 2026 (the first JWG meeting, 7 April, is overdue),
    the demo logins, and one internal note of the ministry on the JWG."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    roles_sync(Group, Permission)
    milestones_generate(as_of=datetime.datetime(2026, 1, 8, tzinfo=UTC), actor=system)
    milestone_statuses_flag(as_of=FROZEN_AT, actor=system)
    call_command("demo_users", password=PASSWORD, stdout=_Quiet())
    jwg = Commitment.objects.get(reference=JWG)
    followup_log(
        commitment=jwg,
        actor=jwg.owner,
        happened_on=datetime.date(2026, 4, 8),
        note=INTERNAL_NOTE,
    )
    return Milestone.objects.filter(commitment=jwg).order_by("due_date").first()


def test_the_counterpart_confirms_a_meeting_and_the_officer_sees_it(
    page, demo, screenshots
):
    first = demo
    page.goto(f"/commitments/{JWG}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    log_in(page, "counterpart", PASSWORD)
    expect(
        page.get_by_role("heading", name=re.compile("Joint Working Group"))
    ).to_be_visible()
    row = page.locator(f"#milestone-{first.pk}")
    expect(row).to_contain_text("2026-04-07")
    # The counterpart reads the shared record only: never the ministry's note.
    expect(page.locator("body")).not_to_contain_text(INTERNAL_NOTE)

    row.get_by_role("link", name="Both sides").click()
    expect(page.get_by_role("heading", name="Confirm or dispute")).to_be_visible()
    page.get_by_label("Confirmed done").check()
    page.fill("#id_confirm-happened_on", "2026-04-09")
    page.fill("#id_confirm-note", SHARED_NOTE)
    page.get_by_role("button", name="Send").click()
    words = page.locator("#confirmations li.confirmation")
    expect(words.first).to_contain_text("China")
    expect(words.first).to_contain_text("Confirmed done")
    expect(words.first).to_contain_text(SHARED_NOTE)
    expect(page.locator("#awaiting")).to_be_visible()
    page.screenshot(path=screenshots / "counterpart-confirms.png", full_page=True)

    # The ministry's officer, in the same tab after the counterpart leaves.
    page.context.clear_cookies()
    page.goto(f"/commitments/{JWG}/")
    log_in(page, "officer", PASSWORD)
    row = page.locator(f"#milestone-{first.pk}")
    expect(row.locator(".joint-words")).to_contain_text("China: confirmed done")
    expect(row.locator(".joint-words")).to_contain_text(
        "Awaiting the other side's confirmation."
    )
    shared = page.locator("#follow-ups li.followup", has_text=SHARED_NOTE)
    expect(shared).to_be_visible()
    expect(page.locator("#follow-ups")).to_contain_text(INTERNAL_NOTE)
    page.screenshot(path=screenshots / "officer-sees-confirmation.png", full_page=True)

    first.refresh_from_db()
    assert first.status == "overdue"  # done only when the ministry confirms too
    note = FollowUp.objects.get(note__contains=SHARED_NOTE)
    assert note.visibility == "shared"
    assert note.author.username == "counterpart"
