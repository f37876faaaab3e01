"""Pages in each person's language and time zone (issue 17, docs/i18n.md)."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse

from commitments.models import Commitment, Party
from commitments.services.commitments import commitment_update
from commitments.services.milestones import milestones_generate
from commitments.templatetags.tracker import country_name, side_times
from notifications.models import Profile
from notifications.services.preferences import profile_ensure, profile_update

UTC = datetime.UTC
JWG = "jwg-quarterly"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime.datetime(2026, 9, 20, 6, tzinfo=UTC)):
        yield


@pytest.fixture
def mine(seeded, system, officer):
    """The officer owns the JWG meetings (overdue and planned milestones)."""
    milestones_generate(as_of=datetime.datetime(2026, 1, 8, tzinfo=UTC), actor=system)
    officer.groups.add(Group.objects.get(name="Policy officer"))
    commitment_update(
        commitment=Commitment.objects.get(reference=JWG),
        actor=system,
        reason="assigned",
        owner=officer,
    )
    return officer


def prefer(user, **changes: str) -> Profile:
    profile = profile_ensure(user=user)
    return profile_update(profile=profile, actor=user, reason="test", **changes)


def html_tag(html: str) -> str:
    return re.search(r"<html[^>]*>", html).group(0)


def test_an_urdu_reader_gets_a_right_to_left_page_in_urdu(client, mine):
    prefer(mine, language="ur")
    client.force_login(mine)
    html = client.get(reverse("commitments:home")).content.decode()
    assert html_tag(html) == '<html lang="ur" dir="rtl">'
    assert "<h1>میرا کام</h1>" in html
    assert "عمل طلب سنگ میل" in html  # Milestones to act on
    assert "پیش رفت درج کریں" in html  # Log follow-up
    assert "Milestones to act on" not in html
    # Django's own Urdu lacks the timesince spans: the project's catalogue
    # has them (tracker/django_catalogue_gaps.py).
    # Due in April, today 20 September: "5 months, 1 week ago".
    assert re.search(r"5\sمہینے، 1\sہفتہ پہلے", html)
    assert "months" not in html


def test_a_chinese_reader_gets_chinese_left_to_right(client, mine):
    prefer(mine, language="zh-hans")
    client.force_login(mine)
    html = client.get(reverse("commitments:home")).content.decode()
    assert html_tag(html) == '<html lang="zh-hans" dir="ltr">'
    assert "<h1>我的工作</h1>" in html
    assert "已计划" in html  # the Planned status, from the model's choices
    assert "Planned" not in html


def test_without_a_preference_the_page_is_english(client, mine):
    client.force_login(mine)
    html = client.get(reverse("commitments:home")).content.decode()
    assert html_tag(html) == '<html lang="en-gb" dir="ltr">'
    assert "<h1>My work</h1>" in html


def test_the_switcher_changes_the_language_for_the_session(client, mine):
    prefer(mine, language="ur")
    client.force_login(mine)
    home = reverse("commitments:home")
    response = client.post(
        reverse("set_language"), {"language": "zh-hans", "next": home}
    )
    assert response.status_code == 302
    assert response["Location"] == home
    html = client.get(home).content.decode()
    assert "<h1>我的工作</h1>" in html
    # A new login applies the saved preference again.
    client.logout()
    client.force_login(mine)
    assert "<h1>میرا کام</h1>" in client.get(home).content.decode()


def test_the_switcher_works_before_login(client, db):
    login = reverse("login")
    client.post(reverse("set_language"), {"language": "ur", "next": login})
    html = client.get(login).content.decode()
    assert html_tag(html) == '<html lang="ur" dir="rtl">'
    assert "صارف نام" in html  # Username


def test_the_switcher_refuses_a_get(client, mine):
    client.force_login(mine)
    assert client.get(reverse("set_language")).status_code == 405


def test_saving_preferences_applies_the_new_language_at_once(client, mine):
    client.force_login(mine)
    page = reverse("notifications:preferences")
    form = client.get(page).context["form"]
    data = {
        name: field.value() if field.value() is not None else ""
        for name, field in ((n, form[n]) for n in form.fields)
    }
    data.update(language="zh-hans", time_zone="Asia/Shanghai")
    response = client.post(page, data)
    assert response.status_code == 302, response.context["form"].errors
    html = client.get(reverse("commitments:home")).content.decode()
    assert "<h1>我的工作</h1>" in html


def test_the_preferences_refuse_an_unknown_time_zone_or_language(client, mine):
    client.force_login(mine)
    page = reverse("notifications:preferences")
    response = client.post(page, {"time_zone": "Mars/Olympus", "language": "xx"})
    errors = response.context["form"].errors
    assert "time_zone" in errors
    assert "language" in errors


def _history_times(client) -> list[str]:
    html = client.get(reverse("commitments:commitment_detail", args=[JWG])).content
    section = html.decode().split('id="history"')[1]
    return re.findall(r"<span>(\d{4}-\d\d-\d\d \d\d:\d\d)</span>", section)


def test_the_time_zone_preference_changes_the_times_shown(client, mine):
    client.force_login(mine)
    prefer(mine, time_zone="Asia/Karachi")
    client.force_login(mine)  # the session takes the preference at login
    karachi = _history_times(client)
    prefer(mine, time_zone="Asia/Shanghai")
    client.force_login(mine)
    shanghai = _history_times(client)
    assert karachi
    assert len(karachi) == len(shanghai)
    # Beijing is three hours ahead of Islamabad all year (neither has DST).
    first_k = datetime.datetime.fromisoformat(karachi[0])
    first_s = datetime.datetime.fromisoformat(shanghai[0])
    assert first_s - first_k == datetime.timedelta(hours=3)


def test_country_names_come_from_cldr_in_the_readers_language(db):
    from django.utils import translation

    pakistan = Party(name="Pakistan (stored)", iso_code="PK")
    bloc = Party(name="SCO", iso_code="")
    with translation.override("zh-hans"):
        assert country_name(pakistan) == "巴基斯坦"
        assert country_name(bloc) == "SCO"
    with translation.override("ur"):
        assert country_name(pakistan) == "پاکستان"
    with translation.override("en-gb"):
        assert country_name(pakistan) == "Pakistan"
    assert country_name(Party(name="Atlantis", iso_code="QQ")) == "Atlantis"


def test_a_joint_deadline_is_shown_in_each_sides_zone(db):
    from commitments.models import Milestone
    from commitments.sides import Sides

    karachi = Party(name="Pakistan", iso_code="PK", time_zone="Asia/Karachi")
    shanghai = Party(name="China", iso_code="CN", time_zone="Asia/Shanghai")
    due_at = datetime.datetime(2026, 10, 7, 18, 59, tzinfo=UTC)
    milestone = Milestone(due_date=datetime.date(2026, 10, 7), due_at=due_at)
    times = side_times(milestone, Sides(ministry=(karachi,), counterpart=(shanghai,)))
    assert [(t.zone, t.local) for t in times] == [
        ("Asia/Karachi", "2026-10-07 23:59"),
        ("Asia/Shanghai", "2026-10-08 02:59"),
    ]
    # Both sides in one zone: nothing to convert.
    same = Sides(ministry=(karachi,), counterpart=(karachi,))
    assert side_times(milestone, same) == []


def test_a_desks_history_reads_in_the_readers_language(desk_of_everything, officer):
    from django.utils import translation

    from access.selectors import desk_history

    desk = desk_of_everything.desk
    with translation.override("zh-hans"):
        lines = {change.what for change in desk_history(desk=desk)}
    assert f"创建了工作组“{desk.name}”" in lines
    assert "添加了成员 akhan" in lines
    with translation.override("en-gb"):
        lines = {change.what for change in desk_history(desk=desk)}
    assert "added member akhan" in lines
