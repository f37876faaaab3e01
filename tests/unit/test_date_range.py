"""Dates outside the supported range (1900-01-01 to 2200-12-31 by default) and
unusable rules are refused with a message on every path: form, page, service.

Before, 9999-12-31 as a due, milestone or reschedule date, a cadence starting
in 9995 and BYDAY=+9MO gave 500s (OverflowError, IndexError, ValueError).
"""

import datetime
import inspect

import pytest
import time_machine
from django import forms
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

import commitments.forms as commitment_forms
import notifications.forms as notification_forms
from commitments.bounds import cadence_bounds
from commitments.cadence import DEFAULT_BOUNDS
from commitments.forms import SupportedDateField
from commitments.models import Agreement, Commitment, FollowUp, Milestone, Party
from commitments.services.agreements import agreement_create, agreement_update
from commitments.services.commitments import commitment_update
from commitments.services.milestones import (
    milestone_add,
    milestone_move,
    milestone_revise,
    milestone_transition,
    milestones_generate,
)
from tests.factories import UserFactory

UTC = datetime.UTC
JWG = "jwg-quarterly"
TALKS = "pk-cn-interior-talks-2026"
FAR = datetime.date(9999, 12, 31)
EXTREMES = ["9999-12-31", "9995-01-01", "2201-01-01", "1899-12-31", "0001-01-01"]
RANGE_MESSAGE = "outside the supported range 1900-01-01 to 2200-12-31"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime.datetime(2026, 2, 1, 6, tzinfo=UTC)):
        yield


@pytest.fixture
def world(seeded, system, officer):
    milestones_generate(as_of=datetime.datetime(2026, 1, 8, tzinfo=UTC), actor=system)
    officer.groups.add(Group.objects.get(name="Policy officer"))
    commitment_update(
        commitment=Commitment.objects.get(reference=JWG),
        actor=system,
        reason="assigned",
        owner=officer,
    )
    return officer


@pytest.fixture
def as_officer(client, world):
    client.force_login(world)
    return client


@pytest.fixture
def as_manager(client, world, desk_of_everything):
    manager = desk_of_everything.add(UserFactory(username="mgr"))
    manager.groups.add(Group.objects.get(name="Manager"))
    client.force_login(manager)
    return client


def jwg() -> Commitment:
    return Commitment.objects.get(reference=JWG)


def first_jwg() -> Milestone:
    return Milestone.objects.filter(commitment__reference=JWG).first()


# --- one date field for every form ---------------------------------------------


def _form_classes():
    for module in (commitment_forms, notification_forms):
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__.startswith(
                module.__name__
            ):
                yield cls


def test_every_date_field_of_the_workspace_forms_checks_the_supported_range():
    date_fields = [
        (cls.__name__, name, field)
        for cls in _form_classes()
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.DateField | forms.DateTimeField)
    ]

    assert len(date_fields) >= 7
    assert [
        (cls, name)
        for cls, name, field in date_fields
        if not isinstance(field, SupportedDateField)
    ] == []


@pytest.mark.parametrize("value", EXTREMES)
def test_the_shared_date_field_refuses_a_date_outside_the_range(value):
    field = SupportedDateField()

    with pytest.raises(ValidationError, match=r"outside the supported range|valid"):
        field.clean(value)


def test_the_shared_date_field_accepts_the_range_ends():
    field = SupportedDateField()

    assert field.clean("1900-01-01") == datetime.date(1900, 1, 1)
    assert field.clean("2200-12-31") == datetime.date(2200, 12, 31)


def test_the_cadence_defaults_are_the_settings_defaults():
    # cadence.py is pure; the services pass the settings, the model uses these.
    assert cadence_bounds() == DEFAULT_BOUNDS
    assert settings.TRACKER_LIMITS["RULE_OCCURRENCES"] == DEFAULT_BOUNDS.max_occurrences


def test_the_services_pass_the_settings_to_the_cadence(settings):
    settings.TRACKER_LIMITS = {**settings.TRACKER_LIMITS, "RULE_OCCURRENCES": 7}
    settings.TRACKER_DATE_MAX = datetime.date(2100, 12, 31)

    bounds = cadence_bounds()

    assert (bounds.last, bounds.max_occurrences) == (datetime.date(2100, 12, 31), 7)


# --- pages: a form error, status 200, nothing saved ----------------------------


