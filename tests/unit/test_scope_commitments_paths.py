"""Every page and write path of the commitments and extraction apps against
the one scoping rule (access/scope.py): desk A's user sees A, desk B's user
gets 404 on A and finds no trace of A in any list, search, dropdown or
history; Oversight sees both; a counterpart sees its agreements' commitments
and milestones but no follow-up."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from access.services import (
    counterpart_account_create,
    desk_agreement_add,
    desk_create,
    desk_member_add,
)
from commitments.models import Agreement, Commitment, Provenance
from commitments.services.commitments import commitment_update
from commitments.services.followups import followup_log
from commitments.services.milestones import milestone_add
from extraction.services.imports import rows_import
from tests.factories import (
    AgreementFactory,
    CommitmentFactory,
    PartyFactory,
    SourceDocumentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Alpha secret talks"
SECRET_COMMITMENT = "Alpha hidden pledge"
SECRET_QUOTE = "the alpha side shall share intelligence weekly"
SECRET_NOTE = "Alpha internal note on the negotiation"
B_TITLE = "Bravo open agreement"


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    actor = UserFactory(username="desk-admin")
    china, pakistan = PartyFactory(code="CN"), PartyFactory(code="PK")
    source_a = SourceDocumentFactory(
        title="Alpha source", text=f"Preamble. {SECRET_QUOTE}. End."
    )
    a = AgreementFactory(title=SECRET_TITLE, reference="alpha")
    a.parties.set([china, pakistan])
    a.sources.add(source_a)
    b = AgreementFactory(title=B_TITLE, reference="bravo")
    b.sources.add(SourceDocumentFactory(title="Bravo source"))
    users = {}
    for name, group in (
        ("officer_a", "Policy officer"),
        ("manager_a", "Manager"),
        ("officer_b", "Policy officer"),
        ("manager_b", "Manager"),
        ("oversight", "Oversight"),
        ("counterpart", "Counterpart"),
    ):
        users[name] = UserFactory(username=name)
        users[name].groups.add(Group.objects.get(name=group))
    commitment_a = CommitmentFactory(
        agreement=a,
        title=SECRET_COMMITMENT,
        reference="alpha-pledge",
        owner=users["officer_a"],
    )
    Provenance.objects.create(
        commitment=commitment_a,
        source=source_a,
        quote=SECRET_QUOTE,
        quote_start=10,
        quote_end=10 + len(SECRET_QUOTE),
    )
    milestone_a = milestone_add(
        commitment=commitment_a,
        due_date=datetime.date(2026, 6, 1),
        title="Alpha meeting",
        actor=actor,
        reason="r",
    )
    followup = followup_log(
        commitment=commitment_a,
        actor=users["officer_a"],
        happened_on=datetime.date(2026, 1, 20),
        note=SECRET_NOTE,
        evidence_file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x", "application/pdf"),
    )
    commitment_update(
        commitment=commitment_a, actor=actor, reason="alpha reason", description="x"
    )
    CommitmentFactory(agreement=b, title="Bravo pledge", owner=users["officer_b"])
    desk_a = desk_create(name="Desk A", actor=actor, reason="r")
    desk_b = desk_create(name="Desk B", actor=actor, reason="r")
    desk_agreement_add(desk=desk_a, agreement=a, actor=actor, reason="r")
    desk_agreement_add(desk=desk_b, agreement=b, actor=actor, reason="r")
    for name in ("officer_a", "manager_a"):
        desk_member_add(desk=desk_a, user=users[name], actor=actor, reason="r")
    for name in ("officer_b", "manager_b"):
        desk_member_add(desk=desk_b, user=users[name], actor=actor, reason="r")
    counterpart_account_create(
        user=users["counterpart"], party=china, agreements=[a], actor=actor, reason="r"
    )
    return {
        "users": users,
        "a": a,
        "b": b,
        "commitment": commitment_a,
        "milestone": milestone_a,
        "followup": followup,
        "source": source_a,
    }


def object_urls(world):
    """Pages of desk A's objects (reads and write forms)."""
    ref = world["commitment"].reference
    return [
        reverse("commitments:agreement_detail", args=["alpha"]),
        reverse("commitments:agreement_edit", args=["alpha"]),
        reverse("commitments:commitment_detail", args=[ref]),
        reverse("commitments:commitment_edit", args=[ref]),
        reverse("commitments:followup_create", args=[ref]),
        reverse("commitments:milestone_create", args=[ref]),
        reverse("commitments:milestone_edit", args=[world["milestone"].pk]),
        reverse("commitments:followup_evidence", args=[world["followup"].pk]),
        reverse("commitments:source_detail", args=[world["source"].pk]),
    ]


def list_urls(world):
    return [
        reverse("commitments:home"),
        reverse("commitments:agreement_list"),
        reverse("commitments:commitment_list"),
        reverse("commitments:commitment_list") + "?q=alpha",
        reverse("commitments:source_list"),
        reverse("extraction:queue"),
        reverse("commitments:agreement_create"),
    ]


def body(response) -> str:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode()


def no_trace(text: str) -> None:
    for secret in (SECRET_TITLE, SECRET_COMMITMENT, SECRET_QUOTE, SECRET_NOTE):
        assert secret not in text


