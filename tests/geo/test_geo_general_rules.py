"""General matching rules, each tested on made-up places (none of these names is in the evaluation list).

* a two-consonant skeleton gives variants only as a fallback and only with the same consonant-vowel shape;
* an Arabic generic word opening a name (Tall, Jabal, ʿAyn, Khirbat, Wadi, Biʾr) is part of its structure:
  a skeleton match that gains or loses it is a collision; "Tall X" missing from the gazetteer is located at X;
* a name made only of article-like words keeps its last word.
"""

from __future__ import annotations

from jointmap.geo.designators import generic_head
from jointmap.geo.geocoder import Geocoder
from jointmap.geo.normalize import fold, keys, tokens
from jointmap.geo.places import Gazetteer, Place


def _geocoder(*places: Place) -> Geocoder:
    return Geocoder(Gazetteer.build(places))


def test_two_consonant_names_match_a_variant_with_the_same_shape_only_as_a_fallback() -> None:
    nuwayrah = Place(1, "Nuwayrah", 35.0, 38.0, admin1_code="SY.01")
    nayr = Place(2, "Nayr", 34.0, 37.0, admin1_code="SY.02")
    geocoder = _geocoder(nuwayrah, nayr)
    top = geocoder.geocode("Noweira")  # n-V-r-V, as Nuwayrah
    assert [c.geonameid for c in top] == [1] and top[0].match == "variant"
    assert [c.geonameid for c in geocoder.geocode("Nayyir")] == [2]  # n-V-r, as Nayr
    # With an exact or normalised match for the name, no two-consonant variant joins it.
    nura = Place(3, "Nura", 33.0, 36.0, admin1_code="SY.03")
    assert [c.geonameid for c in _geocoder(nuwayrah, nura).geocode("Noura")] == [3]
    # One consonant is too little even with the same shape.
    assert _geocoder(Place(4, "Fiya", 33.0, 36.0)).geocode("Fuwa") == []


def test_generic_head_says_which_word_opens_a_name_and_whether_it_is_apart() -> None:
    assert generic_head(fold("Tell Ghazal")) == ("tall", True)
    assert generic_head(fold("Jebel al-Zawiya")) == ("jabal", True)
    assert generic_head(fold("Wadee Sha'ir")) == ("wadi", True)  # an unlisted spelling of the same word
    assert generic_head(fold("Tallkalakh")) == ("tall", False)
    assert generic_head(fold("Tulaymah")) == ("", False)
    assert generic_head(fold("Tall")) == ("", False)


def test_a_skeleton_match_that_loses_the_generic_word_is_a_collision() -> None:
    tulaymah = Place(1, "Tulaymah", 35.0, 37.0, admin1_code="SY.10")  # t-l-m, like "Tal Maa"
    geocoder = _geocoder(tulaymah)
    assert geocoder.geocode("Tal Maa") == []
    assert [c.geonameid for c in geocoder.geocode("Tulayma")] == [1]  # the village itself still matches
    hill = Place(2, "Tall Bīsah", 35.0, 37.0, admin1_code="SY.11")
    assert _geocoder(hill).geocode("Tulbasa") == []  # no Tall in it: u is not how Tall is written
    glued = _geocoder(Place(3, "Tall Kalakh", 34.7, 36.3, admin1_code="SY.11"))
    assert [c.geonameid for c in glued.geocode("Tellkalakh")] == [3]  # glued on, still a Tall


def test_a_missing_feature_is_located_at_the_place_it_is_named_after() -> None:
    village = Place(1, "Al Ma‘ā", 36.0, 37.5, admin1_code="SY.09")
    other = Place(2, "Tulaymah", 35.0, 37.0, admin1_code="SY.10")
    top = _geocoder(village, other).geocode("Tal al-Maa")
    assert [c.geonameid for c in top] == [1]
    assert top[0].precision == 2 and "a feature of/at Al Ma‘ā" in top[0].why
    # Only an exact or normalised match for X: dropping "Tall" and respelling X would be two steps away.
    karmal = _geocoder(Place(3, "Karmal", 36.0, 37.5))
    assert [c.match for c in karmal.geocode("Kurmul")] == ["variant"]
    assert karmal.geocode("Tall Kurmul") == []


def test_a_name_of_article_like_words_keeps_its_last_word() -> None:
    assert tokens("Al ‘Ād") == ["ad"]
    assert tokens("al") == ["al"]
    assert keys("Al ‘Ād")[1] == keys("al-Aad")[1] == "ad"
    place = Place(1, "Al ‘Ād", 36.0, 37.0, admin1_code="SY.09")
    assert [c.geonameid for c in _geocoder(place).geocode("Aad")] == [1]
