"""Briefing packs per agreement or per counterpart: a printable page and a PDF."""

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from access.scope import get_visible_or_404, scope_key, visible_agreement_id_set
from commitments.models import Agreement, Party
from commitments.permissions import permission_required
from core.dates import is_supported_date
from core.fragments import cached_bytes_or_text
from reporting.pdf import briefing_pdf
from reporting.selectors.briefing import (
    Briefing,
    briefing_for_agreement,
    briefing_for_party,
    briefing_subjects,
)

READ = ("commitments.view_commitment", "commitments.view_followup")


def _since(request: HttpRequest) -> datetime.date | None:
    """?since= as a date; unreadable or outside the supported range, the
    default (the last review) applies, as the page's date field shows."""
    try:
        since = datetime.date.fromisoformat(request.GET.get("since", "")[:10])
    except ValueError:
        return None
    return since if is_supported_date(since) else None


def _respond(
    request: HttpRequest, briefing: Briefing, fmt: str, slug: str
) -> HttpResponse:
    if fmt == "pdf":
        name = f"briefing-{slug}-{briefing.today:%Y-%m-%d}.pdf"
        # Drawing the pack is most of its cost (~60 ms): kept per person (what
        # they may see), pack and day until the data changes (core/fragments.py).
        seen = scope_key(visible_agreement_id_set(request.user))
        parts = (request.user.pk, seen, slug, request.GET.urlencode(), briefing.today)
        return HttpResponse(
            cached_bytes_or_text("briefing-pdf", parts, lambda: briefing_pdf(briefing)),
            content_type="application/pdf",
            headers={"Content-Disposition": f'inline; filename="{name}"'},
        )
    return render(
        request,
        "reporting/briefing.html",
        {"briefing": briefing, "query": request.GET.urlencode()},
    )


@permission_required(*READ)
def briefing_index(request: HttpRequest) -> HttpResponse:
    """Choose the agreement or counterpart a pack is for."""
    agreements, parties = briefing_subjects(request.user)
    return render(
        request,
        "reporting/briefing_index.html",
        {"agreements": agreements, "parties": parties},
    )


@permission_required(*READ)
def briefing_agreement(
    request: HttpRequest, reference: str, fmt: str = "html"
) -> HttpResponse:
    """The pack for one agreement (?since=YYYY-MM-DD, default the last review)."""
    # Another desk's agreement is the same 404 as a missing one.
    agreement = get_visible_or_404(
        Agreement.objects.all(), request.user, reference=reference
    )
    briefing = briefing_for_agreement(
        user=request.user,
        agreement=agreement,
        since=_since(request),
        today=timezone.localdate(),
    )
    return _respond(request, briefing, fmt, agreement.reference)


@permission_required(*READ)
def briefing_party(request: HttpRequest, code: str, fmt: str = "html") -> HttpResponse:
    """The pack for a counterpart party: every commitment agreed with it."""
    party = get_object_or_404(Party, code=code)
    briefing = briefing_for_party(
        user=request.user,
        party=party,
        since=_since(request),
        today=timezone.localdate(),
    )
    return _respond(request, briefing, fmt, party.code.lower())
