"""Issue 16's story in a real browser: an officer pastes an article on Norway
and Chile (two countries the seed lacks; Chile already in the directory,
Norway not), opens the review queue, accepts the biannual meetings creating
the agreement and Norway on the accept page, and lands on an owned, scheduled
commitment with both sides obliged. No admin page is opened."""

import datetime
import re
from collections.abc import Iterator

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from commitments.models import Commitment, Party, StatusChoices
from commitments.permissions import POLICY_OFFICER, roles_sync
from commitments.services.directory import party_find_or_create
from tests.browser.conftest import log_in
from tests.norway_chile import ARTICLE, TITLE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Two months after the first meeting that "biannual" from 3 March gives
# (3 September 2026): that one is late the moment the commitment exists.
NOW = datetime.datetime(2026, 11, 10, 9, tzinfo=datetime.UTC)


@pytest.fixture
def desk_officer(seeded, system, officer, settings, tmp_path) -> Iterator:
    """A policy officer on the desk of everything, with Chile in the
    directory and the clock (ticking) at NOW for the live server too."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    roles_sync(Group, Permission)
    officer.groups.add(Group.objects.get(name=POLICY_OFFICER))
    party_find_or_create(name="Chile", actor=system, reason="directory")
    with time_machine.travel(NOW):
        yield officer


def test_an_officer_goes_from_a_pasted_article_to_an_owned_scheduled_commitment(
    page, desk_officer, screenshots
):
    page.goto("/")
    log_in(page)
    page.get_by_role("link", name="Review queue").first.click()
    page.get_by_role("link", name="Add a text").click()
    page.fill("#id_published", "2026-03-03")
    page.fill("#id_title", TITLE)
    page.fill("#id_text", ARTICLE)
    page.screenshot(path=screenshots / "accept-1-paste.png", full_page=True)
    page.get_by_role("button", name="Store and propose commitments").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()

    page.get_by_role("link", name="Review queue").first.click()
    page.screenshot(path=screenshots / "accept-2-queue.png", full_page=True)
    page.locator("#queue").get_by_role("link", name=TITLE).click()
    meetings = page.locator("section.candidate", has_text="biannual meetings")
    expect(meetings).to_contain_text("Norway")
    page.screenshot(path=screenshots / "accept-3-document.png", full_page=True)
    meetings.get_by_role("link", name="Accept…").click()

    expect(page.get_by_role("heading", name="Accept as a commitment")).to_be_visible()
    # Nothing to pick: no agreement yet, so a new one is proposed from the
    # text; Norway is offered as a new side (with its ISO code), Chile found.
    expect(page.locator("#id_agreement option:checked")).to_have_text(
        re.compile("a new agreement")
    )
    who = page.locator("#accept-who")
    expect(who.get_by_label("Norway (new: NO)")).to_be_checked()
    expect(who.get_by_label("Chile", exact=True)).to_be_checked()
    page.fill("#id_new_agreement_title", "Norway–Chile police cooperation")
    page.select_option("#id_new_agreement_kind", "talks")
    page.fill("#id_reference", "no-cl-jwg")
    page.fill("#id_title", "Biannual joint working group meetings")
    page.screenshot(path=screenshots / "accept-4-form.png", full_page=True)
    page.get_by_role("button", name="Create the commitment").click()

    expect(
        page.get_by_role("heading", name="Biannual joint working group meetings")
    ).to_be_visible()
    expect(page.locator(".messages, [role=status]").first).to_contain_text(
        "owned by A. Khan"
    )
    page.screenshot(path=screenshots / "accept-5-commitment.png", full_page=True)

    commitment = Commitment.objects.get(reference="no-cl-jwg")
    assert commitment.owner == desk_officer
    # The sides the text states ("the two countries"), not whoever was typed.
    assert {o.party.name for o in commitment.obligations.all()} == {"Norway", "Chile"}
    assert {p.iso_code for p in commitment.agreement.parties.all()} == {"NO", "CL"}
    assert Party.objects.filter(iso_code="CL").count() == 1
    milestones = list(commitment.milestones.order_by("due_date"))
    assert milestones, "the commitment is scheduled"
    assert milestones[0].status == StatusChoices.OVERDUE  # not at the next sweep
    assert milestones[-1].status == StatusChoices.PLANNED
