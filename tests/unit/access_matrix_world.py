"""The demo's world for the access matrix (issue 14): the seed, the demo
logins (`demo_users`), and one object of each kind inside the China desk's
scope and outside it (the outsider's Afghanistan agreement), each with a
marker text that must never reach a body it is not meant for.
"""

import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

import openpyxl
import pypdf
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

from access.demo import AF_AGREEMENT, AF_COMMITMENT
from api.services import api_token_create
from commitments.models import Agreement, Commitment, Milestone, SourceDocument
from commitments.services.followups import followup_log
from commitments.services.milestones import milestones_generate
from commitments.services.seed import seed_load
from core.history import system_user
from notifications.feed_tokens import holder_token
from notifications.services.preferences import agreement_feed_ensure, profile_ensure
from tests.factories import MilestoneFactory

UTC = datetime.UTC
JWG = "jwg-quarterly"
TALKS = "pk-cn-interior-talks-2026"
PASSWORD = "matrix-demo-password"
ROLES = (
    "anonymous",
    "officer",
    "manager",
    "viewer",
    "outsider",
    "oversight",
    "counterpart",
)
CHINA_DESK = ("officer", "manager", "viewer")

# Markers: each names what it belongs to, so a leak says where it came from.
INTERNAL_NOTE = "Internal note: the minister may delay the JWG"
SHARED_NOTE = "Shared note: dates agreed with the Chinese side"
OUTSIDER_NOTE = "Outsider note: Torkham crossing hours"
SEED_TEXTS = (
    JWG,
    TALKS,
    "Joint Working Group",
    "Beijing",
    "interior ministers",
    INTERNAL_NOTE,
    SHARED_NOTE,
)
OUTSIDE_TEXTS = (
    "Torkham",
    "Pakistan–Afghanistan border coordination",
    "Border coordination meetings every six months",
    "hold a border coordination meeting every six months",
    OUTSIDER_NOTE,
)


def forbidden_texts(role: str) -> tuple[str, ...]:
    """What must never appear in a body this role gets."""
    if role in CHINA_DESK:
        return OUTSIDE_TEXTS
    if role == "outsider":
        return SEED_TEXTS
    if role == "counterpart":
        return (*OUTSIDE_TEXTS, INTERNAL_NOTE)
    if role == "anonymous":
        return (*SEED_TEXTS, *OUTSIDE_TEXTS)
    return ()  # oversight reads everything


@dataclass
class World:
    ids: dict[str, object] = field(default_factory=dict)
    users: dict[str, object] = field(default_factory=dict)
    cookies: dict[str, dict[str, str]] = field(default_factory=dict)
    api_keys: dict[str, str] = field(default_factory=dict)
    personal_feeds: dict[str, str] = field(default_factory=dict)
    agreement_feeds: dict[str, dict[str, str]] = field(default_factory=dict)


