"""The accept and merge pages (and the API's accept) for a text on two
countries the directory lacks: nothing needs the admin, and bad input keeps
what was typed."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from commitments.models import Agreement, Commitment, Party
from extraction.models import Candidate, CandidateStatus
from extraction.services.ingest import document_ingest
from extraction.services.review import NEW_PARTY_PREFIX
from tests.factories import UserFactory
from tests.norway_chile import ARTICLE, MEETINGS, PUBLISHED, TITLE


@pytest.fixture
def officer_in(client, seeded, desk_of_everything):
    user = desk_of_everything.add(UserFactory(username="officer"))
    user.groups.add(Group.objects.get(name="Policy officer"))
    client.force_login(user)
    return user


@pytest.fixture
def meetings(officer_in):
    document = document_ingest(
        title=TITLE, text=ARTICLE, published_on=PUBLISHED, actor=officer_in
    ).document
    return Candidate.objects.get(source=document, quote__startswith=MEETINGS)


def form_post(meetings, **overrides):
    data = {
        "agreement": "",
        "new_agreement_title": "Norway–Chile police cooperation",
        "new_agreement_kind": "joint_statement",
        "new_agreement_date": "2026-03-03",
        "new_agreement_parties": [
            f"{NEW_PARTY_PREFIX}Norway",
            f"{NEW_PARTY_PREFIX}Chile",
        ],
        "reference": "no-cl-jwg",
        "title": "Biannual joint working group meetings",
        "kind": "recurring_meeting",
        "parties": [f"{NEW_PARTY_PREFIX}Norway", f"{NEW_PARTY_PREFIX}Chile"],
        "cadence": "FREQ=MONTHLY;INTERVAL=6",
        "cadence_phrase": "biannual",
        "cadence_start": "2026-09-03",
        "due_precision": "unknown",
        "reason": "from the Oslo article",
    }
    data.update(overrides)
    return data


def test_the_accept_page_proposes_a_new_agreement_and_the_missing_sides(
    client, meetings
):
    response = client.get(reverse("extraction:accept", args=[meetings.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["agreement"] is None
    assert form.initial["new_agreement_title"] == TITLE
    assert form.initial["parties"] == [
        f"{NEW_PARTY_PREFIX}Norway",
        f"{NEW_PARTY_PREFIX}Chile",
    ]
    page = response.content.decode()
    assert "Norway (new: NO)" in page
    assert "Chile (new: CL)" in page


def test_accepting_on_the_page_creates_everything_and_shows_the_commitment(
    client, meetings, officer_in
):
    response = client.post(
        reverse("extraction:accept", args=[meetings.pk]), form_post(meetings)
    )
    commitment = Commitment.objects.get(reference="no-cl-jwg")
    assert response.status_code == 302
    assert response.url == reverse(
        "commitments:commitment_detail", args=[commitment.reference]
    )
    assert commitment.owner == officer_in
    assert commitment.milestones.exists()
    assert {p.iso_code for p in commitment.agreement.parties.all()} == {"NO", "CL"}
    shown = client.get(response.url)
    assert shown.status_code == 200


def test_an_unknown_country_is_an_error_next_to_the_field_and_keeps_the_input(
    client, meetings
):
    response = client.post(
        reverse("extraction:accept", args=[meetings.pk]),
        form_post(meetings, new_parties="Narnia", title="My own title"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "not a country ISO 3166 knows" in str(form.errors["new_parties"])
    page = response.content.decode()
    assert 'value="My own title"' in page
    assert 'value="Narnia"' in page
    assert not Agreement.objects.filter(title__startswith="Norway").exists()
    assert not Party.objects.filter(iso_code="NO").exists()
    assert Candidate.objects.get(pk=meetings.pk).status == CandidateStatus.PROPOSED


def test_neither_an_agreement_nor_a_new_title_is_an_error(client, meetings):
    response = client.post(
        reverse("extraction:accept", args=[meetings.pk]),
        form_post(meetings, new_agreement_title=""),
    )
    assert response.status_code == 200
    assert "new_agreement_title" in response.context["form"].errors


def test_an_owner_off_the_reviewers_desks_is_not_offered(client, meetings):
    outsider = UserFactory(username="outsider")
    outsider.groups.add(Group.objects.get(name="Policy officer"))
    response = client.post(
        reverse("extraction:accept", args=[meetings.pk]),
        form_post(meetings, owner=outsider.pk),
    )
    assert response.status_code == 200
    assert "owner" in response.context["form"].errors
    assert not Commitment.objects.filter(reference="no-cl-jwg").exists()


def test_the_merge_page_lists_one_agreements_commitments_and_searches(client, meetings):
    talks = Agreement.objects.get(reference="pk-cn-interior-talks-2026")
    others = Commitment.objects.exclude(agreement=talks)
    url = reverse("extraction:merge", args=[meetings.pk])
    page = client.get(url, {"agreement": talks.pk})
    offered = page.context["offered"]
    assert offered
    assert {c.pk for c in offered} <= set(
        talks.commitments.values_list("pk", flat=True)
    )
    word = offered[0].title.split()[-1]
    searched = client.get(url, {"agreement": talks.pk, "q": word}).context["offered"]
    assert searched
    assert all(word.lower() in (c.title + c.reference).lower() for c in searched)
    if others.exists():
        refused = client.post(
            url, {"agreement": talks.pk, "commitment": others.first().pk}
        )
        assert refused.status_code == 200
        assert "commitment" in refused.context["form"].errors


def test_the_document_page_merge_menu_lists_only_its_agreements_commitments(
    client, meetings
):
    client.post(reverse("extraction:accept", args=[meetings.pk]), form_post(meetings))
    page = client.get(reverse("extraction:document", args=[meetings.source_id]))
    assert [c.reference for c in page.context["merge_choices"]] == ["no-cl-jwg"]


def test_the_api_accepts_with_a_new_agreement_through_the_same_service(
    client, meetings, officer_in
):
    # Fields not sent keep the candidate's proposal (its dates among them).
    sent = form_post(meetings)
    del sent["due_precision"]
    response = client.post(
        f"/api/v1/candidates/{meetings.pk}/accept/",
        sent,
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    commitment = Commitment.objects.get(reference="no-cl-jwg")
    assert commitment.owner == officer_in
    assert commitment.agreement.title == "Norway–Chile police cooperation"
