"""Sources: the text with its quotes, and a new commitment from a selected sentence."""

import datetime
import html as html_module
import re

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse

from commitments.models import Agreement, Commitment, Institution, Party, SourceDocument
from tests.factories import UserFactory

UTC = datetime.UTC
SENTENCE = "He also disclosed that a special protection unit is being set up"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime.datetime(2026, 2, 1, 6, tzinfo=UTC)):
        yield


@pytest.fixture
def as_officer(client, seeded, officer):
    officer.groups.add(Group.objects.get(name="Policy officer"))
    client.force_login(officer)
    return client


@pytest.fixture
def source(seeded):
    return SourceDocument.objects.get(title__startswith="Pakistan to set up")


def test_the_source_page_marks_the_quotes_already_taken(as_officer, source):
    html = as_officer.get(
        reverse("commitments:source_detail", args=[source.pk])
    ).content.decode()
    assert '<mark class="existing" id="quote-' in html
    assert "Naqvi invited Wang Xiaohong to visit Pakistan</mark>" in html
    assert 'id="selection-form"' in html  # officers may create commitments


def test_the_source_text_is_rendered_exactly_so_offsets_match(as_officer, source):
    # The selection script counts characters in the rendered text: it must be
    # the stored text, character for character, once the marks are removed.
    page = as_officer.get(
        reverse("commitments:source_detail", args=[source.pk])
    ).content.decode()
    inner = page.split(f'data-source="{source.pk}">')[1].split("</div>")[0]
    assert html_module.unescape(re.sub(r"<[^>]+>", "", inner)) == source.text


def test_a_viewer_reads_the_source_but_cannot_start_a_commitment(
    client, source, desk_of_everything
):
    viewer = desk_of_everything.add(UserFactory(username="viewer"))
    viewer.groups.add(Group.objects.get(name="Viewer"))
    client.force_login(viewer)
    html = client.get(
        reverse("commitments:source_detail", args=[source.pk])
    ).content.decode()
    assert 'id="selection-form"' not in html


def selection(source, sentence=SENTENCE):
    start = source.text.index(sentence)
    return {"source": source.pk, "start": start, "end": start + len(sentence)}


def test_a_selection_opens_the_form_with_the_quote_in_its_text(as_officer, source):
    response = as_officer.get(
        reverse("commitments:commitment_create"), selection(source)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<mark>{SENTENCE}</mark>" in html
    form = response.context["form"]
    assert form["quote"].value() == SENTENCE
    talks = Agreement.objects.get(reference="pk-cn-interior-talks-2026")
    assert form["agreement"].value() == talks.pk


def test_without_a_selection_the_form_sends_you_to_the_sources(as_officer):
    response = as_officer.get(reverse("commitments:commitment_create"))
    assert response.status_code == 302
    assert response.url == reverse("commitments:source_list")


def test_offsets_that_miss_the_quote_are_corrected_when_it_is_unique(
    as_officer, source
):
    # A browser that counted differently sends offsets two characters off.
    data = selection(source)
    data.update(start=data["start"] + 2, end=data["end"] + 2, quote=SENTENCE)
    response = as_officer.get(reverse("commitments:commitment_create"), data)
    assert response.context["form"]["quote_start"].value() == source.text.index(
        SENTENCE
    )


def create_data(source, **changes):
    start = source.text.index(SENTENCE)
    pk = Party.objects.get(code="PK")
    data = {
        "agreement": Agreement.objects.get(reference="pk-cn-interior-talks-2026").pk,
        "reference": "protection-unit-operational",
        "title": "Protection unit operational",
        "kind": "establishment",
        "parties": [pk.pk],
        "lead_institutions": [
            Institution.objects.get(party=pk, acronym="ICT Police").pk
        ],
        "description": "",
        "cadence": "",
        "cadence_phrase": "",
        "cadence_start": "",
        "cadence_end": "",
        "cadence_count": "",
        "schedule_basis": "plan",
        "due_date": "2026-06-30",
        "due_precision": "month",
        "due_phrase": "",
        "resolution_note": "",
        "duration_days": "",
        "source": source.pk,
        "quote": SENTENCE,
        "quote_start": start,
        "quote_end": start + len(SENTENCE),
        "reason": "",
    }
    data.update(changes)
    return data


def test_creating_keeps_the_quote_and_offsets_as_provenance(
    as_officer, source, officer
):
    response = as_officer.post(
        reverse("commitments:commitment_create"), create_data(source)
    )
    assert response.status_code == 302
    created = Commitment.objects.get(reference="protection-unit-operational")
    provenance = created.provenance.get()
    assert provenance.quote == SENTENCE
    assert source.text[provenance.quote_start : provenance.quote_end] == SENTENCE
    assert created.owner == officer  # an officer owns what they create
    obligation = created.obligations.get()
    assert obligation.lead_institution.acronym == "ICT Police"
    # Its dated milestone exists at once.
    assert list(created.milestones.values_list("due_date", flat=True)) == [
        datetime.date(2026, 6, 30)
    ]
    assert created.history.get().history_change_reason == "created from a source"


def test_a_quote_that_is_not_the_text_at_its_offsets_is_refused(as_officer, source):
    response = as_officer.post(
        reverse("commitments:commitment_create"),
        create_data(
            source,
            quote="He also disclosed that a special protection unit is being set UP",
        ),
    )
    assert response.status_code == 200
    assert "is not the source text" in response.content.decode()
    assert not Commitment.objects.filter(
        reference="protection-unit-operational"
    ).exists()
    # What the person typed is kept.
    assert 'value="Protection unit operational"' in response.content.decode()


def test_a_lead_of_a_side_not_obligated_is_refused(as_officer, source):
    bpc = Institution.objects.get(acronym="BPC")
    response = as_officer.post(
        reverse("commitments:commitment_create"),
        create_data(source, lead_institutions=[bpc.pk]),
    )
    assert response.status_code == 200
    assert (
        "not an obligated side"
        in response.context["form"].errors["lead_institutions"][0]
    )


def test_a_recurring_commitment_from_a_phrase(as_officer, source):
    response = as_officer.post(
        reverse("commitments:commitment_create"),
        create_data(
            source,
            due_date="",
            cadence="every 6 months",
            cadence_phrase="twice a year",
            cadence_start="2026-07-01",
        ),
    )
    assert response.status_code == 302
    created = Commitment.objects.get(reference="protection-unit-operational")
    assert created.cadence_rrule == "FREQ=MONTHLY;INTERVAL=6"
    assert created.due_precision == "unknown"
    assert created.milestones.count() == 2  # 2026-07-01 and 2027-01-01
