"""Top-level URLs: the admin, authentication, health and the feature apps."""

from django.contrib import admin
from django.urls import include, path

from notifications.urls import feed_urlpatterns
from notifications.user_locale import set_language

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    # The header's language switcher (docs/i18n.md).
    path("i18n/setlang/", set_language, name="set_language"),
    path("notifications/", include("notifications.urls")),
    path("reports/", include("reporting.urls")),
    path("extraction/", include("extraction.urls")),
    path("desks/", include("access.urls")),
    path("api/", include("api.urls")),
    path("", include((feed_urlpatterns, "feeds"))),
    path("", include("ops.urls")),
    path("", include("commitments.urls")),
]
