"""Agreements: the list with counts by status, one agreement, create and edit."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from access.scope import get_visible_or_404
from access.services import desk_agreement_inherit
from commitments import selectors
from commitments.forms import AgreementForm, add_service_errors
from commitments.permissions import permission_required
from commitments.services.agreements import agreement_create as create
from commitments.services.agreements import agreement_update

# 1,000 agreements were 720 KB of HTML on one page.
PAGE_SIZE = 50


@permission_required("commitments.view_agreement")
def agreement_list(request: HttpRequest) -> HttpResponse:
    """Agreements, a page at a time, with the number of their commitments in
    each status."""
    page = Paginator(
        selectors.agreement_list_with_counts(user=request.user), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "commitments/agreement_list.html",
        {"agreements": page.object_list, "page": page, "query": ""},
    )


@permission_required("commitments.view_agreement")
def agreement_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """One agreement: its parties, sources and commitments."""
    agreement = get_visible_or_404(
        selectors.agreement_detail_rows(), request.user, reference=reference
    )
    return render(
        request,
        "commitments/agreement_detail.html",
        {
            "agreement": agreement,
            "commitments": selectors.agreement_commitments(agreement=agreement),
            "today": timezone.localdate(),
        },
    )


@permission_required("commitments.add_agreement")
def agreement_create(request: HttpRequest) -> HttpResponse:
    """Record a new agreement."""
    form = AgreementForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {name: data[name] for name in AgreementForm.changeable()}
        try:
            # Created on the creator's desks, or nobody of them could open it.
            with transaction.atomic():
                agreement = create(
                    reference=data["reference"],
                    parties=data["parties"],
                    sources=data["sources"],
                    actor=request.user,
                    reason=data["reason"] or "created",
                    **fields,
                )
                desk_agreement_inherit(agreement=agreement, actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Agreement “%(title)s” created.") % {"title": agreement.title},
            )
            return redirect("commitments:agreement_detail", agreement.reference)
    return render(
        request, "commitments/agreement_form.html", {"form": form, "agreement": None}
    )


@permission_required("commitments.change_agreement")
def agreement_edit(request: HttpRequest, reference: str) -> HttpResponse:
    """Change an agreement; the reason goes into its history."""
    agreement = get_visible_or_404(
        selectors.agreement_edit_rows(), request.user, reference=reference
    )
    form = AgreementForm(
        request.POST or None,
        agreement=agreement,
        user=request.user,
        initial=AgreementForm.initial_for(agreement),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {
            name: data[name]
            for name in AgreementForm.changeable()
            if getattr(agreement, name) != data[name]
        }
        parties, sources = list(data["parties"]), list(data["sources"])
        try:
            agreement_update(
                agreement=agreement,
                actor=request.user,
                reason=data["reason"],
                parties=parties
                if set(parties) != set(agreement.parties.all())
                else None,
                sources=sources
                if set(sources) != set(agreement.sources.all())
                else None,
                **changes,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Agreement saved."))
            return redirect("commitments:agreement_detail", agreement.reference)
    return render(
        request,
        "commitments/agreement_form.html",
        {"form": form, "agreement": agreement},
    )
