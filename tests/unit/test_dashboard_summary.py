"""The dashboard's summary (the tallies of migration reporting 0006) equals a
count from scratch after every kind of write, and the dashboard reads the
same figures from it as from the domain tables.

Real PostgreSQL: the tallies are kept by its triggers in the writer's own
transaction, so each assertion runs right after the write, uncommitted.
"""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commitments.models import (
    Agreement,
    Commitment,
    Institution,
    Milestone,
    Obligation,
    Party,
    StatusChoices,
)
from commitments.permissions import MANAGER
from commitments.services.archive import commitment_archive
from commitments.services.commitments import (
    ObligationSpec,
    QuoteSpec,
    commitment_create,
    commitment_update,
)
from commitments.services.followups import followup_log, milestone_complete
from commitments.services.milestones import (
    milestone_move,
    milestone_transition,
    milestones_generate,
)
from commitments.services.sweeps import milestone_statuses_flag
from reporting import selectors
from reporting.scope import Scope
from reporting.selectors import summary
from reporting.services.tallies import tallies_compact
from tests.factories import SourceDocumentFactory, UserFactory

UTC = datetime.UTC
NOW = datetime.datetime(2026, 7, 10, 6, 0, tzinfo=UTC)
JWG = "jwg-quarterly"

FRESH = {
    "reporting_commitment_tally": """
        SELECT agreement_id, coalesce(owner_id, 0), status, count(*)
        FROM commitments_commitment GROUP BY 1, 2, 3""",
    "reporting_side_tally": """
        SELECT c.agreement_id, o.party_id, coalesce(o.lead_institution_id, 0),
               c.status, count(*)
        FROM commitments_obligation o
        JOIN commitments_commitment c ON c.id = o.commitment_id
        GROUP BY 1, 2, 3, 4""",
    "reporting_milestone_tally": """
        SELECT m.due_date, m.status,
               m.status = 'done' AND m.completed_on <= m.due_date,
               c.cadence_rrule <> '', count(*)
        FROM commitments_milestone m
        JOIN commitments_commitment c ON c.id = m.commitment_id
        GROUP BY 1, 2, 3, 4""",
    "reporting_miss_tally": """
        SELECT m.commitment_id, count(*) FROM commitments_milestone m
        JOIN commitments_commitment c ON c.id = m.commitment_id
        WHERE c.cadence_rrule <> ''
          AND (m.status IN ('overdue', 'missed')
               OR (m.status = 'done' AND m.completed_on > m.due_date))
        GROUP BY 1""",
}
KEYS = {
    "reporting_commitment_tally": "agreement_id, owner_id, status",
    "reporting_side_tally": "agreement_id, party_id, lead_institution_id, status",
    "reporting_milestone_tally": "due_date, status, on_time, recurring",
    "reporting_miss_tally": "commitment_id",
}


