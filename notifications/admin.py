"""Reminder settings, people's preferences and the delivery log in the admin.

Reminder rules, escalation levels and people's preferences are configuration
an administrator edits here (saved with the admin user and a reason on the
history row; people's preferences through the same service as their own
preferences page). Watchers, digests, deliveries and feed tokens are records:
read-only (core/readonly_admin.py), and nothing here is bulk-deleted.
"""

from django.contrib import admin, messages

from core.history import save_with_history
from core.readonly_admin import (
    ConfigurationAdmin,
    ReadOnlyHistoryAdmin,
    ReadOnlyTabularInline,
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


@admin.register(ReminderRule)
class ReminderRuleAdmin(ConfigurationAdmin):
    list_display = ("__str__", "commitment_kind", "days_before")
    list_filter = ("commitment_kind",)

    def save_model(self, request, obj, form, change) -> None:
        save_with_history(obj, actor=request.user, reason=ADMIN_REASON)


@admin.register(EscalationLevel)
class EscalationLevelAdmin(ConfigurationAdmin):
    list_display = ("level", "days_overdue", "recipient", "senior_user")

    def save_model(self, request, obj, form, change) -> None:
        save_with_history(obj, actor=request.user, reason=ADMIN_REASON)


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
