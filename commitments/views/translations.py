"""The page where a commitment's title gets a translation per language."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from access.scope import get_visible_or_404
from commitments import selectors
from commitments.forms import add_service_errors
from commitments.forms.translations import TranslationForm
from commitments.permissions import (
    can_edit_commitment,
    permission_required,
    require,
)
from commitments.services.translations import commitment_translation_set
from commitments.translations import translation_languages


@permission_required("commitments.change_commitment")
def commitment_translate(request: HttpRequest, reference: str) -> HttpResponse:
    """Add or change the title and notes in one of the other languages."""
    commitment = get_visible_or_404(
        selectors.commitment_edit_rows().prefetch_related("translations"),
        request.user,
        reference=reference,
    )
    require(can_edit_commitment(request.user, commitment))
    existing = {row.language: row for row in commitment.translations.all()}
    if request.method == "POST":
        form = TranslationForm(request.POST)
        if form.is_valid():
            try:
                commitment_translation_set(
                    commitment=commitment,
                    language=form.cleaned_data["language"],
                    title=form.cleaned_data["title"],
                    description=form.cleaned_data["description"],
                    actor=request.user,  # type: ignore[arg-type]
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Translation saved."))
                return redirect("commitments:commitment_detail", reference)
    else:
        languages = dict(translation_languages())
        language = request.GET.get("language", "")
        if language not in languages:
            language = next(iter(languages))
        current = existing.get(language)
        form = TranslationForm(
            initial={
                "language": language,
                "title": current.title if current else "",
                "description": current.description if current else "",
            }
        )
    rows = [(code, name, existing.get(code)) for code, name in translation_languages()]
    return render(
        request,
        "commitments/translation_form.html",
        {"form": form, "commitment": commitment, "rows": rows},
    )
