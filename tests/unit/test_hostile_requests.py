"""Every URL of the resolver, as every role, with hostile values: never a 500.

Issue 10, "Proof that it stays closed". For each URL pattern (includes
followed, the admin's too) and each role, the walker fills the path with real
rows, opens the page as that role, reads the fields it offers (its forms, its
own query links, and what the view reads from request.GET), and sends:

- each hostile value in every field at once, by GET and by POST;
- each value "typed": only in the fields made for it (dates in date fields,
  rules in text fields...), the rest of the form as the page filled it, so
  the value gets past validation of the other fields to the services;
- the three most dangerous values in each field alone;
- a hostile upload in every file field;
- junk in the path parameters, where the converter lets it through.

Every request runs in a savepoint that is rolled back, so each sees the same
rows. Every 500 is collected before the test fails, with the request, the
field, the value, the exception's last line and the line that raised it.
"""

import datetime
import io
import warnings
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from access.services import desk_agreement_add, desk_create, desk_member_add
from commitments.models import Agreement, Commitment, Milestone, Party, SourceDocument
from commitments.permissions import ADMINISTRATOR, MANAGER, POLICY_OFFICER, VIEWER
from commitments.services.followups import followup_log
from commitments.services.milestones import milestones_generate
from extraction.models import Candidate
from extraction.services.ingest import document_ingest
from notifications.services.preferences import agreement_feed_ensure, profile_ensure
from tests import hostile
from tests.factories import UserFactory
from tests.hostile import (
    DANGEROUS,
    HOSTILE_VALUES,
    LIGHT,
    TARGETS,
    Hostile,
    Walker,
    WalkerClient,
)

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
JWG = "jwg-quarterly"
TALKS = "pk-cn-interior-talks-2026"
ROLE_GROUPS = {
    "viewer": VIEWER,
    "officer": POLICY_OFFICER,
    "manager": MANAGER,
    "administrator": ADMINISTRATOR,
}
# The superuser is the only one the admin site lets in.
ROLES = ["anonymous", *ROLE_GROUPS, "superuser"]
# Text that no field takes apart: sent in every field at once, not "typed".
SHALLOW_TEXT = {"odd unicode", "SQL", "markup", "formula"}
# The most trusted role a page lets in gets every request; the others a few.
DEEP_ORDER = ("administrator", "manager", "officer", "viewer", "anonymous")
ROUTES = hostile.resolver_routes()
# A request that takes longer is listed (a warning); one that the statement
# timeout below cancels is a 500 like any other.
SLOW_SECONDS = 5.0
STATEMENT_TIMEOUT = "10s"
INGEST_TEXT = (
    "Pakistan and China agreed to hold border talks every six months.\n"
    "The minister commended the police and said the NPA will train 50 officers.\n"
)
# Query strings a page needs to open with its form filled.
BASE_QUERY = {
    "commitments:commitment_create": lambda world: {
        "source": world.ids["source"],
        "start": "0",
        "end": "8",
    },
    "commitments:followup_create": lambda world: {
        "milestone": world.ids["milestone"],
        "action": "reschedule",
    },
}
# Values that make a page's own form valid where the page leaves them empty,
# so that the hostile value in one field reaches the service behind it.
VALID_POST = {
    "commitments:followup_create": {
        "reason": "Moved by the walker",
        "due_date": "2026-09-01",
        "happened_on": "2026-01-20",
        "note": "Walker note",
    },
    "commitments:milestone_create": {
        "title": "Extra meeting",
        "due_date": "2026-09-01",
        "reason": "Extra meeting asked for",
    },
    "commitments:milestone_edit": {"reason": "Moved by the walker"},
    "commitments:agreement_create": {
        "reference": "walker-agreement",
        "title": "Walker talks",
        "date": "2026-02-01",
        "reason": "walker",
    },
    "commitments:agreement_edit": {"reason": "walker"},
    "commitments:commitment_create": {
        "reference": "walker-commitment",
        "title": "Walker commitment",
        "reason": "walker",
    },
    "commitments:commitment_edit": {"reason": "walker"},
    "extraction:upload": {
        "title": "Walker statement",
        "text": INGEST_TEXT,
        "published": "2026-05-20",
    },
    "extraction:reject": {"reason": "walker"},
    "extraction:merge": {"reason": "walker"},
    "login": {"username": "viewer", "password": "wrong password"},
    "password_change": {
        "old_password": "pw-user-1",
        "new_password1": "walker-Pass-2026!",
        "new_password2": "walker-Pass-2026!",
    },
}


