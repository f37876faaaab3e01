"""Every model in the admin, with its history, search and filters.

The domain models are read-only here (core/readonly_admin.py): records change
only through the services, and are archived, never deleted. What staff do from
the admin are actions (commitments/admin_actions.py) that ask for a reason and
call the services under the pages' permission rules: archive and restore,
reassign, regenerate milestones; complete, re-status and reschedule milestones
(as follow-ups, like the follow-up page).
"""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from commitments import admin_actions as actions
from commitments.models import (
    Agreement,
    Commitment,
    FollowUp,
    Institution,
    Milestone,
    Obligation,
    Party,
    Person,
    Provenance,
    SourceDocument,
)
from commitments.permissions import can_close_commitment, can_reassign
from core.admin_actions import run_service_action
from core.readonly_admin import (
    BoundedSearchMixin,
    ReadOnlyHistoryAdmin,
    ReadOnlyStackedInline,
    ReadOnlyTabularInline,
)


def quote_in_context(provenance: Provenance) -> str:
    """The quote highlighted inside the text around it (all parts escaped)."""
    if not provenance.pk:
        return "-"
    before, quote, after = provenance.context()
    return format_html(
        '<span style="white-space:pre-wrap">…{}<mark>{}</mark>{}…</span>',
        before,
        quote,
        after,
    )


@admin.register(Party)
class PartyAdmin(ReadOnlyHistoryAdmin):
    list_display = ("name", "code", "time_zone")
    search_fields = ("name", "code")


@admin.register(Institution)
class InstitutionAdmin(ReadOnlyHistoryAdmin):
    list_display = ("name", "acronym", "party")
    list_filter = ("party",)
    search_fields = ("name", "acronym")


@admin.register(Person)
class PersonAdmin(ReadOnlyHistoryAdmin):
    list_display = ("name", "title", "institution", "party")
    list_filter = ("party",)
    search_fields = ("name", "title", "institution__name")
    list_select_related = ("institution", "party")


@admin.register(SourceDocument)
class SourceDocumentAdmin(ReadOnlyHistoryAdmin):
    list_display = ("title", "file_name", "published_on", "published_on_is_approximate")
    list_filter = ("published_on_is_approximate", "language")
    search_fields = ("title", "text", "file_name")
    # The text is verbatim and never edited: a correction is a new document.
    readonly_fields = ("text", "content_hash", "imported_at")


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyHistoryAdmin):
    list_display = ("title", "kind", "date", "date_is_assumed", "place")
    list_filter = ("kind", "parties", "date_is_assumed")
    search_fields = ("title", "reference", "place", "summary")
    filter_horizontal = ("parties", "sources")


class ObligationInline(ReadOnlyTabularInline):
    model = Obligation


class ProvenanceInline(ReadOnlyStackedInline):
    model = Provenance
    fields = ("source", "quote", "quote_start", "quote_end", "in_context")
    readonly_fields = ("in_context",)

    @admin.display(description="Quote in its source")
    def in_context(self, obj: Provenance) -> str:
        return quote_in_context(obj)


