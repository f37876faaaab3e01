"""Every model in the admin, with its history, search and filters."""

from django.contrib import admin
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

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
class PartyAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "time_zone")
    search_fields = ("name", "code")


@admin.register(Institution)
class InstitutionAdmin(SimpleHistoryAdmin):
    list_display = ("name", "acronym", "party")
    list_filter = ("party",)
    search_fields = ("name", "acronym")


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ("name", "title", "institution", "party")
    list_filter = ("party",)
    search_fields = ("name", "title", "institution__name")
    list_select_related = ("institution", "party")


@admin.register(SourceDocument)
class SourceDocumentAdmin(SimpleHistoryAdmin):
    list_display = ("title", "file_name", "published_on", "published_on_is_approximate")
    list_filter = ("published_on_is_approximate", "language")
    search_fields = ("title", "text", "file_name")
    # The text is verbatim and never edited: a correction is a new document.
    readonly_fields = ("text", "content_hash", "imported_at")


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ("title", "kind", "date", "date_is_assumed", "place")
    list_filter = ("kind", "parties", "date_is_assumed")
    search_fields = ("title", "reference", "place", "summary")
    filter_horizontal = ("parties", "sources")


class ObligationInline(admin.TabularInline):
    model = Obligation
    extra = 0
    autocomplete_fields = ("lead_institution",)


class ProvenanceInline(admin.StackedInline):
    model = Provenance
    extra = 0
    fields = ("source", "quote", "quote_start", "quote_end", "in_context")
    readonly_fields = ("in_context",)

    @admin.display(description="Quote in its source")
    def in_context(self, obj: Provenance) -> str:
        return quote_in_context(obj)


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    list_display = (
        "title",
        "agreement",
        "kind",
        "cadence_rrule",
        "due_date",
        "status",
        "owner",
    )
    list_filter = ("status", "kind", "agreement", "obligations__party", "due_precision")
    search_fields = ("title", "reference", "description", "provenance__quote")
    list_select_related = ("agreement", "owner")
    inlines = (ObligationInline, ProvenanceInline)


@admin.register(Obligation)
class ObligationAdmin(SimpleHistoryAdmin):
    list_display = ("commitment", "party", "lead_institution")
    list_filter = ("party", "lead_institution")
    search_fields = ("commitment__title", "lead_institution__name")
    list_select_related = ("commitment", "party", "lead_institution")


@admin.register(Provenance)
class ProvenanceAdmin(SimpleHistoryAdmin):
    list_display = ("commitment", "source", "quote_start", "quote_end")
    list_filter = ("source",)
    search_fields = ("quote", "commitment__title")
    readonly_fields = ("in_context",)
    list_select_related = ("commitment", "source")

    @admin.display(description="Quote in its source")
    def in_context(self, obj: Provenance) -> str:
        return quote_in_context(obj)


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "commitment", "due_date", "status", "completed_on")
    list_filter = ("status", "commitment__agreement", "is_extra")
    search_fields = ("title", "commitment__title")
    list_select_related = ("commitment",)
    date_hierarchy = "due_date"


@admin.register(FollowUp)
class FollowUpAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "commitment", "milestone", "author", "kind")
    list_filter = ("kind",)
    search_fields = ("note", "commitment__title", "evidence_url")
    list_select_related = ("commitment", "milestone", "author")
