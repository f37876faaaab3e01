"""A joint milestone's page: both sides' word, proposals, and what the
person looking may do about them (issue 14). One page, several small forms,
each posted with its own ``form`` name."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from access.scope import get_visible_or_404
from commitments import selectors
from commitments.forms import add_service_errors
from commitments.forms.joint import (
    ConfirmationForm,
    DecisionForm,
    DoneByDecisionForm,
    ProposalForm,
)
from commitments.joint import MilestoneProposal
from commitments.joint_selectors import milestone_proposals
from commitments.lifecycle import is_open
from commitments.permissions import (
    can_confirm,
    can_decide_completion,
    can_decide_proposal,
    can_propose,
    require,
)
from commitments.services.joint import (
    milestone_complete_by_decision,
    milestone_confirm,
)
from commitments.services.proposals import (
    proposal_accept,
    proposal_create,
    proposal_reject,
)
from commitments.sides import milestone_sides


def _apply(request: HttpRequest, name: str, form, milestone, rights) -> bool:
    data = form.cleaned_data
    user = request.user
    if name == "propose":
        require(rights["propose"])
        proposal_create(
            milestone=milestone,
            actor=user,
            note=data["note"],
            proposed_status=data["proposed_status"],
            proposed_date=data["proposed_date"],
        )
        return True
    if name == "confirm":
        require(rights["confirm"])
        milestone_confirm(
            milestone=milestone,
            actor=user,
            decision=data["decision"],
            note=data["note"],
            happened_on=data["happened_on"],
        )
        return True
    if name == "decide":
        require(rights["decide"])
        proposal = MilestoneProposal.objects.filter(
            pk=data["proposal"], milestone=milestone
        ).first()
        if proposal is None:
            raise Http404("No such proposal on this milestone.")
        if data["accept"] == "yes":
            proposal_accept(proposal=proposal, actor=user, reason=data["reason"])
        else:
            proposal_reject(proposal=proposal, actor=user, reason=data["reason"])
        return True
    require(rights["done"])
    milestone_complete_by_decision(
        milestone=milestone,
        actor=user,
        reason=data["reason"],
        happened_on=data["happened_on"],
    )
    return True


FORMS = {
    "propose": ProposalForm,
    "confirm": ConfirmationForm,
    "decide": DecisionForm,
    "done": DoneByDecisionForm,
}


@login_required
def milestone_sides_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Both sides of a joint milestone; 404 outside scope or when not joint."""
    user = request.user
    milestone = get_visible_or_404(selectors.milestone_rows(), user, pk=pk)
    sides = milestone_sides(milestone)
    if not sides.is_joint:
        raise Http404("This milestone is not joint.")
    commitment = milestone.commitment
    rights = {
        "propose": can_propose(user, milestone) and is_open(milestone.status),
        "confirm": can_confirm(user, milestone) and is_open(milestone.status),
        "decide": can_decide_proposal(user, commitment),
        "done": can_decide_completion(user) and is_open(milestone.status),
    }
    forms = {name: form_class(prefix=name) for name, form_class in FORMS.items()}
    if request.method == "POST":
        name = request.POST.get("form", "")
        if name not in FORMS:
            raise Http404("Unknown form.")
        require(rights[name])
        form = FORMS[name](request.POST, prefix=name)
        forms[name] = form
        if form.is_valid():
            try:
                _apply(request, name, form, milestone, rights)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("commitments:milestone_sides", pk)
    return render(
        request,
        "commitments/milestone_sides.html",
        {
            "milestone": milestone,
            "commitment": commitment,
            "sides": sides,
            "words": list(milestone.confirmations.select_related("party", "by")),
            "proposals": milestone_proposals(milestone=milestone),
            "rights": rights,
            "forms": forms,
        },
    )
