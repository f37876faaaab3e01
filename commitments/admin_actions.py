"""What staff may do to commitments and milestones from the admin: each an
action (core/admin_actions.py) that asks for a reason, checks the same rule as
the product's pages (commitments/permissions.py) and calls the service.

Milestones are completed, re-statused and rescheduled as follow-ups, through
the follow-up services like the follow-up page, so the log shows them too.
"""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from commitments.forms.common import SupportedDateField
from commitments.models import Commitment, Milestone, StatusChoices
from commitments.permissions import (
    can_apply_followup,
    can_change_milestones,
    can_close_commitment,
    can_edit_commitment,
    can_reassign,
)
from commitments.services.archive import commitment_archive, commitment_restore
from commitments.services.commitments import commitment_update
from commitments.services.followups import (
    FollowUpAction,
    milestone_complete,
    milestone_reschedule,
    milestone_status_set,
)
from commitments.services.milestones import milestones_regenerate
from core.admin_actions import ReasonForm, ServiceAction


class OwnerForm(ReasonForm):
    owner = forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
        help_text="Who owns the commitments from now on.",
    )
    field_order = ("owner", "reason")


class CompleteForm(ReasonForm):
    happened_on = SupportedDateField(label="Done on", initial=timezone.localdate)
    field_order = ("happened_on", "reason")


class StatusForm(ReasonForm):
    status = forms.ChoiceField(choices=StatusChoices.choices)
    field_order = ("status", "reason")


class RescheduleForm(ReasonForm):
    due_date = SupportedDateField(label="New due date")
    field_order = ("due_date", "reason")


def _archive(actor: AbstractBaseUser, row: Commitment, data: dict[str, Any]) -> object:
    return commitment_archive(commitment=row, actor=actor, reason=data["reason"])


def _restore(actor: AbstractBaseUser, row: Commitment, data: dict[str, Any]) -> object:
    return commitment_restore(commitment=row, actor=actor, reason=data["reason"])


def _reassign(actor: AbstractBaseUser, row: Commitment, data: dict[str, Any]) -> object:
    # The version the admin listed: an edit saved since then is not overwritten.
    return commitment_update(
        commitment=row,
        actor=actor,
        reason=data["reason"],
        expected_version=row.version,
        owner=data["owner"],
    )


def _regenerate(
    actor: AbstractBaseUser, row: Commitment, data: dict[str, Any]
) -> object:
    return milestones_regenerate(
        commitment=row, as_of=timezone.now(), actor=actor, reason=data["reason"]
    )


def _may_reassign(user: AbstractBaseUser, row: Commitment) -> bool:
    return can_edit_commitment(user, row) and can_reassign(user)


def _complete(actor: AbstractBaseUser, row: Milestone, data: dict[str, Any]) -> object:
    return milestone_complete(
        commitment=row.commitment,
        milestone=row,
        actor=actor,
        happened_on=data["happened_on"],
        reason=data["reason"],
        # A completion's follow-up note says why, as on the page.
        note=data["reason"],
    )


def _set_status(
    actor: AbstractBaseUser, row: Milestone, data: dict[str, Any]
) -> object:
    return milestone_status_set(
        commitment=row.commitment,
        milestone=row,
        status=data["status"],
        actor=actor,
        happened_on=timezone.localdate(),
        reason=data["reason"],
    )


def _reschedule(
    actor: AbstractBaseUser, row: Milestone, data: dict[str, Any]
) -> object:
    return milestone_reschedule(
        commitment=row.commitment,
        milestone=row,
        due_date=data["due_date"],
        actor=actor,
        happened_on=timezone.localdate(),
        reason=data["reason"],
    )


def _may_change(action: FollowUpAction):
    def allowed(user: AbstractBaseUser, row: Milestone) -> bool:
        return can_apply_followup(user, row.commitment, action, on_milestone=True)

    return allowed


_NOT_YOURS = (
    "only its owner or a manager may complete, move or re-status its milestones; "
    "nothing changed."
)

ARCHIVE = ServiceAction(
    verb="Archive",
    form_class=ReasonForm,
    is_allowed=lambda user, row: can_close_commitment(user),
    refusal="only a manager may archive commitments; nothing changed.",
    apply=_archive,
)
RESTORE = ServiceAction(
    verb="Restore",
    form_class=ReasonForm,
    is_allowed=lambda user, row: can_close_commitment(user),
    refusal="only a manager may restore commitments; nothing changed.",
    apply=_restore,
)
REASSIGN = ServiceAction(
    verb="Reassign",
    form_class=OwnerForm,
    is_allowed=_may_reassign,
    refusal="only a manager may choose another owner; nothing changed.",
    apply=_reassign,
)
REGENERATE = ServiceAction(
    verb="Regenerate milestones",
    form_class=ReasonForm,
    is_allowed=can_change_milestones,
    refusal="only its owner or a manager may change its milestones; nothing changed.",
    apply=_regenerate,
)
COMPLETE = ServiceAction(
    verb="Mark done",
    form_class=CompleteForm,
    is_allowed=_may_change(FollowUpAction.COMPLETE),
    refusal=_NOT_YOURS,
    apply=_complete,
)
SET_STATUS = ServiceAction(
    verb="Set status",
    form_class=StatusForm,
    is_allowed=_may_change(FollowUpAction.STATUS),
    refusal=_NOT_YOURS,
    apply=_set_status,
)
RESCHEDULE = ServiceAction(
    verb="Reschedule",
    form_class=RescheduleForm,
    is_allowed=_may_change(FollowUpAction.RESCHEDULE),
    refusal=_NOT_YOURS,
    apply=_reschedule,
)
