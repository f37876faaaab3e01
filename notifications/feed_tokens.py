"""The address of an agreement's calendar feed, one per holder.

An agreement has one secret (AgreementFeed.token; a manager's revoke rotates
it). Each person who opens the agreement's calendar page is shown their own
address: the secret and their user id, signed with SECRET_KEY. The feed
checks, at every fetch, that this holder may still see the agreement
(access/scope.py): someone moved off the desk keeps an address that answers
404, as a wrong one does, while everyone else's keeps working. Pure: no ORM.
"""

from django.core.signing import BadSignature, Signer

SALT = "notifications.agreement_feed"


def _signer() -> Signer:
    return Signer(salt=SALT, algorithm="sha256")


def holder_token(secret: str, user_id: int) -> str:
    """The token in a holder's feed address: '<user id>.<secret>:<signature>'."""
    return _signer().sign(f"{user_id}.{secret}")


def holder_token_read(token: str) -> tuple[int, str] | None:
    """(user id, agreement secret) of a valid token; None if unsigned, forged or
    malformed (a bare secret from before per-holder addresses included)."""
    try:
        value = _signer().unsign(token)
    except BadSignature:
        return None
    user_id, _, secret = value.partition(".")
    if not user_id.isdigit() or not secret:
        return None
    return int(user_id), secret
