"""The notification centre: the list, opening one, marking read; the weekly
summary pages; who on a manager's desks opted out of escalations."""

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from notifications import selectors
from notifications.models import NotificationKind
from notifications.services.inbox import (
    notification_mark_read,
    notifications_mark_all_read,
)

# Ids past PostgreSQL's bigint are no row's: answered as "none", not a 500.
MAX_ID = 2**63 - 1


def _id(raw: str) -> int | None:
    if not raw.isdigit() or len(raw) > 19 or int(raw) > MAX_ID:
        return None
    return int(raw)


def _filters(request: HttpRequest) -> dict[str, object]:
    source = request.GET if request.method == "GET" else request.POST
    kind = source.get("kind", "")
    raw_agreement = source.get("agreement", "")
    return {
        "kind": kind if kind in NotificationKind.values else "",
        "agreement_id": _id(raw_agreement),
        "unread_only": source.get("unread") == "1",
    }


def inbox(request: HttpRequest) -> HttpResponse:
    """The person's notifications, newest first, 25 a page, filtered by kind,
    agreement and unread: a fixed number of queries whatever their number."""
    filters = _filters(request)
    page = Paginator(
        selectors.notification_list(user=request.user, **filters),
        selectors.INBOX_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "notifications/inbox.html",
        {
            "page": page,
            "filters": filters,
            "kinds": NotificationKind.choices,
            "agreements": selectors.notification_agreements(user=request.user),
            "query": query.urlencode(),
        },
    )


@require_http_methods(["GET", "POST"])
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark it read and go to the milestone or follow-up it is about. A link
    (GET) on purpose: reading one's own notification is the only change, and
    it is what following the link means; another person's is a 404."""
    notification = (
        selectors.notification_get(user=request.user, pk=pk) if pk <= MAX_ID else None
    )
    if notification is None:
        raise Http404("No such notification.")
    notification_mark_read(user=request.user, notification_id=pk)
    target = notification.url
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        target = reverse("notifications:inbox")
    return redirect(target)


@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    if pk > MAX_ID:
        raise Http404("No such notification.")
    notification_mark_read(user=request.user, notification_id=pk)
    return redirect(_back(request))


@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    notifications_mark_all_read(
        user=request.user, kind=filters["kind"], agreement_id=filters["agreement_id"]
    )
    return redirect(_back(request))


def _back(request: HttpRequest) -> str:
    back = request.POST.get("next", "")
    if back.startswith("/") and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}
    ):
        return back
    return reverse("notifications:inbox")


def summary_list(request: HttpRequest) -> HttpResponse:
    """The weekly summaries the person received in the last year."""
    return render(
        request,
        "notifications/summary_list.html",
        {"summaries": selectors.summary_pages(user=request.user)},
    )


def summary_detail(request: HttpRequest, week: str) -> HttpResponse:
    """One week's summary as it was sent (someone else's is a 404)."""
    summary = selectors.summary_page_get(user=request.user, week=week)
    if summary is None:
        raise Http404("No summary for that week.")
    return render(request, "notifications/summary_detail.html", {"summary": summary})


@permission_required("commitments.reassign_commitment", raise_exception=True)
def escalation_opt_outs(request: HttpRequest) -> HttpResponse:
    """For managers: who on their desks hears nothing of overdue work."""
    return render(
        request,
        "notifications/opt_outs.html",
        {"rows": selectors.escalation_opt_outs(manager=request.user)},
    )
