"""The weekly summaries' delivery log, read-only: failures are visible here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reporting.models import WeeklySummary


@admin.register(WeeklySummary)
class WeeklySummaryAdmin(SimpleHistoryAdmin):
    list_display = ["week", "recipient", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "week"]
    search_fields = ["recipient__username", "recipient__email"]
    readonly_fields = [field.name for field in WeeklySummary._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
