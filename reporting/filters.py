"""The dashboard's filter form and the filters of the milestone and follow-up lists.

Parameter names are the commitments list's (agreement, party, institution,
owner, status, due_after, due_before), so a dashboard link means the same on
every list, and the conditions come from reporting.scope, as the figures do.
"""

from typing import Any

import django_filters
from django import forms
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from access.scope import visible_agreement_id_set
from commitments import selectors
from commitments.filters import (
    AgreementSelect,
    DateRangeInput,
    ObligationFilterSet,
    PersonFilter,
    SupportedDateRangeFilter,
    filter_chars_validator,
)
from commitments.forms import DateInput
from commitments.models import (
    CommitmentKind,
    FollowUp,
    FollowUpKind,
    Milestone,
    StatusChoices,
)
from core.dates import supported_date_validator
from core.forms import IdChoiceField
from reporting.scope import OPEN_PARAM, TIMELINESS, Scope, milestone_q

User = AbstractBaseUser | AnonymousUser


class DashboardForm(forms.Form):
    """Date range, agreement, side and lead institution of the dashboard."""

    due_after = forms.DateField(
        required=False,
        label=_("Due from"),
        widget=DateInput(),
        validators=[supported_date_validator],
    )
    due_before = forms.DateField(
        required=False,
        label=_("Due to"),
        widget=DateInput(),
        validators=[supported_date_validator],
    )
    agreement = IdChoiceField(
        queryset=selectors.agreement_choices(),
        required=False,
        empty_label=_("Any agreement"),
        widget=AgreementSelect(empty_label=_("Any agreement")),
    )
    party = IdChoiceField(
        queryset=selectors.party_list(),
        required=False,
        label=_("Obligated side"),
        empty_label=_("Any side"),
    )
    institution = IdChoiceField(
        queryset=selectors.institution_list(),
        required=False,
        label=_("Lead institution"),
        empty_label=_("Any institution"),
    )

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the agreements the viewer may see are offered (and accepted):
        # another desk's is "not one of the available choices", as a missing
        # one. Without a user (a benchmark's form) every agreement is offered;
        # the figures are narrowed by for_viewer whatever the form holds.
        if user is not None:
            field = self.fields["agreement"]
            field.queryset = selectors.agreement_choices(user=user)
            # Read once for both the agreement options' and the institutions'
            # cache keys.
            visible = visible_agreement_id_set(user)
            field.widget.scope_to(user, visible)
            self.fields["institution"].queryset = selectors.institutions_leading_within(
                visible
            )

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("due_after"), data.get("due_before")
        if start and end and start > end:
            raise forms.ValidationError(_("The range ends before it starts."))
        return data

    def scope(self) -> Scope:
        """The scope the valid form describes (an invalid one filters nothing)."""
        if not self.is_valid():
            return Scope()
        data = self.cleaned_data
        return Scope(
            agreement=data["agreement"],
            party=data["party"],
            institution=data["institution"],
            date_from=data["due_after"],
            date_to=data["due_before"],
        )


class _ScopedFilter(ObligationFilterSet):
    """Agreement, side and lead institution, through the row's commitment."""

    commitment_path = "commitment"
    agreement = django_filters.ModelChoiceFilter(
        field_name="commitment__agreement",
        queryset=selectors.agreement_choices(),
        empty_label=_("Any agreement"),
        widget=AgreementSelect(empty_label=_("Any agreement")),
    )
    commitment = django_filters.CharFilter(
        field_name="commitment__reference",
        label=_("Commitment reference"),
        validators=[filter_chars_validator],
    )

    @property
    def is_filtered(self) -> bool:
        """Whether any filter has a value (the page then says how many matched)."""
        return any(
            value not in (None, "", []) and key != "page"
            for key, value in self.data.items()
        )


class MilestoneFilter(_ScopedFilter):
    """Milestones by status (or all open ones), timeliness, due range, owner."""

    status = django_filters.ChoiceFilter(
        choices=[
            (OPEN_PARAM, _("Open (planned, due soon, overdue)")),
            *list(StatusChoices.choices),
        ],
        method="filter_state",
        empty_label=_("Any status"),
    )
    timeliness = django_filters.ChoiceFilter(
        choices=list(TIMELINESS.items()),
        method="filter_state",
        label=_("On time"),
        empty_label=_("Any"),
    )
    due = SupportedDateRangeFilter(
        method="filter_state", label=_("Due between"), widget=DateRangeInput()
    )
    owner = PersonFilter(
        field_name="commitment__owner",
        queryset=selectors.owner_choices(),
        empty_label=_("Anyone"),
        null_label=_("Nobody (unassigned)"),
    )
    kind = django_filters.ChoiceFilter(
        field_name="commitment__kind",
        choices=CommitmentKind.choices,
        empty_label=_("Any kind"),
    )
    recurring = django_filters.ChoiceFilter(
        choices=[("yes", _("Recurring")), ("no", _("One-off"))],
        method="filter_recurring",
        empty_label=_("Recurring or not"),
    )

    class Meta:
        model = Milestone
        fields = ["agreement", "party", "institution", "commitment", "owner"]

    def filter_state(self, queryset: QuerySet, name: str, value) -> QuerySet:
        """Status, timeliness and due range together, as the dashboard counts."""
        data = self.form.cleaned_data
        due = data.get("due")
        return queryset.filter(
            milestone_q(
                now=timezone.now(),
                status=data.get("status") or "",
                timeliness=data.get("timeliness") or "",
                due_after=due.start if due else None,
                due_before=due.stop if due else None,
            )
        )

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # The three state filters are one condition: apply it once.
        applied = False
        for name, value in self.form.cleaned_data.items():
            method = self.filters[name].method
            if method == "filter_state":
                if applied or not _has_value(value):
                    continue
                applied = True
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_recurring(self, queryset: QuerySet, name: str, value) -> QuerySet:
        """Milestones of recurring (or one-off) commitments."""
        if value == "yes":
            return queryset.exclude(commitment__cadence_rrule="")
        if value == "no":
            return queryset.filter(commitment__cadence_rrule="")
        return queryset


def _has_value(value) -> bool:
    if isinstance(value, slice):
        return value.start is not None or value.stop is not None
    return value not in (None, "", [])


class FollowUpFilter(_ScopedFilter):
    """Follow-ups by kind, author and the day they happened."""

    kind = django_filters.ChoiceFilter(
        choices=FollowUpKind.choices, empty_label=_("Any kind")
    )
    author = django_filters.ModelChoiceFilter(
        queryset=selectors.owner_choices(), empty_label=_("Anyone")
    )
    happened = SupportedDateRangeFilter(
        field_name="happened_on", label=_("Happened between"), widget=DateRangeInput()
    )

    class Meta:
        model = FollowUp
        fields = ["agreement", "party", "institution", "commitment", "kind", "author"]
