"""The demo's desks and logins (issue 14): one login per role, a second desk
with its own small agreement, and a counterpart of the Chinese side.

Everything is written through the services, as the system account with a
"demo: …" reason, and only when missing: running it again changes nothing but
the passwords.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from access import services
from access.models import CounterpartAccount, Desk, DeskAgreement, DeskMembership
from commitments.models import Agreement, Commitment, Party
from commitments.permissions import (
    ADMINISTRATOR,
    COUNTERPART,
    MANAGER,
    OVERSIGHT,
    POLICY_OFFICER,
    VIEWER,
)
from commitments.services.agreements import agreement_create
from commitments.services.commitments import (
    ObligationSpec,
    QuoteSpec,
    commitment_create,
    commitment_update,
)
from commitments.services.directory import party_ensure
from commitments.services.followups import followup_log
from commitments.services.sources import source_document_import
from core.history import system_user

CHINA_DESK = "China desk"
AFGHANISTAN_DESK = "Afghanistan desk"
OWNER_PARTY = "PK"
COUNTERPART_PARTY = "CN"
REASON = "demo: logins per role"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str  # the role group (the counterpart's is narrowed by its scope)
    desk: str | None
    what: str
    is_staff: bool = False


LOGINS = (
    DemoLogin("officer", POLICY_OFFICER, CHINA_DESK, "owns the Pakistan-side work"),
    DemoLogin("manager", MANAGER, CHINA_DESK, "the China desk's manager"),
    DemoLogin("viewer", VIEWER, CHINA_DESK, "reads the China desk"),
    DemoLogin("outsider", POLICY_OFFICER, AFGHANISTAN_DESK, "another desk"),
    DemoLogin("oversight", OVERSIGHT, None, "reads every desk"),
    # Without its role group the counterpart could read but not log its
    # side's follow-ups nor confirm a joint milestone (issue 14).
    DemoLogin("counterpart", COUNTERPART, None, "China's side of both agreements"),
    DemoLogin("administrator", ADMINISTRATOR, None, "desks and users", is_staff=True),
)

# The Afghanistan desk's own small agreement, so the outsider has work of
# its own (and the seed's agreements stay out of its sight).
AF_TEXT = (
    "Pakistan and Afghanistan agreed to hold a border coordination meeting "
    "every six months."
)
AF_QUOTE = "hold a border coordination meeting every six months"
AF_AGREEMENT = "pk-af-border-coordination-demo"
AF_COMMITMENT = "pk-af-border-meeting-demo"


def seed_agreements(seed_file: Path) -> list[Agreement]:
    """The seed's agreements (both must be loaded)."""
    references = [
        item["reference"] for item in json.loads(seed_file.read_text())["agreements"]
    ]
    found = list(
        Agreement.objects.filter(reference__in=references).order_by("reference")
    )
    if len(found) != len(references):
        raise ImproperlyConfigured(
            "The seed agreements are not loaded: run 'manage.py load_seed' first."
        )
    return found


def _desk(name: str, actor: AbstractBaseUser) -> Desk:
    return Desk.objects.filter(name=name).first() or services.desk_create(
        name=name, actor=actor, reason=REASON
    )


def _member(desk: Desk, user: AbstractBaseUser, actor: AbstractBaseUser) -> None:
    if not DeskMembership.objects.filter(desk=desk, user=user).exists():
        services.desk_member_add(desk=desk, user=user, actor=actor, reason=REASON)


def _on_desk(desk: Desk, agreement: Agreement, actor: AbstractBaseUser) -> None:
    if not DeskAgreement.objects.filter(desk=desk, agreement=agreement).exists():
        services.desk_agreement_add(
            desk=desk, agreement=agreement, actor=actor, reason=REASON
        )


def _login(login: DemoLogin, password: str) -> AbstractBaseUser:
    user, _ = get_user_model().objects.get_or_create(
        username=login.username,
        defaults={
            "first_name": "Demo",
            "last_name": login.username.title(),
            "email": f"{login.username}@localhost",
        },
    )
    user.is_active = True
    user.is_staff = login.is_staff
    user.is_superuser = False
    user.set_password(password)
    user.save()
    user.groups.set([Group.objects.get(name=login.role)])
    return user


