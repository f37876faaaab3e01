"""Search and filters of the commitment list (django-filter)."""

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet

from commitments import selectors
from commitments.forms import DateInput
from commitments.lifecycle import OPEN_STATUSES
from commitments.models import (
    Commitment,
    CommitmentKind,
    Institution,
    Milestone,
    Obligation,
    Party,
    Provenance,
    StatusChoices,
)

OPEN = [status.value for status in OPEN_STATUSES]


class DateRangeInput(django_filters.widgets.DateRangeWidget):
    """Two browser date pickers, named due_after and due_before."""

    def __init__(self, attrs: dict | None = None) -> None:
        django_filters.widgets.SuffixedMultiWidget.__init__(
            self, (DateInput(), DateInput()), attrs
        )


class CommitmentFilter(django_filters.FilterSet):
    """Free text, agreement, side, institution, kind, status, owner and due range.

    Conditions on related rows are EXISTS subqueries, not joins, so a commitment
    is listed once however many of its rows match.
    """

    q = django_filters.CharFilter(method="filter_text", label="Search")
    agreement = django_filters.ModelChoiceFilter(
        queryset=selectors.agreement_choices(), empty_label="Any agreement"
    )
    party = django_filters.ModelChoiceFilter(
        queryset=selectors.party_list(),
        method="filter_party",
        label="Obligated side",
        empty_label="Any side",
    )
    institution = django_filters.ModelChoiceFilter(
        queryset=selectors.institution_list(),
        method="filter_institution",
        label="Lead institution",
        empty_label="Any institution",
    )
    kind = django_filters.ChoiceFilter(
        choices=CommitmentKind.choices, empty_label="Any kind"
    )
    status = django_filters.ChoiceFilter(
        choices=StatusChoices.choices, empty_label="Any status"
    )
    owner = django_filters.ModelChoiceFilter(
        queryset=selectors.owner_choices(),
        empty_label="Anyone",
        null_label="Nobody (unassigned)",
    )
    due = django_filters.DateFromToRangeFilter(
        method="filter_due",
        label="Due between",
        widget=DateRangeInput(),
    )

    class Meta:
        model = Commitment
        fields = ["q", "agreement", "party", "institution", "kind", "status", "owner"]

    def filter_text(
        self, queryset: QuerySet[Commitment], name: str, value: str
    ) -> QuerySet[Commitment]:
        """Words in the title, reference, description or any quote."""
        for word in value.split():
            quoted = Provenance.objects.filter(
                commitment=OuterRef("pk"), quote__icontains=word
            )
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(reference__icontains=word)
                | Q(description__icontains=word)
                | Exists(quoted)
            )
        return queryset

    def filter_party(
        self, queryset: QuerySet[Commitment], name: str, value: Party | None
    ) -> QuerySet[Commitment]:
        """Commitments that this side must act on."""
        if not value:
            return queryset
        sides = Obligation.objects.filter(commitment=OuterRef("pk"), party=value)
        return queryset.filter(Exists(sides))

    def filter_institution(
        self, queryset: QuerySet[Commitment], name: str, value: Institution | None
    ) -> QuerySet[Commitment]:
        """Commitments this institution leads on."""
        if not value:
            return queryset
        leads = Obligation.objects.filter(
            commitment=OuterRef("pk"), lead_institution=value
        )
        return queryset.filter(Exists(leads))

    def filter_due(
        self, queryset: QuerySet[Commitment], name: str, value: slice | None
    ) -> QuerySet[Commitment]:
        """A one-off due in the range, or an open milestone due in it."""
        if not value or (value.start is None and value.stop is None):
            return queryset
        own, milestone = Q(), Q(commitment=OuterRef("pk"), status__in=OPEN)
        if value.start is not None:
            own &= Q(due_date__gte=value.start)
            milestone &= Q(due_date__gte=value.start)
        if value.stop is not None:
            own &= Q(due_date__lte=value.stop)
            milestone &= Q(due_date__lte=value.stop)
        return queryset.filter(
            (own & Q(due_date__isnull=False))
            | Exists(Milestone.objects.filter(milestone))
        )

    @property
    def is_filtered(self) -> bool:
        """Whether any filter has a value (the page then says how many matched)."""
        return any(value not in (None, "", []) for value in self.data.values())
