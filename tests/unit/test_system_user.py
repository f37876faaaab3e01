"""The system account that jobs and commands act as."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from core.history import system_user

pytestmark = pytest.mark.django_db


def test_migrate_made_the_system_account_and_it_cannot_log_in():
    user = get_user_model().objects.get(username="system")
    assert not user.is_active
    assert not user.has_usable_password()


def test_a_job_asking_for_it_only_reads(django_assert_num_queries):
    with django_assert_num_queries(1) as captured:
        user = system_user()
    assert captured.captured_queries[0]["sql"].lstrip().upper().startswith("SELECT")
    assert user.username == "system"


def test_an_account_removed_by_hand_comes_back_on_the_next_migrate():
    get_user_model().objects.filter(username="system").delete()
    call_command("migrate", verbosity=0)
    assert get_user_model().objects.filter(username="system", is_active=False).exists()
