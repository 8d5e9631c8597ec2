"""Our landmarks file and the ranking rules: spelling closeness over an alternate name's importance."""

from __future__ import annotations

from importlib import resources

import pytest

from jointmap.geo.embedded import data_places
from jointmap.geo.geocoder import Geocoder
from jointmap.geo.places import Gazetteer, Place


def test_every_data_row_has_a_source_and_landmarks_say_approximate() -> None:
    assert all(place.source for place in data_places())
    header = resources.files("jointmap.geo").joinpath("data", "landmarks.csv").read_text(encoding="utf-8")
    assert "APPROXIMATE" in header.split("\nid,")[0]
    ids = [place.geonameid for place in data_places()]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("name", "admin1"),
    [
        ("T-4 Military Airport", "SY.11"),
        ("Tiyas airbase", "SY.11"),
        ("Kuweires Military Airport", "SY.09"),
        ("Bab al-Hawa crossing", "SY.12"),
        ("Nasib border crossing", "SY.06"),
        ("Sednaya prison", "SY.08"),
        ("Tishreen Dam", "SY.09"),
    ],
)
def test_landmarks_resolve_with_precision_2(embedded_geocoder: Geocoder, name: str, admin1: str) -> None:
    top = embedded_geocoder.geocode(name)
    assert top and top[0].admin1_code == admin1, top[:1]
    assert top[0].precision == 2
    assert "approximate" in top[0].why and "source:" in top[0].why


def test_exact_primary_name_beats_a_loose_alternate_of_an_important_place() -> None:
    city = Place(1, "Dar'a", 32.6, 36.1, feature_code="PPLA", admin1_code="SY.06", alternatenames=("Adraa",))
    village = Place(2, "‘Adrā", 33.6, 36.5, admin1_code="SY.08")
    top = Geocoder(Gazetteer.build([city, village])).geocode("Adra")
    assert top[0].geonameid == 2
    assert top[1].geonameid == 1 and top[1].match == "normalised"


def test_context_does_not_rescue_a_loose_spelling_over_a_close_one() -> None:
    close = Place(1, "Ad Dumayr", 33.6, 36.7, feature_code="PPLA3", admin1_code="SY.08")
    loose = Place(2, "Dummar", 33.5, 36.2, admin1_code="SY.13")
    capital = Place(3, "Damascus", 33.5, 36.3, feature_code="PPLC", admin1_code="SY.13")
    geocoder = Geocoder(Gazetteer.build([close, loose, capital]))
    assert geocoder.geocode("Dumayr", context="Shelling near Damascus today.")[0].geonameid == 1


def test_limit_shortcut_gives_the_same_top_as_a_full_ranking(full_geocoder: Geocoder) -> None:
    for name in ("Kweires", "Quneitra", "Kafr Nubl", "Al-Khalidiyah", "Dael"):
        few = full_geocoder.geocode(name, limit=2)
        many = full_geocoder.geocode(name, limit=50)
        assert [c.geonameid for c in few] == [c.geonameid for c in many[:2]]
