"""Roles (groups of permissions) and the per-row rules that permissions cannot say.

Django's model permissions answer "may this person edit commitments at all";
the functions here add "this one": a policy officer edits only the
commitments they own.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied

from access.scope import counterpart_account
from commitments.models import Commitment, Milestone
from commitments.sides import milestone_sides

VIEWER = "Viewer"
POLICY_OFFICER = "Policy officer"
MANAGER = "Manager"
ADMINISTRATOR = "Administrator"
OVERSIGHT = "Oversight"
COUNTERPART = "Counterpart"

_MODELS = (
    "party",
    "institution",
    "person",
    "sourcedocument",
    "agreement",
    "commitment",
    "obligation",
    "provenance",
    "milestone",
    "followup",
)
_READ = tuple(f"commitments.view_{model}" for model in _MODELS)
_OFFICER = (
    *_READ,
    "commitments.add_commitment",
    "commitments.change_commitment",
    "commitments.add_obligation",
    "commitments.add_provenance",
    "commitments.add_milestone",
    "commitments.change_milestone",
    "commitments.add_followup",
)
_MANAGER = (
    *_OFFICER,
    "commitments.add_agreement",
    "commitments.change_agreement",
    "commitments.reassign_commitment",
    "commitments.close_commitment",
    "commitments.view_dashboard",
)
# Ministry-wide reading: every agreement of every desk (access.view_all_desks,
# which access/scope.py asks for), the dashboards, and who is on which desk.
_OVERSIGHT = (
    *_READ,
    "commitments.view_dashboard",
    "access.view_all_desks",
    "access.view_desk",
    "access.view_deskmembership",
    "access.view_deskagreement",
    "access.view_counterpartaccount",
)
# The other side's login: reading what its agreements hold. Which agreements,
# and that no internal follow-up shows, is access/scope.py's rule.
# view_followup opens shared follow-ups and their evidence; add_followup lets
# it log on its own side's obligations (can_log_followup narrows it).
_COUNTERPART = (
    *(
        f"commitments.view_{model}"
        for model in (
            "agreement",
            "commitment",
            "obligation",
            "provenance",
            "milestone",
            "sourcedocument",
            "followup",
        )
    ),
    "commitments.add_followup",
)
# "*" stands for every permission of the app: administrators also get the
# permissions of models added later, when roles_sync runs again.
ROLES: dict[str, tuple[str, ...]] = {
    VIEWER: _READ,
    POLICY_OFFICER: _OFFICER,
    MANAGER: _MANAGER,
    ADMINISTRATOR: ("commitments.*", "auth.*", "access.*"),
    # Made by access/migrations/0002_oversight_role.py, which also gives
    # administrators the access app's permissions.
    OVERSIGHT: _OVERSIGHT,
    # Made by access/migrations/0003_counterpart_role.py, widened by 0004.
    COUNTERPART: _COUNTERPART,
}


def roles_sync(group_model: Any, permission_model: Any) -> None:
    """Create the role groups and set their permissions (models passed in so a
    migration can run it with its historical models)."""
    for name, wanted in ROLES.items():
        group, _ = group_model.objects.get_or_create(name=name)
        permissions = []
        for label in wanted:
            app_label, codename = label.split(".")
            found = permission_model.objects.filter(content_type__app_label=app_label)
            if codename != "*":
                found = found.filter(codename=codename)
            permissions.extend(found)
        group.permissions.set(permissions)


User = AbstractBaseUser | AnonymousUser


def can_edit_commitment(user: User, commitment: Commitment) -> bool:
    """Officers edit what they own; whoever may reassign work may edit any of it."""
    if not user.has_perm("commitments.change_commitment"):
        return False
    return commitment.owner_id == user.pk or user.has_perm(
        "commitments.reassign_commitment"
    )


def can_change_milestones(user: User, commitment: Commitment) -> bool:
    """Adding or editing milestones follows the same rule as editing the commitment."""
    return user.has_perm("commitments.change_milestone") and can_edit_commitment(
        user, commitment
    )


def can_log_followup(user: User, commitment: Commitment) -> bool:
    """Who may log a note or evidence on this commitment.

    Staff who may add follow-ups log on any commitment they can see. A
    counterpart logs only on an agreement it follows and on a commitment
    that binds its own party (its side's obligations), never the ministry's
    alone. Whether the commitment is in scope at all is access/scope.py's
    404, asked before this 403.
    """
    if not user.has_perm("commitments.add_followup"):
        return False
    account = counterpart_account(user)
    if account is None:
        return True
    # The obligations are usually prefetched by the page; the agreement link
    # is asked so that a service call with no page in front still holds.
    binds_its_party = any(
        obligation.party_id == account.party_id
        for obligation in commitment.obligations.all()
    )
    return (
        binds_its_party
        and account.agreements.filter(pk=commitment.agreement_id).exists()
    )


def is_counterpart(user: User) -> bool:
    """Whether the user is the other side's login (access.CounterpartAccount)."""
    return counterpart_account(user) is not None


# What a follow-up may do besides recording a note (FollowUpAction's values;
# named here as text so that this module needs no service import).
_MILESTONE_ACTIONS = frozenset({"complete", "reschedule", "status"})


def can_apply_followup(
    user: User, commitment: Commitment, action: str, *, on_milestone: bool
) -> bool:
    """The one rule for what a follow-up may change.

    Anyone who may log follow-ups here (can_log_followup) adds notes and
    evidence.
    Completing, moving or re-statusing a milestone is changing that milestone,
    so it follows the milestone rule (its owner, or whoever may reassign);
    the commitment's own status is a manager's call.
    """
    if not can_log_followup(user, commitment):
        return False
    if action not in _MILESTONE_ACTIONS:
        return True
    if is_counterpart(user):
        # The other side proposes and confirms (services/joint.py); it never
        # sets a status or a date itself.
        return False
    if action == "status" and not on_milestone:
        return can_close_commitment(user)
    return can_change_milestones(user, commitment)


def can_close_commitment(user: User) -> bool:
    """Closing or reopening a commitment by hand is a manager's call."""
    return user.has_perm("commitments.close_commitment")


def can_reassign(user: User) -> bool:
    """Choosing another owner is a manager's call."""
    return user.has_perm("commitments.reassign_commitment")


def _counterpart_side(user: User, milestone: Milestone) -> bool:
    # The user is the other side's login, follows this agreement, and its
    # party answers for this joint milestone.
    account = counterpart_account(user)
    if account is None or not user.is_active:
        return False
    sides = milestone_sides(milestone)
    return (
        sides.is_joint
        and any(party.pk == account.party_id for party in sides.counterpart)
        and account.agreements.filter(pk=milestone.commitment.agreement_id).exists()
    )


def can_propose(user: User, milestone: Milestone) -> bool:
    """The counterpart proposes a new date or status for a joint milestone of
    its side (the ministry decides: can_decide_proposal)."""
    return _counterpart_side(user, milestone)


def can_confirm(user: User, milestone: Milestone) -> bool:
    """The counterpart confirms or disputes that a joint milestone was done."""
    return _counterpart_side(user, milestone)


def can_decide_proposal(user: User, commitment: Commitment) -> bool:
    """Accepting or rejecting a proposal changes the milestone: its rule."""
    return not is_counterpart(user) and can_change_milestones(user, commitment)


def can_decide_completion(user: User) -> bool:
    """Declaring a joint milestone done without both sides is a manager's call."""
    return not is_counterpart(user) and can_close_commitment(user)


def require(allowed: bool) -> None:
    """Raise 403 unless the check passed (views call it after loading the row)."""
    if not allowed:
        raise PermissionDenied


def permission_required(*perms: str) -> Callable:
    """Like Django's decorator, but a signed-in user without the permission gets
    403 instead of a login page they cannot get past."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perms(perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
