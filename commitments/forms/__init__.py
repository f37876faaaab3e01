"""Forms of the staff workspace: they parse and check input; services write.

One module per page family; this package re-exports what views and filters use.
"""

from commitments.forms.agreements import AgreementForm
from commitments.forms.commitments import (
    CommitmentCreateForm,
    CommitmentEditForm,
    CommitmentFieldsForm,
    SelectionForm,
)
from commitments.forms.common import (
    DateInput,
    SupportedDateField,
    add_service_errors,
    non_working_check,
    reason_field,
)
from commitments.forms.followups import FollowUpForm, MilestoneForm

__all__ = [
    "AgreementForm",
    "CommitmentCreateForm",
    "CommitmentEditForm",
    "CommitmentFieldsForm",
    "DateInput",
    "FollowUpForm",
    "MilestoneForm",
    "SelectionForm",
    "SupportedDateField",
    "add_service_errors",
    "non_working_check",
    "reason_field",
]
