"""Source documents: the list, and one text with its quotes marked, where a
selected sentence becomes a new commitment."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from commitments import selectors
from commitments.permissions import permission_required
from commitments.views.common import found
from commitments.views.text import highlight


@permission_required("commitments.view_sourcedocument")
def source_list(request: HttpRequest) -> HttpResponse:
    """Every source document with its agreements and number of quotes."""
    return render(
        request, "commitments/source_list.html", {"sources": selectors.source_list()}
    )


@permission_required("commitments.view_sourcedocument")
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A source's full text with the quotes already taken from it marked."""
    source = found(selectors.source_get, pk=pk)
    quotes = list(source.quotes.all())
    segments = highlight(
        source.text,
        [
            (q.quote_start, q.quote_end, q.commitment.title, f"quote-{q.pk}")
            for q in quotes
        ],
    )
    return render(
        request,
        "commitments/source_detail.html",
        {
            "source": source,
            "segments": segments,
            "quotes": quotes,
            "can_create": request.user.has_perm("commitments.add_commitment"),
        },
    )
