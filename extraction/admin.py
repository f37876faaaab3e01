from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from extraction.models import Candidate


@admin.register(Candidate)
class CandidateAdmin(SimpleHistoryAdmin):
    list_display = ("title", "source", "kind", "status", "confidence", "reviewed_by")
    list_filter = ("status", "kind")
    search_fields = ("quote", "title")
    raw_id_fields = ("source", "commitment", "reviewed_by")
