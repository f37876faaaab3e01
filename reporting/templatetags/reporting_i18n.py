"""Template filters for the reports' languages."""

from django import template
from django.utils import translation

from core.country_names import country_name

register = template.Library()


@register.filter
def party_name(party) -> str:
    """A party's country name in the active language (CLDR), else its name."""
    return country_name(
        getattr(party, "iso_code", ""), str(party), translation.get_language()
    )