class ArchivedFilter(admin.SimpleListFilter):
    title = "archived"
    parameter_name = "archived"

    def lookups(self, request, model_admin):
        return (("no", "Not archived"), ("yes", "Archived"))

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(archived_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(archived_at__isnull=False)
        return queryset


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyHistoryAdmin):
    list_display = (
        "title",
        "agreement",
        "kind",
        "cadence_rrule",
        "due_date",
        "status",
        "owner",
        "archived_at",
    )
    list_filter = (
        ArchivedFilter,
        "status",
        "kind",
        "agreement",
        "obligations__party",
        "due_precision",
    )
    search_fields = ("title", "reference", "description", "provenance__quote")
    list_select_related = ("agreement", "owner")
    inlines = (ObligationInline, ProvenanceInline)
    actions = ("archive", "restore", "reassign", "regenerate_milestones")

    def has_archive_permission(self, request: HttpRequest) -> bool:
        return can_close_commitment(request.user)

    def has_reassign_permission(self, request: HttpRequest) -> bool:
        return can_reassign(request.user)

    def has_milestones_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("commitments.change_milestone")

    @admin.action(description="Archive selected commitments…", permissions=["archive"])
    def archive(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        return run_service_action(
            self, request, queryset, name="archive", action=actions.ARCHIVE
        )

    @admin.action(description="Restore selected commitments…", permissions=["archive"])
    def restore(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        return run_service_action(
            self, request, queryset, name="restore", action=actions.RESTORE
        )

    @admin.action(
        description="Reassign selected commitments to another owner…",
        permissions=["reassign"],
    )
    def reassign(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        return run_service_action(
            self, request, queryset, name="reassign", action=actions.REASSIGN
        )

    @admin.action(
        description="Regenerate the future milestones of selected commitments…",
        permissions=["milestones"],
    )
    def regenerate_milestones(
        self, request: HttpRequest, queryset: QuerySet
    ) -> HttpResponse | None:
        return run_service_action(
            self,
            request,
            queryset,
            name="regenerate_milestones",
            action=actions.REGENERATE,
        )


@admin.register(Obligation)
class ObligationAdmin(ReadOnlyHistoryAdmin):
    list_display = ("commitment", "party", "lead_institution")
    list_filter = ("party", "lead_institution")
    search_fields = ("commitment__title", "lead_institution__name")
    list_select_related = ("commitment", "party", "lead_institution")


@admin.register(Provenance)
class ProvenanceAdmin(ReadOnlyHistoryAdmin):
    list_display = ("commitment", "source", "quote_start", "quote_end")
    list_filter = ("source",)
    search_fields = ("quote", "commitment__title")
    readonly_fields = ("in_context",)
    list_select_related = ("commitment", "source")

    @admin.display(description="Quote in its source")
    def in_context(self, obj: Provenance) -> str:
        return quote_in_context(obj)


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyHistoryAdmin):
    list_display = ("__str__", "commitment", "due_date", "status", "completed_on")
    list_filter = ("status", "commitment__agreement", "is_extra")
    search_fields = ("title", "commitment__title")
    list_select_related = ("commitment",)
    date_hierarchy = "due_date"
    actions = ("complete", "set_status", "reschedule")

    def has_milestones_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("commitments.change_milestone")

    @admin.action(
        description="Mark selected milestones done…", permissions=["milestones"]
    )
    def complete(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        return run_service_action(
            self, request, queryset, name="complete", action=actions.COMPLETE
        )

    @admin.action(
        description="Set the status of selected milestones…", permissions=["milestones"]
    )
    def set_status(
        self, request: HttpRequest, queryset: QuerySet
    ) -> HttpResponse | None:
        return run_service_action(
            self, request, queryset, name="set_status", action=actions.SET_STATUS
        )

    @admin.action(
        description="Reschedule selected milestones…", permissions=["milestones"]
    )
    def reschedule(
        self, request: HttpRequest, queryset: QuerySet
    ) -> HttpResponse | None:
        return run_service_action(
            self, request, queryset, name="reschedule", action=actions.RESCHEDULE
        )


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyHistoryAdmin):
    list_display = ("__str__", "commitment", "milestone", "author", "kind")
    list_filter = ("kind",)
    search_fields = ("note", "commitment__title", "evidence_url")
    list_select_related = ("commitment", "milestone", "author")


# No bulk delete anywhere: records are archived, and users deactivated.
admin.site.disable_action("delete_selected")

User = get_user_model()


class DeactivateNotDeleteUserAdmin(BoundedSearchMixin, UserAdmin):
    """Users are deactivated, never deleted: their work and history name them."""

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context=None
    ) -> HttpResponse:
        self.message_user(
            request,
            "Users are never deleted: deactivate instead (untick “Active” and "
            "save), so that their work and its history keep their name.",
            level=messages.ERROR,
        )
        return HttpResponseRedirect(reverse("admin:auth_user_change", args=[object_id]))


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, DeactivateNotDeleteUserAdmin)
