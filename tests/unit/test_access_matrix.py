"""The access matrix (issue 14, "Demo and tests"): every page of the product x
every demo role x an object inside the China desk's scope and one outside it
(the outsider's Afghanistan agreement), each cell asserting the exact answer,
and no body carrying a title, quote or note its reader may not see.

The expected answers are data (EXPECTED below), read from the rules in
docs/security.md ("Who may see what", "Need-to-know"):
- anonymous: every page but the login and health pages redirects to the
  login page (302); a feed or API call without a valid token is a 404/401;
- outside scope is a 404, never a 403 (existence is not disclosed);
- inside scope, what the role may not do is a 403 (permissions.py);
- Oversight reads everything and changes nothing (403 on every write form);
- a counterpart reads its agreements' commitments, sources, milestones and
  the shared follow-ups (its lists, reports and exports narrowed to those);
  it logs follow-ups only on its own side's obligations; the review queue,
  desks, history and the API's directory are refused it (403).

The emails: a reminder run before, on and after the seed's first JWG meeting
(due with the outsider's own meeting), each message checked for what its
reader may not see. The admin site (staff only) is walked by
tests/unit/test_hostile_requests.py.

Every non-admin URL pattern is either in the table or named in NOT_IN_MATRIX
(a POST-only action, tested by the area's own tests) with its reason: a new
page fails `test_every_url_pattern_is_in_the_matrix` until it is added.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import resolve

from notifications.models import Profile
from notifications.services.digests import digest_send, digests_dispatch, reminders_run
from reporting.services.weekly_summary import (
    weekly_summaries_create,
    weekly_summaries_dispatch,
    weekly_summary_send,
)
from tests import hostile
from tests.unit.access_matrix_world import (
    ROLES,
    World,
    get,
    leaks,
    module_world,
    readable,
)

pytestmark = pytest.mark.django_db

# The answers: R a redirect (for anonymous, to the login page), K the page,
# F refused (403), N not found (404), U unauthenticated (the API's 401).
R, K, F, N, U = 302, 200, 403, 404, 401


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    yield from module_world(django_db_blocker, tmp_path_factory)


def _pages(ids: dict) -> dict[str, str]:
    """Each cell's path, keyed by a short label (the table's rows)."""
    i = ids
    return {
        "home": "/",
        "agreement_list": "/agreements/",
        "agreement_create": "/agreements/new/",
        "agreement_detail:in": f"/agreements/{i['agreement']}/",
        "agreement_detail:out": f"/agreements/{i['af_agreement']}/",
        "agreement_edit:in": f"/agreements/{i['agreement']}/edit/",
        "agreement_edit:out": f"/agreements/{i['af_agreement']}/edit/",
        "commitment_list": "/commitments/",
        "commitment_search": "/commitments/?q=Beijing",
        "commitment_create": "/commitments/new/",
        "commitment_detail:in": f"/commitments/{i['commitment']}/",
        "commitment_detail:out": f"/commitments/{i['af_commitment']}/",
        "commitment_edit:in": f"/commitments/{i['commitment']}/edit/",
        "commitment_edit:out": f"/commitments/{i['af_commitment']}/edit/",
        "commitment_translate:in": f"/commitments/{i['commitment']}/translate/",
        "commitment_translate:out": f"/commitments/{i['af_commitment']}/translate/",
        "followup_create:in": f"/commitments/{i['commitment']}/follow-ups/new/",
        "followup_create:out": f"/commitments/{i['af_commitment']}/follow-ups/new/",
        "milestone_create:in": f"/commitments/{i['commitment']}/milestones/new/",
        "milestone_create:out": f"/commitments/{i['af_commitment']}/milestones/new/",
        "milestone_edit:in": f"/milestones/{i['milestone']}/edit/",
        "milestone_edit:out": f"/milestones/{i['af_milestone']}/edit/",
        "milestone_sides:in": f"/milestones/{i['milestone']}/sides/",
        "milestone_sides:out": f"/milestones/{i['af_milestone']}/sides/",
        "evidence:internal": f"/follow-ups/{i['internal']}/evidence/",
        "evidence:shared": f"/follow-ups/{i['shared']}/evidence/",
        "evidence:out": f"/follow-ups/{i['outside']}/evidence/",
        "source_list": "/sources/",
        "source_detail:in": f"/sources/{i['source']}/",
        "source_detail:out": f"/sources/{i['af_source']}/",
        "dashboard": "/reports/",
        "report_milestones": "/reports/milestones/",
        "report_followups": "/reports/follow-ups/",
        "export:commitments.csv": "/reports/export/commitments.csv",
        "export:commitments.xlsx": "/reports/export/commitments.xlsx",
        "export:milestones.csv": "/reports/export/milestones.csv",
        "export:milestones.xlsx": "/reports/export/milestones.xlsx",
        "export:followups.csv": "/reports/export/followups.csv",
        "export:followups.xlsx": "/reports/export/followups.xlsx",
        "briefing_index": "/reports/briefing/",
        "briefing_agreement:in": f"/reports/briefing/agreement/{i['agreement']}/",
        "briefing_agreement:out": f"/reports/briefing/agreement/{i['af_agreement']}/",
        "briefing_agreement_pdf:in": (
            f"/reports/briefing/agreement/{i['agreement']}.pdf"
        ),
        "briefing_agreement_pdf:out": (
            f"/reports/briefing/agreement/{i['af_agreement']}.pdf"
        ),
        "briefing_party": "/reports/briefing/party/CN/",
        "briefing_party_pdf": "/reports/briefing/party/CN.pdf",
        "agreement_calendar:in": (
            f"/notifications/agreements/{i['agreement']}/calendar/"
        ),
        "agreement_calendar:out": (
            f"/notifications/agreements/{i['af_agreement']}/calendar/"
        ),
        "preferences": "/notifications/preferences/",
        "notifications": "/notifications/",
        "weekly_summaries": "/notifications/summaries/",
        "review_queue": "/extraction/",
        "review_upload": "/extraction/new/",
        "review_import": "/extraction/import/",
        "import_template_csv": "/extraction/import/template.csv",
        "import_template_xlsx": "/extraction/import/template.xlsx",
        "desk_list": "/desks/",
        "desk_create": "/desks/new/",
        "desk_detail:in": f"/desks/{i['desk']}/",
        "desk_detail:out": f"/desks/{i['af_desk']}/",
        "desk_history:in": f"/desks/{i['desk']}/history/",
        "desk_rename:in": f"/desks/{i['desk']}/rename/",
        "review_document:in": f"/extraction/documents/{i['source']}/",
        "review_document:out": f"/extraction/documents/{i['af_source']}/",
        "api_tokens": "/api/tokens/",
        "api_docs": "/api/v1/docs/",
        "password_change": "/accounts/password_change/",
        "login": "/accounts/login/",
    }


def _api(ids: dict) -> dict[str, str]:
    """The API's read endpoints (answered with the role's own token)."""
    i = ids
    rows = {
        f"api:{name}": f"/api/v1/{name}/"
        for name in (
            "agreements",
            "commitments",
            "obligations",
            "milestones",
            "followups",
            "sources",
            "parties",
            "institutions",
            "candidates",
            "dashboard",
        )
    }
    rows |= {
        "api:agreement:in": f"/api/v1/agreements/{i['agreement_pk']}/",
        "api:agreement:out": f"/api/v1/agreements/{i['af_agreement_pk']}/",
        "api:commitment:in": f"/api/v1/commitments/{i['commitment_pk']}/",
        "api:commitment:out": f"/api/v1/commitments/{i['af_commitment_pk']}/",
        "api:commitment_history:in": (
            f"/api/v1/commitments/{i['commitment_pk']}/history/"
        ),
        "api:commitment_history:out": (
            f"/api/v1/commitments/{i['af_commitment_pk']}/history/"
        ),
        "api:milestone:in": f"/api/v1/milestones/{i['milestone']}/",
        "api:milestone:out": f"/api/v1/milestones/{i['af_milestone']}/",
        "api:followup:internal": f"/api/v1/followups/{i['internal']}/",
        "api:followup:shared": f"/api/v1/followups/{i['shared']}/",
        "api:followup:out": f"/api/v1/followups/{i['outside']}/",
        "api:source:in": f"/api/v1/sources/{i['source']}/",
        "api:source:out": f"/api/v1/sources/{i['af_source']}/",
        "api:agreement_history:out": (
            f"/api/v1/agreements/{i['af_agreement_pk']}/history/"
        ),
        "api:milestone_history:out": (
            f"/api/v1/milestones/{i['af_milestone']}/history/"
        ),
        "api:followup_history:internal": (
            f"/api/v1/followups/{i['internal']}/history/"
        ),
        "api:source_history:out": f"/api/v1/sources/{i['af_source']}/history/",
        "api:obligation_history:out": (
            f"/api/v1/obligations/{i['af_obligation']}/history/"
        ),
        "api:obligation:out": f"/api/v1/obligations/{i['af_obligation']}/",
        "api:party": f"/api/v1/parties/{i['party']}/",
        "api:party_history": f"/api/v1/parties/{i['party']}/history/",
        "api:institution:in": f"/api/v1/institutions/{i['institution']}/",
        "api:institution_history:in": (
            f"/api/v1/institutions/{i['institution']}/history/"
        ),
        "api:root": "/api/v1/",
        **(_api_evidence(i) if "api:followup-evidence" in _route_names() else {}),
        "api:schema": "/api/v1/schema/",
    }
    return rows


def _api_evidence(ids: dict) -> dict[str, str]:
    """The API's evidence downloads (being added alongside the API's writes:
    checked once the route exists)."""
    return {
        f"api:evidence:{name}": f"/api/v1/followups/{ids[name]}/evidence/"
        for name in ("internal", "shared", "outside")
    }


def _route_names() -> set[str]:
    return {
        route.name
        for route in hostile.resolver_routes()
        if not route.is_admin and route.name
    }


MATRIX_ROLES = (*ROLES, "administrator")

# One row per cell line: the answer for each role of MATRIX_ROLES, in order
# anonymous, officer, manager, viewer, outsider, oversight, counterpart,
# administrator. ":in" is the China desk's object (the seed), ":out" the
# Afghanistan desk's (the outsider's). Read against docs/security.md:
# - a 403 on an ":out" row is the role's own refusal of the page (e.g. a
#   Viewer may edit nothing), given before any lookup, so it is the same for
#   an object that does not exist (test_a_refusal_outside_scope_discloses_nothing);
# - the dashboard is the managers' (and Oversight's, the administrators');
# - the review queue and its templates are staff pages (403 for the
#   counterpart); desks are the administrators';
# - a milestone's "sides" page exists only for a joint milestone (the other
#   side in the tracker): the outsider's meeting is not one, so 404 for all;
# - the counterpart reads the seed's pages, lists and exports (narrowed to
#   what it may see), logs follow-ups on China's obligations (JWG binds
#   China), and gets 403 on history, the directory and candidates in the API.
EXPECTED: dict[str, tuple[int, ...]] = {
    "home": (R, K, K, K, K, K, K, K),
    "agreement_list": (R, K, K, K, K, K, K, K),
    "agreement_create": (R, F, K, F, F, F, F, K),
    "agreement_detail:in": (R, K, K, K, N, K, K, K),
    "agreement_detail:out": (R, N, N, N, K, K, N, K),
    "agreement_edit:in": (R, F, K, F, F, F, F, K),
    "agreement_edit:out": (R, F, N, F, F, F, F, K),
    "commitment_list": (R, K, K, K, K, K, K, K),
    "commitment_search": (R, K, K, K, K, K, K, K),
    "commitment_create": (R, R, R, F, R, F, F, R),
    "commitment_detail:in": (R, K, K, K, N, K, K, K),
    "commitment_detail:out": (R, N, N, N, K, K, N, K),
    "commitment_edit:in": (R, K, K, F, N, F, F, K),
    "commitment_edit:out": (R, N, N, F, K, F, F, K),
    # Translating the title follows editing the commitment (issue 17).
    "commitment_translate:in": (R, K, K, F, N, F, F, K),
    "commitment_translate:out": (R, N, N, F, K, F, F, K),
    "followup_create:in": (R, K, K, F, N, F, K, K),
    "followup_create:out": (R, N, N, F, K, F, N, K),
    "milestone_create:in": (R, K, K, F, N, F, F, K),
    "milestone_create:out": (R, N, N, F, K, F, F, K),
    "milestone_edit:in": (R, K, K, F, N, F, F, K),
    "milestone_edit:out": (R, N, N, F, K, F, F, K),
    "milestone_sides:in": (R, K, K, K, N, K, K, K),
    "milestone_sides:out": (R, N, N, N, N, N, N, N),
    "evidence:internal": (R, K, K, K, N, K, N, K),
    "evidence:shared": (R, K, K, K, N, K, K, K),
    "evidence:out": (R, N, N, N, K, K, N, K),
    "source_list": (R, K, K, K, K, K, K, K),
    "source_detail:in": (R, K, K, K, N, K, K, K),
    "source_detail:out": (R, N, N, N, K, K, N, K),
    "dashboard": (R, F, K, F, F, K, F, K),
    "report_milestones": (R, K, K, K, K, K, K, K),
    "report_followups": (R, K, K, K, K, K, K, K),
    "export:commitments.csv": (R, K, K, K, K, K, K, K),
    "export:commitments.xlsx": (R, K, K, K, K, K, K, K),
    "export:milestones.csv": (R, K, K, K, K, K, K, K),
    "export:milestones.xlsx": (R, K, K, K, K, K, K, K),
    "export:followups.csv": (R, K, K, K, K, K, K, K),
    "export:followups.xlsx": (R, K, K, K, K, K, K, K),
    "briefing_index": (R, K, K, K, K, K, K, K),
    "briefing_agreement:in": (R, K, K, K, N, K, K, K),
    "briefing_agreement:out": (R, N, N, N, K, K, N, K),
    "briefing_agreement_pdf:in": (R, K, K, K, N, K, K, K),
    "briefing_agreement_pdf:out": (R, N, N, N, K, K, N, K),
    "briefing_party": (R, K, K, K, K, K, K, K),
    "briefing_party_pdf": (R, K, K, K, K, K, K, K),
    "agreement_calendar:in": (R, K, K, K, N, K, K, K),
    "agreement_calendar:out": (R, N, N, N, K, K, N, K),
    "preferences": (R, K, K, K, K, K, K, K),
    # Each person's own notifications and weekly summaries (issue 18).
    "notifications": (R, K, K, K, K, K, K, K),
    "weekly_summaries": (R, K, K, K, K, K, K, K),
    "review_queue": (R, K, K, K, K, K, F, K),
    "review_upload": (R, K, K, F, K, F, F, K),
    "review_import": (R, F, K, F, F, F, F, K),
    "import_template_csv": (R, K, K, K, K, K, F, K),
    "import_template_xlsx": (R, K, K, K, K, K, F, K),
    "desk_list": (R, F, F, F, F, F, F, K),
    "desk_create": (R, F, F, F, F, F, F, K),
    "desk_detail:in": (R, F, F, F, F, F, F, K),
    "desk_detail:out": (R, F, F, F, F, F, F, K),
    "desk_history:in": (R, F, F, F, F, F, F, K),
    "desk_rename:in": (R, F, F, F, F, F, F, K),
    "review_document:in": (R, K, K, K, N, K, F, K),
    "review_document:out": (R, N, N, N, K, K, F, K),
    "api_tokens": (R, K, K, K, K, K, K, K),
    "api_docs": (R, K, K, K, K, K, K, K),
    "password_change": (R, K, K, K, K, K, K, K),
    "login": (K, K, K, K, K, K, K, K),
    "api:agreements": (U, K, K, K, K, K, K, K),
    "api:commitments": (U, K, K, K, K, K, K, K),
    "api:obligations": (U, K, K, K, K, K, K, K),
    "api:milestones": (U, K, K, K, K, K, K, K),
    "api:followups": (U, K, K, K, K, K, K, K),
    "api:sources": (U, K, K, K, K, K, K, K),
    "api:parties": (U, K, K, K, K, K, F, K),
    "api:institutions": (U, K, K, K, K, K, F, K),
    "api:candidates": (U, K, K, K, K, K, F, K),
    "api:dashboard": (U, F, K, F, F, K, F, K),
    "api:agreement:in": (U, K, K, K, N, K, K, K),
    "api:agreement:out": (U, N, N, N, K, K, N, K),
    "api:commitment:in": (U, K, K, K, N, K, K, K),
    "api:commitment:out": (U, N, N, N, K, K, N, K),
    "api:commitment_history:in": (U, K, K, K, N, K, F, K),
    "api:commitment_history:out": (U, N, N, N, K, K, N, K),
    "api:milestone:in": (U, K, K, K, N, K, K, K),
    "api:milestone:out": (U, N, N, N, K, K, N, K),
    "api:followup:internal": (U, K, K, K, N, K, N, K),
    "api:followup:shared": (U, K, K, K, N, K, K, K),
    "api:followup:out": (U, N, N, N, K, K, N, K),
    "api:source:in": (U, K, K, K, N, K, K, K),
    "api:source:out": (U, N, N, N, K, K, N, K),
    "api:agreement_history:out": (U, N, N, N, K, K, N, K),
    "api:milestone_history:out": (U, N, N, N, K, K, N, K),
    "api:followup_history:internal": (U, K, K, K, N, K, N, K),
    "api:source_history:out": (U, N, N, N, K, K, N, K),
    "api:obligation_history:out": (U, N, N, N, K, K, N, K),
    "api:obligation:out": (U, N, N, N, K, K, N, K),
    "api:party": (U, K, K, K, K, K, F, K),
    "api:party_history": (U, K, K, K, K, K, F, K),
    "api:institution:in": (U, K, K, K, N, K, F, K),
    "api:institution_history:in": (U, K, K, K, N, K, F, K),
    "api:root": (U, K, K, K, K, K, K, K),
    "api:schema": (U, K, K, K, K, K, K, K),
    "api:evidence:internal": (U, K, K, K, N, K, N, K),
    "api:evidence:shared": (U, K, K, K, N, K, K, K),
    "api:evidence:outside": (U, N, N, N, K, K, N, K),
}
# Rows of routes that may not exist yet in this tree.
OPTIONAL = {"api:evidence:internal", "api:evidence:shared", "api:evidence:outside"}

# Feeds: fetched without a login, with each role's own address.
FEEDS: dict[str, tuple[int, ...]] = {  # officer .. administrator
    "personal": (K, K, K, K, K, K, K),
    "in": (K, K, K, N, K, K, K),
    "out": (N, N, N, K, K, N, K),
}

# The URL patterns not in the table, each with its reason.
NOT_IN_MATRIX = {
    "logout": "POST only; ends a session",
    "set_language": "POST only; sets the language (tests/unit/test_i18n_pages.py)",
    "password_change_done": "Django's account page, no record on it",
    "password_reset": "Django's account page, no record on it",
    "password_reset_done": "Django's account page, no record on it",
    "password_reset_confirm": "Django's account page, no record on it",
    "password_reset_complete": "Django's account page, no record on it",
    "notifications:calendar_revoke": "POST only (tests/unit/test_calendar_feeds.py)",
    "notifications:agreement_calendar_issue": "POST only (test_calendar_feeds.py)",
    "notifications:agreement_calendar_revoke": "POST only (test_calendar_feeds.py)",
    "notifications:open": "own rows only (tests/unit/test_notification_centre.py)",
    "notifications:read": "POST only, own rows (test_notification_centre.py)",
    "notifications:read_all": "POST only, own rows (test_notification_centre.py)",
    "notifications:summary_detail": "own week only (test_notification_centre.py)",
    "notifications:opt_outs": "managers, own desks (test_notification_centre.py)",
    "extraction:accept": "POST only (tests/unit/test_scope_commitments_paths.py)",
    "extraction:merge": "POST only (test_scope_commitments_paths.py)",
    "extraction:reject": "POST only (test_scope_commitments_paths.py)",
    "extraction:job": "its owner's job only (tests/unit/test_extraction_jobs.py)",
    "access:desk_member_add": "POST only (tests/unit/test_access_views.py)",
    "access:desk_member_remove": "POST only (test_access_views.py)",
    "access:desk_agreement_add": "POST only (test_access_views.py)",
    "access:desk_agreement_remove": "POST only (test_access_views.py)",
    "api:token_revoke": "POST only (tests/unit/test_api_tokens.py)",
    "api:candidate-accept": "POST only (the API's writes)",
    "api:candidate-reject": "POST only (the API's writes)",
    "ops:healthz": "the same for everyone, no record",
    "ops:healthz_details": "the same for everyone, no record",
}
FEED_ROUTES = {"feeds:personal_feed", "feeds:agreement_feed"}


def _search_echo(path: str, text: str) -> str:
    """The page without the search box's own value: echoing what the person
    typed is not a leak."""
    query = path.partition("?q=")[2]
    if not query:
        return text
    return text.replace(f'value="{query}"', "").replace(f"q={query}", "")


def _answer(client: Client, world: World, role: str, label: str, path: str):
    if label.startswith("api:"):
        key = world.api_keys.get(role)
        extra = {"HTTP_AUTHORIZATION": f"Token {key}"} if key else {}
        return get(client, {}, path, **extra)
    return get(client, world.cookies[role], path)


def _all_rows(ids: dict) -> dict[str, str]:
    return _pages(ids) | _api(ids)


def test_every_cell_answers_as_the_rules_say_and_leaks_nothing(world):
    client = Client()
    rows = _all_rows(world.ids)
    assert set(rows) <= set(EXPECTED) <= set(rows) | OPTIONAL
    wrong, leaked = [], []
    for label, path in rows.items():
        for role, expected in zip(MATRIX_ROLES, EXPECTED[label], strict=True):
            response, body = _answer(client, world, role, label, path)
            if response.status_code != expected:
                wrong.append(
                    f"{label} as {role}: {response.status_code}, not {expected}"
                )
            elif (
                expected == R
                and role == "anonymous"
                and not response["Location"].startswith("/accounts/login/")
            ):
                wrong.append(f"{label} as anonymous: to {response['Location']}")
            text = _search_echo(path, readable(response, body))
            found = leaks(role, text)
            if found and label not in KNOWN_TRACES.get(role, ()):
                leaked.append(f"{label} as {role}: {found}")
    assert not wrong, "\n".join(wrong)
    assert not leaked, "\n".join(leaked)


# Nothing is exempt: the import template's example row is made-up data.
KNOWN_TRACES: dict[str, tuple[str, ...]] = {}


def _missing(ids: dict) -> dict:
    """The ids with every outside object replaced by one that does not exist."""
    gone = dict(ids)
    gone["af_agreement"] = "no-such-agreement"
    gone["af_commitment"] = "no-such-commitment"
    for name in (
        "af_agreement_pk",
        "af_commitment_pk",
        "af_milestone",
        "outside",
        "af_source",
        "af_desk",
        "af_obligation",
    ):
        gone[name] = 987654
    return gone


def test_a_refusal_outside_scope_discloses_nothing(world):
    # Each answer to an object outside scope is the answer to one that does
    # not exist: a 404, or the role's own 403 for the page whatever the object.
    client = Client()
    real, missing = _all_rows(world.ids), _all_rows(_missing(world.ids))
    differ = []
    outside = [label for label in real if label.endswith((":out", ":outside"))]
    for label in outside:
        for role, expected in zip(MATRIX_ROLES, EXPECTED[label], strict=True):
            if expected == K:
                continue  # the outsider's own, or a role that sees every desk
            response, _body = _answer(client, world, role, label, missing[label])
            if response.status_code != expected:
                differ.append(
                    f"{label} as {role}: {expected} here, "
                    f"{response.status_code} if missing"
                )
    assert not differ, "\n".join(differ)


def test_every_url_pattern_is_in_the_matrix(world):
    covered = {
        resolve(path.split("?")[0]).view_name for path in _all_rows(world.ids).values()
    }
    missing = _route_names() - covered - set(NOT_IN_MATRIX) - FEED_ROUTES
    assert not missing, f"add these to EXPECTED (or NOT_IN_MATRIX, with why): {missing}"


def test_feeds_answer_each_holder_as_their_login_would(world):
    client = Client()
    wrong = []
    for kind, answers in FEEDS.items():
        for role, expected in zip(MATRIX_ROLES[1:], answers, strict=True):
            if kind == "personal":
                path = f"/calendar/{world.personal_feeds[role]}.ics"
            else:
                path = f"/calendar/agreement/{world.agreement_feeds[role][kind]}.ics"
            response, body = get(client, {}, path)
            if response.status_code != expected:
                wrong.append(f"{kind} feed of {role}: {response.status_code}")
            found = leaks(role, readable(response, body))
            if found:
                wrong.append(f"{kind} feed of {role} shows {found}")
    assert not wrong, "\n".join(wrong)


def _reminders(day: datetime.date, hour: int = 10) -> None:
    moment = datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=ZoneInfo("Asia/Karachi")
    )
    reminders_run(as_of=moment)
    for digest_id in digests_dispatch(now=moment):
        digest_send(digest_id=digest_id, now=moment)


def test_reminder_and_escalation_emails_carry_only_what_each_reader_may_see(
    world, mailoutbox
):
    users = get_user_model().objects.filter(username__in=MATRIX_ROLES)
    by_email = {user.email: user.username for user in users}
    # The outsider is (wrongly) filed under the China desk's manager: an
    # escalation of the outsider's meeting must not tell the manager of it.
    Profile.objects.filter(user__username__in=("officer", "outsider")).update(
        manager=users.get(username="manager")
    )
    due = world.ids["due_date"]
    for day in (
        due - datetime.timedelta(days=7),
        due,
        due + datetime.timedelta(days=8),
    ):
        _reminders(day)
    assert mailoutbox, "the run sent nothing: the dates no longer meet the seed"
    received: dict[str, list[str]] = {}
    leaked = []
    for message in mailoutbox:
        html = "".join(part for part, _kind in getattr(message, "alternatives", []))
        text = f"{message.subject}\n{message.body}\n{html}"
        for address in message.to:
            role = by_email.get(address, address)
            received.setdefault(role, []).append(text)
            found = leaks(role, text)
            if found:
                leaked.append(f"to {role}: {message.subject!r} shows {found}")
    assert not leaked, "\n".join(leaked)
    assert "counterpart" not in received
    assert any("Joint Working Group" in text for text in received["officer"])
    assert any("Torkham" in text for text in received["outsider"])


def test_the_weekly_summary_counts_only_each_managers_desk(world, mailoutbox):
    monday = datetime.datetime(2026, 4, 13, 3, 0, tzinfo=datetime.UTC)
    with time_machine.travel(monday, tick=False):
        weekly_summaries_create(as_of=monday)
        for summary_id in weekly_summaries_dispatch(now=monday):
            weekly_summary_send(summary_id=summary_id, now=monday)
    to_manager = [m for m in mailoutbox if m.to == ["manager@localhost"]]
    assert to_manager, "the China desk's manager got no summary"
    for message in to_manager:
        html = "".join(part for part, _kind in message.alternatives)
        text = f"{message.subject}\n{message.body}\n{html}"
        assert not leaks("manager", text)
        # The seed's 12; the Afghanistan desk's one would make 13.
        assert "COMMITMENTS: 12" in message.body
    assert not [m for m in mailoutbox if m.to == ["counterpart@localhost"]]