def _evidence(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 evidence", "application/pdf")


def build_world() -> World:
    system = system_user()
    seed_load(
        seed_file=settings.TRACKER_SEED_FILE,
        sources_dir=settings.TRACKER_SOURCES_DIR,
        actor=system,
    )
    call_command("demo_users", password=PASSWORD, stdout=_Null())
    milestones_generate(as_of=datetime.datetime(2026, 1, 8, tzinfo=UTC), actor=system)
    users = {
        user.username: user
        for user in get_user_model().objects.filter(username__in=ROLES)
    }
    jwg = Commitment.objects.get(reference=JWG)
    af = Commitment.objects.get(reference=AF_COMMITMENT)
    milestone = Milestone.objects.filter(commitment=jwg).order_by("due_date").first()
    # The outsider's meeting, due with the seed's first JWG meeting, so one
    # reminder run speaks of both desks' work.
    af_milestone = MilestoneFactory(
        commitment=af,
        title="Torkham border coordination meeting",
        due_date=milestone.due_date,
        due_at=milestone.due_at,
    )
    internal = followup_log(
        commitment=jwg,
        actor=users["officer"],
        happened_on=datetime.date(2026, 1, 20),
        note=INTERNAL_NOTE,
        evidence_file=_evidence("internal.pdf"),
    )
    shared = followup_log(
        commitment=jwg,
        actor=users["counterpart"],
        happened_on=datetime.date(2026, 1, 21),
        note=SHARED_NOTE,
        evidence_file=_evidence("shared.pdf"),
    )
    outside = followup_log(
        commitment=af,
        actor=users["outsider"],
        happened_on=datetime.date(2026, 1, 22),
        note=OUTSIDER_NOTE,
        evidence_file=_evidence("outside.pdf"),
    )
    talks = Agreement.objects.get(reference=TALKS)
    af_agreement = Agreement.objects.get(reference=AF_AGREEMENT)
    world = World(
        users=users,
        ids={
            "agreement": TALKS,
            "af_agreement": AF_AGREEMENT,
            "commitment": JWG,
            "af_commitment": AF_COMMITMENT,
            "commitment_pk": jwg.pk,
            "af_commitment_pk": af.pk,
            "agreement_pk": talks.pk,
            "af_agreement_pk": af_agreement.pk,
            "milestone": milestone.pk,
            "af_milestone": af_milestone.pk,
            "due_date": milestone.due_date,
            "internal": internal.pk,
            "shared": shared.pk,
            "outside": outside.pk,
            "source": talks.sources.order_by("pk").first().pk,
            "af_source": af_agreement.sources.order_by("pk").first().pk,
            "desk": users["officer"].desk_memberships.first().desk_id,
            "af_desk": users["outsider"].desk_memberships.first().desk_id,
            "party": jwg.obligations.order_by("pk").first().party_id,
            "af_obligation": af.obligations.order_by("pk").first().pk,
            "institution": jwg.obligations.exclude(lead_institution=None)
            .order_by("pk")
            .first()
            .lead_institution_id,
        },
    )
    feeds = {
        "in": agreement_feed_ensure(agreement=talks, actor=system),
        "out": agreement_feed_ensure(agreement=af_agreement, actor=system),
    }
    world.cookies["anonymous"] = {}
    for role in (*ROLES[1:], "administrator"):
        user = get_user_model().objects.get(username=role)
        client = Client()
        client.force_login(user)
        world.cookies[role] = {
            name: morsel.value for name, morsel in client.cookies.items()
        }
        world.api_keys[role] = api_token_create(
            user=user, name="matrix", actor=user
        ).key
        world.personal_feeds[role] = profile_ensure(user=user).calendar_token
        world.agreement_feeds[role] = {
            where: holder_token(feed.token, user.pk) for where, feed in feeds.items()
        }
    assert SourceDocument.objects.exists()
    return world


class _Null:
    def write(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass


def module_world(django_db_blocker, tmp_path_factory) -> Iterator[World]:
    """The world for a module-scoped fixture: built once, in a transaction
    rolled back at its end (the pattern of tests/unit/test_hostile_requests.py)."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    media.enable()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build_world()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            media.disable()
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
    media.disable()


def get(client: Client, cookies: dict[str, str], path: str, **extra: str):
    """(response, body) as the holder of these cookies; the request runs in a
    savepoint rolled back at once, so every cell sees the same rows."""
    client.cookies.clear()
    for key, value in cookies.items():
        client.cookies[key] = value
    atomic = transaction.atomic()
    atomic._from_testcase = True  # as TestCase's own: a durable block still opens
    with atomic:
        response = client.get(path, **extra)
        body = (
            b"".join(response.streaming_content)
            if response.streaming
            else response.content
        )
        transaction.set_rollback(True)
    return response, body


def readable(response, body: bytes) -> str:
    """The text a person would read in this answer: an XLSX's cells, a PDF's
    text, or the decoded body."""
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind:
        book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    if "pdf" in kind and body.startswith(b"%PDF"):
        try:
            reader = pypdf.PdfReader(io.BytesIO(body))
            return "\n".join(page.extract_text() or "" for page in reader.pages)
        except pypdf.errors.PdfReadError:  # an evidence file: not a real PDF
            return body.decode("utf-8", "replace")
    return body.decode("utf-8", "replace")


def leaks(role: str, text: str) -> list[str]:
    """The forbidden texts (forbidden_texts) found in `text`."""
    return [marker for marker in forbidden_texts(role) if marker in text]
