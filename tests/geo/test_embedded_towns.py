"""``towns.csv``: the Four Towns and the 2016 besieged places resolve on the embedded default, merge by id."""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

import pytest

from jointmap.geo.embedded import data_places, with_supplement
from jointmap.geo.geocoder import Geocoder
from jointmap.geo.geonames import parse_geonames
from jointmap.geo.normalize import fold
from jointmap.geo.places import Gazetteer

# (GeoNames id, governorate, main spelling, other spellings that must find it: English variants and Arabic)
TOWNS = [
    (170365, "SY.12", "Foua", ("al-Fu'ah", "Fuaa", "al-Fuah", "الفوعة")),
    (168689, "SY.12", "Kafraya", ("Kefraya", "Kafriya", "كفريا")),
    (167558, "SY.08", "Madaya", ("Madhaya", "مضايا")),
    (166833, "SY.08", "Moadamiyat al-Sham", ("Muadamiyeh", "Moadamiyeh", "معضمية الشام")),
    (162547, "SY.08", "Zamalka", ("Zamalkah", "زملكا")),
    (168713, "SY.08", "Kafr Batna", ("Kafar Batna", "كفر بطنا")),
    (172105, "SY.08", "Ein Tarma", ("Ain Tarma", "Ayn Tarma", "عين ترما")),
    (169020, "SY.08", "Jisreen", ("Jisrin", "جسرين")),
    (164828, "SY.08", "Saqba", ("Saqbah", "سقبا")),
    (169958, "SY.08", "Hammouriyeh", ("Hamouria", "Hammuriyah", "حمورية")),
    (173460, "SY.08", "Misraba", ("Mesraba", "مسرابا")),
    (12851, "SY.08", "Mudayra", ("Modira", "مديرا")),
    (12850, "SY.08", "Hazzeh", ("Hazza", "حزة")),
    (12852, "SY.08", "Beit Sawa", ("Bayt Sawa", "بيت سوى")),
    (162767, "SY.08", "Otaya", ("Otaiya", "أوتايا")),
    (169626, "SY.08", "Hazrama", ("Hazramah", "حزرما")),
    (173178, "SY.08", "Nashabiyah", ("Al-Nashabiyah", "Nashabiyeh", "النشابية")),
    (162584, "SY.08", "Zebdin", ("Zibdin", "زبدين")),
]

# Listed places the embedded default already found before towns.csv: they must keep resolving.
ALREADY_KNOWN = [
    ("Zabadani", "SY.08"),
    ("Darayya", "SY.08"),
    ("Douma", "SY.08"),
    ("Harasta", "SY.08"),
    ("Arbin", "SY.08"),
    ("Deir al-Asafir", "SY.08"),
    ("al-Waer", "SY.11"),
    ("Yarmouk camp", "SY.13"),
    ("Deir ez-Zor", "SY.07"),
]


