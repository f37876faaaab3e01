"""Country names in the reader's language, from CLDR (babel).

Pure: no ORM. A party carries its ISO 3166 code (Party.iso_code); its stored
name is the fallback for a party without one (a bloc, an organisation) and for
a code CLDR does not know.
"""

from functools import lru_cache

from babel import Locale, UnknownLocaleError


@lru_cache(maxsize=64)
def _territories(language: str) -> dict[str, str]:
    # Django's "zh-hans" is CLDR's "zh_Hans"; "en-gb" is "en_GB".
    try:
        return dict(Locale.parse(language.replace("-", "_")).territories)
    except (UnknownLocaleError, ValueError):
        return {}


def country_name(iso_code: str, fallback: str, language: str | None) -> str:
    """The CLDR name of `iso_code` in `language`, else `fallback`."""
    code = (iso_code or "").strip().upper()
    if not code or not language:
        return fallback
    return _territories(language).get(code, fallback)
