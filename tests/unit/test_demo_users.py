"""`demo_users`: one login per role on the seed, scoped as the issue says,
safe to run twice, refused in production (issue 14)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from access import scope
from access.models import CounterpartAccount, Desk, DeskAgreement, DeskMembership
from commitments.models import Agreement, Commitment
from commitments.permissions import can_log_followup

SEED = {"pk-cn-interior-talks-2026", "pk-cn-bpc-visit-2026"}
AF = "pk-af-border-coordination-demo"


def demo_users(*args: str) -> str:
    out = io.StringIO()
    call_command("demo_users", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def user(username):
    return get_user_model().objects.get(username=username)


def visible(username):
    return set(
        scope.visible_agreements(user(username)).values_list("reference", flat=True)
    )


def test_each_login_has_its_role_desk_and_scope(seeded):
    printed = demo_users("--password", "pw-demo-test-2")
    expected_groups = {
        "officer": ["Policy officer"],
        "manager": ["Manager"],
        "viewer": ["Viewer"],
        "outsider": ["Policy officer"],
        "oversight": ["Oversight"],
        "counterpart": ["Counterpart"],
        "administrator": ["Administrator"],
    }
    for username, groups in expected_groups.items():
        account = user(username)
        assert [g.name for g in account.groups.all()] == groups, username
        assert account.check_password("pw-demo-test-2")
        assert not account.is_superuser
        assert username in printed
    assert "pw-demo-test-2" in printed
    assert not get_user_model().objects.filter(is_superuser=True).exists()
    for username in ("officer", "manager", "viewer"):
        assert visible(username) == SEED
    assert visible("outsider") == {AF}
    assert visible("oversight") == visible("administrator") == SEED | {AF}
    assert visible("counterpart") == SEED
    counterpart = CounterpartAccount.objects.get(user__username="counterpart")
    assert counterpart.party.code == "CN"
    assert set(Desk.objects.values_list("name", flat=True)) == {
        "China desk",
        "Afghanistan desk",
    }


def test_the_demo_counterpart_may_log_on_its_side_of_the_seed(seeded):
    # Issue 14: the counterpart logs shared follow-ups on China's obligations;
    # without the Counterpart role group it could only read.
    demo_users("--password", "pw-demo-test-3")
    jwg = Commitment.objects.get(reference="jwg-quarterly")
    assert can_log_followup(user("counterpart"), jwg)
    pakistan_only = Commitment.objects.get(reference="islamabad-protection-unit")
    assert not can_log_followup(user("counterpart"), pakistan_only)


def test_the_officer_owns_the_pakistan_side_commitments(seeded):
    demo_users()
    pakistan_side = Commitment.objects.filter(
        agreement__reference__in=SEED, obligations__party__code="PK"
    ).distinct()
    assert pakistan_side.exists()
    assert {c.owner.username for c in pakistan_side} == {"officer"}
    assert Commitment.objects.get(reference="pk-af-border-meeting-demo").owner == user(
        "outsider"
    )


def counts():
    return {
        "users": get_user_model().objects.count(),
        "desks": Desk.objects.count(),
        "members": DeskMembership.objects.count(),
        "links": DeskAgreement.objects.count(),
        "counterparts": CounterpartAccount.objects.count(),
        "agreements": Agreement.objects.count(),
        "commitments": Commitment.objects.count(),
        "history": (
            Desk.history.count(),
            DeskMembership.history.count(),
            DeskAgreement.history.count(),
            CounterpartAccount.history.count(),
            Commitment.history.count(),
        ),
    }


def test_running_it_twice_changes_nothing_but_the_password(seeded):
    demo_users("--password", "first-pw-1")
    first = counts()
    demo_users("--password", "second-pw-2")
    assert counts() == first
    assert user("officer").check_password("second-pw-2")


def test_without_the_seed_it_says_what_to_run(db):
    with pytest.raises(CommandError, match="load_seed"):
        demo_users()


def test_production_settings_refuse_it(seeded, settings):
    settings.TRACKER_IS_PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        demo_users()
    assert not get_user_model().objects.filter(username="officer").exists()
