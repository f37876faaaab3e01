"""A commitment's status set by hand (commitment_set_status)."""

from commitments.services.commitments import commitment_set_status
from tests.factories import CommitmentFactory, MilestoneFactory


def test_a_closed_commitment_can_be_reopened(db, officer):
    # A recurring commitment with open occurrences, as generation leaves it.
    commitment = CommitmentFactory(kind="recurring_meeting")
    MilestoneFactory.create_batch(2, commitment=commitment)
    commitment_set_status(
        commitment=commitment, status="cancelled", actor=officer, reason="paused"
    )
    reopened = commitment_set_status(
        commitment=commitment, status="planned", actor=officer, reason="talks resumed"
    )
    assert reopened.status == "planned"
    assert reopened.history.first().history_change_reason == "talks resumed"
