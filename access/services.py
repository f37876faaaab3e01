"""Every write of desks and counterpart accounts: atomic, validated, with the
actor and the reason on each history row.

Removing a member or an agreement from a desk deletes the link row; its
history keeps a deletion row with who removed it and why (a link is a
setting, not part of the record: decision 0003 keeps records, not links).
"""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction

from access.models import CounterpartAccount, Desk, DeskAgreement, DeskMembership
from commitments.models import Agreement, Party
from core.history import save_with_history

REASON_MAX_LENGTH = 100


def _check_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why: it goes into the history."})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": f"A reason may have at most {REASON_MAX_LENGTH} characters."}
        )
    return reason


def _delete_with_history(
    instance: models.Model, *, actor: AbstractBaseUser | None, reason: str
) -> None:
    # simple-history's deletion row reads the same attributes as a save's.
    instance._history_user = actor  # type: ignore[attr-defined]
    instance._change_reason = reason  # type: ignore[attr-defined]
    instance.delete()


@transaction.atomic
def desk_create(*, name: str, actor: AbstractBaseUser | None, reason: str) -> Desk:
    """Create a desk (a team) with a unique name."""
    reason = _check_reason(reason)
    desk = Desk(name=name.strip())
    save_with_history(desk, actor=actor, reason=reason)
    return desk


@transaction.atomic
def desk_rename(
    *, desk: Desk, name: str, actor: AbstractBaseUser | None, reason: str
) -> Desk:
    """Give a desk another name (still unique)."""
    reason = _check_reason(reason)
    locked = Desk.objects.select_for_update().get(pk=desk.pk)
    locked.name = name.strip()
    save_with_history(locked, actor=actor, reason=reason)
    return locked


@transaction.atomic
def desk_member_add(
    *, desk: Desk, user: AbstractBaseUser, actor: AbstractBaseUser | None, reason: str
) -> DeskMembership:
    """Put a user on a desk; a counterpart or an inactive user is refused."""
    reason = _check_reason(reason)
    if not user.is_active:
        raise ValidationError({"user": f"{user} is deactivated."})
    if CounterpartAccount.objects.filter(user=user).exists():
        raise ValidationError(
            {"user": f"{user} is a counterpart account: it cannot join a desk."}
        )
    if DeskMembership.objects.filter(desk=desk, user=user).exists():
        raise ValidationError({"user": f"{user} is already on {desk}."})
    return save_with_history(
        DeskMembership(desk=desk, user=user), actor=actor, reason=reason
    )


@transaction.atomic
def desk_member_remove(
    *, desk: Desk, user: AbstractBaseUser, actor: AbstractBaseUser | None, reason: str
) -> None:
    """Take a user off a desk; the history keeps who did it and why."""
    reason = _check_reason(reason)
    membership = (
        DeskMembership.objects.select_for_update().filter(desk=desk, user=user).first()
    )
    if membership is None:
        raise ValidationError({"user": f"{user} is not on {desk}."})
    _delete_with_history(membership, actor=actor, reason=reason)


@transaction.atomic
def desk_agreement_add(
    *, desk: Desk, agreement: Agreement, actor: AbstractBaseUser | None, reason: str
) -> DeskAgreement:
    """Give a desk an agreement to work on (an agreement may be on several desks)."""
    reason = _check_reason(reason)
    if DeskAgreement.objects.filter(desk=desk, agreement=agreement).exists():
        raise ValidationError({"agreement": f"{agreement} is already on {desk}."})
    return save_with_history(
        DeskAgreement(desk=desk, agreement=agreement), actor=actor, reason=reason
    )


@transaction.atomic
def desk_agreement_remove(
    *, desk: Desk, agreement: Agreement, actor: AbstractBaseUser | None, reason: str
) -> None:
    """Take an agreement off a desk; the history keeps who did it and why."""
    reason = _check_reason(reason)
    link = (
        DeskAgreement.objects.select_for_update()
        .filter(desk=desk, agreement=agreement)
        .first()
    )
    if link is None:
        raise ValidationError({"agreement": f"{agreement} is not on {desk}."})
    _delete_with_history(link, actor=actor, reason=reason)


def _check_counterpart(
    user: AbstractBaseUser, party: Party, agreements: list[Agreement]
) -> None:
    errors: dict[str, str] = {}
    if user.is_superuser or user.is_staff:
        errors["user"] = f"{user} is staff: a counterpart account sees only its side."
    elif DeskMembership.objects.filter(user=user).exists():
        errors["user"] = f"{user} is on a desk: a counterpart cannot be."
    if not agreements:
        errors["agreements"] = "A counterpart follows at least one agreement."
    strangers = [a for a in agreements if not a.parties.filter(pk=party.pk).exists()]
    if strangers:
        names = ", ".join(str(a) for a in strangers)
        errors["agreements"] = f"{party} is not a party to: {names}."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def counterpart_account_create(
    *,
    user: AbstractBaseUser,
    party: Party,
    agreements: Iterable[Agreement],
    actor: AbstractBaseUser | None,
    reason: str,
) -> CounterpartAccount:
    """Make a user a counterpart of `party`, following `agreements` (each of
    which `party` must be a side to)."""
    reason = _check_reason(reason)
    agreements = list(agreements)
    _check_counterpart(user, party, agreements)
    account = save_with_history(
        CounterpartAccount(user=user, party=party), actor=actor, reason=reason
    )
    account.agreements.set(agreements)
    return account


@transaction.atomic
def counterpart_account_update(
    *,
    account: CounterpartAccount,
    actor: AbstractBaseUser | None,
    reason: str,
    party: Party | None = None,
    agreements: Iterable[Agreement] | None = None,
) -> CounterpartAccount:
    """Change a counterpart's party or agreements; history records who and why."""
    reason = _check_reason(reason)
    locked = CounterpartAccount.objects.select_for_update().get(pk=account.pk)
    new_party = party or locked.party
    new_agreements = (
        list(agreements) if agreements is not None else list(locked.agreements.all())
    )
    _check_counterpart(locked.user, new_party, new_agreements)
    locked.party = new_party
    save_with_history(locked, actor=actor, reason=reason)
    if agreements is not None:
        locked.agreements.set(new_agreements)
    return locked


@transaction.atomic
def desk_agreement_inherit(
    *, agreement: Agreement, actor: AbstractBaseUser | None
) -> list[DeskAgreement]:
    """Put an agreement someone just created on each of their desks, so that
    they (and their desk) can open it; someone who sees every desk, or is on
    none, adds nothing (an administrator then assigns it at /desks/)."""
    if actor is None:
        return []
    desks = Desk.objects.filter(memberships__user_id=actor.pk).exclude(
        agreement_links__agreement=agreement
    )
    return [
        save_with_history(
            DeskAgreement(desk=desk, agreement=agreement),
            actor=actor,
            reason="created by a member of the desk",
        )
        for desk in desks
    ]
