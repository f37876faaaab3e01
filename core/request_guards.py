"""Refuse NUL characters in query strings (and in the admin's forms) with a 400.

PostgreSQL text cannot hold a NUL (0x00), so a query parameter carrying one
reaches the database as a DataError: a 500 on every list filter that compares
text. No real filter value contains one. The product's own forms refuse NUL
with a message next to the field (a pasted text says where the NUL is); the
admin's generic forms cannot, so its posts are checked here too.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict

NUL = "\x00"
MESSAGE = (
    "The request contains a NUL character (0x00), which no text here may "
    "contain. Remove it and try again."
)


def has_nul(data: QueryDict) -> bool:
    """Whether any key or value holds a NUL character."""
    return any(
        NUL in key or any(NUL in value for value in values)
        for key, values in data.lists()
    )


class NulCharacterMiddleware:
    """Answer 400 to a NUL in the query string, or in a post to the admin."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refused = has_nul(request.GET) or (
            request.method == "POST"
            and request.path.startswith("/admin/")
            and has_nul(request.POST)
        )
        if refused:
            return HttpResponseBadRequest(
                MESSAGE, content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)
