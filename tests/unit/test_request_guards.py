"""NUL characters in query strings, and odd ids and lookups in the admin, are
refused cleanly (found by the hostile-input walker,
tests/unit/test_hostile_requests.py)."""

import pytest
from django.urls import reverse

from commitments.models import Commitment
from tests.factories import CommitmentFactory


@pytest.mark.parametrize("query", [{"status": "a\x00b"}, {"q\x00": "x"}])
def test_a_nul_in_a_query_string_is_a_400_that_says_so(viewer, query):
    response = viewer.get(reverse("commitments:commitment_list"), query)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


def test_a_nul_in_an_admin_list_filter_is_a_400(client, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:commitments_commitment_changelist")
    response = client.get(url, {"status__exact": "a\x00b"})
    assert response.status_code == 400


def test_a_year_python_cannot_hold_is_the_admins_own_error_not_a_500(
    client, admin_user
):
    client.force_login(admin_user)
    url = reverse("admin:commitments_milestone_changelist")
    response = client.get(url, {"due_date__year": "9" * 20})
    assert response.status_code == 302
    assert response.url.endswith("?e=1")


@pytest.mark.parametrize(
    "view", ["history", "history_version"], ids=["history", "one version"]
)
def test_an_admin_history_page_for_an_id_that_is_not_one_is_a_404(
    client, admin_user, view
):
    commitment = CommitmentFactory()
    client.force_login(admin_user)
    if view == "history":
        url = f"/admin/commitments/commitment/{'x' * 5}/history/"
    else:
        url = f"/admin/commitments/commitment/{commitment.pk}/history/abc/"
    assert client.get(url).status_code == 404
    real = f"/admin/commitments/commitment/{commitment.pk}/history/"
    assert client.get(real).status_code == 200
    assert Commitment.objects.count() == 1
