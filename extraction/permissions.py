"""Who may read the review queue, act on it, and bulk import.

The roles are commitments' groups (commitments/permissions.py): reading needs
what a viewer has; acting on a candidate creates commitments and quotes, so it
needs what a policy officer has; a bulk import also creates agreements, which
only managers (and administrators) may do.
"""

from access.scope import counterpart_account
from commitments.permissions import ADMINISTRATOR, User

READ = ("commitments.view_sourcedocument", "commitments.view_commitment")
REVIEW = ("commitments.add_commitment", "commitments.add_provenance")
IMPORT = ("commitments.add_agreement", "commitments.add_commitment")


def can_read_queue(user: User) -> bool:
    """Viewers and up see the queue and each document's candidates; a
    counterpart never does (the review is the ministry's own work)."""
    return user.has_perms(READ) and counterpart_account(user) is None


def can_review(user: User) -> bool:
    """Policy officers and managers accept, merge, reject, and upload texts."""
    return user.has_perms(REVIEW)


def can_import(user: User) -> bool:
    """Managers import agreements and commitments in bulk."""
    return user.has_perms(IMPORT)


def can_see_job(user: User, job) -> bool:
    """A background job's page: its owner, and administrators."""
    if not user.is_authenticated:
        return False
    return (
        job.owner_id == user.pk
        or user.is_superuser
        or user.groups.filter(name=ADMINISTRATOR).exists()
    )
