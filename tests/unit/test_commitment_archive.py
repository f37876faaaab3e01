"""Archive instead of delete: with a reason in history, out of the lists and
the sweeps, and a way back (commitments/services/archive.py)."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from commitments import selectors
from commitments.models import Commitment, Milestone, StatusChoices
from commitments.permissions import POLICY_OFFICER
from commitments.services.archive import commitment_archive, commitment_restore
from commitments.services.commitments import commitment_set_status
from commitments.services.milestones import milestones_generate
from commitments.services.sweeps import milestone_statuses_flag

UTC = datetime.UTC


@pytest.fixture
def jwg(seeded, system):
    milestones_generate(as_of=datetime.datetime(2026, 1, 8, tzinfo=UTC), actor=system)
    return Commitment.objects.get(reference="jwg-quarterly")


def test_archiving_closes_an_open_commitment_and_records_who_and_why(jwg, admin_user):
    milestones = jwg.milestones.count()
    archived = commitment_archive(
        commitment=jwg, actor=admin_user, reason="entered twice"
    )
    assert archived.is_archived
    assert archived.archived_by == admin_user
    assert archived.archive_reason == "entered twice"
    assert archived.archived_from_status == StatusChoices.PLANNED
    assert archived.status == StatusChoices.CANCELLED
    assert archived.milestones.count() == milestones  # nothing deleted
    latest = archived.history.first()
    assert latest.history_user == admin_user
    assert latest.history_change_reason == "archived: entered twice"
    assert latest.archived_at is not None


def test_an_archived_commitment_leaves_the_lists_and_the_sweep(jwg, admin_user, system):
    commitment_archive(commitment=jwg, actor=admin_user, reason="entered twice")
    assert not selectors.commitment_search().filter(pk=jwg.pk).exists()
    assert not selectors.agreement_commitments(agreement=jwg.agreement).filter(
        pk=jwg.pk
    )
    # Its detail page still finds it, by reference.
    assert selectors.commitment_detail(reference=jwg.reference) == jwg
    milestone_statuses_flag(
        as_of=datetime.datetime(2027, 6, 1, tzinfo=UTC), actor=system
    )
    assert not Milestone.objects.filter(
        commitment=jwg, status=StatusChoices.OVERDUE
    ).exists()


def test_restoring_reopens_what_archiving_closed(jwg, admin_user):
    commitment_archive(commitment=jwg, actor=admin_user, reason="entered twice")
    restored = commitment_restore(
        commitment=jwg, actor=admin_user, reason="it was not a duplicate"
    )
    assert not restored.is_archived
    assert restored.archive_reason == ""
    assert restored.status in {StatusChoices.PLANNED, StatusChoices.DUE_SOON}
    assert selectors.commitment_search().filter(pk=jwg.pk).exists()
    reasons = [row.history_change_reason for row in jwg.history.all()[:2]]
    assert reasons == ["restored: it was not a duplicate"] * 2
    assert {row.history_user for row in jwg.history.all()[:2]} == {admin_user}


def test_a_commitment_closed_before_archiving_stays_closed_when_restored(
    seeded, admin_user
):
    one_off = Commitment.objects.filter(cadence_rrule="").first()
    commitment_set_status(
        commitment=one_off, status=StatusChoices.DONE, actor=admin_user
    )
    commitment_archive(commitment=one_off, actor=admin_user, reason="old business")
    one_off.refresh_from_db()
    assert one_off.status == StatusChoices.DONE
    restored = commitment_restore(commitment=one_off, actor=admin_user, reason="undo")
    assert restored.status == StatusChoices.DONE


@pytest.mark.parametrize("reason", ["", "   "])
def test_archive_and_restore_need_a_reason(jwg, admin_user, reason):
    with pytest.raises(ValidationError, match="needs a reason"):
        commitment_archive(commitment=jwg, actor=admin_user, reason=reason)
    commitment_archive(commitment=jwg, actor=admin_user, reason="entered twice")
    with pytest.raises(ValidationError, match="needs a reason"):
        commitment_restore(commitment=jwg, actor=admin_user, reason=reason)


def test_archiving_twice_or_restoring_what_is_not_archived_is_refused(jwg, admin_user):
    with pytest.raises(ValidationError, match="not archived"):
        commitment_restore(commitment=jwg, actor=admin_user, reason="undo")
    commitment_archive(commitment=jwg, actor=admin_user, reason="entered twice")
    with pytest.raises(ValidationError, match="already archived"):
        commitment_archive(commitment=jwg, actor=admin_user, reason="again")


def test_archiving_outdates_an_open_edit_form(jwg, admin_user):
    version = jwg.version
    archived = commitment_archive(
        commitment=jwg, actor=admin_user, reason="entered twice"
    )
    assert archived.version == version + 1


def test_the_admin_action_asks_for_a_reason_then_archives_through_the_service(
    jwg, admin_user, client
):
    client.force_login(admin_user)
    url = reverse("admin:commitments_commitment_changelist")
    chosen = {"action": "archive", ACTION_CHECKBOX_NAME: [jwg.pk]}
    form = client.post(url, chosen)
    assert form.status_code == 200
    assert b'name="reason"' in form.content
    jwg.refresh_from_db()
    assert not jwg.is_archived
    done = client.post(url, {**chosen, "apply": "1", "reason": "entered twice"})
    assert done.status_code == 302
    jwg.refresh_from_db()
    assert jwg.is_archived
    latest = jwg.history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        admin_user,
        "archived: entered twice",
    )
    client.post(
        url,
        {
            "action": "restore",
            ACTION_CHECKBOX_NAME: [jwg.pk],
            "apply": "1",
            "reason": "no",
        },
    )
    jwg.refresh_from_db()
    assert not jwg.is_archived


def test_only_those_who_may_close_commitments_see_the_archive_action(
    jwg, officer, client
):
    officer.groups.add(Group.objects.get(name=POLICY_OFFICER))
    officer.is_staff = True
    officer.save()
    client.force_login(officer)
    response = client.get(reverse("admin:commitments_commitment_changelist"))
    assert response.status_code == 200
    assert b'value="archive"' not in response.content
