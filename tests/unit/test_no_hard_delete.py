"""Nothing of the record is hard-deleted: the admin cannot, and the database
refuses a delete that would take other records with it (issue 10, finding 6)."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.db.models import ProtectedError
from django.urls import reverse

from commitments.models import (
    Commitment,
    FollowUp,
    Milestone,
    Provenance,
    SourceDocument,
)
from commitments.services.milestones import milestones_generate
from notifications.models import EscalationLevel, ReminderRule
from tests.factories import CommitmentFactory, UserFactory

UTC = datetime.UTC
# Configuration an administrator edits (each save through a service or with a
# reason): everything else registered by the project's apps is a record.
CONFIG_MODELS = {ReminderRule, EscalationLevel}
PROJECT_APPS = {"commitments", "notifications", "reporting", "extraction"}
RECORD_ADMINS = sorted(
    (
        model
        for model in admin.site._registry
        if model._meta.app_label in PROJECT_APPS and model not in CONFIG_MODELS
    ),
    key=lambda model: model._meta.label,
)


@pytest.fixture
def generated(seeded, system):
    milestones_generate(as_of=datetime.datetime(2026, 1, 8, tzinfo=UTC), actor=system)
    return Commitment.objects.get(reference="jwg-quarterly")


def admin_url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", RECORD_ADMINS, ids=lambda m: m._meta.label)
def test_the_admin_refuses_to_add_change_or_delete_records(
    model, seeded, admin_user, client
):
    client.force_login(admin_user)
    assert client.get(admin_url(model, "add")).status_code == 403
    instance = model.objects.first()
    if instance is None:
        return
    assert client.get(admin_url(model, "delete", instance.pk)).status_code == 403
    assert client.post(admin_url(model, "delete", instance.pk)).status_code == 403
    # The page still opens, read-only; a posted change is refused.
    assert client.get(admin_url(model, "change", instance.pk)).status_code == 200
    assert client.post(admin_url(model, "change", instance.pk)).status_code == 403
    assert model.objects.filter(pk=instance.pk).exists()


@pytest.mark.parametrize("model", RECORD_ADMINS, ids=lambda m: m._meta.label)
def test_no_admin_list_offers_delete_selected(model, seeded, admin_user, client):
    client.force_login(admin_user)
    response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert b"delete_selected" not in response.content


def test_a_bulk_delete_posted_anyway_deletes_nothing(seeded, admin_user, client):
    client.force_login(admin_user)
    pks = list(Commitment.objects.values_list("pk", flat=True))
    client.post(
        admin_url(Commitment, "changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: pks, "post": "yes"},
    )
    assert Commitment.objects.count() == len(pks)


def test_the_user_admin_refuses_to_delete_and_says_deactivate_instead(
    seeded, admin_user, officer, client
):
    client.force_login(admin_user)
    url = reverse("admin:auth_user_delete", args=[officer.pk])
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:auth_user_change", args=[officer.pk])
    assert "deactivate instead" in " ".join(
        str(message) for message in get_messages(response.wsgi_request)
    )
    assert get_user_model().objects.filter(pk=officer.pk).exists()
    changelist = client.get(reverse("admin:auth_user_changelist"))
    assert b"delete_selected" not in changelist.content


def test_a_commitment_with_milestones_cannot_be_deleted(generated):
    assert generated.milestones.exists()
    with pytest.raises(ProtectedError):
        Commitment.objects.filter(pk=generated.pk).delete()
    assert Milestone.objects.filter(commitment=generated).exists()


def test_a_commitment_with_quotes_cannot_be_deleted(seeded):
    quoted = Provenance.objects.first().commitment
    with pytest.raises(ProtectedError):
        quoted.delete()


def test_a_milestone_with_follow_ups_cannot_be_deleted(generated, officer):
    milestone = generated.milestones.first()
    FollowUp.objects.create(
        commitment=generated,
        milestone=milestone,
        author=officer,
        kind="note",
        happened_on=datetime.date(2026, 1, 9),
        note="Agenda circulated.",
    )
    with pytest.raises(ProtectedError):
        Milestone.objects.filter(pk=milestone.pk).delete()
    assert FollowUp.objects.filter(milestone=milestone).count() == 1


def test_a_source_with_quotes_cannot_be_deleted(seeded):
    source = SourceDocument.objects.filter(quotes__isnull=False).first()
    with pytest.raises(ProtectedError):
        SourceDocument.objects.filter(pk=source.pk).delete()


def test_a_user_who_owns_work_cannot_be_deleted(db):
    owner = UserFactory()
    commitment = CommitmentFactory(owner=owner)
    with pytest.raises(ProtectedError):
        get_user_model().objects.filter(pk=owner.pk).delete()
    commitment.refresh_from_db()
    assert commitment.owner == owner


def test_a_user_who_wrote_a_follow_up_cannot_be_deleted(db):
    author = UserFactory()
    commitment = CommitmentFactory()
    FollowUp.objects.create(
        commitment=commitment,
        author=author,
        kind="note",
        happened_on=datetime.date(2026, 1, 9),
        note="Met the delegation.",
    )
    with pytest.raises(ProtectedError):
        author.delete()


def test_a_source_text_is_kept_in_its_history(seeded):
    source = SourceDocument.objects.first()
    assert source.history.earliest().text == source.text
