"""Thin views of the review queue, the upload page and the bulk import."""

import contextlib

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from commitments.forms import add_service_errors
from commitments.views.common import found
from commitments.views.text import highlight
from core.limits import limit_value
from core.spreadsheets import SpreadsheetError
from extraction import selectors
from extraction.forms import (
    AcceptForm,
    ImportForm,
    MergeForm,
    MergeSearchForm,
    RejectForm,
    UploadForm,
)
from extraction.models import ExtractionJob, JobKind, JobStatus
from extraction.permissions import can_import, can_read_queue, can_review, can_see_job
from extraction.services.imports import (
    read_rows,
    rows_import,
    template_csv,
    template_xlsx,
)
from extraction.services.ingest import document_ingest, text_check
from extraction.services.jobs import job_create
from extraction.services.review import (
    candidate_accept_chosen,
    candidate_merge,
    candidate_reject,
)
from extraction.uploads import (
    UploadMissing,
    stored_name_for,
    token_of,
    upload_delete,
    upload_read,
    upload_store,
)

SESSION_IMPORT = "extraction_import"
# Candidates shown per review page: a long text may hold hundreds.
CANDIDATES_PER_PAGE = 25
# Commitments the merge menu lists at most: a search narrows the rest.
MERGE_CHOICES_MAX = 30
# How often a running job's progress page reloads itself.
JOB_REFRESH_SECONDS = 3


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def queue(request: HttpRequest) -> HttpResponse:
    """Documents with candidates still to review."""
    _require(can_read_queue(request.user))
    return render(
        request,
        "extraction/queue.html",
        {
            "documents": selectors.document_queue(user=request.user),
            "can_review": can_review(request.user),
            "can_import": can_import(request.user),
        },
    )


def document_review(request: HttpRequest, pk: int) -> HttpResponse:
    """A document's text with a page of candidates marked, and what can be done
    with each (a page at a time: a long text may hold hundreds)."""
    _require(can_read_queue(request.user))
    document = found(selectors.document_for_review, pk=pk, user=request.user)
    page = Paginator(
        selectors.document_candidates(document=document), CANDIDATES_PER_PAGE
    ).get_page(request.GET.get("page"))
    candidates = list(page.object_list)
    segments = highlight(
        document.text,
        [
            (
                c.start,
                c.end,
                f"{c.get_kind_display()} ({c.status})",
                f"candidate-{c.pk}",
            )
            for c in candidates
        ],
    )
    reviewer = can_review(request.user)
    return render(
        request,
        "extraction/document.html",
        {
            "document": document,
            "segments": segments,
            "candidates": candidates,
            "page": page,
            "pending": document.pending_count,
            "total": document.candidate_count,
            "can_review": reviewer,
            # Listed once for every candidate's merge menu (not a query each):
            # the commitments of the text's agreement, a bounded few.
            "merge_choices": selectors.merge_choices_for(
                agreement=selectors.merge_agreement_default(
                    source=document, user=request.user
                ),
                user=request.user,
                limit=MERGE_CHOICES_MAX,
            )
            if reviewer
            else [],
        },
    )


def _open_candidate(request: HttpRequest, pk: int):
    _require(can_review(request.user))
    candidate = found(selectors.candidate_get, pk=pk, user=request.user)
    if not candidate.is_open:
        messages.info(request, _("This candidate has already been decided."))
        return candidate, redirect("extraction:document", candidate.source_id)
    return candidate, None


def _context(candidate, form, action: str, **extra) -> dict:
    return {
        **extra,
        "candidate": candidate,
        "form": form,
        "action": action,
        "segments": highlight(
            candidate.source.text, [(candidate.start, candidate.end, "", "")]
        ),
    }


