"""Desk management pages (administrators)."""

from django.urls import path

from access import views

app_name = "access"

urlpatterns = [
    path("", views.desk_list, name="desk_list"),
    path("new/", views.desk_create, name="desk_create"),
    path("<int:pk>/", views.desk_detail, name="desk_detail"),
    path("<int:pk>/rename/", views.desk_rename, name="desk_rename"),
    path("<int:pk>/history/", views.desk_history, name="desk_history"),
    path("<int:pk>/members/add/", views.desk_member_add, name="desk_member_add"),
    path(
        "<int:pk>/members/<int:user_pk>/remove/",
        views.desk_member_remove,
        name="desk_member_remove",
    ),
    path(
        "<int:pk>/agreements/add/",
        views.desk_agreement_add,
        name="desk_agreement_add",
    ),
    path(
        "<int:pk>/agreements/<int:agreement_pk>/remove/",
        views.desk_agreement_remove,
        name="desk_agreement_remove",
    ),
]
