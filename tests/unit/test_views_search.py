"""Search and filters of the commitment list."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.html import escape

from commitments import selectors
from commitments.models import Agreement, Commitment, Institution, Party
from commitments.services.commitments import commitment_update
from commitments.services.milestones import milestones_generate
from commitments.services.sweeps import milestone_statuses_flag
from tests.factories import AgreementFactory, CommitmentFactory

UTC = datetime.UTC


@pytest.fixture
def as_viewer(client, seeded, system, officer):
    milestones_generate(as_of=datetime.datetime(2026, 1, 8, tzinfo=UTC), actor=system)
    milestone_statuses_flag(
        as_of=datetime.datetime(2026, 4, 10, tzinfo=UTC), actor=system
    )
    commitment_update(
        commitment=Commitment.objects.get(reference="jwg-quarterly"),
        actor=system,
        reason="assigned",
        owner=officer,
    )
    officer.groups.add(Group.objects.get(name="Viewer"))
    client.force_login(officer)
    return client


def found(client, **query):
    response = client.get(reverse("commitments:commitment_list"), query)
    assert response.status_code == 200
    return {c.reference for c in response.context["page"].object_list}


def test_everything_without_filters_most_urgent_first(as_viewer):
    response = as_viewer.get(reverse("commitments:commitment_list"))
    rows = list(response.context["page"].object_list)
    assert len(rows) == 12
    assert rows[0].reference == "jwg-quarterly"


def test_free_text_searches_titles_and_quotes(as_viewer):
    assert found(as_viewer, q="NCCIA") == {"cybercrime-nccia"}
    # "sister cities" is in the quote, not in this commitment's title.
    assert "sister-cities-skills-strategy" in found(as_viewer, q="formulate strategy")


def test_filter_by_agreement_kind_and_status(as_viewer):
    visit = Agreement.objects.get(reference="pk-cn-bpc-visit-2026")
    assert found(as_viewer, agreement=visit.pk) == {
        "npa-bpc-agreement",
        "asp-training-bpc",
    }
    assert found(as_viewer, kind="review") == {"ministerial-review-annual"}
    assert found(as_viewer, status="overdue") == {"jwg-quarterly"}


def test_filter_by_side_and_lead_institution(as_viewer):
    only_pakistan = found(as_viewer, party=Party.objects.get(code="PK").pk) - found(
        as_viewer, party=Party.objects.get(code="CN").pk
    )
    assert only_pakistan == {
        "islamabad-protection-unit",
        "global-security-cooperation-forum",
    }
    npa = Institution.objects.get(acronym="NPA")
    assert found(as_viewer, institution=npa.pk) == {
        "npa-bpc-agreement",
        "asp-training-bpc",
    }


def test_filter_by_owner_and_by_nobody(as_viewer, officer):
    assert found(as_viewer, owner=officer.pk) == {"jwg-quarterly"}
    assert "jwg-quarterly" not in found(as_viewer, owner="null")
    assert len(found(as_viewer, owner="null")) == 11


def test_filter_by_due_range_counts_milestones_and_one_off_dates(as_viewer):
    assert found(as_viewer, due_after="2026-09-01", due_before="2026-09-30") == {
        "global-security-cooperation-forum"
    }
    assert found(as_viewer, due_after="2026-07-01", due_before="2026-07-31") == {
        "jwg-quarterly"
    }
    assert found(as_viewer, due_after="2026-12-01") == {
        "jwg-quarterly",
        "ministerial-review-annual",
    }


def test_filters_combine_and_a_commitment_is_listed_once(as_viewer):
    # JWG has two sides and several milestones in range: one row.
    response = as_viewer.get(
        reverse("commitments:commitment_list"),
        {
            "q": "Joint Working Group",
            "due_after": "2026-01-01",
            "party": Party.objects.get(code="CN").pk,
        },
    )
    rows = [c.reference for c in response.context["page"].object_list]
    assert rows == ["jwg-quarterly"]


def test_a_bad_filter_value_is_shown_not_crashed_on(as_viewer):
    response = as_viewer.get(
        reverse("commitments:commitment_list"), {"due_after": "soon", "kind": "x"}
    )
    assert response.status_code == 200
    assert response.context["filter"].errors


def test_search_text_is_escaped_when_shown_again(as_viewer):
    response = as_viewer.get(
        reverse("commitments:commitment_list"), {"q": '"><script>x</script>'}
    )
    html = response.content.decode()
    assert "<script>x</script>" not in html
    assert "&quot;&gt;&lt;script&gt;x&lt;/script&gt;" in html


def listed_pages(client, *pages, **query):
    url = reverse("commitments:commitment_list")
    return [
        [
            c.reference
            for c in client.get(url, {**query, "page": page})
            .context["page"]
            .object_list
        ]
        for page in pages
    ]


def test_pages_split_the_list_without_overlap_in_a_stable_order(as_viewer):
    # 60 commitments alike in status, next due date (none) and title: only
    # their ids order them, and each shows on exactly one page.
    talks = Agreement.objects.get(reference="pk-cn-interior-talks-2026")
    CommitmentFactory.create_batch(60, agreement=talks, title="Same", status="done")
    first, second = listed_pages(as_viewer, 1, 2, status="done")
    assert (len(first), len(second)) == (50, 10)
    assert set(first).isdisjoint(second)
    everything = Commitment.objects.filter(status="done").values_list(
        "reference", flat=True
    )
    assert set(first) | set(second) == set(everything)
    assert first + second == sorted(
        first + second, key=lambda ref: Commitment.objects.get(reference=ref).pk
    )
    assert listed_pages(as_viewer, 2, status="done") == [second]


def test_a_page_past_the_end_shows_the_last_page(as_viewer):
    talks = Agreement.objects.get(reference="pk-cn-interior-talks-2026")
    CommitmentFactory.create_batch(60, agreement=talks, title="Same", status="done")
    response = as_viewer.get(
        reverse("commitments:commitment_list"), {"status": "done", "page": 7}
    )
    assert response.status_code == 200
    assert response.context["page"].number == 2
    html = response.content.decode()
    assert "Page 2 of 2" in html
    assert 'href="?status=done&amp;page=1"' in html


def test_the_list_shows_the_next_open_due_date(as_viewer):
    response = as_viewer.get(reverse("commitments:commitment_list"), {"q": "JWG"})
    jwg = next(
        c
        for c in response.context["page"].object_list
        if c.reference == "jwg-quarterly"
    )
    assert jwg.next_due == datetime.date(2026, 4, 7)
    assert "2026-04-07" in response.content.decode()


def test_pages_list_the_same_rows_in_the_same_order_as_one_ordered_query(as_viewer):
    # The page's ids are sorted on their own, then its rows read by id
    # (issue 11): every page must still be the slice of the one ordered list.
    talks = Agreement.objects.get(reference="pk-cn-interior-talks-2026")
    for status in ("overdue", "planned", "done"):
        CommitmentFactory.create_batch(25, agreement=talks, status=status)
    ordered = list(
        selectors.commitment_search_rows().values_list("reference", flat=True)
    )
    assert len(ordered) > 50
    listed = listed_pages(as_viewer, 1, 2)
    assert listed[0] + listed[1] == ordered
    response = as_viewer.get(reverse("commitments:commitment_list"))
    assert response.context["page"].paginator.count == len(ordered)
    overdue = list(
        selectors.commitment_search_rows()
        .filter(status="overdue")
        .values_list("reference", flat=True)
    )
    assert listed_pages(as_viewer, 1, status="overdue") == [overdue]


def test_the_agreement_dropdown_lists_every_agreement_and_keeps_the_choice(
    as_viewer,
):
    visit = Agreement.objects.get(reference="pk-cn-bpc-visit-2026")
    odd = AgreementFactory(title='Q&A <"side"> talks')
    url = reverse("commitments:commitment_list")
    html = as_viewer.get(url).content.decode()
    assert '<option value="" selected>Any agreement</option>' in html
    for agreement in Agreement.objects.all():
        assert f'<option value="{agreement.pk}">' in html
    assert "Q&amp;A &lt;&quot;side&quot;&gt; talks" in html
    assert f'<option value="{odd.pk}">' in html
    chosen = as_viewer.get(url, {"agreement": visit.pk}).content.decode()
    assert (
        f'<option value="{visit.pk}" selected>{escape(visit.title)}</option>' in chosen
    )
    assert '<option value="">Any agreement</option>' in chosen
    assert found(as_viewer, agreement=odd.pk) == set()
