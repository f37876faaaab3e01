"""Which "today": the pages' is the server's (TIME_ZONE, Asia/Karachi: the
policy unit in Islamabad); a due day ends in the agreement's zone (due_at),
and the sweep and the services' own "today" follow that zone
(docs/decisions/0004-today-in-pages-and-due-days.md).

The edge: a milestone of a Beijing agreement due on 10 May 2026, seen at
17:00 UTC on 9 May (01:00 on the 10th in Beijing, 22:00 on the 9th in
Islamabad), and again at 16:30 UTC on 10 May (the day has ended in Beijing,
not in Islamabad)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from commitments.cadence import due_at, local_date
from commitments.models import StatusChoices
from commitments.services.sweeps import milestone_statuses_flag
from tests.factories import AgreementFactory, CommitmentFactory, MilestoneFactory

UTC = datetime.UTC
DUE = datetime.date(2026, 5, 10)
BEGUN_IN_BEIJING = datetime.datetime(2026, 5, 9, 17, 0, tzinfo=UTC)
ENDED_IN_BEIJING = datetime.datetime(2026, 5, 10, 16, 30, tzinfo=UTC)


@pytest.fixture
def beijing_milestone(db):
    agreement = AgreementFactory(time_zone="Asia/Shanghai")
    commitment = CommitmentFactory(agreement=agreement, kind="signing")
    return MilestoneFactory(
        commitment=commitment, due_date=DUE, due_at=due_at(DUE, "Asia/Shanghai")
    )


def test_the_due_instant_is_the_end_of_the_day_in_the_agreement_zone():
    assert due_at(DUE, "Asia/Shanghai") == datetime.datetime(
        2026, 5, 10, 16, 0, tzinfo=UTC
    )
    # The services' "today" for this agreement has begun; Islamabad's has not.
    assert local_date(BEGUN_IN_BEIJING, "Asia/Shanghai") == DUE
    assert local_date(BEGUN_IN_BEIJING, "Asia/Karachi") == DUE - datetime.timedelta(1)


def _page(client, milestone):
    return client.get(
        reverse("commitments:commitment_detail", args=[milestone.commitment.reference])
    )


def test_a_day_begun_in_beijing_is_not_yet_today_on_the_pages(
    viewer, system, beijing_milestone
):
    with time_machine.travel(BEGUN_IN_BEIJING, tick=False):
        milestone_statuses_flag(as_of=BEGUN_IN_BEIJING, actor=system)
        response = _page(viewer, beijing_milestone)

    assert response.context["today"] == datetime.date(2026, 5, 9)
    assert response.context["upcoming"] == [beijing_milestone]
    assert response.context["past"] == []
    beijing_milestone.refresh_from_db()
    assert beijing_milestone.status == StatusChoices.DUE_SOON


def test_a_day_ended_in_beijing_is_overdue_while_still_today_in_islamabad(
    viewer, system, beijing_milestone
):
    with time_machine.travel(ENDED_IN_BEIJING, tick=False):
        report = milestone_statuses_flag(as_of=ENDED_IN_BEIJING, actor=system)
        response = _page(viewer, beijing_milestone)

    assert report.milestones_overdue == 1
    beijing_milestone.refresh_from_db()
    assert beijing_milestone.status == StatusChoices.OVERDUE
    # The page's day is Islamabad's: the milestone is due "today" there, and
    # already overdue because its day is over where the agreement keeps time.
    assert response.context["today"] == DUE
    assert response.context["upcoming"] == [beijing_milestone]
    assert response.context["upcoming"][0].status == StatusChoices.OVERDUE


def test_an_hour_earlier_the_same_milestone_is_not_overdue(system, beijing_milestone):
    before_the_end = ENDED_IN_BEIJING - datetime.timedelta(hours=1)
    with time_machine.travel(before_the_end, tick=False):
        report = milestone_statuses_flag(as_of=before_the_end, actor=system)
    assert report.milestones_overdue == 0
