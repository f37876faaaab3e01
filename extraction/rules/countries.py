"""Countries as sides of agreements: every ISO 3166 country, its names,
demonyms and capital, its capital's hemisphere and a time zone.

Names come from maintained data: pycountry (ISO 3166: short, common and
official names) and babel's CLDR English names; demonyms, capitals and the
hemisphere come from the derived table in `country_data` (see why there).
The time zone is the capital's, for creating the party when a person accepts
a candidate; the hemisphere tells which months a season names.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import pycountry
from babel import Locale

from extraction.rules.country_data import DERIVED, EXTRA, MORE_NAMES
from extraction.rules.wordre import word_pattern


@dataclass(frozen=True)
class Country:
    """A country's code, name, the words that point at it and its capital's zone."""

    code: str
    name: str
    words: tuple[str, ...]
    time_zone: str
    hemisphere: str = "N"
    names: tuple[str, ...] = ()  # the words that name the country itself


# Capitals that are also ordinary words, given names or places elsewhere
# ("Male", "Victoria", "Kingston"): a side is not read from them.
AMBIGUOUS_CAPITALS = frozenset(
    {
        "Male",
        "Victoria",
        "Kingston",
        "Kingstown",
        "Georgetown",
        "Hamilton",
        "Plymouth",
        "The Valley",
        "Saint John's",
        "Saint George's",
        "Jamestown",
        "Washington D.C.",
        "Road Town",
        "Castries",
        "Basseterre",
        "Avarua",
        "Alofi",
        "Yaren",
        "West Island",
        "Flying Fish Cove",
        "King Edward Point",
        "Adamstown",
        "Papeetē",
        "Oranjestad",
        "Willemstad",
        "Gustavia",
        "Marigot",
        "Philipsburg",
        "Douglas",
        "Saint Helier",
        "St. Peter Port",
        "Charlotte Amalie",
        "Hagåtña",
        "Pago Pago",
        "Nouméa",
        "Mata-Utu",
        "Longyearbyen",
        "Kingston upon Hull",
    }
)
# Names that are also common capitalised words or other places: kept for ISO
# codes, not read as a side in running text.
AMBIGUOUS_NAMES = frozenset({"Jersey", "Chad", "Jordan", "Georgia", "Man", "Niger"})
_PLURAL = re.compile(r"(?:an|i|ian)$")


def _inverted(name: str) -> str | None:
    # pycountry: "Korea, Republic of" -> "Republic of Korea".
    if "," not in name or "(" in name:
        return None
    head, tail = (part.strip() for part in name.split(",", 1))
    return f"{tail} {head}" if tail.endswith(" of") else None


def _iso_names(entry: object, english: dict[str, str]) -> list[str]:
    code = getattr(entry, "alpha_2", "")
    names = [
        getattr(entry, "common_name", ""),
        english.get(code, ""),
        getattr(entry, "name", ""),
        getattr(entry, "official_name", ""),
    ]
    inverted = _inverted(getattr(entry, "name", ""))
    if inverted:
        names.append(inverted)
    # Parenthesised or comma forms ("Bolivia, Plurinational State of") are not
    # how running text names a country.
    return [n for n in names if n and "(" not in n and "," not in n]


def _load() -> tuple[Country, ...]:
    english = dict(Locale("en").territories)
    derived = {}
    for line in DERIVED.splitlines():
        code, demonyms, capital, hemisphere, zone = line.split("|")
        derived[code] = (demonyms, capital, hemisphere, zone)
    extra = {}
    for line in (EXTRA + MORE_NAMES).splitlines():
        code, name, extra_words, extra_cities = line.split("|")
        extra[code] = (name, extra_words, extra_cities)
    # The old table's countries first, so that a word they shared with a new
    # one ("Korean") keeps its meaning.
    old = [line.split("|", 1)[0] for line in EXTRA.splitlines()]
    order = [*old, *sorted(c.alpha_2 for c in pycountry.countries)]
    countries: list[Country] = []
    seen: set[str] = set()
    for code in order:
        if code in seen:
            continue
        seen.add(code)
        entry = pycountry.countries.get(alpha_2=code)
        if entry is None:
            continue
        demonyms, capital, hemisphere, zone = derived.get(code, ("", "", "N", ""))
        old_name, old_words, old_cities = extra.get(code, ("", "", ""))
        iso = _iso_names(entry, english)
        name = old_name or (iso[0] if iso else entry.name)
        own = _unique([name, *iso, *filter(None, old_words.split(","))])
        adjectives = [d.strip() for d in demonyms.split(",") if d.strip()]
        adjectives += [d + "s" for d in adjectives if _PLURAL.search(d)]
        cities = [c for c in old_cities.split(",") if c]
        if capital and capital not in AMBIGUOUS_CAPITALS:
            cities.append(capital)
        words = _unique([*own, *adjectives, *cities])
        countries.append(
            Country(code, name, tuple(words), zone, hemisphere, tuple(own))
        )
    return tuple(countries)


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(item for item in items if item))


COUNTRIES = _load()
BY_CODE = {country.code: country for country in COUNTRIES}


def _norm(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.replace("’", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = " ".join(text.casefold().replace(".", "").split())
    return text.removeprefix("the ")


@cache
def _by_name() -> dict[str, str]:
    table: dict[str, str] = {}
    for country in COUNTRIES:
        for word in country.names:
            table.setdefault(_norm(word), country.code)
    # ISO's own forms too ("Congo, The Democratic Republic of the"), which
    # running text never uses but a directory row may.
    for entry in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(entry, attribute, None)
            if value:
                table.setdefault(_norm(value), entry.alpha_2)
    return table


def iso_code(name: str) -> str | None:
    """The ISO 3166 alpha-2 code of a country named `name` ("Norway" -> "NO",
    "Republic of Korea" -> "KR", "Côte d'Ivoire" -> "CI"), or None."""
    if not name or not name.strip():
        return None
    return _by_name().get(_norm(name))


def country_named(name: str) -> Country | None:
    """The country a name, adjective or capital points at, if any."""
    code = iso_code(name)
    if code:
        return BY_CODE[code]
    for country in COUNTRIES:
        if name in country.words:
            return country
    return None


@cache
def side_words() -> dict[str, str]:
    """Each word that points at a country in running text -> the country's code;
    a word shared by two countries ("Congolese") points at neither. Computed
    once: callers must not change the dict."""
    owners: dict[str, set[str]] = {}
    for country in COUNTRIES:
        for word in country.words:
            if word not in AMBIGUOUS_NAMES:
                owners.setdefault(word, set()).add(country.code)
    old = {line.split("|", 1)[0] for line in EXTRA.splitlines()}
    words: dict[str, str] = {}
    # COUNTRIES lists the old table's countries first: they keep shared words.
    for country in COUNTRIES:
        for word in country.words:
            codes = owners.get(word)
            if codes and (
                len(codes) == 1 or codes & old or _owns_stem(word, country, codes)
            ):
                words.setdefault(word, country.code)
    return words


def corroborated_names(text: str) -> dict[str, str]:
    """The ambiguous names ("Jordan", "Georgia", "Chad") that `text` uses for
    their country: it also names that country another way (its adjective,
    capital or a longer name: "Jordanian", "Amman"), or pairs the name with
    another country ("Jordan and Iraq", "Iraq, Jordan agree"). Name -> code."""
    found: dict[str, str] = {}
    for name in AMBIGUOUS_NAMES:
        if not re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            continue
        country = country_named(name)
        if country is None:
            continue
        others = [w for w in country.words if w != name and len(w) > 3]
        if _paired(text, name) or any(
            re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) for word in others
        ):
            found[name] = country.code
    return found


# "Jordan and Iraq", "Iraq, Jordan agree", "Jordan-Iraq": not a dash with
# spaces ("ATLANTA, Georgia — Kenya and …" is a dateline).
_PAIR_JOIN = r"(?:\s*(?:and|,|&)\s*(?:the\s+)?|[-–/])"


def _paired(text: str, name: str) -> bool:
    # "Chad and Niger": two such names confirm each other.
    words = word_pattern([*side_words(), *AMBIGUOUS_NAMES])
    if words is None:
        return False
    escaped = re.escape(name)
    for match in words.finditer(text):
        other = match.group(0)
        if other == name or len(other) < 4:
            continue
        before = text[max(0, match.start() - len(name) - 12) : match.start()]
        after = text[match.end() : match.end() + len(name) + 12]
        if re.search(rf"(?<![\w-]){escaped}{_PAIR_JOIN}$", before) or re.match(
            rf"{_PAIR_JOIN}{escaped}(?![\w-])", after
        ):
            return True
    return False


def _owns_stem(word: str, country: Country, codes: set[str]) -> bool:
    # "Norwegian" is Norway's, not Svalbard's: of the countries sharing a
    # demonym, the one whose name starts like it owns it (both Congos: neither).
    stem = word[:4].casefold()

    def named(code: str) -> bool:
        return any(n.casefold().startswith(stem) for n in BY_CODE[code].names)

    return named(country.code) and sum(named(code) for code in codes) == 1
