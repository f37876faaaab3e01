"""Desks and counterpart accounts in the admin: read-only, with their history.

They change only through access/services.py (the desk pages at /desks/ and
the demo_users command), so every change has a user and a reason.
"""

from django.contrib import admin

from access.models import CounterpartAccount, Desk, DeskAgreement, DeskMembership
from core.readonly_admin import ReadOnlyHistoryAdmin


@admin.register(Desk)
class DeskAdmin(ReadOnlyHistoryAdmin):
    list_display = ("name", "created_at")
    search_fields = ("name",)


@admin.register(DeskMembership)
class DeskMembershipAdmin(ReadOnlyHistoryAdmin):
    list_display = ("desk", "user")
    list_filter = ("desk",)
    list_select_related = ("desk", "user")
    search_fields = ("desk__name", "user__username")


@admin.register(DeskAgreement)
class DeskAgreementAdmin(ReadOnlyHistoryAdmin):
    list_display = ("desk", "agreement")
    list_filter = ("desk",)
    list_select_related = ("desk", "agreement")
    search_fields = ("desk__name", "agreement__title", "agreement__reference")


@admin.register(CounterpartAccount)
class CounterpartAccountAdmin(ReadOnlyHistoryAdmin):
    list_display = ("user", "party", "created_at")
    list_filter = ("party",)
    list_select_related = ("user", "party")
    search_fields = ("user__username", "party__name")
