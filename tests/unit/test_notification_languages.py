"""Emails, digests, feeds and pages of the notification centre in the
recipient's language and time zone (issue 17)."""

import datetime
import zoneinfo

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from notifications.emails import digest_message
from notifications.models import (
    Delivery,
    DeliveryKind,
    Digest,
    EscalationLevel,
    EscalationRecipient,
    Profile,
    ReminderRule,
)
from notifications.selectors import in_locale_of, person_locale
from tests.factories import MilestoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _default_language_after():
    # The locale middleware leaves the last request's language active in this
    # thread: later tests must start in the default language again.
    yield
    translation.activate(settings.LANGUAGE_CODE)


def person(username: str, *, language: str = "", zone: str = "") -> object:
    user = get_user_model().objects.create_user(username, f"{username}@moi.gov.pk")
    if language or zone:
        Profile.objects.create(
            user=user, language=language, time_zone=zone or settings.TIME_ZONE
        )
    return user


def deliveries(milestones, *, step: int) -> list[Delivery]:
    return [
        Delivery(milestone=m, kind=DeliveryKind.REMINDER, step=step, reason="x")
        for m in milestones
    ]


def test_person_locale_falls_back_to_the_sites_defaults():
    assert person_locale(None) == (settings.LANGUAGE_CODE, settings.TIME_ZONE)
    assert person_locale(person("plain")) == (
        settings.LANGUAGE_CODE,
        settings.TIME_ZONE,
    )
    shanghai = person("li", language="zh-hans", zone="Asia/Shanghai")
    assert person_locale(shanghai) == ("zh-hans", "Asia/Shanghai")


def test_a_digest_to_an_urdu_reader_is_in_urdu_with_the_right_plural():
    reader = person("ayesha", language="ur", zone="Asia/Karachi")
    # Whoever runs the sweep reads Chinese: the email is still in Urdu.
    with translation.override("zh-hans"):
        one = digest_message(
            Digest(recipient=reader), deliveries([MilestoneFactory()], step=1)
        )
        three = digest_message(
            Digest(recipient=reader),
            deliveries(MilestoneFactory.create_batch(3), step=3),
        )
    assert one.subject == "وعدوں کا ٹریکر: 1 معاملہ توجہ طلب ہے"
    assert three.subject == "وعدوں کا ٹریکر: 3 معاملات توجہ طلب ہیں"
    assert "وعدوں کا ٹریکر میں 3 معاملات آپ کی توجہ کے منتظر ہیں۔" in three.body
    html = three.alternatives[0][0]
    assert 'lang="ur" dir="rtl"' in html
    assert "needs your attention" not in three.body + html
    assert "需要" not in three.body  # not the sender's language


def test_a_digest_to_a_chinese_reader_gives_the_deadline_in_their_zone():
    reader = person("wang", language="zh-hans", zone="Asia/Shanghai")
    milestone = MilestoneFactory(due_date=datetime.date(2026, 4, 7))
    message = digest_message(Digest(recipient=reader), deliveries([milestone], step=0))
    assert message.subject == "承诺追踪：1 项事项需要您关注"
    assert "今日到期" in message.body
    assert "您当地时间" in message.body  # the agreement's zone differs
    assert "(Asia/Shanghai)" in message.body or "（Asia/Shanghai）" in message.body


def test_in_locale_of_restores_the_callers_language_and_zone():
    reader = person("ali", language="ur", zone="Asia/Karachi")
    with translation.override("en-gb"), timezone.override(zoneinfo.ZoneInfo("UTC")):
        with in_locale_of(reader):
            assert translation.get_language() == "ur"
            assert timezone.get_current_timezone_name() == "Asia/Karachi"
        assert translation.get_language() == "en-gb"
        assert timezone.get_current_timezone_name() == "UTC"


def test_rules_and_levels_count_days_in_words():
    with translation.override("en-gb"):
        assert str(ReminderRule(days_before=1)) == "Any kind: 1 day before"
        assert str(ReminderRule(days_before=7)) == "Any kind: 7 days before"
        level = EscalationLevel(
            level=2, days_overdue=1, recipient=EscalationRecipient.MANAGER
        )
        assert str(level) == "Level 2: The owner's manager after 1 day"
    with translation.override("zh-hans"):
        assert str(ReminderRule(days_before=7)).endswith("：提前 7 天")


def test_send_reminders_prints_real_plurals(capsys):
    with translation.override("en-gb"):
        call_command("send_reminders", as_of="2026-04-07T03:00:00+00:00")
    out = capsys.readouterr().out
    assert "(s)" not in out
    assert ": 0 new reminders in 0 digests." in out


@pytest.mark.parametrize(
    ("language", "words"),
    [("ur", "یاد دہانی کی ترجیحات"), ("zh-hans", "提醒偏好设置")],
)
def test_the_preferences_and_inbox_pages_are_translated(client, language, words):
    user = person("reader")
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert words in page
    assert "Save preferences" not in page
    inbox = client.get(reverse("notifications:inbox")).content.decode()
    assert "Mark all read" not in inbox


def test_a_fixed_reason_is_translated_and_a_stored_one_kept():
    reader = person("sana", language="ur", zone="Asia/Karachi")
    owned, other = MilestoneFactory.create_batch(2)
    message = digest_message(
        Digest(recipient=reader),
        [
            Delivery(
                milestone=owned,
                kind=DeliveryKind.REMINDER,
                step=1,
                reason="You own this commitment.",
            ),
            Delivery(
                milestone=other, kind=DeliveryKind.REMINDER, step=1, reason="x y z"
            ),
        ],
    )
    assert "آپ اس وعدے کے ذمہ دار ہیں۔" in message.body
    assert "You own this commitment." not in message.body
    assert "x y z" in message.body