@dataclass
class World:
    ids: dict[str, Any]
    cookies: dict[str, dict[str, str]]
    discovered: dict[str, "Fields"] = field(default_factory=dict)
    access: dict[tuple[str, str], tuple[bool, bool]] = field(default_factory=dict)


@dataclass
class Fields:
    """What a page offers: query names (with kinds) and its POST forms."""

    query: dict[str, str]
    post_forms: list[hostile.PageForm]
    posted_names: set[str]


def _build_world() -> World:
    from django.conf import settings

    from commitments.services.seed import seed_load
    from core.history import system_user

    system = system_user()
    seed_load(
        seed_file=settings.TRACKER_SEED_FILE,
        sources_dir=settings.TRACKER_SOURCES_DIR,
        actor=system,
    )
    milestones_generate(as_of=datetime.datetime(2026, 1, 8, tzinfo=UTC), actor=system)
    users = {}
    for role, group in ROLE_GROUPS.items():
        user = UserFactory(username=role, first_name=role.title(), last_name="User")
        user.groups.add(Group.objects.get(name=group))
        users[role] = user
    users["superuser"] = UserFactory(
        username="superuser", is_staff=True, is_superuser=True
    )
    # Desks (issue 14): the walking roles work on the seed's agreements, or
    # every page would answer them with nothing but 404s and empty lists.
    desk = desk_create(name="China desk", actor=system, reason="walker's desk")
    for agreement in Agreement.objects.all():
        desk_agreement_add(desk=desk, agreement=agreement, actor=system, reason="r")
    for role in ("viewer", "officer", "manager"):
        desk_member_add(desk=desk, user=users[role], actor=system, reason="r")
    jwg = Commitment.objects.get(reference=JWG)
    jwg.owner = users["officer"]
    jwg.save()
    milestone = Milestone.objects.filter(commitment=jwg).order_by("due_date").first()
    followup = followup_log(
        commitment=jwg,
        actor=users["officer"],
        happened_on=datetime.date(2026, 1, 20),
        note="Dates proposed.",
        evidence_file=SimpleUploadedFile("note.pdf", b"%PDF-1.4 x", "application/pdf"),
    )
    document = document_ingest(
        title="Border talks",
        text=INGEST_TEXT,
        published_on=datetime.date(2026, 5, 20),
        actor=users["officer"],
    ).document
    candidate = Candidate.objects.filter(source=document).order_by("start").first()
    profiles = {role: profile_ensure(user=user) for role, user in users.items()}
    feed = agreement_feed_ensure(
        agreement=Commitment.objects.get(reference=JWG).agreement,
        actor=users["officer"],
    )
    party = Party.objects.order_by("code").first()
    cookies: dict[str, dict[str, str]] = {"anonymous": {}}
    for role, user in users.items():
        login = Client()
        login.force_login(user)
        cookies[role] = {name: morsel.value for name, morsel in login.cookies.items()}
    officer = users["officer"]
    return World(
        ids={
            "agreement": jwg.agreement.reference,
            "talks": TALKS,
            "commitment": JWG,
            "commitment_pk": jwg.pk,
            "milestone": milestone.pk,
            "followup": followup.pk,
            "source": SourceDocument.objects.order_by("pk").first().pk,
            "document": document.pk,
            "candidate": candidate.pk,
            "party": party.code,
            "personal_token": profiles["officer"].calendar_token,
            "agreement_token": feed.token,
            "uidb64": urlsafe_base64_encode(force_bytes(officer.pk)),
            "reset_token": default_token_generator.make_token(officer),
        },
        cookies=cookies,
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The seed, a follow-up with evidence, a document with candidates and one
    logged-in session per role, built once for the module inside a
    transaction that is rolled back at its end."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    media.enable()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            if connection.vendor == "postgresql":
                # No request of the walker may hold the shared server for long.
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SET LOCAL statement_timeout = '{STATEMENT_TIMEOUT}'"
                    )
            built = _build_world()
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


