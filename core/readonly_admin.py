"""Admin pages that show records and their history but never write them.

Domain records change only through the services (lifecycle checks, versions,
a reason on every history row), so their admin pages are for looking: no
add, change, delete or history revert. Writes an administrator needs are admin
actions that call a service (see commitments/admin.py).
"""

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin

from core.limits import check_limit


class BoundedSearchMixin:
    """An admin list under the same rules as the pages' lists.

    - The search box has the search limits: Django's admin ORs every search
      field for every word, and thousands of words make a statement PostgreSQL
      takes minutes to plan. Past the limits the list is empty and the message
      names the limit.
    - A list filter Python cannot hold (``?due_date__year=99999999999999999999``)
      is an incorrect lookup, which the admin answers with its own error page,
      not a 500.
    """

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        try:
            check_limit("SEARCH_CHARS", len(search_term), "A search (characters)")
            check_limit("SEARCH_WORDS", len(search_term.split()), "A search (words)")
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)

    def get_changelist_instance(self, request: HttpRequest):
        try:
            return super().get_changelist_instance(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error


class HistoryIdMixin:
    """A history page for an id that is not one is a 404, not a 500."""

    def _check_id(self, value: str) -> None:
        try:
            self.model._meta.pk.to_python(value)
        except ValidationError as error:
            raise Http404("No such record.") from error

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context=None
    ) -> HttpResponse:
        self._check_id(object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context=None
    ) -> HttpResponse:
        self._check_id(object_id)
        if not version_id.isdigit():
            raise Http404("No such version.")
        return super().history_form_view(request, object_id, version_id, extra_context)


class ConfigurationAdmin(BoundedSearchMixin, HistoryIdMixin, SimpleHistoryAdmin):
    """Configuration an administrator edits in the admin, with history."""


class ReadOnlyHistoryAdmin(BoundedSearchMixin, HistoryIdMixin, SimpleHistoryAdmin):
    """View and history only; the change page renders every field read-only."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ReadOnlyInlineMixin:
    """For inlines of a read-only admin: no rows added, changed or removed."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ReadOnlyTabularInline(ReadOnlyInlineMixin, admin.TabularInline):
    pass


class ReadOnlyStackedInline(ReadOnlyInlineMixin, admin.StackedInline):
    pass
