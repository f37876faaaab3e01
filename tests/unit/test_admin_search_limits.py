"""The admin's search box is bounded like the pages' search (issue 10, finding 1):
Django's admin ORs every search field for every word, so thousands of words
would make one statement PostgreSQL takes minutes over."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import CommitmentFactory

PROJECT_APPS = {"commitments", "notifications", "reporting", "extraction"}
SEARCHABLE = sorted(
    (
        model
        for model, model_admin in admin.site._registry.items()
        # The project's own admins; auth's and axes' are Django's and django-axes'.
        if model_admin.search_fields and model._meta.app_label in PROJECT_APPS
    ),
    key=lambda model: model._meta.label,
)
THOUSANDS_OF_WORDS = " ".join(f"word{n}" for n in range(3000))


def changelist(model) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")


@pytest.mark.parametrize("model", SEARCHABLE, ids=lambda model: model._meta.label)
def test_thousands_of_words_are_refused_with_the_limit_named(
    model, admin_user, client, django_assert_max_num_queries
):
    client.force_login(admin_user)
    with django_assert_max_num_queries(12):
        response = client.get(changelist(model), {"q": THOUSANDS_OF_WORDS})
    assert response.status_code == 200
    assert "(limit SEARCH_CHARS, setting TRACKER_LIMIT_SEARCH_CHARS)" in (
        response.content.decode()
    )


def test_a_short_search_still_finds(admin_user, client):
    from commitments.models import Commitment

    CommitmentFactory(title="Special protection unit in Islamabad")
    client.force_login(admin_user)
    response = client.get(changelist(Commitment), {"q": "protection Islamabad"})
    assert "Special protection unit" in response.content.decode()