# --- Path values ----------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """A concrete path of a route; `deep` when it gets every kind of request
    (the XLSX exports share their filters with the CSV ones)."""

    path: str
    deep: bool = True
    query_from: str | None = None  # the page whose query fields it reads


def real_pages(world: World, route: hostile.Route) -> list[Page]:
    """The route filled with real rows (several pages for the exports)."""
    if route.name == "reporting:export":
        lists = {
            "commitments": reverse("commitments:commitment_list"),
            "milestones": reverse("reporting:report_milestones"),
            "followups": reverse("reporting:report_followups"),
        }
        return [
            Page(route.path({"kind": kind, "fmt": fmt}), fmt == "csv", list_path)
            for kind, list_path in lists.items()
            for fmt in ("csv", "xlsx")
        ]
    if route.is_admin:
        values = _admin_values(world, route)
    else:
        values = {p.name: _real_value(world, route, p) for p in route.params}
    path = route.path(values)
    assert path is not None, f"no real path for {route.route} from {values}"
    return [Page(path, _is_first_route_of_its_view(route))]


def _is_first_route_of_its_view(route: hostile.Route) -> bool:
    # A second route to the same view (the PDF of a briefing, the XLSX
    # template) reads the same fields: the first one gets the deep walk. In
    # the admin (Django's generic forms, read-only for the domain models) the
    # lists get it; the other pages get the few requests of other roles.
    if route.is_admin:
        return bool(route.name) and route.name.endswith("_changelist")
    first = next(other for other in ROUTES if other.callback is route.callback)
    return first is route


def _real_value(world: World, route: hostile.Route, param: hostile.Param) -> str:
    ids, name = world.ids, param.name
    if name == "reference":
        return ids["talks"] if "agreement" in route.route else JWG
    if name == "code":
        return ids["party"]
    if name == "uidb64":
        return ids["uidb64"]
    if name == "token":
        return {
            "feeds:personal_feed": ids["personal_token"],
            "feeds:agreement_feed": ids["agreement_token"],
        }.get(route.name or "", ids["reset_token"])
    if name == "pk":
        rows = {
            "milestones/": "milestone",
            "follow-ups/": "followup",
            "sources/": "source",
            "extraction/documents/": "document",
            "extraction/candidates/": "candidate",
        }
        for start, key in rows.items():
            if route.route.startswith(start):
                return str(ids[key])
    return "1"


def _admin_values(world: World, route: hostile.Route) -> dict[str, str]:
    parts = route.route.split("/")
    model = None
    if len(parts) > 3:
        try:
            model = apps.get_model(parts[1], parts[2])
        except (LookupError, ValueError):
            model = None
    instance = model._default_manager.order_by("pk").first() if model else None
    pk = str(instance.pk) if instance else "1"
    values = {}
    for param in route.params:
        if param.name in ("object_id", "id", "_0"):
            values[param.name] = pk
        elif param.name == "_1":
            history = getattr(model, "history", None) if instance else None
            record = history.filter(id=instance.pk).first() if history else None
            values[param.name] = str(record.history_id) if record else "1"
        elif param.name == "content_type_id":
            values[param.name] = str(ContentType.objects.get_for_model(Commitment).pk)
            values["object_id"] = str(world.ids["commitment_pk"])
        elif param.name == "app_label":
            values[param.name] = "commitments"
        elif param.name == "url":
            values[param.name] = "no/such/page/"
        else:
            values[param.name] = "1"
    return values


def hostile_paths(world: World, route: hostile.Route) -> list[tuple[str, str]]:
    """(path, description) with junk in one parameter at a time."""
    found = []
    values = (
        _admin_values(world, route)
        if route.is_admin
        else {p.name: _real_value(world, route, p) for p in route.params}
    )
    for param in route.params:
        for junk in hostile.HOSTILE_PATH_VALUES.get(param.converter, ("x" * 3000,)):
            path = route.path({**values, param.name: junk})
            if path is not None:
                shown = junk if len(junk) < 40 else f"{junk[:10]}…({len(junk)} chars)"
                found.append((path, f"path {param.name} = {shown!r}"))
    return found


# --- Discovering the fields -----------------------------------------------------


def _kind_for_name(name: str) -> str:
    if hostile.DATE_NAME.search(name):
        return "date"
    if name in ("page", "p", "o", "milestone", "source") or name.endswith("_id"):
        return "number"
    return "text"


def discover(route: hostile.Route, path: str, html: str) -> Fields:
    """The fields of the page at `path` as rendered in `html`, with what its
    view reads from the query string."""
    forms, _loose, links = hostile.page_fields(html)
    here = hostile.query_path(path)
    query: dict[str, str] = {}
    post_forms = []
    for form in forms:
        if form.action not in ("", here):
            continue  # the search box in the header, the logout button...
        if form.method == "get":
            query.update({item.name: item.kind for item in form.fields.values()})
        else:
            hostile.fill_choices(form)
            post_forms.append(form)
    for name in links:
        query.setdefault(name, _kind_for_name(name))
    scanned_query, scanned_post = hostile.view_query_names(route.callback)
    for name in scanned_query:
        query.setdefault(name, _kind_for_name(name))
    query.pop("csrfmiddlewaretoken", None)
    return Fields(query, post_forms, scanned_post)


def discovered_as_superuser(world: World, route: hostile.Route, path: str) -> Fields:
    """The page as the role that sees the most of it (kept per path)."""
    if path not in world.discovered:
        walker = _walker(world, "superuser")
        html = _html(walker.send("GET", path, _base_query(world, route)))
        world.discovered[path] = discover(route, path, html)
    return world.discovered[path]


def _walker(world: World, role: str) -> Walker:
    return Walker(WalkerClient(), role, world.cookies[role], SLOW_SECONDS)


def _html(response: Any) -> str:
    if response is None or response.streaming:
        return ""
    if "html" not in response.get("Content-Type", ""):
        return ""
    return response.content.decode("utf-8", "replace")


def _base_query(world: World, route: hostile.Route) -> dict[str, Any]:
    build = BASE_QUERY.get(route.name or "")
    return build(world) if build else {}


def _is_denied(response: Any) -> bool:
    if response is None:
        return False
    if response.status_code in (401, 403):
        return True
    if response.status_code == 302:
        target = response.get("Location", "")
        return target.startswith((reverse("login"), reverse("admin:login")))
    return False


def access(
    world: World, route: hostile.Route, path: str, role: str
) -> tuple[bool, bool]:
    """(GET refused, POST refused) for the role on this page (kept per path)."""
    if (path, role) not in world.access:
        walker = _walker(world, role)
        opened = walker.send("GET", path, _base_query(world, route))
        posted = walker.send("POST", path, {})
        world.access[(path, role)] = (_is_denied(opened), _is_denied(posted))
    return world.access[(path, role)]


def deep_role(world: World, route: hostile.Route, path: str) -> str:
    """The role that gets every kind of request: the most trusted one the page
    lets in (it sees every field); the others get a few requests each."""
    if route.is_admin:
        return "superuser"
    for role in DEEP_ORDER:
        if not all(access(world, route, path, role)):
            return role
    return DEEP_ORDER[-1]


# --- Sending --------------------------------------------------------------------


def _spread(names: list[str]) -> dict[str, Any]:
    """Each field a different hostile value."""
    return {
        name: HOSTILE_VALUES[index % len(HOSTILE_VALUES)].value
        for index, name in enumerate(names)
    }


def _typed_names(fields: dict[str, str], value: Hostile) -> list[str]:
    targets = TARGETS.get(value.kind)
    if not targets or value.label in SHALLOW_TEXT:
        return []
    return [name for name, kind in fields.items() if kind in targets]


def _upload(upload: tuple[str, str, bytes, str]) -> SimpleUploadedFile:
    _label, name, content, content_type = upload
    return SimpleUploadedFile(name, content, content_type)


def walk_query(
    walker: Walker, path: str, base: dict, fields: dict[str, str], *, deep: bool
) -> None:
    """Hostile values in the query string: every field, typed, each alone."""
    names = list(fields) or ["q", "page"]
    walker.send("GET", path, {**base, **_spread(names)}, where="a different value each")
    values = HOSTILE_VALUES if deep else (LIGHT,)
    for value in values:
        data = {**base, **dict.fromkeys(names, value.value)}
        walker.send("GET", path, data, where=f"every query field = {value.label}")
        typed = _typed_names(fields, value) if deep else []
        if typed and len(typed) < len(names):
            data = {**base, **dict.fromkeys(typed, value.value)}
            walker.send("GET", path, data, where=f"{', '.join(typed)} = {value.label}")
    for value in DANGEROUS if deep and fields else ():
        for name in names:
            data = {**base, name: value.value}
            walker.send("GET", path, data, where=f"{name} = {value.label}")


def walk_form(
    walker: Walker, path: str, form: hostile.PageForm, valid: dict, *, deep: bool
) -> None:
    """Hostile values in a POST form: every field, typed, each alone, files."""
    baseline = {**form.baseline(), **valid}
    kinds = {
        name: item.kind
        for name, item in form.fields.items()
        if item.kind != "file" and name != "csrfmiddlewaretoken"
    }
    names = list(kinds)
    files = [name for name, item in form.fields.items() if item.kind == "file"]
    walker.send("POST", path, baseline, where="the form as the page filled it")
    data = {**baseline, **_spread(names)}
    walker.send("POST", path, data, where="a different value each")
    for value in HOSTILE_VALUES if deep else (LIGHT,):
        data = {**baseline, **dict.fromkeys(names, value.value)}
        walker.send("POST", path, data, where=f"every form field = {value.label}")
        typed = _typed_names(kinds, value) if deep else []
        if typed and len(typed) < len(names):
            data = {**baseline, **dict.fromkeys(typed, value.value)}
            walker.send("POST", path, data, where=f"{', '.join(typed)} = {value.label}")
    for value in DANGEROUS if deep else ():
        for name in names:
            data = {**baseline, name: value.value}
            walker.send("POST", path, data, where=f"{name} = {value.label}")
    for upload in hostile.hostile_files() if files else ():
        data = {**baseline, **{name: _upload(upload) for name in files}}
        walker.send("POST", path, data, where=f"{', '.join(files)} = {upload[0]}")


def walk_page(
    world: World, walker: Walker, route: hostile.Route, page: Page, *, deep: bool
) -> None:
    """The hostile requests for one page as the walker's role."""
    path = page.path
    base = _base_query(world, route)
    known = discovered_as_superuser(world, route, path)
    if page.query_from:
        known = Fields(
            discovered_as_superuser(world, route, page.query_from).query,
            known.post_forms,
            known.posted_names,
        )
    posted_names = sorted(
        {name for form in known.post_forms for name in form.fields} | known.posted_names
    ) or ["q"]
    if route.is_admin and walker.role != "superuser":
        # The admin site sends everyone else to its login before any view.
        walker.send("GET", path, _spread(list(known.query) or ["q"]))
        walker.send("POST", path, _spread(posted_names))
        return
    opened = walker.send("GET", path, base)
    posted = walker.send("POST", path, {}, where="an empty POST")
    get_refused, post_refused = _is_denied(opened), _is_denied(posted)
    html = _html(opened)
    own = discover(route, path, html) if html and not get_refused else known
    if get_refused:
        walker.send("GET", path, _spread(list(known.query) or ["q"]))
    else:
        query = {**known.query, **own.query}
        walk_query(walker, path, base, query, deep=deep and page.deep)
    if post_refused:
        walker.send("POST", path, _spread(posted_names))
        return
    valid = VALID_POST.get(route.name or "", {})
    forms = own.post_forms or known.post_forms
    for form in forms:
        walk_form(walker, path, form, valid, deep=deep and page.deep)
    extra = sorted(known.posted_names - {n for f in forms for n in f.fields})
    for value in HOSTILE_VALUES if extra else ():
        data = dict.fromkeys(extra, value.value)
        walker.send("POST", path, data, where=f"{', '.join(extra)} = {value.label}")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.route)
