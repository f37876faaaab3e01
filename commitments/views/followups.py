"""Logging a follow-up, and downloading its evidence."""

from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from access.scope import get_visible_or_404
from commitments import selectors
from commitments.forms import FollowUpForm, add_service_errors
from commitments.models import FollowUp
from commitments.permissions import (
    can_change_milestones,
    can_close_commitment,
    can_log_followup,
    is_counterpart,
    permission_required,
    require,
)
from commitments.services.followups import (
    FollowUpAction,
    followup_log,
    milestone_complete,
    milestone_reschedule,
    milestone_status_set,
)


@permission_required("commitments.add_followup")
def followup_create(request: HttpRequest, reference: str) -> HttpResponse:
    """Log a note or evidence, and complete, move or re-status a milestone."""
    commitment = get_visible_or_404(
        selectors.commitment_edit_rows(), request.user, reference=reference
    )
    # In scope but not on one's side (a counterpart on the ministry's own
    # obligations): 403, after the 404 of what is out of scope.
    require(can_log_followup(request.user, commitment))
    form = FollowUpForm(
        request.POST or None,
        request.FILES or None,
        commitment=commitment,
        can_close=can_close_commitment(request.user),
        can_change_milestones=can_change_milestones(request.user, commitment),
        is_counterpart=is_counterpart(request.user),
        initial={
            "milestone": request.GET.get("milestone"),
            "action": request.GET.get("action") or "note",
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            followup_apply(data, commitment=commitment, actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Follow-up logged."))
            url = reverse("commitments:commitment_detail", args=[reference])
            return redirect(f"{url}#follow-ups")
    return render(
        request,
        "commitments/followup_form.html",
        {
            "form": form,
            "commitment": commitment,
            "file_was_sent": bool(request.FILES),
        },
    )


def followup_apply(
    data: dict[str, Any], *, api_reason: str = "", **entry: Any
) -> FollowUp:
    """Call the service the form's chosen action names, with what it takes
    (the page and the API both; the API's reason is kept on a note too)."""
    entry.update(
        happened_on=data["happened_on"],
        milestone=data["milestone"],
        note=data["note"],
        evidence_file=data["evidence_file"],
        evidence_url=data["evidence_url"],
        # Absent from a counterpart's form: the service shares its entries.
        visibility=data.get("visibility"),
    )
    action = FollowUpAction(data["action"])
    if action == FollowUpAction.COMPLETE:
        return milestone_complete(reason=data["reason"], **entry)
    if action == FollowUpAction.RESCHEDULE:
        return milestone_reschedule(
            due_date=data["due_date"], reason=data["reason"], **entry
        )
    if action == FollowUpAction.STATUS:
        return milestone_status_set(
            status=data["status"], reason=data["reason"], **entry
        )
    return followup_log(reason=api_reason, **entry)


@permission_required("commitments.view_followup")
def followup_evidence(request: HttpRequest, pk: int) -> FileResponse:
    """The evidence file, always as a download: an uploaded page never runs here."""
    followup = get_visible_or_404(selectors.followup_rows(), request.user, pk=pk)
    if not followup.evidence_file:
        raise Http404("This follow-up has no evidence file.")
    try:
        handle = followup.evidence_file.open("rb")
    except FileNotFoundError as error:
        raise Http404("The evidence file is missing from storage.") from error
    return FileResponse(
        handle,
        as_attachment=True,
        filename=PurePath(followup.evidence_file.name).name,
    )
