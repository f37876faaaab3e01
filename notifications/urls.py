from django.urls import path

from notifications import inbox_views, views

app_name = "notifications"

urlpatterns = [
    path("", inbox_views.inbox, name="inbox"),
    path("<int:pk>/open/", inbox_views.notification_open, name="open"),
    path("<int:pk>/read/", inbox_views.notification_read, name="read"),
    path("read-all/", inbox_views.notifications_read_all, name="read_all"),
    path("summaries/", inbox_views.summary_list, name="summary_list"),
    path("summaries/<str:week>/", inbox_views.summary_detail, name="summary_detail"),
    path("opt-outs/", inbox_views.escalation_opt_outs, name="opt_outs"),
    path("preferences/", views.preferences, name="preferences"),
    path("preferences/calendar/revoke/", views.calendar_revoke, name="calendar_revoke"),
    path(
        "agreements/<slug:reference>/calendar/",
        views.agreement_calendar,
        name="agreement_calendar",
    ),
    path(
        "agreements/<slug:reference>/calendar/issue/",
        views.agreement_calendar_issue,
        name="agreement_calendar_issue",
    ),
    path(
        "agreements/<slug:reference>/calendar/revoke/",
        views.agreement_calendar_revoke,
        name="agreement_calendar_revoke",
    ),
]

feed_urlpatterns = [
    path("calendar/<str:token>.ics", views.personal_feed, name="personal_feed"),
    path(
        "calendar/agreement/<str:token>.ics",
        views.agreement_feed,
        name="agreement_feed",
    ),
]
