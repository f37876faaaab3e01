"""The health URLs: /healthz needs no login; /healthz/details needs staff."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from ops.views import HealthDetailsView, HealthView

app_name = "ops"

urlpatterns = [
    path("healthz", login_not_required(HealthView.as_view()), name="healthz"),
    path("healthz/details", HealthDetailsView.as_view(), name="healthz_details"),
]
