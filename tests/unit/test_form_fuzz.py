"""For any form data, the commitment, milestone and follow-up forms either
validate or carry errors with messages: they never raise."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commitments.forms import (
    AgreementForm,
    CommitmentEditForm,
    FollowUpForm,
    MilestoneForm,
)
from tests.factories import CommitmentFactory

fuzz = settings(
    derandomize=True,
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

# Dates as typed: valid, extreme, impossible, and not dates at all.
DATE_TEXTS = st.one_of(
    st.dates().map(datetime.date.isoformat),
    st.sampled_from(
        [
            "9999-12-31",
            "0001-01-01",
            "2027-02-29",
            "2027-02-30",
            "10000-01-01",
            "1900-01-01",
            "2200-12-31",
            "2201-01-01",
            "",
            "31st of April 2027",
        ]
    ),
    st.text(max_size=20),
)
RULE_TEXTS = st.one_of(
    st.sampled_from(
        [
            "",
            "quarterly",
            "FREQ=MONTHLY;BYDAY=+9MO",
            "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
            "FREQ=DAILY;BYMINUTE=0,15,30",
            "FREQ=HOURLY",
            "FREQ=YEARLY;INTERVAL=999",
            "every 99999999 days",
            "FREQ=MONTHLY;INTERVAL=" + "9" * 200,
        ]
    ),
    st.text(max_size=40),
)
NUMBERS = st.one_of(
    st.integers(-(10**6), 10**6).map(str), st.sampled_from(["", "1e9", "x", "9" * 50])
)
ANY_TEXT = st.text(max_size=30)


def assert_validates_or_explains(form):
    if not form.is_valid():
        assert form.errors
        assert all(
            message.strip() for messages in form.errors.values() for message in messages
        )


@pytest.fixture
def commitment(db):
    return CommitmentFactory(cadence_rrule="", due_date=None, due_precision="unknown")


@fuzz
@given(
    data=st.fixed_dictionaries(
        {
            "title": ANY_TEXT,
            "kind": st.sampled_from(["recurring_meeting", "review", "bogus"]),
            "cadence": RULE_TEXTS,
            "cadence_start": DATE_TEXTS,
            "cadence_end": DATE_TEXTS,
            "cadence_count": NUMBERS,
            "schedule_basis": st.sampled_from(["plan", "last_completion", "?"]),
            "due_date": DATE_TEXTS,
            "due_precision": st.sampled_from(["day", "month", "year", "?"]),
            "duration_days": NUMBERS,
            "reason": ANY_TEXT,
            "version": NUMBERS,
        }
    )
)
def test_any_commitment_edit_validates_or_has_errors(commitment, data):
    assert_validates_or_explains(CommitmentEditForm(data))


@fuzz
@given(
    data=st.fixed_dictionaries(
        {
            "title": ANY_TEXT,
            "due_date": DATE_TEXTS,
            "keep_non_working": st.sampled_from(["", "on"]),
            "reason": ANY_TEXT,
        }
    )
)
def test_any_milestone_form_validates_or_has_errors(commitment, data):
    assert_validates_or_explains(MilestoneForm(data, commitment=commitment))


@fuzz
@given(
    data=st.fixed_dictionaries(
        {
            "milestone": NUMBERS,
            "action": st.sampled_from(
                ["note", "complete", "reschedule", "status", "?"]
            ),
            "happened_on": DATE_TEXTS,
            "note": ANY_TEXT,
            "status": st.sampled_from(
                ["", "done", "cancelled", "missed", "planned", "?"]
            ),
            "reason": ANY_TEXT,
            "due_date": DATE_TEXTS,
            "evidence_url": ANY_TEXT,
        }
    )
)
def test_any_follow_up_form_validates_or_has_errors(commitment, data):
    assert_validates_or_explains(FollowUpForm(data, commitment=commitment))


@fuzz
@given(
    data=st.fixed_dictionaries(
        {
            "reference": ANY_TEXT,
            "title": ANY_TEXT,
            "kind": st.sampled_from(["mou", "talks", "?"]),
            "date": DATE_TEXTS,
            "date_precision": st.sampled_from(["day", "month", "?"]),
            "time_zone": st.sampled_from(["Asia/Karachi", "Mars/Base", ""]),
            "reason": ANY_TEXT,
        }
    )
)
def test_any_agreement_form_validates_or_has_errors(db, data):
    assert_validates_or_explains(AgreementForm(data))