def edit_data(commitment: Commitment, **changes):
    data = {
        "title": commitment.title,
        "kind": commitment.kind,
        "description": commitment.description,
        "cadence": commitment.cadence_rrule,
        "cadence_phrase": commitment.cadence_phrase,
        "cadence_start": commitment.cadence_start or "",
        "cadence_end": "",
        "cadence_count": "",
        "schedule_basis": commitment.schedule_basis,
        "due_date": commitment.due_date or "",
        "due_precision": "day",
        "due_phrase": commitment.due_phrase,
        "resolution_note": commitment.resolution_note,
        "duration_days": commitment.duration_days or "",
        "reason": "edit",
        "version": commitment.version,
    }
    data.update(changes)
    return data


def assert_refused(response, field, message=RANGE_MESSAGE):
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert any(message in error for error in errors[field]), errors[field]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("cadence_start", "9995-01-01"),
        ("cadence_end", "9999-12-31"),
        ("cadence_start", "1899-12-31"),
    ],
)
def test_a_cadence_date_outside_the_range_is_a_form_error(as_officer, field, value):
    before = jwg()
    response = as_officer.post(
        reverse("commitments:commitment_edit", args=[JWG]),
        edit_data(before, **{field: value}),
    )

    assert_refused(response, field)
    after = jwg()
    assert (after.version, after.cadence_start) == (
        before.version,
        before.cadence_start,
    )


def test_a_due_date_of_9999_is_a_form_error(as_manager):
    unit = Commitment.objects.filter(cadence_rrule="").first()
    before = unit.version
    response = as_manager.post(
        reverse("commitments:commitment_edit", args=[unit.reference]),
        edit_data(unit, due_date="9999-12-31"),
    )

    assert_refused(response, "due_date")
    unit.refresh_from_db()
    assert unit.version == before
    assert unit.due_date != FAR


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("FREQ=MONTHLY;BYDAY=+9MO", "at most 5 times"),
        ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "never falls due"),
        ("FREQ=DAILY;BYMINUTE=0,15,30,45", "counted in days"),
        ("FREQ=HOURLY", "counted in days"),
    ],
)
def test_an_unusable_rule_is_a_form_error(as_officer, rule, message):
    before = jwg()
    response = as_officer.post(
        reverse("commitments:commitment_edit", args=[JWG]),
        edit_data(before, cadence=rule),
    )

    assert_refused(response, "cadence", message)
    assert jwg().cadence_rrule == before.cadence_rrule


def test_an_extra_milestone_on_9999_12_31_is_a_form_error(as_officer):
    count = Milestone.objects.count()
    response = as_officer.post(
        reverse("commitments:milestone_create", args=[JWG]),
        {"title": "Far", "due_date": "9999-12-31", "reason": "far"},
    )

    assert_refused(response, "due_date")
    assert Milestone.objects.count() == count


def test_moving_a_milestone_to_9999_12_31_is_a_form_error(as_officer):
    milestone = first_jwg()
    response = as_officer.post(
        reverse("commitments:milestone_edit", args=[milestone.pk]),
        {"title": milestone.title, "due_date": "9999-12-31", "reason": "far"},
    )

    assert_refused(response, "due_date")
    milestone.refresh_from_db()
    assert milestone.due_date != FAR


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"action": "reschedule", "due_date": "9999-12-31", "reason": "x"}, "due_date"),
        ({"action": "note", "happened_on": "1000-01-01"}, "happened_on"),
        ({"action": "note", "happened_on": "9999-12-31"}, "happened_on"),
    ],
)
def test_a_follow_up_with_a_date_outside_the_range_is_a_form_error(
    as_officer, data, field
):
    milestone = first_jwg()
    fields = {
        "milestone": milestone.pk,
        "happened_on": "2026-01-31",
        "note": "met",
        "status": "",
        "reason": "",
        "due_date": "",
        "evidence_url": "",
    }
    fields.update(data)
    response = as_officer.post(
        reverse("commitments:followup_create", args=[JWG]), fields
    )

    assert_refused(response, field)
    assert not FollowUp.objects.exists()
    milestone.refresh_from_db()
    assert milestone.due_date != FAR


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01"])
def test_an_agreement_dated_outside_the_range_is_a_form_error(as_manager, value):
    response = as_manager.post(
        reverse("commitments:agreement_create"),
        {
            "reference": "far-mou",
            "title": "Far MoU",
            "kind": "mou",
            "parties": [p.pk for p in Party.objects.all()],
            "date": value,
            "date_precision": "day",
            "time_zone": "Asia/Karachi",
            "reason": "",
        },
    )

    assert_refused(response, "date")
    assert not Agreement.objects.filter(reference="far-mou").exists()


# --- services: ValidationError keyed by field, nothing saved --------------------


