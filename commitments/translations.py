"""A commitment's title and notes in another interface language (issue 17).

The commitment's own title and description stay the original (English, the
source language); a translation is optional per language, and a reader whose
language has none sees the original. Source quotes are never translated: they
are the verbatim text of the source, in its own language and direction.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

TITLE_MAX = 300


def translation_languages() -> list[tuple[str, str]]:
    """The interface languages a title may be translated into: all but the source."""
    return [
        (code, name)
        for code, name in settings.LANGUAGES
        if code != settings.LANGUAGE_CODE
    ]


def validate_translation_language(value: str) -> None:
    if value not in dict(translation_languages()):
        raise ValidationError(
            _("%(language)s is not a language titles are translated into."),
            params={"language": value},
        )


class CommitmentTranslation(models.Model):
    """One commitment's title and notes in one interface language."""

    commitment = models.ForeignKey(
        "commitments.Commitment",
        on_delete=models.PROTECT,
        related_name="translations",
    )
    # A code of settings.LANGUAGES ("ur", "zh-hans"); not choices, so adding a
    # language needs no migration.
    language = models.CharField(
        max_length=10, validators=[validate_translation_language]
    )
    title = models.CharField(max_length=TITLE_MAX)
    description = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        app_label = "commitments"
        ordering = ["commitment_id", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "language"],
                name="commitment_translation_one_per_language",
            ),
            models.CheckConstraint(
                condition=~models.Q(title=""),
                name="commitment_translation_title_not_empty",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.title}"
