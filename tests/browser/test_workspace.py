"""A policy officer's day in a real browser: find the late meeting, log what
happened with the minutes attached, mark it done, see it in the history."""

import re

import pytest
from playwright.sync_api import expect

from commitments.models import Commitment, FollowUp, Milestone, SourceDocument
from tests.browser.conftest import log_in

# Transactional, for the live server's thread; serialized_rollback restores
# what migrations stored (roles, reminder settings) for the tests after these.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MINUTES = b"%PDF-1.4\n% Minutes of the first JWG meeting, Islamabad\n%%EOF\n"
SENTENCE = (
    "Minister Naqvi highlighted the importance of knowledge exchange and "
    "information-sharing through training initiatives."
)


def test_an_officer_logs_the_late_meeting_as_held_with_its_minutes(
    page, workspace, screenshots
):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.screenshot(path=screenshots / "login.png")

    log_in(page)
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    late = page.locator("#my-milestones tbody tr").first
    expect(late).to_contain_text("Quarterly Joint Working Group meetings")
    expect(late.locator(".badge.overdue")).to_have_text("Overdue")
    page.screenshot(path=screenshots / "my-work.png", full_page=True)

    page.get_by_role("link", name="Agreements").click()
    page.get_by_role("link", name="Pakistan–China interior ministers' talks").click()
    expect(page.locator(".stats li", has_text="Overdue")).to_contain_text("1")
    page.screenshot(path=screenshots / "agreement-detail.png", full_page=True)
    page.get_by_role("link", name="My work").click()

    late.get_by_role("link", name="Log follow-up").click()
    expect(page.get_by_role("heading", name="Log a follow-up")).to_be_visible()
    expect(page.locator("#id_milestone option:checked")).to_contain_text(
        "due 2026-04-07 (Overdue)"
    )
    page.wait_for_selector("html[data-enhanced]", state="attached")
    page.get_by_label("Mark the milestone done").check()
    # The fields a completion does not need are hidden; a move's date is one.
    expect(page.locator("#id_due_date")).to_be_hidden()
    page.fill("#id_happened_on", "2026-04-09")
    page.fill("#id_note", "JWG meeting held in Islamabad, minutes attached")
    page.set_input_files(
        "#id_evidence_file",
        files=[
            {
                "name": "jwg-minutes.pdf",
                "mimeType": "application/pdf",
                "buffer": MINUTES,
            }
        ],
    )
    page.screenshot(path=screenshots / "follow-up-form.png", full_page=True)
    page.get_by_role("button", name="Log follow-up").click()

    expect(page.locator(".message.success")).to_have_text("Follow-up logged.")
    first = Milestone.objects.filter(commitment__reference="jwg-quarterly").first()
    row = page.locator(f"#milestone-{first.pk}")
    expect(row.locator(".badge.done")).to_have_text("Done")
    followup = page.locator("#follow-ups li.followup").first
    expect(followup).to_contain_text("JWG meeting held in Islamabad, minutes attached")
    expect(followup).to_contain_text("Overdue → Done")
    history = page.locator("#history li.history-entry")
    expect(history.first).to_contain_text("A. Khan")
    expect(page.locator("#history .diff li", has_text="Done").first).to_contain_text(
        "status Overdue → Done"
    )
    expect(page.locator("#sources mark")).to_contain_text(
        "agreed to convene Joint Working Group meetings every three months"
    )
    page.screenshot(path=screenshots / "commitment-detail.png", full_page=True)

    with page.expect_download() as download:
        followup.get_by_role("link", name="jwg-minutes.pdf").click()
    assert download.value.suggested_filename == "jwg-minutes.pdf"
    with open(download.value.path(), "rb") as saved:
        assert saved.read() == MINUTES

    first.refresh_from_db()
    assert (first.status, first.completed_on.isoformat()) == ("done", "2026-04-09")
    assert FollowUp.objects.get().author == workspace


def test_selecting_a_sentence_makes_a_commitment_with_its_offsets(
    page, workspace, screenshots
):
    source = SourceDocument.objects.get(title__startswith="Pakistan to set up")
    page.goto(f"/sources/{source.pk}/")
    log_in(page)
    expect(page.locator("#selection-submit")).to_be_disabled()
    page.wait_for_selector("html[data-enhanced]", state="attached")
    # Select the sentence as a mouse drag would: a range over its characters.
    page.evaluate(
        """(sentence) => {
            const box = document.getElementById("source-text");
            const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
                const at = node.data.indexOf(sentence);
                if (at >= 0) {
                    const range = document.createRange();
                    // Include the space before it: the script trims it away.
                    range.setStart(node, at - 1);
                    range.setEnd(node, at + sentence.length);
                    const selection = window.getSelection();
                    selection.removeAllRanges();
                    selection.addRange(range);
                    box.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
                    const where = range.getBoundingClientRect();
                    window.scrollBy(0, where.top - window.innerHeight / 2);
                    return;
                }
            }
            throw new Error("sentence not found");
        }""",
        SENTENCE,
    )
    expect(page.locator("#selection-preview")).to_have_text(SENTENCE)
    expect(page.locator("#selection-submit")).to_be_enabled()
    page.screenshot(path=screenshots / "source-selection.png")
    page.locator("#selection-submit").click()

    expect(page.get_by_role("heading", name="New commitment")).to_be_visible()
    expect(page.locator("#selected-quote")).to_have_text(SENTENCE)
    page.fill("#id_reference", "knowledge-exchange-training")
    page.fill("#id_title", "Knowledge exchange through training initiatives")
    page.select_option("#id_kind", "training")
    page.get_by_label("Pakistan").check()
    page.get_by_role("button", name="Create commitment").click()

    expect(page.locator(".message.success")).to_contain_text("created")
    expect(page.locator("#sources mark")).to_have_text(SENTENCE)
    created = Commitment.objects.get(reference="knowledge-exchange-training")
    provenance = created.provenance.get()
    start = source.text.index(SENTENCE)
    assert (provenance.quote_start, provenance.quote_end) == (
        start,
        start + len(SENTENCE),
    )
    assert created.owner == workspace
