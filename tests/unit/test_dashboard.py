"""The manager dashboard: who may see it, what it counts, and that every figure
opens a list counting the same rows."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from commitments.models import Agreement, Commitment, Milestone, Party
from commitments.permissions import MANAGER, POLICY_OFFICER
from commitments.selectors import cadence_compliance
from commitments.services.commitments import commitment_update
from commitments.services.followups import followup_log, milestone_complete
from commitments.services.milestones import milestones_generate
from commitments.services.sweeps import milestone_statuses_flag
from reporting import selectors
from reporting.scope import Scope
from tests.desks import oversight
from tests.factories import UserFactory

UTC = datetime.UTC
# Friday 10 July 2026, 11:00 in Islamabad.
NOW = datetime.datetime(2026, 7, 10, 6, 0, tzinfo=UTC)
JWG = "jwg-quarterly"
TALKS = "pk-cn-interior-talks-2026"


@pytest.fixture(autouse=True)
def _empty_cache():
    # The trend caches settled weeks; each test starts from its own history.
    cache.clear()
    yield
    cache.clear()


def at(moment: datetime.datetime):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def manager(db):
    user = UserFactory(username="mgr", first_name="S.", last_name="Rao")
    user.groups.add(Group.objects.get(name=MANAGER))
    oversight(user)  # the figures of every desk: these tests are not about scope
    return user


@pytest.fixture
def portfolio(seeded, system, manager):
    """The seed lived through half a year: milestones generated in January, the
    sweep flagging the first JWG meeting late in April, the meeting logged as
    held (late) on 22 April, the second one late by 10 July."""
    with at(datetime.datetime(2026, 1, 8, tzinfo=UTC)):
        milestones_generate(as_of=timezone.now(), actor=system)
    with at(datetime.datetime(2026, 4, 10, tzinfo=UTC)):
        milestone_statuses_flag(as_of=timezone.now(), actor=system)
    jwg = Commitment.objects.get(reference=JWG)
    commitment_update(commitment=jwg, actor=system, reason="assigned", owner=manager)
    with at(datetime.datetime(2026, 4, 22, 9, tzinfo=UTC)):
        milestone_complete(
            commitment=jwg,
            actor=manager,
            happened_on=datetime.date(2026, 4, 9),
            milestone=jwg.milestones.order_by("due_date").first(),
            note="JWG meeting held in Islamabad, minutes attached",
        )
    with at(NOW):
        milestone_statuses_flag(as_of=timezone.now(), actor=system)
        followup_log(
            commitment=jwg,
            actor=manager,
            happened_on=datetime.date(2026, 7, 9),
            note="Chinese side proposed 20 July; awaiting the MPS letter",
            milestone=jwg.milestones.order_by("due_date")[1],
        )
    return {"manager": manager, "jwg": jwg}


@pytest.fixture
def now():
    with at(NOW):
        yield NOW


def dashboard(client, query: str = ""):
    response = client.get(reverse("reporting:dashboard") + query)
    assert response.status_code == 200
    return response


def test_anonymous_people_are_sent_to_log_in(client, db):
    response = client.get(reverse("reporting:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_policy_officer_without_the_dashboard_permission_gets_403(
    client, seeded, officer
):
    officer.groups.add(Group.objects.get(name=POLICY_OFFICER))
    client.force_login(officer)
    assert client.get(reverse("reporting:dashboard")).status_code == 403


def test_the_nav_links_to_the_dashboard_only_for_those_who_may_see_it(
    client, seeded, officer, manager
):
    officer.groups.add(Group.objects.get(name=POLICY_OFFICER))
    client.force_login(officer)
    home = client.get(reverse("commitments:home")).content.decode()
    assert reverse("reporting:dashboard") not in home
    client.force_login(manager)
    home = client.get(reverse("commitments:home")).content.decode()
    assert f'href="{reverse("reporting:dashboard")}"' in home


def test_headline_figures_on_the_lived_in_seed(client, portfolio, now):
    client.force_login(portfolio["manager"])
    context = dashboard(client).context
    by_status = {figure.status: figure.value for figure in context["by_status"]}
    assert context["status_total"].value == 12
    assert by_status["overdue"] == 1  # JWG: its second meeting is late
    assert by_status["planned"] == 11
    # The second JWG meeting (7 July) is 3 days late; nothing older.
    assert [f.value for f in context["overdue_ages"]] == [1, 0, 0, 0]
    # Next 90 days: the forum (30 September) and the third JWG (7 October).
    assert (context["due_30"].value, context["due_90"].value) == (0, 2)
    # Due so far: both JWG meetings; the first was held two days late.
    assert (context["on_time"].value, context["due_so_far"].value) == (0, 2)
    cadence = context["cadence"]
    assert (cadence.held, cadence.due) == (0, 2)
    assert [row["commitment"].reference for row in context["cadence_rows"]] == [JWG]
    late = context["late"]
    assert [m.commitment.reference for m in late] == [JWG]
    assert late[0].last_note.startswith("Chinese side proposed 20 July")
    assert sum(week.value for week in context["calendar"]) == 2


def test_cadence_compliance_matches_the_commitment_page(portfolio, now):
    cadence = selectors.dashboard_timeliness(Scope(), now=NOW).cadence
    held, due = cadence_compliance(commitment=portfolio["jwg"], as_of=NOW)
    row = cadence.rows[0]
    assert (row.held_on_time, row.due_so_far) == (held, due) == (0, 2)


def all_figures(context) -> list:
    found = [
        context["status_total"],
        *context["by_status"],
        context["due_30"],
        context["due_90"],
        *context["overdue_ages"],
        context["overdue_total"],
        context["due_so_far"],
        context["on_time"],
        *context["calendar"],
    ]
    for table in ("by_agreement", "by_party", "by_institution", "by_owner"):
        for row in context[table]:
            found += [row["total"], *row["cells"]]
    return found


def list_count(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"].paginator.count


@pytest.mark.parametrize(
    "query", ["", "?party=PK", "?due_after=2026-04-01&due_before=2026-09-30"]
)
def test_every_figure_opens_a_list_that_counts_the_same_rows(
    client, portfolio, now, query
):
    if "PK" in query:
        query = f"?party={Party.objects.get(code='PK').pk}"
    client.force_login(portfolio["manager"])
    context = dashboard(client, query).context
    figures = {figure.url: figure.value for figure in all_figures(context)}
    cadence = context["cadence"]
    figures[context["cadence_held_url"]] = cadence.held
    figures[context["cadence_due_url"]] = cadence.due
    assert len(figures) > 40
    checked = {url: list_count(client, url) for url in figures}
    assert checked == figures


def test_figures_link_to_the_commitments_list_with_the_filters_on_screen(
    client, portfolio, now
):
    agreement = Agreement.objects.get(reference=TALKS)
    client.force_login(portfolio["manager"])
    context = dashboard(client, f"?agreement={agreement.pk}").context
    overdue = next(f for f in context["by_status"] if f.status == "overdue")
    assert overdue.url.startswith(reverse("commitments:commitment_list"))
    assert f"agreement={agreement.pk}" in overdue.url
    assert "status=overdue" in overdue.url
    assert [row["name"] for row in context["by_agreement"]] == [agreement.title]
    html = dashboard(client, f"?agreement={agreement.pk}").content.decode()
    assert 'class="chart"' in html  # the SVG charts are inline, no CDN
    assert "<script src=" not in html.replace(
        '<script src="/static/commitments/tracker.js"', ""
    )


def test_the_trend_reads_each_week_from_the_history(portfolio, now):
    points = selectors.trend_points(
        now=NOW, zone=timezone.get_current_timezone(), weeks=12
    )
    # Week ends are the Mondays 00:00 in Islamabad, the last this week's.
    assert points[-1] == datetime.datetime(
        2026, 7, 6, tzinfo=timezone.get_current_timezone()
    )
    assert len(points) == 12
    trend = {
        p.at.date(): p
        for p in selectors.dashboard_trend(Scope(), points=points, now=NOW)
    }
    april_20, april_27 = datetime.date(2026, 4, 20), datetime.date(2026, 4, 27)
    # Flagged overdue on 10 April, logged as held on 22 April.
    assert (trend[april_20].overdue, trend[april_20].done) == (1, 0)
    assert (trend[april_27].overdue, trend[april_27].done) == (0, 1)
    # JWG's four meetings and the review were planned; one JWG was held.
    assert trend[april_27].open == 5
    # The second JWG meeting went overdue only on 10 July, after the last point.
    assert trend[datetime.date(2026, 7, 6)].overdue == 0


def test_the_trend_of_settled_weeks_is_cached(client, portfolio, now):
    client.force_login(portfolio["manager"])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        dashboard(client)
    with CaptureQueriesContext(connection) as second:
        dashboard(client)
    history = Milestone.history.model._meta.db_table
    assert any(history in q["sql"] for q in first.captured_queries)
    assert not any(history in q["sql"] for q in second.captured_queries)
    assert len(second) < len(first)


def test_an_invalid_date_range_is_said_and_filters_nothing(client, portfolio, now):
    client.force_login(portfolio["manager"])
    response = dashboard(client, "?due_after=2026-09-01&due_before=2026-01-01")
    assert "The range ends before it starts." in response.content.decode()
    assert response.context["status_total"].value == 12


# Names for grown rows, so that a screenshot reads like the real thing.
PEOPLE = [
    ("Ayesha", "Malik"),
    ("Bilal", "Ahmed"),
    ("Farah", "Hussain"),
    ("Imran", "Qureshi"),
    ("Sana", "Iqbal"),
    ("Tariq", "Butt"),
    ("Zara", "Sheikh"),
    ("Omar", "Siddiqui"),
]
AGREEMENTS = [
    "MoU on police training and exchanges",
    "Joint statement on counter-terrorism cooperation",
    "Agreement on cybercrime investigation support",
    "MoU on safe city technology",
    "Protocol on narcotics control",
    "Joint statement on border management",
    "MoU on forensic science cooperation",
]
MEETINGS = [
    "Monthly liaison meeting",
    "Monthly progress report",
    "Monthly joint review",
]


SUBJECTS = [
    "police training",
    "counter-terrorism",
    "cybercrime",
    "safe city",
    "narcotics",
    "border management",
    "forensics",
]


def grow(
    count: int,
    system,
    *,
    swept_at: datetime.datetime = datetime.datetime(2026, 5, 3, tzinfo=UTC),
) -> None:
    """Add `count` agreements, each with three commitments (owned, both sides
    with their leads, monthly milestones), follow-ups and history rows."""
    from commitments.models import Institution
    from commitments.services.agreements import agreement_create
    from commitments.services.commitments import (
        ObligationSpec,
        QuoteSpec,
        commitment_create,
    )
    from tests.factories import SourceDocumentFactory

    parties = list(Party.objects.order_by("code"))
    leads = {p.pk: Institution.objects.filter(party=p).first() for p in parties}
    start = Agreement.objects.count()
    for n in range(start, start + count):
        first, last = PEOPLE[n % len(PEOPLE)]
        owner = UserFactory(
            username=f"grown-owner-{n}", first_name=first, last_name=last
        )
        owner.groups.add(Group.objects.get(name=POLICY_OFFICER))
        source = SourceDocumentFactory()
        with at(datetime.datetime(2026, 1, 10, tzinfo=UTC)):
            agreement = agreement_create(
                reference=f"grown-{n}",
                title=AGREEMENTS[n % len(AGREEMENTS)] + f" ({n})" * (n >= 7),
                kind="mou",
                parties=parties,
                actor=system,
                reason="grown",
                date=datetime.date(2026, 1, 9),
            )
            for k in range(3):
                created = commitment_create(
                    agreement=agreement,
                    reference=f"grown-{n}-{k}",
                    title=f"{MEETINGS[k]} on {SUBJECTS[n % len(SUBJECTS)]}",
                    kind="recurring_meeting",
                    obligations=[ObligationSpec(p, leads[p.pk]) for p in parties],
                    quotes=[QuoteSpec(source, source.text[k : k + 9], k, k + 9)],
                    actor=system,
                    reason="grown",
                    owner=owner,
                    cadence_rrule="FREQ=MONTHLY",
                    cadence_start=datetime.date(2026, 2, 2),
                )
                milestones_generate(
                    as_of=timezone.now(), actor=system, commitment_ids=[created.pk]
                )
        with at(swept_at):
            milestone_statuses_flag(as_of=timezone.now(), actor=system)
            first = created.milestones.order_by("due_date").first()
            milestone_complete(
                commitment=created,
                actor=owner,
                happened_on=timezone.localdate() - datetime.timedelta(days=1),
                milestone=first,
                note="held",
            )


def test_the_dashboard_makes_as_many_queries_with_many_rows_as_with_few(
    client, portfolio, system, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(portfolio["manager"])
    grow(1, system)
    pakistan = Party.objects.get(code="PK")
    queries = ["", f"?party={pakistan.pk}&due_after=2026-03-01"]
    with at(NOW):
        few = {}
        for query in queries:
            cache.clear()
            with CaptureQueriesContext(connection) as captured:
                dashboard(client, query)
            few[query] = len(captured)
    grow(6, system)
    assert Milestone.objects.count() > 150
    with at(NOW):
        for query in queries:
            cache.clear()
            with django_assert_max_num_queries(few[query]):
                response = dashboard(client, query)
        assert len(response.context["by_agreement"]) >= 5
    # Cold: session, user, permissions, the form's choices, the aggregates
    # and the trend's pass over the history (with the read and the write of
    # the stored weeks), and the viewer's scope (access/scope.py: is it a
    # counterpart?); cached, only the first few.
    # + the bell's unread count and the unassigned count (issue 18)
    assert few[""] <= 34


def test_the_agreement_dropdown_lists_every_agreement_and_keeps_the_choice(
    client, portfolio, now
):
    from commitments.models import Agreement

    client.force_login(portfolio["manager"])
    chosen = Agreement.objects.order_by("pk").first()
    html = dashboard(client, f"?agreement={chosen.pk}").content.decode()
    assert f'<option value="{chosen.pk}" selected>' in html
    for agreement in Agreement.objects.all():
        assert f'<option value="{agreement.pk}"' in html
