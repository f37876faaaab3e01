"""Commitments: search, the detail page with its quote and history, create, edit."""

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from access.scope import counterpart_account, get_visible_or_404
from commitments import selectors
from commitments.cadence import describe
from commitments.filters import CommitmentFilter
from commitments.forms import (
    CommitmentCreateForm,
    CommitmentEditForm,
    SelectionForm,
    add_service_errors,
)
from commitments.joint_selectors import joint_overview
from commitments.lifecycle import is_open
from commitments.models import Commitment, Milestone, SourceDocument
from commitments.ordering import in_list_order
from commitments.permissions import (
    can_change_milestones,
    can_close_commitment,
    can_edit_commitment,
    can_log_followup,
    can_reassign,
    permission_required,
    require,
)
from commitments.services.commitments import (
    ObligationSpec,
    QuoteSpec,
    StaleVersionError,
    commitment_create_from_quote,
    commitment_update,
)
from commitments.views.text import highlight
from core.fragments import cached_html
from core.pagination import CappedCountPaginator

PAGE_SIZE = 50


class IdFirstPaginator(CappedCountPaginator):
    """Pages a filtered, ordered list by sorting only ids.

    The page's ids come from a narrow statement (the filters and the order,
    no joins, no wide columns, LIMIT/OFFSET); the page's rows are then read
    with their joins and next due dates by id, as a subquery of the same
    statement, and put in the same order. On PostgreSQL the order is the
    stored one (commitments/ordering.py): the ids are a range of its index.
    The count is taken from the filtered list without the order's join, and
    stops at LIST_COUNT (core/pagination.py).
    """

    def __init__(
        self,
        matching: QuerySet,
        per_page: int,
        *,
        rows: QuerySet,
        counted: QuerySet | None = None,
    ) -> None:
        # matching: the filtered, ordered list; rows: the same order unfiltered
        # (the ids are filtered already: a text search is not run twice);
        # counted: the same rows as matching, cheaper to count (no order).
        super().__init__(matching.values("pk"), per_page)
        self.rows = rows
        self.counted = matching if counted is None else counted

    def counted_rows(self) -> QuerySet:
        return self.counted.values("pk")

    def _get_page(self, ids: QuerySet, number: int, paginator: Paginator) -> Page:
        return super()._get_page(self.rows.filter(pk__in=ids), number, paginator)


def _chosen(filterset: CommitmentFilter, name: str) -> str | None:
    # A filter's value, once the filters are known to be valid.
    if filterset.is_bound and filterset.is_valid():
        return filterset.form.cleaned_data.get(name) or None
    return None


