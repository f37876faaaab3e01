"""Every page runs as many queries with many rows as with few."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.models import Agreement, Commitment, Milestone, Party, SourceDocument
from commitments.services.commitments import (
    ObligationSpec,
    QuoteSpec,
    commitment_create,
    commitment_update,
)
from commitments.services.followups import followup_log
from commitments.services.milestones import milestone_add, milestones_generate
from tests.factories import SourceDocumentFactory, UserFactory

UTC = datetime.UTC
JWG = "jwg-quarterly"
TALKS = "pk-cn-interior-talks-2026"
SMALL, LARGE = 2, 12
# The most queries each page may make (the figures are in docs/workspace.md).
# Scoping (issue 14) added a fixed number to each: one look-up of the
# counterpart account, and on the commitments list one more for the ids of
# the agreements whose options the dropdown shows (its cache key).
LIMITS = {
    "home": 13,  # + the bell's unread count (issue 18; then cached per person),
    # + the ids of the agreements one sees (the sections' cache key)
    "agreement_list": 9,  # + the count for paging
    "agreement_detail": 11,
    "commitment_list": 16,  # + the search parsed and counted (a broad search
    # walks the list index), + the lead institutions when not cached
    "commitment_detail": 16,  # + which sides a counterpart follows (joint)
    "commitment_edit": 10,
    "followup_create": 9,
    "milestone_edit": 8,
    "source_list": 8,
    "source_detail": 9,
}


@pytest.fixture
def world(seeded, system, desk_of_everything):
    milestones_generate(as_of=datetime.datetime(2026, 1, 8, tzinfo=UTC), actor=system)
    manager = desk_of_everything.add(
        UserFactory(username="mgr", first_name="S.", last_name="Rao")
    )
    manager.groups.add(Group.objects.get(name="Manager"))
    commitment_update(
        commitment=Commitment.objects.get(reference=JWG),
        actor=system,
        reason="assigned",
        owner=manager,
    )
    return {"manager": manager, "grown": 0}


def grow(world, count):
    """Add `count` of everything a page lists: commitments (half of them owned,
    each with a quote, two sides and monthly milestones), follow-ups, history
    rows and extra milestones on JWG, and sources."""
    manager = world["manager"]
    talks = Agreement.objects.get(reference=TALKS)
    source = talks.sources.order_by("pk").first()
    sides = [ObligationSpec(party) for party in Party.objects.all()]
    jwg = Commitment.objects.get(reference=JWG)
    authors = [
        UserFactory(username=f"author{world['grown'] + n}") for n in range(count)
    ]
    officers = Group.objects.get(name="Policy officer")
    officers.user_set.add(*authors)
    for n in range(world["grown"], world["grown"] + count):
        created = commitment_create(
            agreement=talks,
            reference=f"grown-{n}",
            title=f"Grown commitment {n}",
            kind="recurring_meeting",
            obligations=sides,
            quotes=[QuoteSpec(source, source.text[n : n + 5], n, n + 5)],
            actor=manager,
            reason="grown",
            owner=manager if n % 2 else None,
            cadence_rrule="FREQ=MONTHLY",
            cadence_start=datetime.date(2026, 2, 2),
        )
        milestones_generate(
            as_of=datetime.datetime(2026, 1, 8, tzinfo=UTC),
            actor=manager,
            commitment_ids=[created.pk],
        )
        milestone_add(
            commitment=jwg,
            due_date=datetime.date(2026, 5, 4) + datetime.timedelta(weeks=n),
            actor=manager,
            reason="extra",
            title=f"Extra {n}",
        )
        followup_log(
            commitment=jwg,
            actor=authors[n - world["grown"]],
            happened_on=datetime.date(2026, 1, 20),
            note=f"Follow-up {n}",
            milestone=jwg.milestones.first(),
        )
        commitment_update(
            commitment=jwg, actor=manager, reason=f"edit {n}", description=f"v{n}"
        )
        talks.sources.add(SourceDocumentFactory())
    world["grown"] += count


def urls():
    milestone = Milestone.objects.filter(commitment__reference=JWG).first()
    source = SourceDocument.objects.order_by("pk").first()
    return {
        "home": reverse("commitments:home"),
        "agreement_list": reverse("commitments:agreement_list"),
        "agreement_detail": reverse("commitments:agreement_detail", args=[TALKS]),
        "commitment_list": reverse("commitments:commitment_list")
        + "?q=commitment&due_after=2026-01-01",
        "commitment_detail": reverse("commitments:commitment_detail", args=[JWG]),
        "commitment_edit": reverse("commitments:commitment_edit", args=[JWG]),
        "followup_create": reverse("commitments:followup_create", args=[JWG]),
        "milestone_edit": reverse("commitments:milestone_edit", args=[milestone.pk]),
        "source_list": reverse("commitments:source_list"),
        "source_detail": reverse("commitments:source_detail", args=[source.pk]),
    }


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_page_queries_do_not_grow_with_rows(
    client, world, django_assert_max_num_queries
):
    client.force_login(world["manager"])
    grow(world, SMALL)
    few = {name: queries(client, url) for name, url in urls().items()}
    grow(world, LARGE - SMALL)
    for name, url in urls().items():
        with django_assert_max_num_queries(few[name]):
            client.get(url)
        assert few[name] <= LIMITS[name], (name, few[name])
    # Make sure the large size really shows more rows.
    response = client.get(urls()["commitment_detail"])
    assert len(response.context["commitment"].followups.all()) == LARGE
    assert len(list(client.get(urls()["home"]).context["commitments"])) > LARGE // 2
