"""Reading the notification pages and the calendar feeds writes nothing.

Selectors read only (docs/architecture.md): a person who never saved
preferences, or an agreement whose feed was never issued, is shown defaults;
the profile and the feed are created by services when someone posts.
"""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.permissions import MANAGER, POLICY_OFFICER
from notifications.feed_tokens import holder_token
from notifications.models import AgreementFeed, Profile
from notifications.services.preferences import agreement_feed_ensure, profile_ensure
from tests.factories import AgreementFactory, UserFactory

WRITES = ("INSERT", "UPDATE", "DELETE")


def writes_during(callable_):
    with CaptureQueriesContext(connection) as queries:
        response = callable_()
    return response, [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().upper().startswith(WRITES)
    ]


@pytest.fixture
def officer_client(client, db, desk_of_everything):
    user = desk_of_everything.add(UserFactory())  # not a test of scope
    user.groups.add(Group.objects.get(name=POLICY_OFFICER))
    client.force_login(user)
    client.user = user
    return client


def test_the_preferences_page_of_someone_without_a_profile_writes_nothing(
    officer_client,
):
    url = reverse("notifications:preferences")
    response, writes = writes_during(lambda: officer_client.get(url))
    assert response.status_code == 200
    assert writes == []
    assert not Profile.objects.filter(user=officer_client.user).exists()
    assert b"You have no calendar address yet." in response.content


def test_issuing_the_personal_address_creates_the_profile_with_history(
    officer_client,
):
    officer_client.post(reverse("notifications:calendar_revoke"))
    profile = Profile.objects.get(user=officer_client.user)
    assert profile.history.get().history_user == officer_client.user
    page = officer_client.get(reverse("notifications:preferences")).content.decode()
    assert profile.calendar_token in page


def test_the_agreement_calendar_page_issues_no_address_on_a_get(officer_client):
    agreement = AgreementFactory()
    url = reverse("notifications:agreement_calendar", args=[agreement.reference])
    response, writes = writes_during(lambda: officer_client.get(url))
    assert response.status_code == 200
    assert writes == []
    assert not AgreementFeed.objects.filter(agreement=agreement).exists()
    assert b"No address has been issued" in response.content


def test_whoever_may_read_the_agreement_may_issue_its_first_address_once(
    officer_client,
):
    agreement = AgreementFactory()
    issue = reverse(
        "notifications:agreement_calendar_issue", args=[agreement.reference]
    )
    assert officer_client.post(issue).status_code == 302
    feed = AgreementFeed.objects.get(agreement=agreement)
    assert feed.history.get().history_user == officer_client.user
    officer_client.post(issue)  # an issued address is kept, not rotated
    assert AgreementFeed.objects.get(agreement=agreement).token == feed.token
    page = reverse("notifications:agreement_calendar", args=[agreement.reference])
    # The page shows the reader's own address of it (feed_tokens.py).
    mine = holder_token(feed.token, officer_client.user.pk)
    assert mine in officer_client.get(page).content.decode()


def test_a_manager_revoking_a_never_issued_address_issues_one(
    client, db, desk_of_everything
):
    manager = desk_of_everything.add(UserFactory())
    manager.groups.add(Group.objects.get(name=MANAGER))
    client.force_login(manager)
    agreement = AgreementFactory()
    revoke = reverse(
        "notifications:agreement_calendar_revoke", args=[agreement.reference]
    )
    assert client.post(revoke).status_code == 302
    assert AgreementFeed.objects.filter(agreement=agreement).exists()


def test_reading_the_calendar_feeds_writes_nothing(client, db, desk_of_everything):
    owner = desk_of_everything.add(UserFactory())
    owner.groups.add(Group.objects.get(name=POLICY_OFFICER))
    profile = profile_ensure(user=owner)
    agreement = AgreementFactory()
    feed = agreement_feed_ensure(agreement=agreement, actor=owner)
    for url in (
        reverse("feeds:personal_feed", args=[profile.calendar_token]),
        reverse("feeds:agreement_feed", args=[holder_token(feed.token, owner.pk)]),
    ):
        response, writes = writes_during(lambda url=url: client.get(url))
        assert response.status_code == 200
        assert writes == []


def test_profile_ensure_creates_once(db):
    user = UserFactory()
    first = profile_ensure(user=user)
    assert profile_ensure(user=user).pk == first.pk
    assert Profile.objects.filter(user=user).count() == 1
