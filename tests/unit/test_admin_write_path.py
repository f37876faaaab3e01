"""The admin is no second write path: domain records are read-only there, and
what staff change from it goes through the services, under the pages'
permission rules, with the acting user and their reason on the history row
(issue 13, item 1)."""

import datetime

import pytest
import time_machine
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.test import RequestFactory
from django.urls import reverse

from commitments.models import Commitment, FollowUp, Milestone, Party, StatusChoices
from commitments.permissions import POLICY_OFFICER
from commitments.services.archive import commitment_archive
from commitments.services.milestones import milestone_add
from core.readonly_admin import ServiceWriteMixin
from tests.factories import CommitmentFactory, PartyFactory, UserFactory

UTC = datetime.UTC
NOW = datetime.datetime(2026, 2, 2, 9, tzinfo=UTC)
DOMAIN_APPS = {
    "commitments",
    "extraction",
    "reporting",
    "notifications",
    "ops",
    "access",
}

# Admins that write without ServiceWriteMixin, and what they do. Each entry is
# an argued exception; a new admin that writes must save through the mixin.
WRITES_ALLOWED = {
    # Each person's reminder preferences: change only (no add, no delete);
    # save_model calls notifications.services.preferences.profile_update, the
    # service behind the person's own preferences page.
    "notifications.Profile": "change through profile_update",
}


def domain_admins() -> list[admin.ModelAdmin]:
    return sorted(
        (
            model_admin
            for model, model_admin in admin.site._registry.items()
            if model._meta.app_label in DOMAIN_APPS
        ),
        key=lambda model_admin: model_admin.model._meta.label,
    )


def superuser_request(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    return request


def admin_url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def staff_officer(officer):
    """A policy officer who may sign in to the admin: may change milestones
    of the commitments they own, not others', and may not reassign."""
    officer.groups.add(Group.objects.get(name=POLICY_OFFICER))
    officer.is_staff = True
    officer.save()
    return officer


@pytest.fixture
def commitment(frozen, staff_officer):
    return CommitmentFactory(owner=staff_officer)


@pytest.fixture
def milestone(commitment, staff_officer):
    return milestone_add(
        commitment=commitment,
        due_date=datetime.date(2026, 3, 2),
        actor=staff_officer,
        reason="extra meeting",
    )


def run_action(client, model, action, rows, **form):
    """Post an admin action twice, as a browser does: choose, then apply."""
    url = admin_url(model, "changelist")
    chosen = {"action": action, ACTION_CHECKBOX_NAME: [row.pk for row in rows]}
    confirmation = client.post(url, chosen)
    assert confirmation.status_code == 200
    assert b'name="reason"' in confirmation.content
    return client.post(url, {**chosen, "apply": "1", **form}, follow=True)


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# The rule, over every registered admin ------------------------------------


@pytest.mark.parametrize(
    "model_admin", domain_admins(), ids=lambda a: a.model._meta.label
)
def test_no_domain_admin_writes_past_a_service(model_admin, admin_user):
    request = superuser_request(admin_user)
    label = model_admin.model._meta.label
    assert "delete_selected" not in model_admin.get_actions(request)
    for inline in model_admin.get_inline_instances(request):
        assert not inline.has_add_permission(request, None)
        assert not inline.has_change_permission(request)
        assert not inline.has_delete_permission(request)
    if label in WRITES_ALLOWED:
        return
    assert not model_admin.has_delete_permission(request), f"{label} deletes"
    if not (
        model_admin.has_add_permission(request)
        or model_admin.has_change_permission(request)
    ):
        return
    # Writable only through the mixin: its save_model calls the service, and
    # nothing beside it (related rows, many-to-many, delete) writes.
    assert isinstance(model_admin, ServiceWriteMixin), f"{label} writes directly"
    for method in ("save_model", "save_related", "delete_model", "save_formset"):
        assert getattr(type(model_admin), method) is getattr(
            ServiceWriteMixin, method, getattr(admin.ModelAdmin, method)
        ), f"{label} overrides {method}"
    assert not model_admin.list_editable


def test_the_allow_list_names_only_admins_that_exist():
    labels = {model_admin.model._meta.label for model_admin in domain_admins()}
    assert set(WRITES_ALLOWED) <= labels


# Read-only pages -----------------------------------------------------------


@pytest.mark.parametrize("model", [Commitment, Milestone, FollowUp])
def test_add_change_and_delete_are_refused_and_history_still_shows(
    model, milestone, staff_officer, admin_user, client
):
    followup_of(milestone, staff_officer)
    row = model.objects.first()
    client.force_login(admin_user)
    assert client.get(admin_url(model, "add")).status_code == 403
    assert client.post(admin_url(model, "add"), {}).status_code == 403
    change = client.get(admin_url(model, "change", row.pk))
    assert change.status_code == 200
    assert b'name="_save"' not in change.content
    assert client.post(admin_url(model, "change", row.pk), {}).status_code == 403
    assert (
        client.post(admin_url(model, "delete", row.pk), {"post": "yes"}).status_code
        == 403
    )
    assert model.objects.filter(pk=row.pk).exists()
    assert client.get(admin_url(model, "history", row.pk)).status_code == 200
    version = row.history.first().history_id
    assert (
        client.get(admin_url(model, "simple_history", row.pk, version)).status_code
        == 200
    )


def followup_of(milestone, actor):
    from commitments.services.followups import followup_log

    return followup_log(
        commitment=milestone.commitment,
        milestone=milestone,
        actor=actor,
        happened_on=datetime.date(2026, 2, 1),
        note="agenda sent",
    )


def test_a_posted_version_page_does_not_rewrite_a_record(admin_user, client):
    # simple-history saves a posted version form ("revert") asking only for
    # the view permission, with every field editable: on a read-only record
    # that was a write past every service.
    party = PartyFactory(code="PK", name="Pakistan", time_zone="Asia/Karachi")
    client.force_login(admin_user)
    version = party.history.first().history_id
    url = admin_url(Party, "simple_history", party.pk, version)
    response = client.post(
        url, {"code": "PK", "name": "Rewritten", "time_zone": "Asia/Karachi"}
    )
    assert response.status_code == 403
    party.refresh_from_db()
    assert party.name == "Pakistan"
    assert party.history.count() == 1


# Actions on commitments ----------------------------------------------------


def test_reassigning_goes_through_the_service_with_who_and_why(
    commitment, admin_user, client
):
    newcomer = UserFactory()
    client.force_login(admin_user)
    response = run_action(
        client,
        Commitment,
        "reassign",
        [commitment],
        owner=newcomer.pk,
        reason="A. Khan moved to another desk",
    )
    assert response.status_code == 200
    commitment.refresh_from_db()
    assert commitment.owner == newcomer
    latest = commitment.history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        admin_user,
        "A. Khan moved to another desk",
    )