def test_no_hostile_request_gets_a_500(world, route, role):
    walker = _walker(world, role)
    pages = real_pages(world, route)
    deep = role == deep_role(world, route, pages[0].path)
    for page in pages:
        walk_page(world, walker, route, page, deep=deep)
    for path, where in hostile_paths(world, route) if deep else ():
        walker.send("GET", path, where=where)
        walker.send("POST", path, where=where)
    if walker.slow:
        warnings.warn(
            "Slow requests:\n" + "\n".join(walker.slow), UserWarning, stacklevel=1
        )
    assert not walker.failures, hostile.summary(walker.failures)


# --- Management commands that take input ---------------------------------------

AS_OF_COMMANDS = [
    "flag_overdue",
    "generate_milestones",
    "send_reminders",
    "send_weekly_summary",
]
HOSTILE_AS_OF = [
    "9999-12-31T23:59+00:00",
    "0001-01-01T00:00+00:00",
    "2027-02-30T09:00+05:00",
    "2026-07-10T09:00",  # no zone
    "yesterday",
    "",
    "a\x00b",
]


def _run(name: str, *args: str) -> str:
    """'' when the command ended cleanly or refused with a CommandError, else
    the exception's last line and where it was raised."""
    try:
        with transaction.atomic():
            call_command(name, *args, stdout=io.StringIO(), stderr=io.StringIO())
            transaction.set_rollback(True)
    except CommandError:
        return ""
    except Exception as error:
        return f"{hostile._last_line(error)} at {hostile._location(error)}"
    return ""


