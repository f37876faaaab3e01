"""Admin actions that change records through a service, never directly.

The standard Django pattern: the first POST (from the changelist) shows an
intermediate page listing the chosen rows and a form asking for the reason
(and whatever else the service needs); the second POST (with ``apply``) calls
the service once per row, with the admin user as actor and the reason given,
so each row keeps its own history row. Each row is checked against the same
permission rule the product's pages use; a row the user may not change, or
that the service refuses (a forbidden transition, a stale version), is named
in an error message and left as it was.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse

# simple_history keeps a change reason in 100 characters, and services prefix
# some reasons ("archived: ..."): the room left for what the person types.
REASON_MAX_LENGTH = 80


class ReasonForm(forms.Form):
    """The reason every admin action asks for; it lands on each history row."""

    reason = forms.CharField(
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the history of each record changed.",
    )


@dataclass(frozen=True)
class ServiceAction:
    """What an action asks for, whom it allows, and the service call it makes."""

    verb: str
    form_class: type[forms.Form]
    # The pages' rule for this row (commitments/permissions.py).
    is_allowed: Callable[[AbstractBaseUser, Any], bool]
    refusal: str
    # (actor, row, the form's cleaned data) -> the service's result
    apply: Callable[[AbstractBaseUser, Any, dict[str, Any]], object]
    template: str = "admin/service_action.html"


def _describe(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or "Permission denied."


def run_service_action(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet,
    *,
    name: str,
    action: ServiceAction,
) -> TemplateResponse | None:
    """Show the confirmation form, or apply the action row by row through its
    service; returns None (back to the changelist) once applied."""
    applying = "apply" in request.POST
    form = action.form_class(request.POST if applying else None)
    if applying and form.is_valid():
        done = 0
        for row in queryset.order_by("pk"):
            if not action.is_allowed(request.user, row):
                model_admin.message_user(
                    request, f"{row}: {action.refusal}", messages.ERROR
                )
                continue
            try:
                action.apply(request.user, row, form.cleaned_data)
            except (ValidationError, PermissionDenied) as error:
                model_admin.message_user(
                    request, f"{row}: {_describe(error)}", messages.ERROR
                )
            else:
                done += 1
        if done:
            plural = model_admin.model._meta.verbose_name_plural
            model_admin.message_user(
                request, f"{action.verb}: {done} {plural} changed.", messages.SUCCESS
            )
        return None
    opts = model_admin.model._meta
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"{action.verb}: {opts.verbose_name_plural}",
        "opts": opts,
        "queryset": queryset,
        "form": form,
        "action": name,
        "verb": action.verb,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, action.template, context)
