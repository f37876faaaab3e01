"""Admin pages that show records and their history but never write them.

Domain records change only through the services (lifecycle checks, versions,
a reason on every history row), so their admin pages are for looking: no
add, change, delete or history revert. Writes an administrator needs are admin
actions that call a service (see commitments/admin.py).
"""

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
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
