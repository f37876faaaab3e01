"""Admin pages that show records and their history but never write them.

Domain records change only through the services (lifecycle checks, versions,
a reason on every history row), so their admin pages are for looking: no
add, change, delete or history revert. Writes an administrator needs are admin
actions that call a service (see commitments/admin.py).
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from core.limits import check_limit


class BoundedSearchMixin:
    """The admin's search box under the same limits as the pages' search.

    Django's admin search ORs every search field for every word: thousands of
    words make a statement PostgreSQL takes minutes to plan. Past the limits the
    list is empty and the message names the limit.
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


class ConfigurationAdmin(BoundedSearchMixin, SimpleHistoryAdmin):
    """Configuration an administrator edits in the admin, with history."""


class ReadOnlyHistoryAdmin(BoundedSearchMixin, SimpleHistoryAdmin):
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
