"""iCalendar (RFC 5545) feeds of milestones, built with the `icalendar` package.

A recurring commitment whose milestones still follow the plan (none moved,
added or cancelled) is one event with an RRULE; any other is one event per
milestone, so a calendar shows the dates as they really are.
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from icalendar import Calendar, Event, vRecur

from commitments.cadence import describe
from commitments.lifecycle import OPEN_STATUSES
from commitments.models import Commitment, Milestone, ScheduleBasis, StatusChoices
from notifications.emails import commitment_url

PRODID = "-//Commitment Tracker//Milestones//EN"
OPEN = {status.value for status in OPEN_STATUSES}


def _is_regular(commitment: Commitment, milestones: list[Milestone]) -> bool:
    # Only an open commitment that follows its plan repeats without end; one
    # that follows its last completion, or was closed, shows its real dates.
    return (
        bool(commitment.cadence_rrule)
        and commitment.schedule_basis == ScheduleBasis.PLAN
        and commitment.status in OPEN
    ) and not _has_irregular(commitment, milestones)


def _has_irregular(commitment: Commitment, milestones: list[Milestone]) -> bool:
    # The feed selectors annotate it over every milestone, however old; the
    # loaded ones answer when the caller did not.
    annotated = getattr(commitment, "has_irregular", None)
    if annotated is not None:
        return annotated
    return any(
        m.is_extra or m.is_rescheduled or m.status == StatusChoices.CANCELLED
        for m in milestones
    )


def _event(uid: str, summary: str, day: datetime.date, description: str, url: str):
    event = Event()
    event.add("uid", uid)
    event.add("summary", summary)
    event.add("dtstart", day)  # an all-day event: due dates are days
    event.add("dtend", day + datetime.timedelta(days=1))
    event.add("dtstamp", datetime.datetime.now(datetime.UTC))
    event.add("description", description)
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    return event


def _rule(commitment: Commitment) -> vRecur:
    rule = vRecur.from_ical(commitment.cadence_rrule)
    if commitment.cadence_count:
        rule["COUNT"] = commitment.cadence_count
    if commitment.cadence_end:
        rule["UNTIL"] = commitment.cadence_end
    return rule


def calendar_build(name: str, commitments: Iterable[Commitment]) -> bytes:
    """One calendar of the given commitments' milestones (milestones prefetched)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    host = settings.SITE_URL.split("//")[-1].split("/")[0] or "tracker"
    for commitment in commitments:
        milestones = list(commitment.milestones.all())
        url = commitment_url(commitment)
        about = f"{commitment.agreement.title}\n{commitment.description}".strip()
        if _is_regular(commitment, milestones) and commitment.cadence_start:
            event = _event(
                f"commitment-{commitment.pk}@{host}",
                f"{commitment.title} ({describe(commitment.cadence_rrule)})",
                commitment.cadence_start,
                about,
                url,
            )
            event.add("rrule", _rule(commitment))
            calendar.add_component(event)
            continue
        for milestone in milestones:
            if milestone.status == StatusChoices.CANCELLED:
                continue
            status = milestone.get_status_display()
            calendar.add_component(
                _event(
                    f"milestone-{milestone.pk}@{host}",
                    f"{milestone.title or commitment.title} [{status}]",
                    milestone.due_date,
                    about,
                    url,
                )
            )
    return calendar.to_ical()
