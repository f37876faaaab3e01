"""The review queue, the upload page and the bulk import."""

from django.urls import path

from extraction import views

app_name = "extraction"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.upload, name="upload"),
    path("documents/<int:pk>/", views.document_review, name="document"),
    path("candidates/<int:pk>/accept/", views.candidate_accept_view, name="accept"),
    path("candidates/<int:pk>/merge/", views.candidate_merge_view, name="merge"),
    path("candidates/<int:pk>/reject/", views.candidate_reject_view, name="reject"),
    path("import/", views.bulk_import, name="import"),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path(
        "import/template.csv",
        views.import_template,
        {"fmt": "csv"},
        name="import_template_csv",
    ),
    path(
        "import/template.xlsx",
        views.import_template,
        {"fmt": "xlsx"},
        name="import_template_xlsx",
    ),
]
