import pytest
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


def test_home_lists_agreements_for_a_signed_in_user(seeded, officer, client):
    client.force_login(officer)
    response = client.get(reverse("commitments:home"))
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
