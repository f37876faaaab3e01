"""Candidates and jobs in the admin, read-only: candidates are reviewed on the
review pages, whose services record who accepted or rejected each one and why;
jobs are run by the worker."""

from django.contrib import admin

from core.readonly_admin import ReadOnlyHistoryAdmin
from extraction.models import Candidate, ExtractionJob


@admin.register(Candidate)
class CandidateAdmin(ReadOnlyHistoryAdmin):
    list_display = ("title", "source", "kind", "status", "confidence", "reviewed_by")
    list_filter = ("status", "kind")
    search_fields = ("quote", "title")
    list_select_related = ("source", "reviewed_by")


@admin.register(ExtractionJob)
class ExtractionJobAdmin(ReadOnlyHistoryAdmin):
    list_display = ("pk", "kind", "status", "owner", "file_name", "created_at")
    list_filter = ("status", "kind")
    search_fields = ("file_name", "summary")
    list_select_related = ("owner",)
