"""Every page against every role and an anonymous visitor."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commitments.models import Commitment, Milestone, SourceDocument
from commitments.permissions import ROLES, roles_sync
from commitments.services.followups import followup_log
from commitments.services.milestones import milestones_generate
from tests.factories import UserFactory

UTC = datetime.UTC
JWG = "jwg-quarterly"
TALKS = "pk-cn-interior-talks-2026"
ROLE_GROUPS = {
    "viewer": "Viewer",
    "officer": "Policy officer",
    "manager": "Manager",
    "administrator": "Administrator",
    "norole": None,
}
EVERY_ROLE = {"viewer", "officer", "manager", "administrator"}
EDITORS = {"officer", "manager", "administrator"}  # the officer owns JWG
MANAGERS = {"manager", "administrator"}

# (url name, arguments, roles let in). "norole" is signed in without a group.
PAGES = [
    ("commitments:home", {}, EVERY_ROLE | {"norole"}),
    ("commitments:agreement_list", {}, EVERY_ROLE),
    ("commitments:agreement_detail", {"reference": TALKS}, EVERY_ROLE),
    ("commitments:agreement_create", {}, MANAGERS),
    ("commitments:agreement_edit", {"reference": TALKS}, MANAGERS),
    ("commitments:commitment_list", {}, EVERY_ROLE),
    ("commitments:commitment_detail", {"reference": JWG}, EVERY_ROLE),
    ("commitments:commitment_create", {}, EDITORS),
    ("commitments:commitment_edit", {"reference": JWG}, EDITORS),
    ("commitments:followup_create", {"reference": JWG}, EDITORS),
    ("commitments:milestone_create", {"reference": JWG}, EDITORS),
    ("commitments:milestone_edit", {"pk": "milestone"}, EDITORS),
    ("commitments:followup_evidence", {"pk": "followup"}, EVERY_ROLE),
    ("commitments:source_list", {}, EVERY_ROLE),
    ("commitments:source_detail", {"pk": "source"}, EVERY_ROLE),
    ("password_change", {}, EVERY_ROLE | {"norole"}),
    ("password_change_done", {}, EVERY_ROLE | {"norole"}),
]


@pytest.fixture
def world(seeded, system, settings, tmp_path, desk_of_everything):
    """The seed with milestones, a follow-up with evidence, and one user per role
    (on a desk holding every agreement: this is about roles, not desks)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    milestones_generate(as_of=datetime.datetime(2026, 1, 8, tzinfo=UTC), actor=system)
    users = {}
    for role, group in ROLE_GROUPS.items():
        user = UserFactory(username=role, first_name=role.title(), last_name="User")
        if group:
            user.groups.add(Group.objects.get(name=group))
        users[role] = desk_of_everything.add(user)
    jwg = Commitment.objects.get(reference=JWG)
    jwg.owner = users["officer"]
    jwg.save()
    milestone = Milestone.objects.filter(commitment=jwg).first()
    followup = followup_log(
        commitment=jwg,
        actor=users["officer"],
        happened_on=datetime.date(2026, 1, 20),
        note="Dates proposed.",
        evidence_file=SimpleUploadedFile("note.pdf", b"%PDF-1.4 x", "application/pdf"),
    )
    source = SourceDocument.objects.order_by("pk").first()
    return {
        "users": users,
        "ids": {
            "milestone": milestone.pk,
            "followup": followup.pk,
            "source": source.pk,
        },
    }


def url_for(world, name, arguments):
    kwargs = {
        key: world["ids"].get(value, value) if isinstance(value, str) else value
        for key, value in arguments.items()
    }
    url = reverse(name, kwargs=kwargs)
    if name == "commitments:commitment_create":
        url += f"?source={world['ids']['source']}&start=0&end=8"
    return url


