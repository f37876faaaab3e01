"""Search and filters of the commitment list (django-filter)."""

import django_filters
from django import forms
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.forms.utils import flatatt
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from access.scope import scope_key, visible_agreement_id_set
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
    StatusChoices,
)
from commitments.search import (
    SEARCH_VALIDATORS,
    commitments_matching,
    parse_search,
)
from core.cache_version import data_version
from core.dates import check_supported_date
from core.limits import check_limit

OPEN = [status.value for status in OPEN_STATUSES]
# How long the rendered agreement options live in the cache. The key carries
# the data version, so a committed change is seen at once; the timeout only
# bounds a change that bypassed the services (a raw SQL fix, say).
AGREEMENT_OPTIONS_SECONDS = 120


class PersonChoiceField(django_filters.fields.ModelChoiceField):
    """People by their full name, as every other page shows them."""

    def label_from_instance(self, obj: AbstractBaseUser) -> str:
        return obj.get_full_name() or obj.get_username()


class PersonFilter(django_filters.ModelChoiceFilter):
    field_class = PersonChoiceField


class DateRangeInput(django_filters.widgets.DateRangeWidget):
    """Two browser date pickers, named due_after and due_before."""

    def __init__(self, attrs: dict | None = None) -> None:
        django_filters.widgets.SuffixedMultiWidget.__init__(
            self, (DateInput(), DateInput()), attrs
        )


class Unread:
    """A visible-agreements argument not given: read it when needed."""


UNREAD = Unread()


class AgreementSelect(forms.Select):
    """The agreement dropdown: its options rendered once, then cached.

    A thousand agreements rendered option by option through the widget
    templates, each built from a model instance, cost ~25 ms of every list
    page (docs/performance.md, "Lists"); joined in one pass from (id, title)
    rows, ~6 ms; read from the shared cache, well under 1 ms plus marking the
    chosen one. The chosen value is still checked against the database by the
    field.

    Only the agreements the person may see are listed: ``scope_to(user)``
    (scope_filters calls it) keys the cache by the ids they see, so one
    desk's titles never reach another's page. Unscoped (no ``scope_to``), it
    lists every agreement, as the callers not yet scoped expect.
    """

    def __init__(self, attrs: dict | None = None, *, empty_label: str = "") -> None:
        super().__init__(attrs)
        self.empty_label = empty_label
        self.user: AbstractBaseUser | AnonymousUser | None = None
        self.visible: frozenset[int] | Unread | None = UNREAD

    def scope_to(
        self,
        user: AbstractBaseUser | AnonymousUser,
        visible: frozenset[int] | Unread | None = UNREAD,
    ) -> None:
        """List only the agreements `user` may see; `visible`: their ids if
        already read (visible_agreement_id_set), to key the cache by."""
        self.user = user
        self.visible = visible

    def render(
        self, name: str, value: object, attrs: dict | None = None, renderer=None
    ) -> SafeString:
        chosen = {str(v) for v in self.format_value(value)} - {""}
        options = self.options_html(self.user, self.visible)
        for pk in chosen:
            # The cached options carry no selection: mark the chosen ones. The
            # value is escaped as the options are; one that no option has
            # marks nothing.
            option = f'<option value="{escape(pk)}">'
            options = options.replace(option, option[:-1] + " selected>", 1)
        empty = format_html(
            '<option value=""{}>{}</option>',
            "" if chosen else " selected",  # nothing to escape
            self.empty_label,
        )
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html(
            "<select{}>{}{}</select>",
            flatatt({"name": name, **final_attrs}),
            empty,
            # Escaped by format_html_join, then only " selected" added.
            mark_safe(options),  # noqa: S308  # nosec B308 B703
        )

    @staticmethod
    def options_html(
        user: AbstractBaseUser | AnonymousUser | None = None,
        visible: frozenset[int] | Unread | None = UNREAD,
    ) -> str:
        """The agreements `user` may see (None: every one) as <option>s, none
        selected: rendered once per data version (every committed write of an
        agreement bumps it) and set of visible agreements, and shared by every
        list page and every worker through the cache."""
        if user is None:
            scope = "all"
        else:
            if isinstance(visible, Unread):
                visible = visible_agreement_id_set(user)
            scope = scope_key(visible)
        key = f"commitments:agreement-options:{data_version()}:{scope}"
        if (found := cache.get(key)) is not None:
            return found
        rows = selectors.agreement_choices(user=user).values_list("pk", "title")
        html = str(format_html_join("", '<option value="{}">{}</option>', rows))
        cache.set(key, html, AGREEMENT_OPTIONS_SECONDS)
        return html


def filter_chars_validator(value: str) -> None:
    """Refuse a free-text filter value longer than FILTER_CHARS characters."""
    check_limit("FILTER_CHARS", len(value), "A filter value (characters)")


class SupportedDateRangeField(django_filters.fields.DateRangeField):
    """A from-to range whose days lie in the supported range (core/dates.py)."""

    def compress(self, data_list: list) -> slice | None:
        for day in data_list or ():
            check_supported_date(day)
        return super().compress(data_list)


class SupportedDateRangeFilter(django_filters.DateFromToRangeFilter):
    field_class = SupportedDateRangeField


