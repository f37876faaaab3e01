"""The weekly summaries' delivery log, read-only: failures are visible here."""

from django.contrib import admin

from core.readonly_admin import ReadOnlyHistoryAdmin
from reporting.models import WeeklySummary


@admin.register(WeeklySummary)
class WeeklySummaryAdmin(ReadOnlyHistoryAdmin):
    list_display = ["week", "recipient", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "week"]
    search_fields = ["recipient__username", "recipient__email"]
