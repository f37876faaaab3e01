import datetime

import pytest
from django.core.exceptions import ValidationError

from commitments.models import Commitment
from commitments.services.commitments import commitment_update


def test_a_change_records_who_made_it_and_why(seeded, officer):
    unit = Commitment.objects.get(reference="islamabad-protection-unit")
    commitment_update(
        commitment=unit,
        actor=officer,
        reason="target agreed at the JWG",
        due_date=datetime.date(2026, 6, 30),
        due_precision="day",
    )
    latest = unit.history.latest()
    assert latest.history_user == officer
    assert latest.history_change_reason == "target agreed at the JWG"
    delta = latest.diff_against(latest.prev_record)
    assert {change.field for change in delta.changes} >= {"due_date", "due_precision"}
    unit.refresh_from_db()
    assert not unit.needs_target_date


def test_a_date_without_precision_is_refused_and_nothing_saved(seeded, officer):
    unit = Commitment.objects.get(reference="islamabad-protection-unit")
    before = unit.history.count()
    with pytest.raises(ValidationError):
        commitment_update(
            commitment=unit,
            actor=officer,
            reason="oops",
            due_date=datetime.date(2026, 6, 30),
        )
    unit.refresh_from_db()
    assert unit.due_date is None
    assert unit.history.count() == before


def test_a_change_needs_a_reason(seeded, officer):
    unit = Commitment.objects.get(reference="islamabad-protection-unit")
    with pytest.raises(ValidationError, match="why"):
        commitment_update(commitment=unit, actor=officer, reason=" ", title="x")
