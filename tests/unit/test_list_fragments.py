"""The lists' rows kept in the shared cache (core/fragments.py): served again
without the row queries, never stale after a committed write, never shown to
someone who sees other agreements."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from access.models import Desk, DeskAgreement, DeskMembership
from commitments.permissions import MANAGER, POLICY_OFFICER
from commitments.services.commitments import commitment_update
from tests.factories import AgreementFactory, CommitmentFactory, UserFactory

pytestmark = pytest.mark.usefixtures("cache_on")


@pytest.fixture
def cache_on():
    with override_settings(TRACKER_LIST_CACHE_SECONDS=120):
        yield


def person_on_desk(role: str, *agreements):
    desk = Desk.objects.create(name=f"Desk {Desk.objects.count() + 1}")
    for agreement in agreements:
        DeskAgreement.objects.create(desk=desk, agreement=agreement)
    user = UserFactory()
    user.groups.add(Group.objects.get(name=role))
    DeskMembership.objects.create(desk=desk, user=user)
    return user


def titles(response) -> str:
    return response.content.decode()


def table(response) -> str:
    page = titles(response)
    return page[page.index('<table class="grid">') : page.index("</table>")]


def test_the_same_list_again_is_served_without_its_row_queries(client, db):
    agreement = AgreementFactory()
    for n in range(3):
        CommitmentFactory(agreement=agreement, title=f"Maritime patrol {n}")
    client.force_login(person_on_desk(POLICY_OFFICER, agreement))
    url = reverse("commitments:commitment_list")

    with CaptureQueriesContext(connection) as first:
        first_page = client.get(url)
    with CaptureQueriesContext(connection) as again:
        second_page = client.get(url)

    assert "Maritime patrol 2" in titles(second_page)
    assert table(first_page) == table(second_page)
    row_queries = [q for q in again if "commitments_obligation" in q["sql"]]
    assert row_queries == []
    assert len(again) < len(first)


def test_a_committed_change_shows_at_once(
    client, db, django_capture_on_commit_callbacks
):
    agreement = AgreementFactory()
    commitment = CommitmentFactory(agreement=agreement, title="Old title")
    officer = person_on_desk(POLICY_OFFICER, agreement)
    client.force_login(officer)
    url = reverse("commitments:commitment_list")
    assert "Old title" in titles(client.get(url))

    with django_capture_on_commit_callbacks(execute=True):
        commitment_update(
            commitment=commitment, actor=officer, reason="renamed", title="New title"
        )

    page = titles(client.get(url))
    assert "New title" in page
    assert "Old title" not in page


def test_cached_rows_never_reach_someone_who_sees_other_agreements(client, db):
    ours, theirs = AgreementFactory(), AgreementFactory()
    CommitmentFactory(agreement=ours, title="Our patrols")
    CommitmentFactory(agreement=theirs, title="Their secret talks")
    url = reverse("commitments:commitment_list")

    client.force_login(person_on_desk(POLICY_OFFICER, theirs))
    assert "Their secret talks" in titles(client.get(url))
    client.force_login(person_on_desk(POLICY_OFFICER, ours))
    page = titles(client.get(url))

    assert "Our patrols" in page
    assert "Their secret talks" not in page


def test_my_work_follows_an_assignment_and_is_each_persons_own(
    client, db, django_capture_on_commit_callbacks
):
    agreement = AgreementFactory()
    commitment = CommitmentFactory(agreement=agreement, title="Sign the MoU")
    manager = person_on_desk(MANAGER, agreement)
    officer = person_on_desk(POLICY_OFFICER, agreement)
    client.force_login(officer)
    home = reverse("commitments:home")
    assert "Sign the MoU" not in titles(client.get(home))

    with django_capture_on_commit_callbacks(execute=True):
        commitment_update(
            commitment=commitment, actor=manager, reason="assigned", owner=officer
        )

    assert "Sign the MoU" in titles(client.get(home))
    # Another officer's My work is not the first one's, though nothing changed.
    client.force_login(person_on_desk(POLICY_OFFICER, agreement))
    assert "Sign the MoU" not in titles(client.get(home))


def test_a_briefing_pdf_is_drawn_once_and_again_after_a_committed_change(
    client, db, django_capture_on_commit_callbacks, monkeypatch
):
    from reporting import views as reporting_views

    agreement = AgreementFactory(title="Maritime talks")
    commitment = CommitmentFactory(agreement=agreement, title="Old title")
    manager = person_on_desk(MANAGER, agreement)
    client.force_login(manager)
    drawn = []
    real = reporting_views.briefing.briefing_pdf

    def counting(briefing):
        drawn.append(briefing)
        return real(briefing)

    monkeypatch.setattr(reporting_views.briefing, "briefing_pdf", counting)
    url = reverse("reporting:briefing_agreement_pdf", args=[agreement.reference])

    first, again = client.get(url), client.get(url)
    assert first.content == again.content
    assert len(drawn) == 1

    with django_capture_on_commit_callbacks(execute=True):
        commitment_update(
            commitment=commitment, actor=manager, reason="renamed", title="New title"
        )
    client.get(url)
    assert len(drawn) == 2
    # Another person (their own scope and follow-ups) gets their own drawing.
    client.force_login(person_on_desk(MANAGER, agreement))
    client.get(url)
    assert len(drawn) == 3