@pytest.mark.parametrize("role", [*ROLE_GROUPS, "anonymous"])
def test_each_role_gets_in_only_where_it_should(world, client, role):
    # One test per role walking every page: the seed is loaded once per role,
    # and a failure lists every page that answered wrongly.
    if role != "anonymous":
        client.force_login(world["users"][role])
    wrong = []
    for name, arguments, allowed in PAGES:
        response = client.get(url_for(world, name, arguments))
        if role == "anonymous":
            expected = 302
            if response.status_code == 302 and not response.url.startswith(
                reverse("login")
            ):
                wrong.append((name, "redirected elsewhere", response.url))
        else:
            expected = 200 if role in allowed else 403
        if response.status_code != expected:
            wrong.append((name, expected, response.status_code))
    assert wrong == []


def test_the_login_page_opens_without_a_login(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'name="password"' in response.content


def test_logging_out_ends_the_session(world, client):
    client.force_login(world["users"]["viewer"])
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("commitments:home")).status_code == 302


def test_an_officer_edits_only_the_commitments_they_own(
    world, client, desk_of_everything
):
    other = desk_of_everything.add(UserFactory(username="other-officer"))
    other.groups.add(Group.objects.get(name="Policy officer"))
    client.force_login(other)
    jwg_edit = reverse("commitments:commitment_edit", args=[JWG])
    assert client.get(jwg_edit).status_code == 403
    assert client.post(jwg_edit, {"title": "x"}).status_code == 403
    milestone_edit = reverse(
        "commitments:milestone_edit", args=[world["ids"]["milestone"]]
    )
    assert client.get(milestone_edit).status_code == 403
    # ...but logs follow-ups on any commitment.
    followup = reverse("commitments:followup_create", args=[JWG])
    assert client.get(followup).status_code == 200


def test_a_viewer_cannot_write_by_posting_either(world, client):
    client.force_login(world["users"]["viewer"])
    response = client.post(
        reverse("commitments:followup_create", args=[JWG]),
        {"action": "note", "happened_on": "2026-01-20", "note": "sneaky"},
    )
    assert response.status_code == 403
    response = client.post(reverse("commitments:agreement_create"), {"title": "x"})
    assert response.status_code == 403


def expand(labels):
    wanted = set()
    for label in labels:
        app_label, codename = label.split(".")
        found = Permission.objects.filter(content_type__app_label=app_label)
        if codename != "*":
            found = found.filter(codename=codename)
        assert found.exists(), label
        wanted |= {f"{app_label}.{p.codename}" for p in found}
    return wanted


def have(group):
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


def test_the_migrations_made_the_roles_as_permissions_py_defines_them(db):
    for name, labels in ROLES.items():
        assert have(Group.objects.get(name=name)) == expand(labels), name


def test_managers_alone_may_reassign_close_and_see_dashboards(db):
    manager_only = {
        "commitments.reassign_commitment",
        "commitments.close_commitment",
        "commitments.view_dashboard",
    }
    assert manager_only <= have(Group.objects.get(name="Manager"))
    assert not manager_only & have(Group.objects.get(name="Policy officer"))
    assert not manager_only & have(Group.objects.get(name="Viewer"))


def test_viewers_read_everything_and_change_nothing(db):
    viewer = have(Group.objects.get(name="Viewer"))
    assert all(".view_" in permission for permission in viewer)
    assert "commitments.view_followup" in viewer


def test_oversight_reads_every_desk_and_changes_nothing(db):
    oversight = have(Group.objects.get(name="Oversight"))
    assert "access.view_all_desks" in oversight
    assert "commitments.view_followup" in oversight
    assert all(".view_" in permission for permission in oversight)
    assert "access.manage_desks" not in oversight
    assert {"access.manage_desks", "access.view_all_desks"} <= have(
        Group.objects.get(name="Administrator")
    )


def test_roles_sync_restores_the_groups_after_a_flush(db):
    Group.objects.all().delete()
    roles_sync(Group, Permission)
    roles_sync(Group, Permission)  # twice: nothing doubles
    assert Group.objects.count() == len(ROLES) == 6
    for name, labels in ROLES.items():
        assert have(Group.objects.get(name=name)) == expand(labels)