def candidate_accept_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept a candidate as a new commitment, fields edited as needed."""
    candidate, done = _open_candidate(request, pk)
    if done:
        return done
    if request.method == "POST":
        form = AcceptForm(request.POST, candidate=candidate, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            reason = data["reason"] or "accepted from the review queue"
            try:
                commitment = candidate_accept_chosen(
                    candidate=candidate,
                    actor=request.user,
                    reason=reason,
                    chosen=data,
                    fields=form.commitment_fields(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                owner = commitment.owner
                if owner:
                    message = _("Commitment “%(title)s” created, owned by %(owner)s.")
                else:
                    message = _("Commitment “%(title)s” created.")
                messages.success(
                    request,
                    message
                    % {
                        "title": commitment.title,
                        "owner": owner.get_full_name() or owner if owner else "",
                    },
                )
                return redirect("commitments:commitment_detail", commitment.reference)
    else:
        form = AcceptForm(
            initial=AcceptForm.initial_for(candidate),
            candidate=candidate,
            user=request.user,
        )
    return render(
        request, "extraction/candidate_accept.html", _context(candidate, form, "accept")
    )


def candidate_merge_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a candidate's quote to an existing commitment of one agreement (the
    text's, or another chosen), found by a search over its commitments."""
    candidate, done = _open_candidate(request, pk)
    if done:
        return done
    params = request.POST if request.method == "POST" else request.GET
    search = MergeSearchForm(params or None)
    search.fields["agreement"].queryset = selectors.agreement_choices(user=request.user)
    agreement = selectors.merge_agreement_default(
        source=candidate.source, user=request.user
    )
    query = ""
    if search.is_valid():
        agreement = search.cleaned_data["agreement"] or agreement
        query = search.cleaned_data["q"]
    elif not search.is_bound:
        search = MergeSearchForm(initial={"agreement": agreement})
        search.fields["agreement"].queryset = selectors.agreement_choices(
            user=request.user
        )
    form = MergeForm(request.POST if request.method == "POST" else None)
    # Accepted: any commitment of the agreement one may see; offered: the
    # search's first few.
    form.fields["commitment"].queryset = selectors.merge_targets(
        agreement=agreement, user=request.user
    )
    offered = selectors.merge_choices_for(
        agreement=agreement, user=request.user, query=query, limit=MERGE_CHOICES_MAX
    )
    form.fields["commitment"].widget.choices = [("", "—")] + [
        (c.pk, f"{c.title} ({c.reference})") for c in offered
    ]
    if request.method == "POST" and form.is_valid():
        try:
            candidate_merge(
                candidate=candidate,
                commitment=form.cleaned_data["commitment"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Quote added to the commitment."))
            return redirect("extraction:document", candidate.source_id)
    return render(
        request,
        "extraction/candidate_decide.html",
        _context(
            candidate,
            form,
            "merge",
            search=search,
            agreement=agreement,
            offered=offered,
            query=query,
            limit=MERGE_CHOICES_MAX,
        ),
    )


def candidate_reject_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Reject a candidate; the reason is required."""
    candidate, done = _open_candidate(request, pk)
    if done:
        return done
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            candidate_reject(
                candidate=candidate,
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Candidate rejected."))
            return redirect("extraction:document", candidate.source_id)
    return render(
        request, "extraction/candidate_decide.html", _context(candidate, form, "reject")
    )


def upload(request: HttpRequest) -> HttpResponse:
    """Upload or paste a new text; its candidates go to the queue. A text over
    TEXT_INLINE_BYTES is ingested by a worker, with a progress page."""
    _require(can_review(request.user))
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            text_check(text=data["body"], published_on=data["published"])
        except ValidationError as error:
            add_service_errors(form, error)
            return render(request, "extraction/upload.html", {"form": form})
        encoded = data["body"].encode("utf-8")
        if len(encoded) > limit_value("TEXT_INLINE_BYTES"):
            job = job_create(
                owner=request.user,
                kind=JobKind.INGEST,
                stored_name=upload_store(
                    owner_id=request.user.pk, name="text.txt", content=encoded
                ),
                file_name="text.txt",
                params={
                    "published": data["published"].isoformat(),
                    "title": data["title"] or "Untitled statement",
                    "file_name": data["file_name"],
                    "url": data["url"],
                },
            )
            return redirect("extraction:job", job.pk)
        try:
            result = document_ingest(
                title=data["title"] or "Untitled statement",
                text=data["body"],
                published_on=data["published"],
                actor=request.user,
                file_name=data["file_name"],
                url=data["url"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return render(request, "extraction/upload.html", {"form": form})
        if result.truncated:
            messages.warning(request, result.truncation_message)
        if result.is_new_document:
            messages.success(request, result.summary)
        else:
            messages.info(request, result.summary)
        return redirect("extraction:document", result.document.pk)
    return render(request, "extraction/upload.html", {"form": form})


def bulk_import(request: HttpRequest) -> HttpResponse:
    """Check a file row by row (dry run), then import it all or nothing. The file
    waits in storage (the session holds only its token); more rows than
    IMPORT_INLINE_ROWS are checked and imported by a worker."""
    _require(can_import(request.user))
    report, form = None, ImportForm()
    checked = request.session.get(SESSION_IMPORT)
    if request.method == "POST" and request.POST.get("action") == "import":
        return _import_checked(request, checked)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            _forget_checked(request)
            checked = None
            upload_file = form.cleaned_data["file"]
            raw = upload_file.read()
            try:
                rows = read_rows(upload_file.name, raw)
            except SpreadsheetError as error:
                messages.error(request, str(error))
            else:
                stored = upload_store(
                    owner_id=request.user.pk, name=upload_file.name, content=raw
                )
                if len(rows) > limit_value("IMPORT_INLINE_ROWS"):
                    job = job_create(
                        owner=request.user,
                        kind=JobKind.IMPORT_CHECK,
                        stored_name=stored,
                        file_name=upload_file.name,
                        rows_total=len(rows),
                    )
                    return redirect("extraction:job", job.pk)
                report = rows_import(
                    rows=rows, actor=request.user, dry_run=True, reader=request.user
                )
                if report.errors:
                    upload_delete(stored)
                else:
                    checked = {"token": token_of(stored), "name": upload_file.name}
                    request.session[SESSION_IMPORT] = checked
    return render(
        request,
        "extraction/import.html",
        {"form": form, "report": report, "checked": checked},
    )


def _forget_checked(request: HttpRequest) -> None:
    checked = request.session.pop(SESSION_IMPORT, None)
    if checked:
        with contextlib.suppress(UploadMissing):
            upload_delete(_stored_name(request, checked))


def _stored_name(request: HttpRequest, checked: dict) -> str:
    return stored_name_for(
        owner_id=request.user.pk,
        token=str(checked.get("token", "")),
        name=str(checked.get("name", "")),
    )


def _import_checked(request: HttpRequest, checked: dict | None) -> HttpResponse:
    """Import exactly the file that passed the check (the session's, or a check
    job's of this person)."""
    job_id = request.POST.get("job", "")
    if job_id.isdigit():
        check = ExtractionJob.objects.filter(
            pk=int(job_id),
            owner=request.user,
            kind=JobKind.IMPORT_CHECK,
            status=JobStatus.DONE,
        ).first()
        checked = (
            {"token": token_of(check.stored_name), "name": check.file_name}
            if check
            else None
        )
    if not checked:
        messages.error(request, _("Check the file first."))
        return redirect("extraction:import")
    try:
        stored = _stored_name(request, checked)
        raw = upload_read(stored, max_bytes=limit_value("IMPORT_BYTES"))
        rows = read_rows(checked["name"], raw)
    except UploadMissing:
        request.session.pop(SESSION_IMPORT, None)
        messages.error(
            request,
            _("The checked file is no longer kept (after a day): check it again."),
        )
        return redirect("extraction:import")
    except SpreadsheetError as error:
        messages.error(request, str(error))
        return redirect("extraction:import")
    request.session.pop(SESSION_IMPORT, None)
    if len(rows) > limit_value("IMPORT_INLINE_ROWS"):
        job = job_create(
            owner=request.user,
            kind=JobKind.IMPORT,
            stored_name=stored,
            file_name=checked["name"],
            rows_total=len(rows),
        )
        return redirect("extraction:job", job.pk)
    report = rows_import(
        rows=rows, actor=request.user, dry_run=False, reader=request.user
    )
    if report.imported:
        upload_delete(stored)
        messages.success(request, report.summary)
        return redirect("extraction:import")
    upload_delete(stored)
    return render(
        request,
        "extraction/import.html",
        {"form": ImportForm(), "report": report, "checked": None},
    )


def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A background job's progress and result; it refreshes itself until done.
    Only its owner and administrators see it (404 for anyone else)."""
    job = found(selectors.job_get, pk=pk)
    if not can_see_job(request.user, job):
        raise Http404
    response = render(
        request,
        "extraction/job.html",
        {"job": job, "can_import": can_import(request.user)},
    )
    if not job.is_finished:
        # The Refresh header reloads the page with no script (the CSP allows none
        # inline) and no change to the base template.
        response["Refresh"] = str(JOB_REFRESH_SECONDS)
    return response


def import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    """The import template, as CSV or XLSX."""
    _require(can_read_queue(request.user))
    if fmt == "xlsx":
        response = HttpResponse(
            template_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="commitments-import.{fmt}"'
    return response
