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
        # Short forms the press uses and neither ISO nor CLDR carries.
        ("Bosnia", "BA"),
        ("Lao PDR", "LA"),
        ("St Kitts and Nevis", "KN"),
        ("Sao Tome and Principe", "ST"),
        ("Trinidad", "TT"),
        ("Antigua", "AG"),
        ("St Vincent and the Grenadines", "VC"),
        ("St Lucia", "LC"),
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


@pytest.mark.parametrize(
    ("text", "sides"),
    [
        # The text also names the country another way, or pairs the name.
        ("Jordan and Iraq agreed to reopen the crossing.", ["Jordan", "Iraq"]),
        ("Iraq, Jordan agree on trade. Jordan will open a centre.", ["Iraq", "Jordan"]),
        ("The Jordanian minister said Jordan will open a centre.", ["Jordan"]),
        ("Georgia will upgrade the bridge, officials in Tbilisi said.", ["Georgia"]),
        ("Chad and Niger agreed to hold joint patrols.", ["Chad", "Niger"]),
        # Nothing says a country is meant: a name, a state, a river.
        ("Michael Jordan will visit Chile in May.", ["Chile"]),
        ("The Georgia delegation from Atlanta met Canada's trade envoy.", ["Canada"]),
    ],
)
def test_a_name_that_is_also_a_word_is_a_side_when_the_text_confirms_it(text, sides):
    matcher = EntityMatcher(KnownNames())
    matcher.read_text(text)
    assert matcher.parties_in(text, 0, len(text)) == sides


def test_a_confirmed_name_does_not_carry_over_to_the_next_text():
    matcher = EntityMatcher(KnownNames())
    matcher.read_text("Jordan and Iraq agreed.")
    text = "Michael Jordan will visit Chile."
    matcher.read_text(text)
    assert matcher.parties_in(text, 0, len(text)) == ["Chile"]