@permission_required("commitments.view_commitment")
def commitment_search(request: HttpRequest) -> HttpResponse:
    """The commitments one may see, filtered and searched, most urgent first."""
    filterset = CommitmentFilter(
        request.GET,
        queryset=selectors.commitment_search_rows(user=request.user),
        user=request.user,
    )
    matching = filterset.qs
    words = _chosen(filterset, "q") or ""
    page = IdFirstPaginator(
        in_list_order(
            matching,
            status=_chosen(filterset, "status"),
            # A broad search walks the list's index like no search (its
            # matches are most rows); a narrow one sorts its few matches.
            searched=bool(words.split())
            and not getattr(filterset, "broad_search", False),
        ),
        PAGE_SIZE,
        rows=in_list_order(selectors.commitment_search_rows()),
        counted=matching,
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    asked = (filterset.scope_key, sorted(request.GET.lists()))
    # The owner, side and institution menus are rendered option by option (a
    # few hundred people): cached like the rows, by the same key.
    filters = cached_html(
        "commitment-filters",
        asked,
        lambda: render_to_string(
            "commitments/includes/commitment_filters.html", {"filter": filterset}
        ),
    )
    rows = cached_html(
        "commitment-rows",
        (*asked, timezone.localdate()),
        lambda: render_to_string(
            "commitments/includes/commitment_table.html", {"rows": page.object_list}
        ),
    )
    return render(
        request,
        "commitments/commitment_list.html",
        {
            "filter": filterset,
            "page": page,
            "filters": filters,
            "rows": rows,
            "query": query.urlencode(),
            "today": timezone.localdate(),
        },
    )


def _timeline(
    milestones: list[Milestone], today: datetime.date
) -> tuple[list[Milestone], list[Milestone], Milestone | None]:
    # Past: due before today. The next one is the earliest still open, which
    # may be a late one in the past.
    past = [m for m in milestones if m.due_date < today]
    upcoming = [m for m in milestones if m.due_date >= today]
    following = next((m for m in milestones if is_open(m.status)), None)
    return past, upcoming, following


@permission_required("commitments.view_commitment")
def commitment_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """A commitment: its quote in its source, sides, schedule, follow-ups, history."""
    user = request.user
    commitment = get_visible_or_404(
        selectors.commitment_detail_rows(user=user), user, reference=reference
    )
    today = timezone.localdate()
    milestones = list(commitment.milestones.all())
    # Joint milestones (issue 14): each side's word on the rows, and the
    # other side's open proposals for the ministry to decide.
    joint = joint_overview(commitment=commitment)
    for milestone in milestones:
        milestone.side_words = joint.words.get(milestone.pk, [])
    past, upcoming, following = _timeline(milestones, today)
    quotes = [
        (
            provenance,
            highlight(
                provenance.source.text,
                [(provenance.quote_start, provenance.quote_end, "", "")],
            ),
        )
        for provenance in commitment.provenance.all()
    ]
    compliance = None
    if commitment.cadence_rrule:
        compliance = selectors.cadence_compliance(
            commitment=commitment, as_of=timezone.now()
        )
    # A counterpart does not read the ministry's history (owners, reasons).
    history = (
        []
        if counterpart_account(user) is not None
        else selectors.commitment_history(
            commitment=commitment, followups=commitment.followups.all()
        )
    )
    return render(
        request,
        "commitments/commitment_detail.html",
        {
            "commitment": commitment,
            "quotes": quotes,
            "cadence_words": describe(commitment.cadence_rrule)
            if commitment.cadence_rrule
            else "",
            "past": past,
            "upcoming": upcoming,
            "next_milestone": following,
            "compliance": compliance,
            "history": history,
            "today": today,
            "can_edit": can_edit_commitment(user, commitment),
            "can_log": can_log_followup(user, commitment),
            "can_close": can_close_commitment(user),
            "can_milestones": can_change_milestones(user, commitment),
            "joint": joint,
        },
    )


def _create_initial(
    request: HttpRequest,
) -> tuple[dict[str, Any], SourceDocument] | None:
    selection = SelectionForm(request.GET, user=request.user)
    if not selection.is_valid():
        return None
    data = selection.cleaned_data
    source = data["source"]
    agreement = (
        selectors.agreement_choices(user=request.user).filter(sources=source).first()
    )
    initial = {
        "source": source.pk,
        "quote": data["quote"],
        "quote_start": data["start"],
        "quote_end": data["end"],
        "agreement": agreement.pk if agreement else None,
        "owner": request.user.pk,
    }
    return initial, source


@permission_required("commitments.add_commitment")
def commitment_create(request: HttpRequest) -> HttpResponse:
    """A new commitment from a sentence selected in a source document."""
    reassign = can_reassign(request.user)
    if request.method == "POST":
        form = CommitmentCreateForm(
            request.POST, can_reassign=reassign, user=request.user
        )
        source = None
        if form.is_valid():
            data = form.cleaned_data
            source = data["source"]
            values = form.model_values()
            values.setdefault("owner", request.user)
            leads = {lead.party_id: lead for lead in data["lead_institutions"]}
            try:
                commitment = commitment_create_from_quote(
                    as_of=timezone.now(),
                    actor=request.user,
                    reason=data["reason"] or "created from a source",
                    agreement=data["agreement"],
                    reference=data["reference"],
                    obligations=[
                        ObligationSpec(party, leads.get(party.pk))
                        for party in data["parties"]
                    ],
                    quotes=[
                        QuoteSpec(
                            source,
                            data["quote"],
                            data["quote_start"],
                            data["quote_end"],
                        )
                    ],
                    **values,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Commitment “%(title)s” created.") % {"title": commitment.title},
                )
                return redirect("commitments:commitment_detail", commitment.reference)
        elif "source" in form.cleaned_data:
            source = form.cleaned_data["source"]
    else:
        prepared = _create_initial(request)
        if prepared is None:
            messages.info(
                request,
                _("Open a source and select the sentence that states the commitment."),
            )
            return redirect("commitments:source_list")
        initial, source = prepared
        form = CommitmentCreateForm(
            initial=initial, can_reassign=reassign, user=request.user
        )
    quote = form["quote"].value() or ""
    start = form["quote_start"].value()
    context = {"form": form, "source": source, "quote": quote}
    if source is not None and str(start).isdigit():
        start = int(start)
        context["segments"] = highlight(
            source.text, [(start, start + len(quote), "", "")]
        )
    return render(request, "commitments/commitment_create.html", context)


@permission_required("commitments.change_commitment")
def commitment_edit(request: HttpRequest, reference: str) -> HttpResponse:
    """Edit a commitment; an edit made meanwhile by someone else is not overwritten."""
    commitment = get_visible_or_404(
        selectors.commitment_edit_rows(), request.user, reference=reference
    )
    require(can_edit_commitment(request.user, commitment))
    reassign = can_reassign(request.user)
    stale_changes = None
    if request.method == "POST":
        form = CommitmentEditForm(request.POST, can_reassign=reassign)
        if form.is_valid():
            changes = form.changes(commitment)
            if not changes:
                messages.info(request, _("Nothing changed."))
                return redirect("commitments:commitment_detail", reference)
            try:
                commitment_update(
                    commitment=commitment,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    expected_version=form.cleaned_data["version"],
                    **changes,
                )
            except StaleVersionError as stale:
                form, stale_changes = _stale_form(
                    request, form, stale.current, reassign
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Commitment saved."))
                return redirect("commitments:commitment_detail", reference)
    else:
        form = CommitmentEditForm(
            initial=CommitmentEditForm.initial_for(commitment), can_reassign=reassign
        )
    return render(
        request,
        "commitments/commitment_form.html",
        {"form": form, "commitment": commitment, "stale_changes": stale_changes},
    )


def _stale_form(
    request: HttpRequest,
    form: CommitmentEditForm,
    current: Commitment,
    reassign: bool,
) -> tuple[CommitmentEditForm, list]:
    # Keep every value the person typed, say what the other edit changed, and
    # take the new version so that saving again is a deliberate overwrite.
    seen = form.cleaned_data["version"]
    data = request.POST.copy()
    data["version"] = str(current.version)
    fresh = CommitmentEditForm(data, can_reassign=reassign)
    fresh.is_valid()
    fresh.add_error(
        None,
        "Someone else saved this commitment after you opened it; nothing of yours "
        "was saved. Their changes are listed below, your values are kept in the "
        "form: check them and save again to keep yours.",
    )
    changes = selectors.commitment_changes_since(commitment=current, version=seen)
    return fresh, changes