def test_desk_a_opens_its_objects_and_sees_its_titles(client, world):
    client.force_login(world["users"]["manager_a"])
    for url in object_urls(world):
        assert client.get(url).status_code == 200, url
    listed = client.get(reverse("commitments:commitment_list")).content.decode()
    assert SECRET_COMMITMENT in listed
    assert SECRET_TITLE in listed  # the dropdown and the rows
    assert B_TITLE not in listed
    assert (
        SECRET_TITLE
        in client.get(reverse("commitments:agreement_list")).content.decode()
    )


def test_desk_b_gets_404_on_a_and_no_trace_of_it_anywhere(client, world):
    client.force_login(world["users"]["manager_b"])
    for url in object_urls(world):
        assert client.get(url).status_code == 404, url
    for url in list_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        no_trace(body(response))
    listed = client.get(reverse("commitments:commitment_list")).content.decode()
    assert B_TITLE in listed


def test_the_dropdown_cache_does_not_carry_a_desk_to_another(client, world):
    url = reverse("commitments:commitment_list")
    client.force_login(world["users"]["manager_a"])
    assert SECRET_TITLE in client.get(url).content.decode()
    client.force_login(world["users"]["manager_b"])
    page = client.get(url).content.decode()
    assert SECRET_TITLE not in page
    assert B_TITLE in page
    # Choosing A's agreement by id is refused like an unknown one.
    chosen = client.get(url, {"agreement": world["a"].pk})
    no_trace(chosen.content.decode())
    assert not list(chosen.context["page"].object_list)


def test_the_owner_filter_names_only_owners_in_scope(client, world):
    client.force_login(world["users"]["manager_b"])
    page = client.get(reverse("commitments:commitment_list")).content.decode()
    assert "officer_b" in page
    assert "officer_a" not in page


def test_writes_on_another_desk_are_404_and_change_nothing(client, world):
    client.force_login(world["users"]["manager_b"])
    ref = world["commitment"].reference
    posts = {
        reverse("commitments:followup_create", args=[ref]): {
            "action": "note",
            "happened_on": "2026-01-21",
            "note": "intrusion",
        },
        reverse("commitments:commitment_edit", args=[ref]): {"title": "taken"},
        reverse("commitments:agreement_edit", args=["alpha"]): {"title": "taken"},
        reverse("commitments:milestone_edit", args=[world["milestone"].pk]): {
            "title": "taken",
            "due_date": "2026-06-02",
            "reason": "r",
        },
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 404, url
    world["commitment"].refresh_from_db()
    assert world["commitment"].title == SECRET_COMMITMENT
    assert world["commitment"].followups.count() == 1


def test_oversight_sees_both_desks(client, world):
    client.force_login(world["users"]["oversight"])
    for url in object_urls(world):
        if "edit" in url or "new" in url:
            continue  # Oversight reads only
        assert client.get(url).status_code == 200, url
    listed = client.get(reverse("commitments:agreement_list")).content.decode()
    assert SECRET_TITLE in listed
    assert B_TITLE in listed


def test_a_counterpart_sees_its_commitments_and_milestones_but_no_follow_up(
    client, world
):
    client.force_login(world["users"]["counterpart"])
    page = client.get(
        reverse("commitments:commitment_detail", args=[world["commitment"].reference])
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert SECRET_COMMITMENT in text
    assert "Alpha meeting" in text
    assert SECRET_NOTE not in text
    assert "alpha reason" not in text  # no history
    assert client.get(
        reverse("commitments:followup_evidence", args=[world["followup"].pk])
    ).status_code in {403, 404}
    response = client.get(reverse("commitments:commitment_list"))
    listed = response.content.decode()
    assert SECRET_COMMITMENT in listed
    assert B_TITLE not in listed
    # No owner names to filter by (hiding them in rows is a later slice).
    assert not response.context["filter"].form.fields["owner"].queryset.exists()
    assert (
        client.get(reverse("commitments:agreement_detail", args=["bravo"])).status_code
        == 404
    )
    assert client.get(reverse("extraction:queue")).status_code == 403


def test_an_import_row_naming_another_desks_agreement_is_refused(world):
    rows = [
        (
            2,
            {
                "agreement_reference": "alpha",
                "reference": "slipped-in",
                "kind": "one_off",
                "obligated_parties": "PK",
            },
        )
    ]
    report = rows_import(
        rows=rows,
        actor=world["users"]["manager_b"],
        dry_run=True,
        reader=world["users"]["manager_b"],
    )
    assert report.errors
    assert "not an agreement of your desks" in report.errors[0].message
    assert not Commitment.objects.filter(reference="slipped-in").exists()


def test_an_agreement_a_desk_member_creates_lands_on_their_desk(client, world):
    client.force_login(world["users"]["manager_b"])
    response = client.post(
        reverse("commitments:agreement_create"),
        {
            "reference": "bravo-two",
            "title": "Bravo two",
            "kind": "mou",
            "parties": [p.pk for p in world["a"].parties.all()],
            "date": "2026-03-02",
            "date_precision": "day",
            "time_zone": "Asia/Karachi",
            "reason": "",
        },
    )
    assert response.status_code == 302
    assert client.get(response.url).status_code == 200
    client.force_login(world["users"]["manager_a"])
    assert (
        client.get(
            reverse("commitments:agreement_detail", args=["bravo-two"])
        ).status_code
        == 404
    )
    assert Agreement.objects.filter(reference="bravo-two").exists()
