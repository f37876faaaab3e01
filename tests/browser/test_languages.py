"""Urdu and Chinese in the browser (issue 17): switch language, walk log in ->
my work -> commitment -> follow-up form -> dashboard, with no English left on
the page apart from the verbatim sources and the users' own data, and no
serious or critical axe-core finding. Screenshots of the commitment page and
the dashboard in each language (TRACKER_SCREENSHOTS_DIR=docs/screenshots)."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from commitments.models import Agreement, Commitment, Milestone, SourceDocument
from commitments.permissions import MANAGER
from tests.browser.conftest import OFFICER_PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Words of the interface that must not survive a translation. Whole words,
# case-sensitive: " the " catches sentences, the others labels and buttons.
ENGLISH = re.compile(
    r"\b(the|Commitments?|Due|Overdue|Log|Milestones?|Status|Save|Cancel|"
    r"Search|Agreements?|History|Owner|Planned|Done|Dashboard|Evidence|Reason)\b"
)
# Visible text, minus what is not the interface's to translate: the verbatim
# sources and quotes (data-verbatim, .quote, .source-text), code and
# references, and form values the user typed or picked.
VISIBLE_TEXT = """() => {
  const skip = '[data-verbatim], .quote, .source-text, code, script, style, '
    + 'noscript, option, textarea, .role, .who, .reason, .entry-note, '
    + '.entry-body, [hidden]';
  const parts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest(skip) || !el.checkVisibility()) continue;
    const text = node.textContent.trim();
    if (text) parts.push(text);
  }
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
    if (el.closest(skip)) continue;
    for (const a of ['aria-label', 'title', 'placeholder'])
      if (el.getAttribute(a)) parts.push(el.getAttribute(a));
  }
  return parts.join('\\n');
}"""
WALK = ("my work", "commitment", "follow-up", "dashboard")


def user_data() -> list[str]:
    """The users' own words (titles, names, notes): stored as written, shown
    as written, longest first so that no shorter one splits a longer one."""
    words: set[str] = set()
    for model, fields in (
        (Agreement, ("title", "place", "summary", "date_note")),
        (Commitment, ("title", "description", "resolution_note", "due_phrase")),
        (Milestone, ("title", "status_reason", "non_working_note")),
        (SourceDocument, ("title", "publisher")),
    ):
        for row in model.objects.values_list(*fields):
            words |= {value for value in row if value}
    words |= set(Group.objects.values_list("name", flat=True))
    return sorted(words, key=len, reverse=True)


def english_left(page: Page, data: list[str]) -> list[str]:
    text = page.evaluate(VISIBLE_TEXT)
    for value in data:
        text = text.replace(value, " ")
    lines = [line for line in text.splitlines() if ENGLISH.search(line)]
    return lines


def serious_axe_findings(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']}, e.g. {v['nodes'][0]['html'][:120]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def switch_language(page: Page, code: str) -> None:
    page.select_option("select[name=language]", code)
    page.locator("form.lang-switch input[type=submit]").first.click()
    expect(page.locator("html")).to_have_attribute("lang", code)


@pytest.mark.parametrize(
    ("code", "direction", "my_work"),
    [("ur", "rtl", "میرا کام"), ("zh-hans", "ltr", "我的工作")],
)
def test_a_walk_through_the_pages_has_no_english_left(
    page, workspace, screenshots, code, direction, my_work
):
    workspace.groups.add(Group.objects.get(name=MANAGER))  # sees the dashboard
    data = user_data()
    page.goto("/accounts/login/")
    switch_language(page, code)
    expect(page.locator("html")).to_have_attribute("dir", direction)
    found: dict[str, list[str]] = {}
    page.fill("#id_username", "akhan")
    page.fill("#id_password", OFFICER_PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(my_work)
    steps = {
        "my work": lambda: None,
        "commitment": lambda: page.locator(
            "#my-milestones .title-cell a"
        ).first.click(),
        "follow-up": lambda: page.locator(".page-head .actions a.button").first.click(),
        "dashboard": lambda: page.goto("/reports/"),
    }
    for name in WALK:
        steps[name]()
        page.wait_for_load_state()
        expect(page.locator("html")).to_have_attribute("lang", code)
        left = english_left(page, data)
        if left:
            found[f"{name} (English)"] = left
        serious = serious_axe_findings(page)
        if serious:
            found[f"{name} (axe)"] = serious
        if name in ("commitment", "dashboard"):
            page.screenshot(
                path=screenshots / f"i18n-{code.split('-')[0]}-{name}.png",
                full_page=True,
            )
    assert found == {}


def test_the_switcher_is_in_the_mobile_menu(page, workspace):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto("/accounts/login/")
    page.fill("#id_username", "akhan")
    page.fill("#id_password", OFFICER_PASSWORD)
    page.locator("main button[type=submit]").click()
    switcher = page.locator("#site-menu select[name=language]")
    expect(switcher).to_be_hidden()  # the menu is closed
    page.locator(".menu-toggle").click()
    expect(switcher).to_be_visible()
    switch_language(page, "ur")
    assert page.evaluate("document.scrollingElement.scrollWidth - innerWidth") <= 0


MORE_PAGES = {
    "agreements": "/agreements/",
    "commitment list": "/commitments/?status=overdue",
    "sources": "/sources/",
    "password": "/accounts/password_change/",
}


@pytest.mark.parametrize("code", ["ur", "zh-hans"])
def test_the_other_workspace_pages_have_no_english_left(page, workspace, code):
    data = user_data()
    page.goto("/accounts/login/")
    switch_language(page, code)
    page.fill("#id_username", "akhan")
    page.fill("#id_password", OFFICER_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    agreement = Agreement.objects.order_by("pk").first()
    source = SourceDocument.objects.order_by("pk").first()
    pages = {
        **MORE_PAGES,
        "agreement": f"/agreements/{agreement.reference}/",
        "source": f"/sources/{source.pk}/",
    }
    found = {}
    for name, url in pages.items():
        page.goto(url)
        expect(page.locator("html")).to_have_attribute("lang", code)
        left = english_left(page, data)
        if left:
            found[name] = left
    assert found == {}
