"""Reminder settings, people's preferences and the delivery log in the admin."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from notifications.models import (
    AgreementFeed,
    Delivery,
    Digest,
    EscalationLevel,
    Profile,
    ReminderRule,
    Watcher,
)


@admin.register(Profile)
class ProfileAdmin(SimpleHistoryAdmin):
    list_display = ("user", "manager", "frequency", "time_zone", "emails_enabled")
    list_filter = ("frequency", "emails_enabled")
    search_fields = ("user__username", "user__email", "manager__username")
    list_select_related = ("user", "manager")
    readonly_fields = ("calendar_token",)


@admin.register(Watcher)
class WatcherAdmin(SimpleHistoryAdmin):
    list_display = ("user", "commitment")
    search_fields = ("user__username", "commitment__title")
    list_select_related = ("user", "commitment")


@admin.register(ReminderRule)
class ReminderRuleAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "commitment_kind", "days_before")
    list_filter = ("commitment_kind",)


@admin.register(EscalationLevel)
class EscalationLevelAdmin(SimpleHistoryAdmin):
    list_display = ("level", "days_overdue", "recipient", "senior_user")


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    fields = ("milestone", "kind", "step", "due_date", "reason", "status")
    readonly_fields = fields
    can_delete = False


@admin.register(Digest)
class DigestAdmin(SimpleHistoryAdmin):
    list_display = (
        "recipient",
        "period",
        "status",
        "attempts",
        "sent_at",
        "last_error",
    )
    list_filter = ("status",)
    search_fields = ("recipient__username", "recipient__email", "last_error")
    list_select_related = ("recipient",)
    readonly_fields = ("claimed_at", "sent_at", "attempts", "last_error", "subject")
    inlines = (DeliveryInline,)


@admin.register(Delivery)
class DeliveryAdmin(SimpleHistoryAdmin):
    list_display = ("recipient", "milestone", "kind", "step", "due_date", "status")
    list_filter = ("status", "kind")
    search_fields = ("recipient__username", "milestone__commitment__title", "reason")
    list_select_related = ("recipient", "milestone__commitment")


@admin.register(AgreementFeed)
class AgreementFeedAdmin(SimpleHistoryAdmin):
    list_display = ("agreement", "token")
    readonly_fields = ("token",)
