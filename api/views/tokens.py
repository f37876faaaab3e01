"""/api/tokens/: a person's API tokens: create (the key shown once), see the
last use, revoke."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from api import selectors, services
from api.forms import TokenCreateForm
from api.models import ApiToken


@never_cache
def token_list(request: HttpRequest) -> HttpResponse:
    """The person's tokens and a form for a new one; after creating, the new
    key, shown on this response only (never stored, never cached)."""
    form = TokenCreateForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        issued = services.api_token_create(
            user=request.user,
            name=form.cleaned_data["name"],
            actor=request.user,
            reason="created on the API tokens page",
        )
        form = TokenCreateForm()
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "issued": issued,
            "tokens": selectors.api_token_list(user=request.user),
        },
    )


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the person's own tokens (another's is a 404)."""
    try:
        token = selectors.api_token_get(user=request.user, pk=pk)
    except ApiToken.DoesNotExist:
        raise Http404("No such token.") from None
    services.api_token_revoke(
        token=token, actor=request.user, reason="revoked on the API tokens page"
    )
    messages.success(request, f"Token “{token.name}” revoked.")
    return redirect("api:tokens")