def _town_rows() -> list[dict[str, str]]:
    text = resources.files("jointmap.geo").joinpath("data", "towns.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if line and not line.startswith("#")))


def test_every_row_is_tested_cites_geonames_and_keeps_its_id() -> None:
    rows = _town_rows()
    assert sorted(int(row["id"]) for row in rows) == sorted(town[0] for town in TOWNS)
    expected = {town[0]: (town[1], town[2]) for town in TOWNS}
    for row in rows:
        assert (row["admin1_code"], row["name"]) == expected[int(row["id"])], row
        assert row["source"] == f"GeoNames {row['id']} (CC BY 4.0)", row
        assert any("\u0600" <= ch <= "\u06ff" for ch in row["aliases"]), f"no Arabic alias: {row['name']}"
    header = resources.files("jointmap.geo").joinpath("data", "towns.csv").read_text(encoding="utf-8")
    assert "CC BY 4.0" in header.split("\nid,")[0] and "geonames.org" in header.split("\nid,")[0]
    ours = {place.geonameid for place in data_places()}
    assert ours >= set(expected)


@pytest.mark.parametrize(("geonameid", "admin1", "name", "variants"), TOWNS, ids=[t[2] for t in TOWNS])
def test_town_resolves_on_the_embedded_default(
    embedded_geocoder: Geocoder, geonameid: int, admin1: str, name: str, variants: tuple[str, ...]
) -> None:
    for spelling in (name, *variants):
        top = embedded_geocoder.geocode(spelling)
        assert top, spelling
        assert (top[0].geonameid, top[0].admin1_code) == (geonameid, admin1), (spelling, top[0])
        assert top[0].precision == 1 and top[0].match in ("exact", "normalised"), (spelling, top[0])


@pytest.mark.parametrize(("name", "admin1"), ALREADY_KNOWN)
def test_listed_places_the_default_already_knew_still_resolve(
    embedded_geocoder: Geocoder, name: str, admin1: str
) -> None:
    top = embedded_geocoder.geocode(name)
    assert top and top[0].admin1_code == admin1, (name, top[:1])


def test_madaya_is_no_longer_al_maadi(embedded_geocoder: Geocoder) -> None:
    for spelling in ("Madaya", "Madaya, Rif Dimashq", "مضايا"):
        top = embedded_geocoder.geocode(spelling)[0]
        assert top.name == "Madaya" and top.geonameid == 167558 and top.admin1_code == "SY.08", top
        assert top.admin1_name == "Rif Dimashq"
    # Al-Maadi (an Aleppo neighbourhood) is still found by its own name.
    assert embedded_geocoder.geocode("Al-Maadi")[0].admin1_code == "SY.09"
    # Zebdin is a town of its own, not a spelling of Zabadani (and Zabadani stays Zabadani).
    assert embedded_geocoder.geocode("Zebdin")[0].geonameid == 162584
    assert embedded_geocoder.geocode("Zabadani")[0].geonameid == 172059


# Two rows of a GeoNames dump (19 tab-separated columns) that towns.csv also describes.
TAIL = "\t\t\t\t0\t\t\tAsia/Damascus\t\n"
DUMP = (
    "167558\tMedaya\tMedaya\tمضايا,Maḑāyā\t33.69032\t36.10354\tP\tPPLA3\tSY\t\t08"
    + TAIL
    + "170365\tAl Fū‘ah\tAl Fu`ah\tAl Fu`ah,الفوعة\t35.98262\t36.70351\tP\tPPL\tSY\t\t12"
    + TAIL
)


def test_an_imported_dump_and_the_data_files_merge_by_id(tmp_path: Path) -> None:
    path = tmp_path / "SY.txt"
    path.write_text(DUMP, encoding="utf-8")
    imported = parse_geonames(path).places
    gazetteer = with_supplement(Gazetteer.build(imported), populations=False)
    geocoder = Geocoder(gazetteer)
    for geonameid, spellings in ((167558, ("Madaya", "Medaya", "مضايا")), (170365, ("Foua", "Al Fu`ah"))):
        place = gazetteer.places[geonameid]
        # One place: the dump's record (its name and coordinates) with our spellings and source added.
        assert place.name in ("Medaya", "Al Fū‘ah") and "GeoNames" in place.source
        assert f"GeoNames {geonameid} (CC BY 4.0)" in place.source
        near = [p for p in gazetteer if abs(p.lat - place.lat) < 0.02 and abs(p.lon - place.lon) < 0.02]
        assert [p.geonameid for p in near] == [geonameid]
        for spelling in spellings:
            found = geocoder.geocode(spelling, limit=10)
            assert [c.geonameid for c in found if c.geonameid == geonameid] == [geonameid], spelling
            assert found[0].geonameid == geonameid, (spelling, found[0])


def test_the_shared_dump_keeps_one_place_per_town(full_geocoder: Geocoder) -> None:
    gazetteer = full_geocoder.gazetteer
    for geonameid, admin1, name, variants in TOWNS:
        place = gazetteer.places[geonameid]
        assert place.admin1_code == admin1, place
        assert f"GeoNames {geonameid} (CC BY 4.0)" in place.source  # our row merged into the dump's
        spellings = {fold(s) for s in (name, *variants)}
        twins = [
            p.geonameid
            for p in gazetteer
            if p.geonameid != geonameid
            and abs(p.lat - place.lat) < 0.02
            and abs(p.lon - place.lon) < 0.02
            and spellings & {fold(n) for n, _ in p.all_names()}
        ]
        assert twins == [], (name, twins)
        assert full_geocoder.geocode(name)[0].geonameid == geonameid, name
