import pytest

from commitments.lifecycle import Status, TransitionError, check_transition, is_open


def test_same_status_again_is_a_no_op():
    assert check_transition("planned", "planned") is False


def test_allowed_transition_reports_a_change():
    assert check_transition("overdue", "done") is True


def test_forbidden_transition_names_both_statuses():
    with pytest.raises(TransitionError, match=r"'Done'.*'Overdue'"):
        check_transition("done", "overdue")


@pytest.mark.parametrize("target", [Status.MISSED, Status.CANCELLED])
def test_closing_without_meeting_needs_a_reason(target):
    with pytest.raises(TransitionError, match="needs a reason"):
        check_transition("overdue", target, reason="  ")
    assert check_transition("overdue", target, reason="the visit was called off")


def test_open_and_closed_statuses():
    assert is_open("due_soon")
    assert not is_open("cancelled")
