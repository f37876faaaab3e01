"""The demo makes one login per role, none a superuser, and production settings
refuse to make any (issue 10, finding 7)."""

import io
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from commitments.models import Commitment
from commitments.permissions import ADMINISTRATOR, MANAGER, POLICY_OFFICER, VIEWER

ROLES = {
    "demo-admin": ADMINISTRATOR,
    "demo-manager": MANAGER,
    "demo-officer": POLICY_OFFICER,
    "demo-viewer": VIEWER,
}


def demo_user(*args: str) -> str:
    out = io.StringIO()
    call_command("demo_user", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_each_demo_login_is_bound_to_its_role_and_none_is_a_superuser(seeded):
    printed = demo_user("--password", "pw-demo-test-1")
    users = get_user_model().objects.filter(username__startswith="demo")
    assert {user.username for user in users} == set(ROLES)
    for user in users:
        assert not user.is_superuser
        assert [group.name for group in user.groups.all()] == [ROLES[user.username]]
        assert user.check_password("pw-demo-test-1")
        assert user.username in printed
    assert {user.username for user in users if user.is_staff} == {"demo-admin"}
    assert "pw-demo-test-1" in printed
    assert not Commitment.objects.filter(owner__isnull=True).exists()
    assert {c.owner.username for c in Commitment.objects.all()} == {"demo-officer"}


def test_without_a_password_each_run_makes_a_new_random_one(seeded):
    demo_user()
    officer = get_user_model().objects.get(username="demo-officer")
    assert not officer.check_password("demo-tracker-2026")  # the old published one
    first = officer.password
    demo_user()
    officer.refresh_from_db()
    assert officer.password != first


def test_the_old_superuser_demo_login_is_deactivated(seeded):
    old = get_user_model().objects.create_superuser(
        username="demo", password="demo-tracker-2026", email="demo@localhost"
    )
    Commitment.objects.filter(reference="jwg-quarterly").update(owner=old)
    demo_user()
    old.refresh_from_db()
    assert (old.is_active, old.is_superuser, old.has_usable_password()) == (
        False,
        False,
        False,
    )
    jwg = Commitment.objects.get(reference="jwg-quarterly")
    assert jwg.owner.username == "demo-officer"


def test_production_settings_refuse_to_make_demo_logins(db, settings):
    settings.TRACKER_IS_PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        demo_user()
    assert not get_user_model().objects.filter(username__startswith="demo").exists()


def test_the_production_settings_module_refuses_it(tmp_path):
    # The real settings module, with a throwaway database: were the command
    # not refused, it would fail on the missing tables instead.
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="tracker.settings.production",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "x7Qp9" * 8,
        DJANGO_ALLOWED_HOSTS="tracker.example.gov",
        DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "demo_user"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "refused under production settings" in result.stderr
