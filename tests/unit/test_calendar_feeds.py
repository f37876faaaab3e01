import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from icalendar import Calendar

from commitments.models import Agreement, Commitment, Milestone
from commitments.permissions import POLICY_OFFICER, VIEWER
from commitments.services.commitments import commitment_set_status
from commitments.services.milestones import milestone_move, milestones_generate
from notifications.feed_tokens import holder_token
from notifications.models import AgreementFeed, Profile
from notifications.services.preferences import agreement_feed_ensure, profile_ensure

UTC = datetime.UTC


@pytest.fixture
def owned(seeded, system, officer, desk_of_everything):
    officer.groups.add(Group.objects.get(name=POLICY_OFFICER))
    desk_of_everything.add(officer)  # not a test of scope
    milestones_generate(as_of=datetime.datetime(2026, 1, 8, tzinfo=UTC), actor=system)
    Commitment.objects.filter(
        reference__in=["jwg-quarterly", "global-security-cooperation-forum"]
    ).update(owner=officer)
    return profile_ensure(user=officer)


def events(response):
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_personal_feed_parses_back_with_rrule_for_a_regular_cadence(owned, client):
    url = reverse("feeds:personal_feed", args=[owned.calendar_token])
    found = events(client.get(url))  # no login: the token is the secret
    jwg = found["Quarterly Joint Working Group meetings (every 3 months)"]
    assert jwg["RRULE"]["FREQ"] == ["MONTHLY"]
    assert jwg["RRULE"]["INTERVAL"] == [3]
    assert jwg.decoded("DTSTART") == datetime.date(2026, 4, 7)
    forum = found[
        "Attend the Global Security Cooperation Forum in China (invitation) [Planned]"
    ]
    assert forum.decoded("DTSTART") == datetime.date(2026, 9, 30)
    assert all(str(event["UID"]) for event in found.values())


def test_a_moved_meeting_turns_the_series_into_dated_events(owned, client, officer):
    first = Milestone.objects.filter(commitment__reference="jwg-quarterly").first()
    milestone_move(
        milestone=first,
        due_date=datetime.date(2026, 4, 21),
        actor=officer,
        reason="postponed",
    )
    # Seen in November: the feed reaches FEED_PAST_DAYS (180) back, to June, so
    # the moved April meeting is out of it, yet the old move still makes the
    # series dated events rather than a rule that would put one on 7 April.
    with time_machine.travel(datetime.datetime(2026, 11, 30, 9, tzinfo=UTC)):
        response = client.get(
            reverse("feeds:personal_feed", args=[owned.calendar_token])
        )
    dates = sorted(
        event.decoded("DTSTART")
        for event in Calendar.from_ical(response.content).walk("VEVENT")
        if str(event["SUMMARY"]).startswith("Quarterly Joint Working Group meetings [")
    )
    assert dates == [
        datetime.date(2026, 7, 7),
        datetime.date(2026, 10, 7),
        datetime.date(2027, 1, 7),
    ]
    assert "RRULE" not in response.content.decode()


def test_a_revoked_token_stops_working(owned, client, officer):
    old = reverse("feeds:personal_feed", args=[owned.calendar_token])
    client.force_login(officer)
    client.post(reverse("notifications:calendar_revoke"))
    client.logout()
    assert client.get(old).status_code == 404
    fresh = Profile.objects.get(user=officer).calendar_token
    assert client.get(reverse("feeds:personal_feed", args=[fresh])).status_code == 200


def test_agreement_feed_lists_its_commitments(owned, client, officer):
    talks = Agreement.objects.get(reference="pk-cn-interior-talks-2026")
    feed = agreement_feed_ensure(agreement=talks, actor=officer)
    token = holder_token(feed.token, officer.pk)  # the officer's own address
    found = events(client.get(reverse("feeds:agreement_feed", args=[token])))
    assert (
        "Annual meeting of the interior ministers to review progress (every year)"
        in found
    )
    assert client.get(reverse("feeds:agreement_feed", args=["nope"])).status_code == 404


