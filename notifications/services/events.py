"""In-app notifications of what people do: an owner assigned, a mention in a
follow-up, a change by someone else to what you own.

They are read from the records the services already write, not hooked into
them: each change of a commitment or milestone has a history row, each
follow-up a row of its own. `events_collect` selects those of the last
EVENT_WINDOW (by state, not "since the last run") and turns each into
notifications keyed by the row's id, so a repeated or overlapping sweep adds
nothing twice (services/inbox.py). The system account's changes (sweeps,
generation) notify no one: they are not someone else's doing.
"""

import datetime
import re
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from access.scope import counterpart_account, visible_followups
from commitments.models import Commitment, FollowUp, Milestone
from core.history import system_user
from notifications.channels import Channels, wants_app
from notifications.models import Notification, NotificationKind
from notifications.services.inbox import (
    commitment_path,
    followup_path,
    milestone_path,
    notifications_create,
)
from notifications.services.recipients import Visibility, is_reachable

# Longer than any pause of the every-minute sweep (a worker restart, a
# deploy), short enough to read few history rows.
EVENT_WINDOW = datetime.timedelta(days=2)
REASON = "event sweep"
# "@akhan" in a note, not "name@example.org".
MENTION = re.compile(r"(?<![\w.@])@([A-Za-z0-9_.+-]{2,150})")
K = NotificationKind


def mentioned_usernames(note: str) -> set[str]:
    """The usernames a note mentions with @ (trailing dots dropped)."""
    return {name.rstrip(".") for name in MENTION.findall(note or "")}


class _Collector:
    """Gathers unsaved notifications, keeping only those the recipient may
    see (access/scope.py) and wants in the product (channels.py)."""

    def __init__(self) -> None:
        self.visibility = Visibility()
        self.channels = Channels()
        self.items: list[Notification] = []
        self.users: dict[int, object] = {}

    def load_users(self, ids: Iterable[int]) -> None:
        missing = {pk for pk in ids if pk and pk not in self.users}
        if missing:
            self.users.update(
                get_user_model()
                .objects.select_related("profile")
                .in_bulk(list(missing))
            )

    def name(self, user_id: int | None) -> str:
        user = self.users.get(user_id)
        return (user.get_full_name() or user.get_username()) if user else "Someone"

    def _sees(self, user, agreement_id: int, fields: dict) -> bool:
        if self.visibility.sees(user, agreement_id):
            return True
        # A counterpart hears of nothing by email, and in the product only of
        # a follow-up it may read (shared, on an agreement it follows) that
        # names it (access/scope.py decides both).
        followup = fields.get("followup")
        return (
            fields["kind"] == K.MENTION
            and followup is not None
            and counterpart_account(user) is not None
            and visible_followups(
                user, FollowUp.objects.filter(pk=followup.pk)
            ).exists()
        )

    def add(self, recipient_id: int, agreement_id: int | None, **fields) -> None:
        user = self.users.get(recipient_id)
        if not is_reachable(user):
            return
        if agreement_id is not None and not self._sees(user, agreement_id, fields):
            return
        if not wants_app(self.channels.of(user, fields["kind"])):
            return
        fields["title"] = fields["title"][:300]
        self.items.append(
            Notification(recipient=user, agreement_id=agreement_id, **fields)
        )


def events_collect(*, now: datetime.datetime | None = None) -> int:
    """Notify assignments, mentions and changes by others of the last
    EVENT_WINDOW; return how many notifications were new."""
    since = (now or timezone.now()) - EVENT_WINDOW
    system_id = system_user().pk
    collector = _Collector()
    _commitment_events(collector, since, system_id)
    _milestone_events(collector, since, system_id)
    _followup_events(collector, since)
    return len(notifications_create(collector.items, reason=REASON))


