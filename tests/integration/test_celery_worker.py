import pytest

from commitments.models import Commitment
from commitments.tasks import load_seed_task

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_real_worker_on_redis_writes_the_seed_to_postgresql(celery_workers):
    result = load_seed_task.delay()
    created = result.get(timeout=60)
    assert created["commitments"] == 12
    assert Commitment.objects.count() == 12
    # Run again: the task is idempotent.
    assert load_seed_task.delay().get(timeout=60) == {}
    assert Commitment.objects.count() == 12