def test_an_officer_is_not_offered_reassigning(commitment, staff_officer, client):
    client.force_login(staff_officer)
    response = client.get(admin_url(Commitment, "changelist"))
    assert response.status_code == 200
    assert b'value="reassign"' not in response.content
    assert b'value="regenerate_milestones"' in response.content


def test_regenerating_milestones_records_the_admin_and_the_reason(
    frozen, staff_officer, admin_user, client
):
    recurring = CommitmentFactory(
        owner=staff_officer,
        kind="recurring_meeting",
        cadence_rrule="FREQ=MONTHLY;INTERVAL=3",
        cadence_start=datetime.date(2026, 4, 7),
    )
    client.force_login(admin_user)
    run_action(
        client,
        Commitment,
        "regenerate_milestones",
        [recurring],
        reason="the nightly run failed",
    )
    created = Milestone.objects.filter(commitment=recurring)
    assert created.exists()
    for row in created:
        first = row.history.last()
        assert (first.history_user, first.history_change_reason) == (
            admin_user,
            "the nightly run failed",
        )


def test_regenerating_someone_elses_milestones_is_refused_with_a_message(
    frozen, staff_officer, client
):
    theirs = CommitmentFactory(
        owner=UserFactory(),
        kind="recurring_meeting",
        cadence_rrule="FREQ=MONTHLY;INTERVAL=3",
        cadence_start=datetime.date(2026, 4, 7),
    )
    client.force_login(staff_officer)
    response = run_action(
        client, Commitment, "regenerate_milestones", [theirs], reason="try"
    )
    assert any("only its owner or a manager" in text for text in said(response))
    assert not Milestone.objects.filter(commitment=theirs).exists()


# Actions on milestones -----------------------------------------------------


def test_completing_is_a_follow_up_with_who_and_why(milestone, admin_user, client):
    client.force_login(admin_user)
    run_action(
        client,
        Milestone,
        "complete",
        [milestone],
        happened_on="2026-02-01",
        reason="held in Beijing",
    )
    milestone.refresh_from_db()
    assert milestone.status == StatusChoices.DONE
    assert milestone.completed_on == datetime.date(2026, 2, 1)
    latest = milestone.history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        admin_user,
        "held in Beijing",
    )
    followup = FollowUp.objects.get(milestone=milestone)
    assert (followup.author, followup.to_status) == (admin_user, StatusChoices.DONE)