def _commitment_events(collector: _Collector, since, system_id: int) -> None:
    history = Commitment.history.model
    previous_owner = Subquery(
        history.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
        .order_by("-history_id")
        .values("owner_id")[:1]
    )
    rows = list(
        history.objects.filter(history_date__gte=since, owner_id__isnull=False)
        .exclude(history_user_id=system_id)
        .annotate(previous_owner=previous_owner)
        .values(
            "history_id",
            "history_type",
            "history_user_id",
            "id",
            "reference",
            "title",
            "agreement_id",
            "owner_id",
            "previous_owner",
        )
    )
    collector.load_users(
        [row["owner_id"] for row in rows] + [row["history_user_id"] for row in rows]
    )
    for row in rows:
        actor_id, owner_id = row["history_user_id"], row["owner_id"]
        if actor_id == owner_id or actor_id is None:
            continue  # your own doing, or no one's
        who = collector.name(actor_id)
        if row["previous_owner"] != owner_id:
            kind, title = K.ASSIGNED, f"{who} made you the owner of {row['title']}"
        elif row["history_type"] == "~":
            kind, title = K.CHANGED, f"{who} changed {row['title']}"
        else:
            continue
        collector.add(
            owner_id,
            row["agreement_id"],
            kind=kind,
            key=f"{kind}:commitment:{row['history_id']}",
            title=title,
            url=commitment_path(row["reference"]),
            commitment_id=row["id"],
        )


def _milestone_events(collector: _Collector, since, system_id: int) -> None:
    history = Milestone.history.model
    rows = list(
        history.objects.filter(
            history_date__gte=since, history_type="~", history_user_id__isnull=False
        )
        .exclude(history_user_id=system_id)
        .values("history_id", "history_user_id", "id", "title", "commitment_id")
    )
    if not rows:
        return
    commitments = Commitment.objects.only(
        "id", "reference", "title", "agreement_id", "owner_id"
    ).in_bulk({row["commitment_id"] for row in rows})
    collector.load_users(
        [c.owner_id for c in commitments.values()]
        + [row["history_user_id"] for row in rows]
    )
    for row in rows:
        commitment = commitments.get(row["commitment_id"])
        if commitment is None or commitment.owner_id in (None, row["history_user_id"]):
            continue
        what = row["title"] or commitment.title
        collector.add(
            commitment.owner_id,
            commitment.agreement_id,
            kind=K.CHANGED,
            key=f"changed:milestone:{row['history_id']}",
            title=f"{collector.name(row['history_user_id'])} changed {what}",
            url=milestone_path(commitment.reference, row["id"]),
            commitment_id=commitment.pk,
            milestone_id=row["id"],
        )


def _followup_events(collector: _Collector, since) -> None:
    followups = list(
        FollowUp.objects.filter(created_at__gte=since).select_related(
            "commitment", "author"
        )
    )
    names = set().union(*(mentioned_usernames(f.note) for f in followups))
    by_name = {
        user.get_username(): user
        for user in get_user_model()
        .objects.filter(username__in=names)
        .select_related("profile")
    }
    collector.users.update({user.pk: user for user in by_name.values()})
    collector.load_users(
        [f.commitment.owner_id for f in followups] + [f.author_id for f in followups]
    )
    for followup in followups:
        commitment = followup.commitment
        who = collector.name(followup.author_id)
        common = {
            "url": followup_path(commitment.reference, followup.pk),
            "commitment_id": commitment.pk,
            "milestone_id": followup.milestone_id,
            "followup": followup,
        }
        mentioned = {
            by_name[name].pk
            for name in mentioned_usernames(followup.note)
            if name in by_name
        } - {followup.author_id}
        for user_id in mentioned:
            collector.add(
                user_id,
                commitment.agreement_id,
                kind=K.MENTION,
                key=f"mention:{followup.pk}",
                title=f"{who} mentioned you on {commitment.title}",
                **common,
            )
        owner_id = commitment.owner_id
        if owner_id and owner_id != followup.author_id and owner_id not in mentioned:
            collector.add(
                owner_id,
                commitment.agreement_id,
                kind=K.CHANGED,
                key=f"changed:followup:{followup.pk}",
                title=f"{who} logged a follow-up on {commitment.title}",
                **common,
            )


def sources_collect(*, now: datetime.datetime | None = None) -> int:
    """Notifications handed over by other apps (TRACKER_NOTIFICATION_SOURCES:
    dotted paths of callables taking `now`, returning dicts of Notification
    fields); the sources check scope themselves when they name no agreement."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    now = now or timezone.now()
    collector = _Collector()
    for path in getattr(settings, "TRACKER_NOTIFICATION_SOURCES", ()):
        events = import_string(path)(now)
        collector.load_users([event["recipient_id"] for event in events])
        for event in events:
            event = dict(event)
            collector.add(event.pop("recipient_id"), event.pop("agreement_id"), **event)
    return len(notifications_create(collector.items, reason="notification sources"))
