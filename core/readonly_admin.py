"""Admin pages that show records and their history but never write them.

Domain records change only through the services (lifecycle checks, versions,
a reason on every history row), so their admin pages are for looking: no
add, change, delete or history revert. Writes an administrator needs are admin
actions that call a service (see commitments/admin.py).
"""

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
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
        if request.method not in ("GET", "HEAD") and not self.has_change_permission(
            request
        ):
            # simple-history's version page saves a posted form (a revert)
            # asking only for the view permission, and its form leaves every
            # field editable: without this, a read-only record could be
            # rewritten here, past the services.
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ConfigurationAdmin(BoundedSearchMixin, HistoryIdMixin, SimpleHistoryAdmin):
    """Configuration an administrator edits in the admin, with history."""


class ServiceWriteMixin:
    """An admin whose add and change pages save through a service.

    ``save_model`` hands the validated, unsaved row to ``save_through_service``,
    which subclasses implement by calling the entity's service with
    ``actor=request.user``; nothing else here writes: related rows and
    many-to-many fields are the service's job (such an admin has no inlines),
    and rows are never deleted. A service's refusal is shown as an error
    message and nothing is saved.
    tests/unit/test_admin_write_path.py holds every domain admin to this or
    to read-only.
    """

    inlines = ()

    def save_through_service(
        self, *, request: HttpRequest, obj: Model, form: Any, change: bool
    ) -> None:
        raise NotImplementedError

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool):
        self.save_through_service(request=request, obj=obj, form=form, change=change)

    def save_related(self, request: HttpRequest, form: Any, formsets, change) -> None:
        """The service saved what the form holds; nothing is written beside it."""

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        raise PermissionDenied

    def changeform_view(
        self, request: HttpRequest, object_id=None, form_url="", extra_context=None
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            # Raised by the service inside the admin's transaction, which has
            # rolled back: say why, and show the page again.
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class ServiceConfigurationAdmin(ServiceWriteMixin, ConfigurationAdmin):
    """Configuration edited in the admin, each save through its service."""


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