def _fetch(sql: str) -> set[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return set(cursor.fetchall())


def assert_tallies_match() -> None:
    """Every tally, summed per key, equals the count from the domain tables."""
    for table, fresh in FRESH.items():
        summed = _fetch(
            f"SELECT {KEYS[table]}, sum(n) FROM {table} "  # noqa: S608
            f"GROUP BY {KEYS[table]} HAVING sum(n) <> 0"
        )
        assert summed == _fetch(fresh), table


def figures(scope: Scope, now: datetime.datetime) -> dict:
    """What the dashboard shows for a scope, from the selectors."""
    today = now.astimezone(timezone.get_current_timezone()).date()
    with selectors.dashboard_reads():
        breakdowns = selectors.dashboard_breakdowns(scope)
        specs = selectors.milestone_figures(scope, today=today)
        counts = selectors.dashboard_milestone_counts(scope, specs, now=now)
        timeliness = selectors.dashboard_timeliness(scope, now=now)
    return {
        "breakdowns": breakdowns,
        "counts": counts,
        "timeliness": (
            timeliness.due,
            timeliness.held,
            timeliness.cadence.due,
            timeliness.cadence.held,
            [
                (row.pk, row.held_on_time, row.due_so_far)
                for row in timeliness.cadence.rows
            ],
        ),
    }


def from_scratch(scope: Scope, now: datetime.datetime, monkeypatch) -> dict:
    with monkeypatch.context() as patch:
        patch.setattr(summary, "FORCE_FROM_SCRATCH", True)
        return figures(scope, now)


def scopes() -> list[Scope]:
    agreement = Agreement.objects.order_by("pk").first()
    party = Party.objects.order_by("code").first()
    lead = Institution.objects.filter(obligations__isnull=False).first()
    return [
        Scope(),
        Scope(agreement=agreement),
        Scope(date_from=datetime.date(2026, 4, 1), date_to=datetime.date(2026, 9, 30)),
        Scope(party=party),
        Scope(institution=lead),
    ]


def assert_dashboard_matches(monkeypatch, now: datetime.datetime = NOW) -> None:
    assert_tallies_match()
    for scope in scopes():
        assert figures(scope, now) == from_scratch(scope, now, monkeypatch), scope


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def at(moment: datetime.datetime):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def generated(seeded, system):
    with at(datetime.datetime(2026, 1, 8, tzinfo=UTC)):
        milestones_generate(as_of=timezone.now(), actor=system)
    return Commitment.objects.get(reference=JWG)


def test_the_migration_counts_the_seed_as_the_triggers_do(seeded):
    assert_tallies_match()


def test_generation_and_the_sweep_keep_the_summary_exact(
    generated, system, monkeypatch
):
    assert_dashboard_matches(monkeypatch)
    with at(datetime.datetime(2026, 4, 10, tzinfo=UTC)):
        flagged = milestone_statuses_flag(as_of=timezone.now(), actor=system)
    assert Milestone.objects.filter(status=StatusChoices.OVERDUE).exists(), flagged
    assert_dashboard_matches(monkeypatch)
    with at(NOW):
        milestone_statuses_flag(as_of=timezone.now(), actor=system)
    assert_dashboard_matches(monkeypatch)


def test_milestone_status_changes_by_people_keep_the_summary_exact(
    generated, system, monkeypatch
):
    manager = UserFactory(username="mgr")
    manager.groups.add(Group.objects.get(name=MANAGER))
    with at(NOW):
        milestone_statuses_flag(as_of=timezone.now(), actor=system)
        first, second, third, fourth = generated.milestones.order_by("due_date")[:4]
        # Completion late, through a follow-up.
        milestone_complete(
            commitment=generated,
            actor=manager,
            happened_on=datetime.date(2026, 7, 9),
            milestone=first,
            note="held late",
        )
        assert_dashboard_matches(monkeypatch)
        followup_log(
            commitment=generated,
            actor=manager,
            happened_on=datetime.date(2026, 7, 9),
            note="a note changes no figure",
            milestone=second,
        )
        milestone_transition(
            milestone=second, status="missed", actor=system, reason="not held"
        )
        milestone_transition(
            milestone=third, status="cancelled", actor=system, reason="dropped"
        )
        assert_dashboard_matches(monkeypatch)
        # Done early: on time, and its due day has not ended.
        milestone_transition(
            milestone=fourth,
            status="done",
            actor=system,
            completed_on=datetime.date(2026, 7, 9),
        )
        milestone_move(
            milestone=Milestone.objects.filter(
                status__in=["planned", "due_soon"], due_date__gt=NOW.date()
            ).first(),
            due_date=datetime.date(2026, 7, 11),
            actor=system,
            reason="moved",
        )
        assert_dashboard_matches(monkeypatch)
        # Reopened by mistake.
        milestone_transition(milestone=second, status="planned", actor=system)
        assert_dashboard_matches(monkeypatch)


def test_commitment_writes_keep_the_summary_exact(generated, system, monkeypatch):
    owner = UserFactory(username="owner")
    with at(NOW):
        milestone_statuses_flag(as_of=timezone.now(), actor=system)
        commitment_update(
            commitment=generated, actor=system, reason="assigned", owner=owner
        )
        assert_dashboard_matches(monkeypatch)
        # The cadence goes, then comes back: its milestones move between the
        # one-off and the recurring tallies (the trigger sees any writer).
        Commitment.objects.filter(pk=generated.pk).update(cadence_rrule="")
        assert_dashboard_matches(monkeypatch)
        Commitment.objects.filter(pk=generated.pk).update(cadence_rrule="FREQ=MONTHLY")
        assert_dashboard_matches(monkeypatch)
        other = Commitment.objects.exclude(pk=generated.pk).order_by("pk").first()
        commitment_archive(commitment=other, actor=system, reason="superseded")
        assert_dashboard_matches(monkeypatch)
        party = Party.objects.order_by("code").first()
        lead = Institution.objects.filter(party=party).first()
        source = SourceDocumentFactory()
        created = commitment_create(
            agreement=generated.agreement,
            reference="new-monthly",
            title="A new monthly meeting",
            kind="recurring_meeting",
            obligations=[ObligationSpec(party, lead)],
            quotes=[QuoteSpec(source, source.text[:9], 0, 9)],
            actor=system,
            reason="new",
            owner=owner,
            cadence_rrule="FREQ=MONTHLY",
            cadence_start=datetime.date(2026, 2, 2),
        )
        milestones_generate(
            as_of=timezone.now(), actor=system, commitment_ids=[created.pk]
        )
        milestone_statuses_flag(as_of=timezone.now(), actor=system)
        assert_dashboard_matches(monkeypatch)
        # An obligation's lead changes and one goes (the triggers see any writer).
        Obligation.objects.filter(commitment=created).update(lead_institution=None)
        assert_dashboard_matches(monkeypatch)


def test_timeliness_is_exact_while_due_days_are_ending(generated, system, monkeypatch):
    """Near midnight somewhere, the tally's settled days and the index's last
    ones must add up to the count from scratch."""
    with at(NOW):
        milestone_statuses_flag(as_of=timezone.now(), actor=system)
    due_days = Milestone.objects.values_list("due_at", flat=True)
    for due_at in sorted(set(due_days))[:6]:
        for moment in (due_at - datetime.timedelta(seconds=1), due_at):
            assert figures(Scope(), moment) == from_scratch(
                Scope(), moment, monkeypatch
            )


def test_compaction_keeps_the_sums_and_folds_the_rows(generated, system):
    with at(NOW):
        milestone_statuses_flag(as_of=timezone.now(), actor=system)
    before = _fetch("SELECT count(*) FROM reporting_milestone_tally")
    assert tallies_compact()
    assert_tallies_match()
    keys = _fetch(
        "SELECT count(*) FROM (SELECT DISTINCT due_date, status, on_time, recurring "
        "FROM reporting_milestone_tally) k"
    )
    assert _fetch("SELECT count(*) FROM reporting_milestone_tally") == keys
    assert keys != before  # there were delta rows to fold


def test_the_from_scratch_path_reads_no_tally(generated, monkeypatch):
    monkeypatch.setattr(summary, "FORCE_FROM_SCRATCH", True)
    with CaptureQueriesContext(connection) as captured:
        figures(Scope(), NOW)
    assert not any("_tally" in query["sql"] for query in captured.captured_queries)
    monkeypatch.setattr(summary, "FORCE_FROM_SCRATCH", False)
    with CaptureQueriesContext(connection) as captured:
        figures(Scope(), NOW)
    assert any("_tally" in query["sql"] for query in captured.captured_queries)


def test_settled_trend_weeks_are_stored_and_outlive_the_cache(generated, system):
    with at(datetime.datetime(2026, 4, 10, tzinfo=UTC)):
        milestone_statuses_flag(as_of=timezone.now(), actor=system)
    zone = timezone.get_current_timezone()
    points = selectors.trend_points(now=NOW, zone=zone)
    first = selectors.dashboard_trend(Scope(), points=points, now=NOW)
    assert _fetch("SELECT count(*) FROM reporting_trend_week") == {(len(points),)}
    cache.clear()
    history = Milestone.history.model._meta.db_table
    with CaptureQueriesContext(connection) as captured:
        again = selectors.dashboard_trend(Scope(), points=points, now=NOW)
    assert again == first
    assert not any(history in q["sql"] for q in captured.captured_queries)
    # A filtered trend is never stored: which commitments it holds can change.
    agreement = Agreement.objects.order_by("pk").first()
    selectors.dashboard_trend(Scope(agreement=agreement), points=points, now=NOW)
    assert _fetch("SELECT count(*) FROM reporting_trend_week") == {(len(points),)}


def test_truncating_the_tables_empties_the_tallies(generated):
    with connection.cursor() as cursor:
        # The test's transaction holds deferred constraint checks.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "TRUNCATE commitments_commitment, commitments_historicalmilestone CASCADE"
        )
    for table in (*FRESH, "reporting_trend_week"):
        assert _fetch(f"SELECT count(*) FROM {table}") == {(0,)}  # noqa: S608


def test_beat_compacts_the_tallies_every_hour(settings):
    """Without compaction the delta rows pile up and every read slows."""
    entries = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "reporting.compact_tallies"
    ]
    assert len(entries) == 1
    schedule = entries[0]["schedule"]
    assert schedule.hour == set(range(24))
    assert len(schedule.minute) == 1
