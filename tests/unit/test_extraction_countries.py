"""Countries from maintained data (pycountry, CLDR, a derived demonym table):
any ISO 3166 country is read and gets its code, without a database."""

import re

import pycountry
import pytest

from extraction.rules.countries import BY_CODE, country_named, iso_code, side_words
from extraction.rules.entities import EntityMatcher, KnownNames, country_for
from extraction.rules.wordre import word_pattern


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Norway", "NO"),
        ("Chile", "CL"),
        ("Estonia", "EE"),
        ("Kingdom of Norway", "NO"),
        ("Republic of Korea", "KR"),
        ("South Korea", "KR"),
        ("Côte d’Ivoire", "CI"),
        ("Cote d'Ivoire", "CI"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("the United States", "US"),
        ("UNITED KINGDOM", "GB"),
        ("Bolivia", "BO"),
        ("Plurinational State of Bolivia", "BO"),
        ("DR Congo", "CD"),
        ("Ivory Coast", "CI"),
    ],
)
def test_iso_code_reads_short_common_and_official_names(name, code):
    assert iso_code(name) == code


@pytest.mark.parametrize("name", ["", "  ", "Atlantis", "Oslo", "Ministry of Interior"])
def test_iso_code_is_none_for_what_is_not_a_country_name(name):
    assert iso_code(name) is None


def test_every_iso_3166_country_is_known_by_its_name():
    unnamed = [
        c.alpha_2
        for c in pycountry.countries
        if iso_code(getattr(c, "common_name", None) or c.name) != c.alpha_2
    ]
    assert unnamed == []


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Norwegian", "NO"),
        ("Chilean", "CL"),
        ("Estonian", "EE"),
        ("Uruguayans", "UY"),
        ("Oslo", "NO"),
        ("Montevideo", "UY"),
        ("Korean", "KR"),
        ("Chinese", "CN"),
    ],
)
def test_demonyms_and_capitals_point_at_one_country(word, code):
    assert side_words()[word] == code


def test_a_demonym_two_countries_share_points_at_neither():
    # Both Congos are "Congolese": the word alone cannot choose a side.
    assert "Congolese" not in side_words()
    assert "Norwegian" in side_words()  # Svalbard shares it, Norway owns it


def test_capitals_that_are_ordinary_words_are_not_sides():
    assert "Male" not in side_words()
    assert "Victoria" not in side_words()


def test_the_hemisphere_comes_from_the_capital():
    assert BY_CODE["CL"].hemisphere == "S"
    assert BY_CODE["NO"].hemisphere == "N"
    assert BY_CODE["ZA"].hemisphere == "S"


def test_country_for_gives_code_name_and_zone_for_a_new_party():
    assert country_for("Norway") == {
        "code": "NO",
        "name": "Norway",
        "time_zone": "Europe/Oslo",
    }
    assert country_for("Chilean")["code"] == "CL"
    assert country_for("Atlantis") is None
    assert country_named("Estonia").time_zone == "Europe/Tallinn"


def test_any_pair_of_countries_is_found_in_a_text():
    text = "Norway and Chile agreed; Estonia and Uruguay met; Ghana and Nepal signed."
    found = EntityMatcher(KnownNames()).parties_in(text, 0, len(text))
    assert found == ["Norway", "Chile", "Estonia", "Uruguay", "Ghana", "Nepal"]


def test_word_pattern_prefers_the_longest_name_and_whole_words():
    pattern = word_pattern(["Korea", "Korean", "South Korea", "US"])
    text = "Korean, South Korea, Korea, US-made, USA, US."
    assert [m.group(0) for m in pattern.finditer(text)] == [
        "Korean",
        "South Korea",
        "Korea",
        "US",
    ]


def test_word_pattern_ignores_case_when_asked():
    pattern = word_pattern(["Ministry of Interior"], flags=re.IGNORECASE)
    assert pattern.search("the MINISTRY OF INTERIOR said").group(0) == (
        "MINISTRY OF INTERIOR"
    )
    assert word_pattern([]) is None
