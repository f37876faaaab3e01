"""Free-text filters and date ranges are refused past their limits, with the
limit named, in a few queries however long the input (issue 10, finding 1)."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.permissions import MANAGER
from tests.factories import CommitmentFactory, UserFactory

THOUSANDS_OF_WORDS = " ".join(f"word{n}" for n in range(3000))
# A refused search shows the page with its message and lists nothing: the
# session, the user, the roles and the choices of the filter form, whatever
# the length of the search; and (issue 14) the look-up of a counterpart account;
# and (issue 18) the header's unread count, cached per person after that.
REFUSED_PAGE_QUERIES = 12


@pytest.fixture
def manager(client, db):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=MANAGER))
    client.force_login(user)
    return client


def commitment_list(client, **query):
    response = client.get(reverse("commitments:commitment_list"), query)
    assert response.status_code == 200
    return response


def test_thousands_of_words_are_refused_with_both_limits_named(viewer):
    CommitmentFactory(title="word1 word2")
    with CaptureQueriesContext(connection) as queries:
        response = commitment_list(viewer, q=THOUSANDS_OF_WORDS)
    errors = response.context["filter"].errors["q"]
    assert any("limit SEARCH_CHARS" in error for error in errors)
    assert any(
        "A search (words) may have at most 20; this has 3,000 (limit SEARCH_WORDS"
        in error
        for error in errors
    )
    assert list(response.context["page"].object_list) == []
    assert len(queries) <= REFUSED_PAGE_QUERIES


def test_one_long_string_is_refused_for_its_length(viewer):
    response = commitment_list(viewer, q="x" * 201)
    assert response.context["filter"].errors["q"] == [
        "A search (characters) may have at most 200; this has 201 "
        "(limit SEARCH_CHARS, setting TRACKER_LIMIT_SEARCH_CHARS)."
    ]


def test_one_word_too_many_is_refused_and_the_limit_itself_is_accepted(viewer):
    CommitmentFactory(title=" ".join(["cooperation"] * 3))
    words = ["coop"] * 20
    refused = commitment_list(viewer, q=" ".join([*words, "coop"]))
    assert "limit SEARCH_WORDS" in refused.context["filter"].errors["q"][0]
    accepted = commitment_list(viewer, q=" ".join(words))
    assert not accepted.context["filter"].errors
    assert len(accepted.context["page"].object_list) == 1


def test_the_limits_come_from_settings(viewer, settings):
    settings.TRACKER_LIMITS = {**settings.TRACKER_LIMITS, "SEARCH_WORDS": 2}
    response = commitment_list(viewer, q="a b c")
    assert "at most 2; this has 3" in response.context["filter"].errors["q"][0]


def test_a_nul_byte_in_the_search_is_refused_not_a_500(viewer):
    # Refused before the view by core.request_guards (PostgreSQL text cannot
    # hold a NUL), with a message saying so.
    response = viewer.get(reverse("commitments:commitment_list"), {"q": "police\x00"})
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


def test_the_refusal_is_on_the_page(viewer):
    response = commitment_list(viewer, q=THOUSANDS_OF_WORDS)
    assert "limit SEARCH_WORDS" in response.content.decode()


def test_the_csv_export_of_thousands_of_words_runs_no_search(manager):
    CommitmentFactory(title="word1 word2")
    url = reverse("reporting:export", args=["commitments", "csv"])
    with CaptureQueriesContext(connection) as queries:
        response = manager.get(url, {"q": THOUSANDS_OF_WORDS})
    assert response.status_code == 400
    assert len(queries) <= REFUSED_PAGE_QUERIES


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_with_a_refused_filter_answers_400_naming_the_limit(manager, fmt):
    url = reverse("reporting:export", args=["commitments", fmt])
    response = manager.get(url, {"q": THOUSANDS_OF_WORDS})
    assert response.status_code == 400
    assert "limit SEARCH_WORDS" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("milestones", "reporting:report_milestones"),
        ("followups", "reporting:report_followups"),
    ],
)
def test_a_long_commitment_reference_filter_is_refused(manager, name, url):
    response = manager.get(reverse(url), {"commitment": "c" * 201})
    assert response.status_code == 200
    assert response.context["filter"].errors["commitment"] == [
        "A filter value (characters) may have at most 200; this has 201 "
        "(limit FILTER_CHARS, setting TRACKER_LIMIT_FILTER_CHARS)."
    ]
    assert list(response.context["page"].object_list) == []
    export = manager.get(
        reverse("reporting:export", args=[name, "csv"]), {"commitment": "c" * 5000}
    )
    assert export.status_code == 400
    assert "limit FILTER_CHARS" in export.content.decode()


@pytest.mark.parametrize(
    ("url", "query", "field"),
    [
        ("commitments:commitment_list", {"due_after": "9999-12-31"}, "due"),
        ("commitments:commitment_list", {"due_before": "0001-01-01"}, "due"),
        ("reporting:report_milestones", {"due_before": "9999-12-31"}, "due"),
        ("reporting:report_followups", {"happened_after": "0001-01-01"}, "happened"),
    ],
)
def test_a_date_outside_the_supported_range_is_refused(manager, url, query, field):
    response = manager.get(reverse(url), query)
    assert response.status_code == 200
    [error] = response.context["filter"].errors[field]
    assert "outside the supported range 1900-01-01 to 2200-12-31" in error
    assert list(response.context["page"].object_list) == []


def test_the_dashboard_refuses_a_date_outside_the_supported_range(manager):
    response = manager.get(
        reverse("reporting:dashboard"),
        {"due_after": "0001-01-01", "due_before": "9999-12-31"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "outside the supported range" in errors["due_after"][0]
    assert "9999-12-31 is outside the supported range" in errors["due_before"][0]
    assert "9999-12-31 is outside the supported range" in response.content.decode()
