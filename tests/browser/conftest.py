"""Playwright against Debian's chromium and pytest-django's live server.

The browser is never downloaded: bin/test sets PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD
and CHROMIUM_PATH. Screenshots go to a temporary directory unless
TRACKER_SCREENSHOTS_DIR names one (docs/screenshots to refresh the README's).
"""

import datetime
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.db import connections
from playwright.sync_api import Browser, Page, sync_playwright

from commitments.models import Commitment
from commitments.permissions import POLICY_OFFICER, roles_sync
from commitments.services.commitments import commitment_update
from commitments.services.milestones import milestones_generate
from commitments.services.sweeps import milestone_statuses_flag

UTC = datetime.UTC
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
FROZEN_AT = datetime.datetime(2026, 4, 10, 4, tzinfo=UTC)
OFFICER_PASSWORD = "pw-officer-1"  # the `officer` fixture's, tests/conftest.py
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser() -> Iterator[Browser]:
    """A headless chromium for one test.

    Playwright's sync API leaves an event loop running in this thread, and
    Django then refuses database calls unless DJANGO_ALLOW_ASYNC_UNSAFE is
    set. It is set only while the browser runs: a session-wide setting would
    leak into every later test and into subprocesses (the deploy check
    refuses it).
    """
    before = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
                headless=True,
                args=CHROMIUM_ARGS,
            )
            yield browser
            # Connections opened while Playwright's loop ran belong to its
            # context: close them now, or they outlive the test unclosed and
            # the test database cannot be dropped at the end.
            connections.close_all()
            browser.close()
    finally:
        if before is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = before


@pytest.fixture
def page(browser, live_server) -> Iterator[Page]:
    """A fresh browser tab (own cookies) on the live server, British dates."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 1280, "height": 900},
        locale="en-GB",
        timezone_id="Asia/Karachi",
        accept_downloads=True,
    )
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    # Every browser test also proves the pages keep to their
    # Content-Security-Policy: the browser reports each blocked script or style.
    violations: list[str] = []
    tab.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield tab
    context.close()
    assert violations == [], "the page broke its Content-Security-Policy"


@pytest.fixture
def screenshots(tmp_path) -> Path:
    """Where screenshots go: TRACKER_SCREENSHOTS_DIR, or a temporary directory."""
    folder = Path(os.environ.get("TRACKER_SCREENSHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def frozen() -> Iterator[None]:
    """A ticking clock from FROZEN_AT, in this process (the live server's too)."""
    with time_machine.travel(FROZEN_AT):
        yield


@pytest.fixture
def workspace(frozen, seeded, system, officer, settings, tmp_path):
    """The seed on 10 April 2026, 09:00 in Islamabad: the first JWG meeting
    (7 April) is overdue and owned by officer A. Khan.

    The clock is set back (and ticks) in this process, before the seed loads, so
    the live server's "today" agrees with the sweep; the browser keeps its real
    clock, so cookies must not carry an expiry computed from the test's.
    """
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    # The tests restore the migrated rows (serialized_rollback); syncing again
    # costs nothing and keeps the roles right if they ever do not.
    roles_sync(Group, Permission)
    officer.groups.add(Group.objects.get(name=POLICY_OFFICER))
    milestones_generate(as_of=datetime.datetime(2026, 1, 8, tzinfo=UTC), actor=system)
    milestone_statuses_flag(as_of=FROZEN_AT, actor=system)
    for reference in ("jwg-quarterly", "global-security-cooperation-forum"):
        commitment_update(
            commitment=Commitment.objects.get(reference=reference),
            actor=system,
            reason="assigned to A. Khan",
            owner=officer,
        )
    return officer


def log_in(page: Page, username: str = "akhan", password: str = OFFICER_PASSWORD):
    """Fill the login form the way a person does."""
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
