"""A commitment's status set by hand (commitment_set_status)."""

import datetime

from commitments.models import Commitment
from commitments.services.commitments import commitment_set_status
from commitments.services.milestones import milestones_generate

AFTER_TALKS = datetime.datetime(2026, 1, 8, 4, 0, tzinfo=datetime.UTC)


def test_a_closed_commitment_can_be_reopened(seeded, system, officer):
    milestones_generate(as_of=AFTER_TALKS, actor=system)
    jwg = Commitment.objects.get(reference="jwg-quarterly")
    commitment_set_status(
        commitment=jwg, status="cancelled", actor=officer, reason="paused"
    )
    reopened = commitment_set_status(
        commitment=jwg, status="planned", actor=officer, reason="talks resumed"
    )
    assert reopened.status == "planned"
