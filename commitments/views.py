"""Thin views: parse the request, call a selector or service, render."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from commitments import selectors


def home(request: HttpRequest) -> HttpResponse:
    """The signed-in user's landing page: agreements and their commitments."""
    return render(
        request,
        "commitments/home.html",
        {"agreements": selectors.agreement_list_with_counts()},
    )
