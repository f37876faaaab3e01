"""The main pages on a phone, a tablet and a desktop, by keyboard and under
axe-core (issue 17): no sideways scrolling, a menu button on narrow screens,
a skip link, visible focus and no serious or critical accessibility finding."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from commitments.permissions import MANAGER
from extraction.services.ingest import document_ingest
from tests.browser.conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE, TABLET, DESKTOP = 390, 768, 1366
MAIN_PAGES = {
    "my work": "/",
    "commitment list": "/commitments/",
    "commitment detail": "/commitments/jwg-quarterly/",
    "dashboard": "/reports/",
    "agreements": "/agreements/",
    "review queue": "/extraction/",
    "reminders": "/notifications/preferences/",
    "milestone report": "/reports/milestones/",
    "follow-up report": "/reports/follow-ups/",
}
OVERFLOW = "document.scrollingElement.scrollWidth - window.innerWidth"
# A box that wraps onto a second line is taller than one line and a half.
WRAPPED = """(el) => {
  const style = getComputedStyle(el);
  return el.getBoundingClientRect().height
    > 1.5 * parseFloat(style.lineHeight) + parseFloat(style.paddingTop)
      + parseFloat(style.paddingBottom) + 2;
}"""


@pytest.fixture
def main_pages(workspace) -> dict[str, str]:
    """A. Khan as officer and manager: every main page, the widest header; and
    a text in the review queue with candidates to accept or reject."""
    workspace.groups.add(Group.objects.get(name=MANAGER))
    document = document_ingest(
        title="Border talks",
        text=(
            "Pakistan and China agreed to hold border talks every six months.\n"
            "The minister said the NPA will train 50 officers by June 2026.\n"
        ),
        published_on=datetime.date(2026, 4, 1),
        actor=workspace,
    ).document
    return {**MAIN_PAGES, "review document": f"/extraction/documents/{document.pk}/"}


def _at(page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})


def test_main_pages_fit_each_width_and_the_phone_has_a_menu(
    page, main_pages, screenshots
):
    page.goto("/")
    log_in(page)
    too_wide = []
    for width in (PHONE, TABLET, DESKTOP):
        _at(page, width)
        for name, url in main_pages.items():
            page.goto(url)
            extra = page.evaluate(OVERFLOW)
            if extra > 0:
                too_wide.append(f"{name} at {width}px: {extra}px too wide")
            if width == PHONE and name in ("dashboard", "commitment detail"):
                shot = f"phone-{name.replace(' ', '-')}.png"
                page.screenshot(path=screenshots / shot, full_page=True)
            if width == DESKTOP and name == "review document":
                # The reason to reject a candidate is a sentence: it gets a row.
                share = page.locator("input[name=reason]").first.evaluate(
                    "(el) => el.offsetWidth / el.closest('.card').clientWidth"
                )
                assert share > 0.75
    assert too_wide == []

    # "Log follow-up" stays on one line on a laptop.
    page.goto("/")
    buttons = page.get_by_role("link", name="Log follow-up")
    assert buttons.count() > 0
    assert [b.evaluate(WRAPPED) for b in buttons.all()] == [False] * buttons.count()

    # On a phone the navigation folds behind a button that says whether it is open.
    _at(page, PHONE)
    page.goto("/")
    menu = page.get_by_role("button", name="Menu")
    nav = page.get_by_role("navigation", name="Main")
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()
    menu.focus()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(nav.get_by_role("link", name="Dashboard")).to_be_visible()
    expect(page.get_by_role("navigation", name="Account")).to_be_visible()
    assert page.evaluate(OVERFLOW) <= 0
    page.screenshot(path=screenshots / "phone-menu.png")
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()
    page.screenshot(path=screenshots / "phone-my-work.png", full_page=True)

    # On a desktop there is no menu button: the navigation is simply there.
    _at(page, DESKTOP)
    expect(menu).to_be_hidden()
    expect(nav).to_be_visible()

    # Without JavaScript a phone gets the menu open, every link reachable.
    plain = page.context.browser.new_context(
        java_script_enabled=False,
        base_url="/".join(page.url.split("/")[:3]),
        viewport={"width": PHONE, "height": 900},
        storage_state=page.context.storage_state(),
    )
    try:
        bare = plain.new_page()
        bare.goto("/")
        expect(bare.get_by_role("button", name="Menu")).to_be_hidden()
        expect(bare.get_by_role("navigation", name="Main")).to_be_visible()
        assert bare.evaluate(OVERFLOW) <= 0
    finally:
        plain.close()


def test_keyboard_users_skip_to_the_content_and_axe_finds_nothing_serious(
    page, main_pages
):
    page.goto("/")
    log_in(page)
    _at(page, DESKTOP)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    # The next stop after the skip link shows where the focus is.
    page.keyboard.press("Tab")
    style, width = page.evaluate(
        "[getComputedStyle(document.activeElement).outlineStyle,"
        " getComputedStyle(document.activeElement).outlineWidth]"
    )
    assert style == "solid"
    # Wider than the browser's own 1 px ring.
    assert float(width.removesuffix("px")) >= 2

    axe = Axe()
    found = {}
    for name, url in main_pages.items():
        page.goto(url)
        results = axe.run(page)
        serious = [
            f"{v['id']}: {v['help']} ({len(v['nodes'])}), "
            f"e.g. {v['nodes'][0]['html'][:120]}"
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if serious:
            found[name] = serious
    assert found == {}
