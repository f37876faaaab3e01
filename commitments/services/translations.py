"""The one write path of a commitment's translated title and notes (issue 17)."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from commitments.models import Commitment
from commitments.permissions import can_edit_commitment
from commitments.translations import TITLE_MAX, CommitmentTranslation
from core.history import save_with_history


@transaction.atomic
def commitment_translation_set(
    *,
    commitment: Commitment,
    language: str,
    title: str,
    description: str = "",
    actor: AbstractBaseUser,
    reason: str,
) -> CommitmentTranslation:
    """Create or change the commitment's title and notes in `language`.

    Allowed to whoever may edit the commitment itself; the history row of the
    translation records the actor and the reason.
    """
    if not can_edit_commitment(actor, commitment):
        raise PermissionDenied("You may not edit this commitment.")
    if not reason.strip():
        raise ValidationError("Say why the translation changes.")
    title = title.strip()
    if not 1 <= len(title) <= TITLE_MAX:
        raise ValidationError({"title": f"A title has 1 to {TITLE_MAX} characters."})
    # Locked, so two editors adding the same language do not both insert.
    Commitment.objects.select_for_update().filter(pk=commitment.pk).first()
    translation = CommitmentTranslation.objects.filter(
        commitment=commitment, language=language
    ).first() or CommitmentTranslation(commitment=commitment, language=language)
    translation.title = title
    translation.description = description.strip()
    save_with_history(translation, actor=actor, reason=reason)
    return translation
