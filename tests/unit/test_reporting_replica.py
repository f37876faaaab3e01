"""Reporting reads go to the read replica, and only they; writes never do.

The "replica" alias (tracker/settings/test.py) is a TEST MIRROR of the test
database: a second connection to the same data, so the test sees which
connection each query went through. The rows are committed (transaction=True)
so that the second connection sees them.
"""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.models import Commitment
from commitments.permissions import MANAGER
from commitments.services.commitments import commitment_update
from core.db_router import read_for_reports, reporting_database, reporting_reads
from tests.desks import oversight
from tests.factories import CommitmentFactory, UserFactory

pytestmark = pytest.mark.django_db(
    transaction=True, serialized_rollback=True, databases=["default", "replica"]
)
COMMITMENTS = "commitments_commitment"


@pytest.fixture
def replica(settings):
    settings.TRACKER_REPORTING_DATABASE = "replica"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def manager_client(client):
    user = UserFactory(username="mgr")
    user.groups.add(Group.objects.get(name=MANAGER))
    oversight(user)  # every desk: these tests are not about scope
    client.force_login(user)
    return client


def _captured(alias: str) -> CaptureQueriesContext:
    return CaptureQueriesContext(connections[alias])


def _reads_of(capture: CaptureQueriesContext, table: str) -> list[str]:
    return [
        query["sql"]
        for query in capture.captured_queries
        if query["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
        and f'"{table}"' in query["sql"]
    ]


def test_the_dashboard_counts_through_the_replica(replica, manager_client):
    CommitmentFactory.create_batch(3)
    with _captured("default") as primary, _captured("replica") as reporting:
        response = manager_client.get(reverse("reporting:dashboard"))
    assert response.status_code == 200
    # The figures come from the replica's connection, and count the rows the
    # primary committed.
    assert _reads_of(reporting, COMMITMENTS)
    assert not _reads_of(primary, COMMITMENTS)
    assert response.context["status_total"].value == 3


def test_the_dashboards_raw_sql_reads_and_their_settings_go_to_the_replica(
    replica, manager_client
):
    """The summary tallies and the trend are read with raw SQL, and the page's
    planner settings are SET LOCAL: all on the replica's connection."""
    CommitmentFactory.create_batch(2)
    with _captured("default") as primary, _captured("replica") as reporting:
        assert manager_client.get(reverse("reporting:dashboard")).status_code == 200
    replica_sql = [query["sql"] for query in reporting.captured_queries]
    primary_sql = [query["sql"] for query in primary.captured_queries]
    assert any("_tally" in sql for sql in replica_sql)
    assert not any("_tally" in sql and "SELECT" in sql for sql in primary_sql)
    assert any("SET LOCAL work_mem" in sql for sql in replica_sql)
    assert not any("SET LOCAL work_mem" in sql for sql in primary_sql)


def test_a_streamed_export_reads_its_rows_from_the_replica(replica, manager_client):
    CommitmentFactory.create_batch(2)
    with _captured("default") as primary, _captured("replica") as reporting:
        response = manager_client.get(
            reverse("reporting:export", args=["commitments", "csv"])
        )
        body = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))
    assert len(rows) == 2
    assert _reads_of(reporting, COMMITMENTS)
    assert not _reads_of(primary, COMMITMENTS)


def test_a_write_after_a_replica_read_goes_to_the_primary(replica):
    commitment = CommitmentFactory(title="Before")
    actor = UserFactory()
    with reporting_reads():
        found = Commitment.objects.get(pk=commitment.pk)
        assert found._state.db == "replica"
        with _captured("default") as primary, _captured("replica") as reporting:
            commitment_update(
                commitment=found, actor=actor, reason="renamed", title="After"
            )
    writes = ("INSERT", "UPDATE", "DELETE")
    assert any(q["sql"].startswith(writes) for q in primary.captured_queries)
    assert not any(q["sql"].startswith(writes) for q in reporting.captured_queries)
    assert Commitment.objects.get(pk=commitment.pk).title == "After"


def test_other_pages_read_from_the_primary(replica, manager_client):
    CommitmentFactory()
    with _captured("default") as primary, _captured("replica") as reporting:
        response = manager_client.get(reverse("commitments:commitment_list"))
    assert response.status_code == 200
    assert _reads_of(primary, COMMITMENTS)
    assert not reporting.captured_queries


def test_without_a_replica_reporting_reads_use_the_primary(settings):
    settings.TRACKER_REPORTING_DATABASE = "default"
    with reporting_reads():
        assert reporting_database() == "default"
        assert Commitment.objects.all().db == "default"


def test_a_streamed_body_holds_the_flag_only_while_it_makes_an_item(replica):
    def items():
        yield reporting_database()
        yield reporting_database()

    seen = []
    for item in read_for_reports(items()):
        seen.append((item, reporting_database()))
    assert seen == [("replica", "default"), ("replica", "default")]
