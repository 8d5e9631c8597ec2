from __future__ import annotations

import pytest

from jointmap.geo.geocoder import Geocoder
from jointmap.geo.places import Gazetteer, Place


def test_arabic_input(full_geocoder: Geocoder) -> None:
    for arabic, code in [("حلب", "SY.09"), ("دير الزور", "SY.07"), ("الرقة", "SY.04"), ("حِمْص", "SY.11")]:
        top = full_geocoder.geocode(arabic)[0]
        assert top.admin1_code == code, (arabic, top)
        assert top.precision == 1


def test_exonyms_resolve_to_the_city(full_geocoder: Geocoder) -> None:
    for name, code in [("Aleppo", "SY.09"), ("Halab", "SY.09"), ("Palmyra", "SY.11"), ("Tadmur", "SY.11")]:
        top = full_geocoder.geocode(name)[0]
        assert top.admin1_code == code and top.feature_code.startswith("PPL"), top
        assert top.admin1_name


@pytest.mark.parametrize(
    ("names", "code"),
    [
        (("Kafranbel", "Kafr Nabl", "Kafr Nubl"), "SY.12"),
        (("Deir ez-Zor", "Dayr az Zawr", "Deir Ezzor"), "SY.07"),
        (("Maarat al-Numan", "Ma'arrat an Nu'man", "Maaret al-Noman"), "SY.12"),
    ],
)
def test_transliteration_variants_find_the_same_place(
    full_geocoder: Geocoder, names: tuple[str, ...], code: str
) -> None:
    ids = {full_geocoder.geocode(n)[0].geonameid for n in names}
    assert len(ids) == 1
    assert full_geocoder.geocode(names[0])[0].admin1_code == code


def test_neighbourhood_resolves_to_itself(full_geocoder: Geocoder) -> None:
    top = full_geocoder.geocode("Jobar")[0]
    assert top.name == "Jobar" and top.admin1_code == "SY.13" and top.precision == 2
    assert "neighbourhood of Damascus" in top.why
    waer = full_geocoder.geocode("al-Wa'er")[0]
    assert waer.name == "Al-Waer" and waer.admin1_code == "SY.11"


def test_unknown_neighbourhood_falls_back_to_its_city(full_geocoder: Geocoder) -> None:
    top = full_geocoder.geocode("Qwxzzt district of Aleppo")[0]
    assert top.name == "Aleppo" and top.precision == 2
    assert "part of Aleppo" in top.why


def test_unknown_name_is_empty(full_geocoder: Geocoder, embedded_geocoder: Geocoder) -> None:
    assert full_geocoder.geocode("Xyzzyqq") == []
    assert full_geocoder.geocode("") == []
    assert embedded_geocoder.geocode("Foo") == []


def test_governorate_aliases(full_geocoder: Geocoder) -> None:
    for name, code in [
        ("Idlib province", "SY.12"),
        ("Damascus countryside", "SY.08"),
        ("Rif Dimashq", "SY.08"),
        ("Hasakeh", "SY.01"),
        ("Deraa", "SY.06"),
        ("Sweida", "SY.05"),
        ("Lattakia", "SY.02"),
    ]:
        top = full_geocoder.geocode(name)[0]
        assert top.admin1_code == code, (name, top)
    assert full_geocoder.geocode("Idlib province")[0].precision == 4


def test_hint_and_context_pick_the_governorate() -> None:
    two = [
        Place(1, "Duma", 33.57, 36.40, admin1_code="SY.08"),
        Place(2, "Duma", 35.10, 36.90, admin1_code="SY.10"),
        Place(3, "Hama", 35.13, 36.75, feature_code="PPLA", admin1_code="SY.10"),
    ]
    geocoder = Geocoder(Gazetteer.build(two, {"SY.08": "Rif Dimashq", "SY.10": "Hama"}))
    assert geocoder.geocode("Duma", governorate="Hama")[0].geonameid == 2
    assert geocoder.geocode("Duma", governorate="SY.08")[0].geonameid == 1
    assert geocoder.geocode("Duma", context="Shelling near Hama killed two")[0].geonameid == 2


def test_embedded_gazetteer_works_alone(embedded_geocoder: Geocoder) -> None:
    top = embedded_geocoder.geocode("Deir Ezzor")[0]
    assert top.admin1_code == "SY.07"
    assert embedded_geocoder.geocode("Eastern Ghouta")[0].precision == 5
    assert embedded_geocoder.geocode("Sheikh Maqsoud")[0].admin1_code == "SY.09"
