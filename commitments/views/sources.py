"""Source documents: the list, and one text with its quotes marked, where a
selected sentence becomes a new commitment."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from commitments import selectors
from commitments.permissions import permission_required
from commitments.views.text import highlight


@permission_required("commitments.view_sourcedocument")
def source_list(request: HttpRequest) -> HttpResponse:
    """The source documents one may work from, with their agreements and
    number of quotes."""
    return render(
        request,
        "commitments/source_list.html",
        {"sources": selectors.source_list(user=request.user)},
    )


@permission_required("commitments.view_sourcedocument")
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A source's full text with the quotes already taken from it marked."""
    # Outside one's sources (and the intake) is the same 404 as missing.
    source = get_object_or_404(selectors.source_detail_rows(user=request.user), pk=pk)
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
