"""Changing the reminder settings: when reminders go out and who is escalated to.

Reminder rules (how many days before a due date a kind of commitment is
reminded) and escalation levels (after how many days overdue, to whom) are
configuration an administrator edits in the admin. Each save goes through here,
with the acting user and a reason on the history row; nothing deletes a rule
or a level (a level that should stop applying is given a later threshold, a
rule is changed): the reminders already sent name them.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from core.history import save_with_history
from notifications.models import EscalationLevel, ReminderRule


def _require_reason(reason: str) -> None:
    if not reason.strip():
        raise ValidationError("Say why the reminder settings change.")


@transaction.atomic
def reminder_rule_save(
    *, rule: ReminderRule, actor: AbstractBaseUser, reason: str
) -> ReminderRule:
    """Create or change a reminder rule (validated), with who and why."""
    _require_reason(reason)
    return save_with_history(rule, actor=actor, reason=reason)


@transaction.atomic
def escalation_level_save(
    *, level: EscalationLevel, actor: AbstractBaseUser, reason: str
) -> EscalationLevel:
    """Create or change an escalation level (validated), with who and why."""
    _require_reason(reason)
    return save_with_history(level, actor=actor, reason=reason)
