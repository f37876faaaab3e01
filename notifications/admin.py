"""Reminder settings, people's preferences and the delivery log in the admin.

Reminder rules, escalation levels and people's preferences are configuration
an administrator edits here, each save through its service with the admin
user and a reason on the history row (rules and levels: the reason the form
asks for; people's preferences: the service behind their own preferences
page). Nothing here is deleted. Watchers, digests, deliveries and feed
tokens are records: read-only (core/readonly_admin.py).
"""

from django import forms
from django.contrib import admin, messages

from core.readonly_admin import (
    ConfigurationAdmin,
    ReadOnlyHistoryAdmin,
    ReadOnlyTabularInline,
    ServiceConfigurationAdmin,
)
from notifications.models import (
    AgreementFeed,
    Delivery,
    Digest,
    EscalationLevel,
    Profile,
    ReminderRule,
    Watcher,
)
from notifications.services.digests import digest_resend
from notifications.services.preferences import profile_update
from notifications.services.reminder_settings import (
    escalation_level_save,
    reminder_rule_save,
)

ADMIN_REASON = "changed in the admin"


@admin.register(Profile)
class ProfileAdmin(ConfigurationAdmin):
    list_display = ("user", "manager", "frequency", "time_zone", "emails_enabled")
    list_filter = ("frequency", "emails_enabled")
    search_fields = ("user__username", "user__email", "manager__username")
    list_select_related = ("user", "manager")
    readonly_fields = ("user", "calendar_token")

    def has_add_permission(self, request) -> bool:
        return False  # a profile comes with its user

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        profile_update(profile=obj, actor=request.user, reason=ADMIN_REASON)


@admin.register(Watcher)
class WatcherAdmin(ReadOnlyHistoryAdmin):
    list_display = ("user", "commitment")
    search_fields = ("user__username", "commitment__title")
    list_select_related = ("user", "commitment")


class WithReason(forms.ModelForm):
    """A settings form that asks why: the answer goes on the history row."""

    reason = forms.CharField(
        max_length=100,
        help_text="Why the setting changes (kept in its history).",
    )


@admin.register(ReminderRule)
class ReminderRuleAdmin(ServiceConfigurationAdmin):
    list_display = ("__str__", "commitment_kind", "days_before")
    list_filter = ("commitment_kind",)
    form = WithReason
    fields = ("commitment_kind", "days_before", "reason")

    def save_through_service(self, *, request, obj, form, change) -> None:
        reminder_rule_save(
            rule=obj, actor=request.user, reason=form.cleaned_data["reason"]
        )


@admin.register(EscalationLevel)
class EscalationLevelAdmin(ServiceConfigurationAdmin):
    list_display = ("level", "days_overdue", "recipient", "senior_user")
    form = WithReason
    fields = ("level", "days_overdue", "recipient", "senior_user", "reason")

    def save_through_service(self, *, request, obj, form, change) -> None:
        escalation_level_save(
            level=obj, actor=request.user, reason=form.cleaned_data["reason"]
        )


class DeliveryInline(ReadOnlyTabularInline):
    model = Delivery
    fields = ("milestone", "kind", "step", "due_date", "reason", "status")


@admin.register(Digest)
class DigestAdmin(ReadOnlyHistoryAdmin):
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
    inlines = (DeliveryInline,)
    actions = ("resend_failed",)

    def has_resend_permission(self, request) -> bool:
        # The page is read-only; resending is a service call, for those who
        # may change digests (superusers, or a group given the permission).
        return request.user.has_perm("notifications.change_digest")

    @admin.action(
        description="Resend the selected failed digests", permissions=["resend"]
    )
    def resend_failed(self, request, queryset) -> None:
        # Each through the service: who and why on the history row.
        ids = list(queryset.filter(status="failed").values_list("pk", flat=True))
        resent = sum(
            digest_resend(
                digest_id=pk, actor=request.user, reason="resent by an administrator"
            )
            for pk in ids
        )
        self.message_user(
            request,
            f"{resent} digest(s) queued again; the dispatcher sends them within a "
            "minute.",
            messages.SUCCESS,
        )


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyHistoryAdmin):
    list_display = ("recipient", "milestone", "kind", "step", "due_date", "status")
    list_filter = ("status", "kind")
    search_fields = ("recipient__username", "milestone__commitment__title", "reason")
    list_select_related = ("recipient", "milestone__commitment")


@admin.register(AgreementFeed)
class AgreementFeedAdmin(ReadOnlyHistoryAdmin):
    list_display = ("agreement", "token")
