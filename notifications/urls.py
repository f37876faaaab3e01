from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
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
