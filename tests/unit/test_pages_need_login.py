import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from commitments.models import (
    Agreement,
    Commitment,
    FollowUp,
    Institution,
    Milestone,
    Obligation,
    Party,
    Person,
    Provenance,
    SourceDocument,
)

ADMIN_MODELS = [
    Party,
    Institution,
    Person,
    SourceDocument,
    Agreement,
    Commitment,
    Obligation,
    Provenance,
    Milestone,
    FollowUp,
]


@pytest.mark.django_db
def test_home_redirects_anonymous_users_to_login(client):
    response = client.get(reverse("commitments:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_agreements_page_lists_agreements_for_a_policy_officer(seeded, officer, client):
    # The home page is "My work" (issue 5); agreements have their own page,
    # open to every role.
    officer.groups.add(Group.objects.get(name="Policy officer"))
    client.force_login(officer)
    response = client.get(reverse("commitments:agreement_list"))
    assert response.status_code == 200
    assert "interior ministers" in response.content.decode()


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda model: model.__name__)
def test_admin_lists_and_history_pages_open(seeded, admin_user, client, model):
    client.force_login(admin_user)
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert client.get(changelist, {"q": "a"}).status_code == 200
    instance = model.objects.first()
    if instance is not None:
        history = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_history", args=[instance.pk]
        )
        assert client.get(history).status_code == 200


def test_admin_shows_a_quote_highlighted_in_its_source(seeded, admin_user, client):
    client.force_login(admin_user)
    provenance = Provenance.objects.get(
        commitment__reference="wang-xiaohong-visit-pakistan"
    )
    url = reverse("admin:commitments_provenance_change", args=[provenance.pk])
    html = client.get(url).content.decode()
    assert "<mark>Naqvi invited Wang Xiaohong to visit Pakistan</mark>" in html
