"""The system account that jobs and commands act as."""

import pytest
from django.contrib.auth import get_user_model

from core.history import system_user

pytestmark = pytest.mark.django_db


def test_the_system_account_is_created_once_and_cannot_log_in():
    first = system_user()
    assert get_user_model().objects.filter(username="system").count() == 1
    assert not first.is_active
    assert not first.has_usable_password()


def test_a_job_asking_again_costs_no_query(django_assert_num_queries):
    first = system_user()
    with django_assert_num_queries(0):
        again = system_user()
    assert again.pk == first.pk
