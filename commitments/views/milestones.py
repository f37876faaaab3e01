"""Adding a milestone outside the cadence, and renaming or moving one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from access.scope import get_visible_or_404
from commitments import selectors
from commitments.forms import MilestoneForm, add_service_errors
from commitments.permissions import (
    can_change_milestones,
    permission_required,
    require,
)
from commitments.services.milestones import milestone_add, milestone_revise


@permission_required("commitments.add_milestone")
def milestone_create(request: HttpRequest, reference: str) -> HttpResponse:
    """Add an extra occurrence (an extra JWG meeting)."""
    commitment = get_visible_or_404(
        selectors.commitment_edit_rows(), request.user, reference=reference
    )
    require(can_change_milestones(request.user, commitment))
    form = MilestoneForm(request.POST or None, commitment=commitment)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            milestone_add(
                commitment=commitment,
                due_date=data["due_date"],
                title=data["title"],
                actor=request.user,
                reason=data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Milestone added."))
            return redirect("commitments:commitment_detail", reference)
    return render(
        request,
        "commitments/milestone_form.html",
        {"form": form, "commitment": commitment, "milestone": None},
    )


@permission_required("commitments.change_milestone")
def milestone_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename or move one occurrence; its planned date stays on record."""
    milestone = get_visible_or_404(selectors.milestone_rows(), request.user, pk=pk)
    commitment = milestone.commitment
    require(can_change_milestones(request.user, commitment))
    form = MilestoneForm(
        request.POST or None,
        commitment=commitment,
        milestone=milestone,
        initial={"title": milestone.title, "due_date": milestone.due_date},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            milestone_revise(
                milestone=milestone,
                title=data["title"],
                due_date=data["due_date"],
                actor=request.user,
                reason=data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Milestone saved."))
            return redirect("commitments:commitment_detail", commitment.reference)
    return render(
        request,
        "commitments/milestone_form.html",
        {"form": form, "commitment": commitment, "milestone": milestone},
    )