def test_preferences_page_needs_login_and_keeps_input_on_error(db, client, officer):
    url = reverse("notifications:preferences")
    assert client.get(url).status_code == 302
    client.force_login(officer)
    response = client.post(
        url,
        {"frequency": "immediate", "digest_hour": "27", "time_zone": "Asia/Shanghai"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose an hour from 0 to 23." in html or "less than or equal to 23" in html
    assert 'value="27"' in html
    response = client.post(
        url,
        {"frequency": "immediate", "digest_hour": "9", "time_zone": "Asia/Shanghai"},
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=officer)
    assert (profile.frequency, profile.digest_hour, profile.time_zone) == (
        "immediate",
        9,
        "Asia/Shanghai",
    )
    assert profile.history.latest().history_user == officer


def test_agreement_page_leads_to_its_feed_and_managers_can_revoke_it(
    owned, client, officer
):
    officer.groups.clear()
    talks = Agreement.objects.get(reference="pk-cn-interior-talks-2026")
    page_url = reverse("notifications:agreement_calendar", args=[talks.reference])
    client.force_login(officer)
    assert client.get(page_url).status_code == 403  # no role yet
    officer.groups.add(Group.objects.get(name="Policy officer"))
    detail = client.get(reverse("commitments:agreement_detail", args=[talks.reference]))
    assert page_url in detail.content.decode()
    secret = agreement_feed_ensure(agreement=talks, actor=officer).token
    old_token = holder_token(secret, officer.pk)
    assert old_token in client.get(page_url).content.decode()
    revoke = reverse("notifications:agreement_calendar_revoke", args=[talks.reference])
    assert client.post(revoke).status_code == 403  # an officer may not
    officer.groups.add(Group.objects.get(name="Manager"))
    assert client.post(revoke).status_code == 302
    assert AgreementFeed.objects.get(agreement=talks).token != secret
    old_feed = reverse("feeds:agreement_feed", args=[old_token])
    assert client.get(old_feed).status_code == 404


def test_the_personal_feed_stops_when_its_owner_is_deactivated(owned, client, officer):
    url = reverse("feeds:personal_feed", args=[owned.calendar_token])
    assert client.get(url).status_code == 200
    officer.is_active = False
    officer.save()
    response = client.get(url)
    assert response.status_code == 404
    assert b"BEGIN:VCALENDAR" not in response.content


def test_the_personal_feed_stops_when_its_owner_loses_every_role(
    owned, client, officer
):
    url = reverse("feeds:personal_feed", args=[owned.calendar_token])
    assert client.get(url).status_code == 200
    officer.groups.clear()
    officer = get_user_model().objects.get(pk=officer.pk)  # no cached permissions
    response = client.get(url)
    assert response.status_code == 404
    assert b"BEGIN:VCALENDAR" not in response.content


def test_any_role_that_may_view_commitments_keeps_the_feed(owned, client, officer):
    officer.groups.set([Group.objects.get(name=VIEWER)])
    url = reverse("feeds:personal_feed", args=[owned.calendar_token])
    assert client.get(url).status_code == 200


def test_an_unchanged_feed_is_served_from_the_cache_until_a_write(
    owned,
    client,
    officer,
    system,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    url = reverse("feeds:personal_feed", args=[owned.calendar_token])
    first = client.get(url).content
    # The token lookup, the role check and the owner's scope (is it a
    # counterpart? their desks' agreements) only: the body is cached.
    with django_assert_max_num_queries(5):
        assert client.get(url).content == first
    jwg = Commitment.objects.get(reference="jwg-quarterly")
    # The data version moves when the write commits.
    with django_capture_on_commit_callbacks(execute=True):
        milestone_move(
            milestone=jwg.milestones.order_by("due_date").last(),
            due_date=datetime.date(2027, 1, 12),
            actor=system,
            reason="moved by the chairs",
        )
    assert b"20270112" in client.get(url).content


def test_closed_or_last_completion_commitments_do_not_repeat_in_calendars(
    seeded, system, officer, client
):
    milestones_generate(
        as_of=datetime.datetime(2026, 1, 8, 4, tzinfo=UTC), actor=system
    )
    # A feed serves only people who may still read commitments.
    officer.groups.add(Group.objects.get(name=POLICY_OFFICER))
    Commitment.objects.filter(reference="jwg-quarterly").update(owner=officer)
    jwg = Commitment.objects.get(reference="jwg-quarterly")
    commitment_set_status(
        commitment=jwg, status="cancelled", actor=officer, reason="replaced"
    )
    token = profile_ensure(user=officer).calendar_token
    feed = Calendar.from_ical(
        client.get(reverse("feeds:personal_feed", args=[token])).content
    )
    assert all("RRULE" not in event for event in feed.walk("VEVENT"))
