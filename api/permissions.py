"""Who may call an endpoint: the pages' role rules (commitments/permissions.py).

Scope (which rows) is access/scope.py's, applied by each view's queryset: a
row outside it is a 404. These classes only answer "may this person read
this kind of record at all" (a 403 when not).
"""

from typing import TYPE_CHECKING

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from access.scope import counterpart_account

if TYPE_CHECKING:
    from rest_framework.views import APIView


class HasRolePermissions(BasePermission):
    """The view's `required_permissions` (Django permission names), all of
    them, or its `role_check(user)` when it names one (a rule that is more
    than permissions, such as extraction's can_read_queue)."""

    message = "Your role does not allow this."

    def has_permission(self, request: Request, view: "APIView") -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        check = getattr(view, "role_check", None)
        if check is not None:
            return bool(check(user))
        return user.has_perms(getattr(view, "required_permissions", ()))


def is_counterpart(user) -> bool:
    """Whether the user is the other side's login (access/scope.py)."""
    return counterpart_account(user) is not None