@pytest.mark.parametrize("command", AS_OF_COMMANDS)
def test_job_commands_refuse_a_hostile_as_of_with_a_message(world, command):
    failures = []
    for value in HOSTILE_AS_OF:
        found = _run(command, f"--as-of={value}")
        if found:
            failures.append(f"{command} --as-of={value!r}: {found}")
    assert not failures, "\n".join(failures)


def test_commands_with_hostile_arguments_end_cleanly(world, tmp_path):
    not_a_zip = tmp_path / "commitments.xlsx"
    not_a_zip.write_bytes(b"PK\x03\x04 not a zip \x00\xff" * 64)
    nul_csv = tmp_path / "commitments.csv"
    nul_csv.write_bytes(b"reference,title\nx\x00y," + b"a" * 131_073 + b"\n")
    dates = tmp_path / "statement.txt"
    dates.write_text(
        "On 31 February 2027 both sides agreed to meet every three months. "
        "They will meet again on 9999-12-31 and next year on the 31st of April."
    )
    calls = [
        ("generate_milestones", "--horizon-months=99999999999"),
        ("generate_milestones", "--horizon-months=-1"),
        ("import_commitments", str(not_a_zip), "--dry-run"),
        ("import_commitments", str(nul_csv), "--dry-run"),
        ("import_commitments", str(tmp_path / "missing.csv"), "--dry-run"),
        ("import_commitments", str(tmp_path), "--dry-run"),
        ("ingest", str(dates), "--published=2026-05-20", "--dry-run"),
        ("ingest", str(dates), "--published=9999-12-31", "--dry-run"),
        ("ingest", str(dates), "--published=2027-02-30", "--dry-run"),
        ("ingest", str(tmp_path / "missing.txt"), "--published=2026-05-20"),
        ("load_seed", f"--seed-file={tmp_path / 'missing.json'}"),
        ("load_seed", f"--seed-file={nul_csv}"),
        ("export_commitments", "--format=csv", f"--output={tmp_path}"),
        (
            "generate_synthetic",
            "--agreements=-1",
            "--commitments=-1",
            "--milestones=-1",
        ),
    ]
    failures = []
    for name, *args in calls:
        found = _run(name, *args)
        if found:
            failures.append(f"{name} {' '.join(args)}: {found}")
    assert not failures, "\n".join(failures)


def test_load_seed_refuses_a_missing_or_unreadable_seed_with_a_message(tmp_path):
    # It printed a FileNotFoundError (or JSONDecodeError) traceback.
    broken = tmp_path / "seed.json"
    broken.write_bytes(b"{not json\x00")
    for seed_file in (tmp_path / "missing.json", broken):
        with pytest.raises(CommandError, match="seed"):
            call_command("load_seed", f"--seed-file={seed_file}", stdout=io.StringIO())
