"""Candidates in the admin, read-only: they are reviewed on the review pages,
whose services record who accepted or rejected each one and why."""

from django.contrib import admin

from core.readonly_admin import ReadOnlyHistoryAdmin
from extraction.models import Candidate


@admin.register(Candidate)
class CandidateAdmin(ReadOnlyHistoryAdmin):
    list_display = ("title", "source", "kind", "status", "confidence", "reviewed_by")
    list_filter = ("status", "kind")
    search_fields = ("quote", "title")
    list_select_related = ("source", "reviewed_by")
