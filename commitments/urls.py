"""The staff workspace's pages. Paths ending in new/ come before <reference>/:
the forms refuse "new" as a reference."""

from django.urls import path

from commitments import views

app_name = "commitments"

urlpatterns = [
    path("", views.home, name="home"),
    path("agreements/", views.agreement_list, name="agreement_list"),
    path("agreements/new/", views.agreement_create, name="agreement_create"),
    path(
        "agreements/<slug:reference>/",
        views.agreement_detail,
        name="agreement_detail",
    ),
    path(
        "agreements/<slug:reference>/edit/",
        views.agreement_edit,
        name="agreement_edit",
    ),
    path("commitments/", views.commitment_search, name="commitment_list"),
    path("commitments/new/", views.commitment_create, name="commitment_create"),
    path(
        "commitments/<slug:reference>/",
        views.commitment_detail,
        name="commitment_detail",
    ),
    path(
        "commitments/<slug:reference>/edit/",
        views.commitment_edit,
        name="commitment_edit",
    ),
    path(
        "commitments/<slug:reference>/translate/",
        views.commitment_translate,
        name="commitment_translate",
    ),
    path(
        "commitments/<slug:reference>/follow-ups/new/",
        views.followup_create,
        name="followup_create",
    ),
    path(
        "commitments/<slug:reference>/milestones/new/",
        views.milestone_create,
        name="milestone_create",
    ),
    path("milestones/<int:pk>/edit/", views.milestone_edit, name="milestone_edit"),
    path(
        "milestones/<int:pk>/sides/",
        views.milestone_sides_page,
        name="milestone_sides",
    ),
    path(
        "follow-ups/<int:pk>/evidence/",
        views.followup_evidence,
        name="followup_evidence",
    ),
    path("sources/", views.source_list, name="source_list"),
    path("sources/<int:pk>/", views.source_detail, name="source_detail"),
]