def _afghanistan_agreement(
    owner: AbstractBaseUser, actor: AbstractBaseUser
) -> Agreement:
    existing = Agreement.objects.filter(reference=AF_AGREEMENT).first()
    if existing is not None:
        return existing
    pakistan = Party.objects.get(code="PK")
    afghanistan = party_ensure(
        code="AF",
        name="Afghanistan",
        time_zone="Asia/Kabul",
        actor=actor,
        reason=REASON,
    )
    source, _ = source_document_import(
        title="Pakistan–Afghanistan border coordination (demo text)",
        text=AF_TEXT,
        actor=actor,
        reason=REASON,
    )
    agreement = agreement_create(
        reference=AF_AGREEMENT,
        title="Pakistan–Afghanistan border coordination (demo)",
        kind="talks",
        parties=[pakistan, afghanistan],
        sources=[source],
        date=None,
        date_precision="unknown",
        time_zone="Asia/Karachi",
        actor=actor,
        reason=REASON,
    )
    start = AF_TEXT.index(AF_QUOTE)
    commitment_create(
        agreement=agreement,
        reference=AF_COMMITMENT,
        title="Border coordination meetings every six months",
        kind="recurring_meeting",
        obligations=[ObligationSpec(pakistan), ObligationSpec(afghanistan)],
        quotes=[QuoteSpec(source, AF_QUOTE, start, start + len(AF_QUOTE))],
        owner=owner,
        actor=actor,
        reason=REASON,
    )
    return agreement


@transaction.atomic
def demo_logins_ensure(*, password: str, seed_file: Path) -> list[DemoLogin]:
    """Create what is missing of the demo's desks and logins, set every demo
    login's password, and return the logins."""
    actor = system_user()
    seed = seed_agreements(seed_file)
    users = {login.username: _login(login, password) for login in LOGINS}
    desks = {name: _desk(name, actor) for name in (CHINA_DESK, AFGHANISTAN_DESK)}
    for login in LOGINS:
        if login.desk:
            _member(desks[login.desk], users[login.username], actor)
    for agreement in seed:
        _on_desk(desks[CHINA_DESK], agreement, actor)
    _on_desk(
        desks[AFGHANISTAN_DESK], _afghanistan_agreement(users["outsider"], actor), actor
    )
    _counterpart(users["counterpart"], seed, actor)
    officer = users["officer"]
    pakistan_side = Commitment.objects.filter(
        agreement__in=seed,
        obligations__party__code=OWNER_PARTY,
        archived_at__isnull=True,
    ).exclude(owner=officer)
    for commitment in pakistan_side.distinct():
        commitment_update(
            commitment=commitment,
            actor=actor,
            reason="demo: the officer owns the Pakistan-side commitments",
            owner=officer,
        )
    _demo_mentions(users, seed)
    return list(LOGINS)


# A few follow-ups naming people with @, so that every role's bell holds
# something on its first visit (issue 18; notifications' event sweep, run by
# run_jobs_now, turns them into notifications). Logged once: a second run
# finds them by their note.
MENTIONS = (
    # (author, agreement reference or None for the Afghanistan one, shared, note)
    (
        "manager",
        None,
        False,
        "@officer @viewer @oversight @administrator: the minutes of the last "
        "meeting are still to be filed; please check before Friday.",
    ),
    ("officer", None, False, "@manager: who should own the China-side items?"),
    ("manager", None, True, "@counterpart: please confirm the next meeting date."),
    (
        "administrator",
        AF_AGREEMENT,
        False,
        "@outsider: the meeting needs dates.",
    ),
)


def _demo_mentions(users: dict, seed: list[Agreement]) -> None:
    for author, reference, shared, note in MENTIONS:
        agreements = (
            Agreement.objects.filter(reference=reference) if reference else seed
        )
        commitment = (
            Commitment.objects.filter(
                agreement__in=agreements, archived_at__isnull=True
            )
            .order_by("pk")
            .first()
        )
        if commitment is None or commitment.followups.filter(note=note).exists():
            continue
        followup_log(
            commitment=commitment,
            actor=users[author],
            happened_on=timezone.localdate(),
            note=note,
            visibility="shared" if shared else None,
            reason="demo: mentions for the notification centre",
        )


def _counterpart(
    user: AbstractBaseUser, agreements: list[Agreement], actor: AbstractBaseUser
) -> None:
    party = Party.objects.get(code=COUNTERPART_PARTY)
    account = CounterpartAccount.objects.filter(user=user).first()
    if account is None:
        services.counterpart_account_create(
            user=user, party=party, agreements=agreements, actor=actor, reason=REASON
        )
    elif account.party != party or set(account.agreements.all()) != set(agreements):
        services.counterpart_account_update(
            account=account,
            party=party,
            agreements=agreements,
            actor=actor,
            reason=REASON,
        )
