"""Schemathesis against the live schema: a real server on loopback (pytest-
django's live_server, on the test database), a token (desk A's manager, then
the counterpart), and bounded generated requests for every operation of
/api/v1/schema/. No answer may be a 5xx, and every answer the schema
describes must match it.

Bounded (MAX_EXAMPLES per operation) so that CI stays in time.
"""

import pytest
import schemathesis
from django.contrib.auth.models import Group, Permission
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from commitments.permissions import roles_sync
from tests.api_world import make_world

# serialized_rollback: the flush after a transactional test re-runs post_migrate
# (roles, the system account); restoring the snapshot instead keeps the rows
# the later serialized tests load from it unique.
pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Per operation: enough to reach each field's edge cases, few enough for CI.
MAX_EXAMPLES = 10
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


# A desk manager (every write allowed on its desk) and the other side's login
# (reads narrowed, most writes refused): the two ends of the rules.
@pytest.mark.parametrize("who", ["manager_a", "counterpart"])
def test_no_operation_answers_a_5xx_or_off_schema(live_server, settings_override, who):
    # A transactional test starts from a flushed database: the role groups
    # (a data migration's rows) are made again, as the browser tests do.
    roles_sync(Group, Permission)
    world = make_world()
    headers = {"Authorization": f"Token {world.keys[who]}"}
    schema = schemathesis.openapi.from_url(
        f"{live_server.url}/api/v1/schema/?format=json", headers=headers, timeout=30
    )
    failures: dict[str, str] = {}
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
            phases=[Phase.explicit, Phase.generate],
        )
        def run(case) -> None:
            case.call_and_validate(
                base_url=live_server.url, headers=headers, checks=CHECKS, timeout=30
            )

        try:
            run()
        except Exception as error:  # gathered, so one run reports every operation
            failures[operation.label] = str(error)[:2000]
    assert operations > 20
    assert not failures, "\n\n".join(f"{k}:\n{v}" for k, v in failures.items())


@pytest.fixture
def settings_override(settings, tmp_path):
    """No rate limit in the way of the generated requests; uploads in a temp dir."""
    settings.TRACKER_API_RATE = "100000/min"
    settings.MEDIA_ROOT = tmp_path
    return settings