def assert_service_refuses(call, field, message=RANGE_MESSAGE):
    with pytest.raises(ValidationError) as caught:
        call()
    messages = caught.value.message_dict[field]
    assert any(message in text for text in messages), messages


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"due_date": FAR}, "due_date"),
        ({"cadence_start": datetime.date(9995, 1, 1)}, "cadence_start"),
        ({"cadence_end": FAR}, "cadence_end"),
        ({"resolved_against": datetime.date(1, 1, 1)}, "resolved_against"),
    ],
)
def test_commitment_update_refuses_a_date_outside_the_range(
    world, system, changes, field
):
    before = jwg().version

    assert_service_refuses(
        lambda: commitment_update(
            commitment=jwg(), actor=system, reason="far", **changes
        ),
        field,
    )
    assert jwg().version == before


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("FREQ=MONTHLY;BYDAY=+9MO", "at most 5 times"),
        ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "never falls due"),
        ("FREQ=MINUTELY;BYMINUTE=1,2", "counted in days"),
    ],
)
def test_commitment_update_refuses_an_unusable_rule(world, system, rule, message):
    assert_service_refuses(
        lambda: commitment_update(
            commitment=jwg(), actor=system, reason="rule", cadence_rrule=rule
        ),
        "cadence_rrule",
        message,
    )


def test_milestone_services_refuse_a_date_outside_the_range(world, system):
    milestone = first_jwg()
    count = Milestone.objects.count()

    assert_service_refuses(
        lambda: milestone_add(
            commitment=jwg(), due_date=FAR, actor=system, reason="far"
        ),
        "due_date",
    )
    assert_service_refuses(
        lambda: milestone_move(
            milestone=milestone, due_date=FAR, actor=system, reason="far"
        ),
        "due_date",
    )
    assert_service_refuses(
        lambda: milestone_revise(
            milestone=milestone, title="x", due_date=FAR, actor=system, reason="far"
        ),
        "due_date",
    )
    assert_service_refuses(
        lambda: milestone_transition(
            milestone=milestone,
            status="done",
            actor=system,
            completed_on=datetime.date(1, 1, 1),
        ),
        "completed_on",
    )
    assert Milestone.objects.count() == count
    milestone.refresh_from_db()
    assert (milestone.due_date, milestone.status) != (FAR, "done")


def test_agreement_services_refuse_a_date_outside_the_range(world, system):
    assert_service_refuses(
        lambda: agreement_create(
            reference="far",
            title="Far",
            kind="mou",
            parties=Party.objects.all(),
            actor=system,
            reason="far",
            date=FAR,
        ),
        "date",
    )
    talks = Agreement.objects.get(reference=TALKS)
    assert_service_refuses(
        lambda: agreement_update(agreement=talks, actor=system, reason="x", date=FAR),
        "date",
    )
    assert not Agreement.objects.filter(reference="far").exists()
    talks.refresh_from_db()
    assert talks.date != FAR


# --- generation: an over-long expansion is refused, the sweep goes on ----------


def test_generation_refuses_a_rule_that_expands_past_the_limit(world, system, settings):
    settings.TRACKER_LIMITS = {**settings.TRACKER_LIMITS, "RULE_OCCURRENCES": 3}
    unit = Commitment.objects.filter(cadence_rrule="").first()
    # Stored before the limit existed: daily since 2025.
    Commitment.objects.filter(pk=unit.pk).update(
        cadence_rrule="FREQ=DAILY", cadence_start=datetime.date(2025, 1, 1)
    )
    count = Milestone.objects.count()
    as_of = datetime.datetime(2026, 2, 1, tzinfo=UTC)

    with pytest.raises(ValidationError, match="RULE_OCCURRENCES"):
        milestones_generate(as_of=as_of, actor=system, commitment_ids=[unit.pk])
    report = milestones_generate(as_of=as_of, actor=system)

    assert "RULE_OCCURRENCES" in report.refused[unit.reference]
    assert unit.reference not in report.created
    assert not Milestone.objects.filter(commitment=unit).exists()
    assert Milestone.objects.count() >= count


def test_the_model_check_uses_the_bounds_from_settings(settings):
    """Commitment.clean reads RULE_OCCURRENCES from settings, as the services do."""
    from commitments.models import Commitment

    settings.TRACKER_LIMITS = {**settings.TRACKER_LIMITS, "RULE_OCCURRENCES": 5}
    commitment = Commitment(
        cadence_rrule="FREQ=DAILY",
        cadence_start=datetime.date(2026, 1, 1),
        cadence_count=10,
    )
    with pytest.raises(ValidationError) as refused:
        commitment.clean()
    assert "RULE_OCCURRENCES" in str(refused.value)
