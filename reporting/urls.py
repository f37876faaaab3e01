"""The reporting pages, under /reports/."""

from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("milestones/", views.milestone_list, name="report_milestones"),
    path("follow-ups/", views.followup_list, name="report_followups"),
    path("export/<slug:kind>.<slug:fmt>", views.export, name="export"),
    path("briefing/", views.briefing_index, name="briefing_index"),
    path(
        "briefing/agreement/<slug:reference>/",
        views.briefing_agreement,
        name="briefing_agreement",
    ),
    path(
        "briefing/agreement/<slug:reference>.pdf",
        views.briefing_agreement,
        {"fmt": "pdf"},
        name="briefing_agreement_pdf",
    ),
    path("briefing/party/<slug:code>/", views.briefing_party, name="briefing_party"),
    path(
        "briefing/party/<slug:code>.pdf",
        views.briefing_party,
        {"fmt": "pdf"},
        name="briefing_party_pdf",
    ),
]
