"""The agreement dropdown of the list pages: cached options, live after a change."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.urls import reverse

from commitments.filters import AgreementSelect
from commitments.services.agreements import agreement_update
from tests.factories import AgreementFactory


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def options(html: str) -> dict[str, tuple[str, bool]]:
    """value -> (label, selected) for every option of the agreement select."""
    select = re.search(r'<select[^>]*name="agreement".*?</select>', html, re.S).group(0)
    return {
        value: (label, bool(selected))
        for value, selected, label in re.findall(
            r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select
        )
    }


def test_the_chosen_agreement_is_selected_and_the_others_are_not(db):
    first, second = AgreementFactory(title="Alpha"), AgreementFactory(title="Beta")
    html = AgreementSelect(empty_label="Any").render("agreement", str(second.pk))
    found = options(html)
    assert found[str(second.pk)] == ("Beta", True)
    assert found[str(first.pk)] == ("Alpha", False)
    assert found[""] == ("Any", False)


def test_nothing_chosen_selects_the_empty_option(db):
    agreement = AgreementFactory(title="Alpha")
    found = options(AgreementSelect(empty_label="Any").render("agreement", ""))
    assert found[""] == ("Any", True)
    assert found[str(agreement.pk)] == ("Alpha", False)


def test_a_value_that_is_no_option_selects_nothing_and_is_not_echoed(db):
    AgreementFactory(title="Alpha")
    html = AgreementSelect().render("agreement", '"><script>x</script>')
    assert "<script>" not in html
    assert not any(selected for _, selected in options(html).values())


def test_titles_are_escaped(db):
    AgreementFactory(title="<b>Bold</b> & co")
    html = AgreementSelect().render("agreement", "")
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in html
    assert "<b>" not in html


def test_a_renamed_agreement_shows_its_new_title_on_the_next_page(viewer, system):
    client = viewer
    agreement = AgreementFactory(title="Old title")
    url = reverse("commitments:commitment_list")
    assert options(client.get(url).content.decode())[str(agreement.pk)][0] == (
        "Old title"
    )
    start = len(connection.run_on_commit)
    with TestCase.captureOnCommitCallbacks(execute=True):
        agreement_update(
            agreement=agreement, title="New title", actor=system, reason="renamed"
        )
    del connection.run_on_commit[start:]
    assert options(client.get(url).content.decode())[str(agreement.pk)][0] == (
        "New title"
    )