def test_a_forbidden_transition_is_an_error_and_changes_nothing(
    milestone, admin_user, client
):
    client.force_login(admin_user)
    run_action(
        client, Milestone, "complete", [milestone], happened_on="2026-02-01", reason="x"
    )
    before = milestone.history.count()
    response = run_action(
        client,
        Milestone,
        "set_status",
        [milestone],
        status=StatusChoices.OVERDUE,
        reason="try to reopen as overdue",
    )
    messages = said(response)
    assert any(str(milestone) in text for text in messages)
    assert not any("changed." in text for text in messages)
    milestone.refresh_from_db()
    assert milestone.status == StatusChoices.DONE
    assert milestone.history.count() == before
    assert FollowUp.objects.filter(milestone=milestone).count() == 1


def test_rescheduling_moves_the_milestone_with_the_reason(
    milestone, staff_officer, client
):
    client.force_login(staff_officer)  # the commitment's owner
    run_action(
        client,
        Milestone,
        "reschedule",
        [milestone],
        due_date="2026-03-09",
        reason="the host asked for a week later",
    )
    milestone.refresh_from_db()
    assert milestone.due_date == datetime.date(2026, 3, 9)
    latest = milestone.history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        staff_officer,
        "the host asked for a week later",
    )


def test_an_officer_cannot_change_milestones_of_work_they_do_not_own(
    frozen, staff_officer, admin_user, client
):
    theirs = milestone_add(
        commitment=CommitmentFactory(owner=UserFactory()),
        due_date=datetime.date(2026, 3, 2),
        actor=admin_user,
        reason="extra meeting",
    )
    client.force_login(staff_officer)
    response = run_action(
        client,
        Milestone,
        "set_status",
        [theirs],
        status=StatusChoices.CANCELLED,
        reason="not needed",
    )
    assert any(
        "only its owner or a manager may complete, move or re-status" in text
        for text in said(response)
    )
    theirs.refresh_from_db()
    assert theirs.status == StatusChoices.PLANNED
    assert not FollowUp.objects.filter(milestone=theirs).exists()


def test_archiving_with_a_long_reason_keeps_it_whole_and_a_history_row(
    commitment, admin_user
):
    # The archive keeps 500 characters of reason; the history row's reason
    # holds 100, so it carries the start of it instead of failing the save.
    reason = "entered twice " * 30
    archived = commitment_archive(
        commitment=commitment, actor=admin_user, reason=reason
    )
    assert archived.archive_reason == reason.strip()
    latest = archived.history.first()
    assert latest.history_user == admin_user
    assert latest.history_change_reason.startswith("archived: entered twice")


def test_reminder_settings_save_through_their_service_with_the_given_reason(
    admin_user, client
):
    from notifications.models import EscalationLevel, ReminderRule

    client.force_login(admin_user)
    url = reverse("admin:notifications_reminderrule_add")
    refused = client.post(url, {"commitment_kind": "", "days_before": 9})
    assert refused.status_code == 200  # the form asks why
    assert not ReminderRule.objects.filter(days_before=9).exists()
    client.post(
        url, {"commitment_kind": "", "days_before": 9, "reason": "one more nudge"}
    )
    rule = ReminderRule.objects.get(commitment_kind="", days_before=9)
    saved = rule.history.latest()
    assert (saved.history_user, saved.history_change_reason) == (
        admin_user,
        "one more nudge",
    )
    level = EscalationLevel.objects.order_by("level").first()
    assert level is not None  # from the migrations
    change = reverse("admin:notifications_escalationlevel_change", args=[level.pk])
    client.post(
        change,
        {
            "level": level.level,
            "days_overdue": level.days_overdue + 1,
            "recipient": level.recipient,
            "senior_user": level.senior_user_id or "",
            "reason": "later escalation",
        },
    )
    level.refresh_from_db()
    assert level.history.latest().history_change_reason == "later escalation"


def test_reminder_settings_cannot_be_deleted_from_the_admin(admin_user, client):
    from notifications.models import ReminderRule

    client.force_login(admin_user)
    rule = ReminderRule.objects.first()
    delete = reverse("admin:notifications_reminderrule_delete", args=[rule.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert ReminderRule.objects.filter(pk=rule.pk).exists()
