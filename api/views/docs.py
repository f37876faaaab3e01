"""The API's docs page: Swagger UI from local static files (no CDN), under the
project's Content-Security-Policy (its start-up script is a static file)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def docs(request: HttpRequest) -> HttpResponse:
    """The interactive reference of /api/v1/ (signed-in people)."""
    return render(request, "api/docs.html")