class RefusingFilterSet(django_filters.FilterSet):
    """A filter set that lists nothing while any value is refused.

    django-filter would apply only the valid values and list everything the
    refused one was meant to narrow; the page shows the refusal instead.
    """

    @property
    def qs(self) -> QuerySet:
        if not hasattr(self, "_qs") and self.is_bound and not self.is_valid():
            self._qs = self.queryset.none()
        return super().qs


def obligation_conditions(
    commitment: str,
    *,
    party: Party | None = None,
    institution: Institution | None = None,
) -> list[Exists]:
    """Filter arguments: the row's commitment obliges `party` to act, and
    `institution` leads on it (an EXISTS on obligations each, so a row is
    listed once however many obligations match). `commitment` is the path
    from the filtered row to its commitment's id: "pk" for commitments,
    "commitment" for their milestones and follow-ups. One definition for the
    lists here and reporting's figures and lists."""
    conditions = []
    if party:
        conditions.append(
            Exists(
                Obligation.objects.filter(commitment=OuterRef(commitment), party=party)
            )
        )
    if institution:
        conditions.append(
            Exists(
                Obligation.objects.filter(
                    commitment=OuterRef(commitment), lead_institution=institution
                )
            )
        )
    return conditions


class ObligationFilterSet(RefusingFilterSet):
    """The obligated side and lead institution filters, shared by the
    commitments list and reporting's milestone and follow-up lists."""

    # The path from a filtered row to its commitment (obligation_conditions).
    commitment_path = "pk"

    party = django_filters.ModelChoiceFilter(
        queryset=selectors.party_list(),
        method="filter_party",
        label=_("Obligated side"),
        empty_label=_("Any side"),
    )
    institution = django_filters.ModelChoiceFilter(
        queryset=selectors.institution_list(),
        method="filter_institution",
        label=_("Lead institution"),
        empty_label=_("Any institution"),
    )

    def filter_party(
        self, queryset: QuerySet, name: str, value: Party | None
    ) -> QuerySet:
        """Rows of commitments this side must act on."""
        return queryset.filter(
            *obligation_conditions(self.commitment_path, party=value)
        )

    def filter_institution(
        self, queryset: QuerySet, name: str, value: Institution | None
    ) -> QuerySet:
        """Rows of commitments this institution leads on."""
        return queryset.filter(
            *obligation_conditions(self.commitment_path, institution=value)
        )


def scope_filters(
    filterset: django_filters.FilterSet, user: AbstractBaseUser | AnonymousUser
) -> None:
    """Offer (and accept) only the agreements, owners and lead institutions
    `user` may see: the agreement dropdown, its cached options, the owner and
    institution choices. For every filter set with those filters (the
    commitments list; reporting's lists may call it too)."""
    fields = filterset.form.fields
    # Read once for the agreement options', the institutions' and the rows'
    # cache keys (core/fragments.py).
    visible = visible_agreement_id_set(user)
    filterset.scope_key = scope_key(visible)
    if "agreement" in fields:
        fields["agreement"].queryset = selectors.agreement_choices(user=user)
        if isinstance(fields["agreement"].widget, AgreementSelect):
            fields["agreement"].widget.scope_to(user, visible)
    if "owner" in fields:
        fields["owner"].queryset = selectors.owner_filter_choices(user=user)
    if "institution" in fields:
        fields["institution"].queryset = selectors.institutions_leading_within(visible)


class CommitmentFilter(ObligationFilterSet):
    """Free text, agreement, side, institution, kind, status, owner and due range.

    Conditions on related rows are EXISTS subqueries, not joins, so a commitment
    is listed once however many of its rows match.
    """

    q = django_filters.CharFilter(
        method="filter_text", label=_("Search"), validators=SEARCH_VALIDATORS
    )
    agreement = django_filters.ModelChoiceFilter(
        queryset=selectors.agreement_choices(),
        empty_label=_("Any agreement"),
        widget=AgreementSelect(empty_label=_("Any agreement")),
    )
    kind = django_filters.ChoiceFilter(
        choices=CommitmentKind.choices, empty_label=_("Any kind")
    )
    status = django_filters.ChoiceFilter(
        choices=StatusChoices.choices, empty_label=_("Any status")
    )
    owner = PersonFilter(
        queryset=selectors.owner_filter_choices(),
        empty_label=_("Anyone"),
        null_label=_("Nobody (unassigned)"),
    )
    due = SupportedDateRangeFilter(
        method="filter_due",
        label=_("Due between"),
        widget=DateRangeInput(),
    )

    class Meta:
        model = Commitment
        fields = ["q", "agreement", "party", "institution", "kind", "status", "owner"]

    def __init__(
        self,
        data: dict | None = None,
        queryset: QuerySet | None = None,
        *,
        user: AbstractBaseUser | AnonymousUser | None = None,
        **kwargs,
    ) -> None:
        super().__init__(data, queryset, **kwargs)
        if user is not None:
            scope_filters(self, user)

    def filter_text(
        self, queryset: QuerySet[Commitment], name: str, value: str
    ) -> QuerySet[Commitment]:
        """Words in the title, reference, description or any quote. Notes
        whether the search is broad (``broad_search``), which decides how the
        list orders its matches (commitments/ordering.py)."""
        parsed = parse_search(value, using=queryset.db)
        self.broad_search = parsed is not None and parsed.broad
        return commitments_matching(queryset, value, parsed=parsed)

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
