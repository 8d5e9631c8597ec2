from __future__ import annotations

from pathlib import Path

import pytest

from jointmap.geo.geocoder import Geocoder
from jointmap.geo.geonames import load_geonames_dir, parse_admin1_codes, parse_geonames

GAZETTEER_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "gazetteer"

GOOD = "170063\tحلب\t\tAleppo,Halab\t36.20369\t37.17262\tP\tPPL\tSY\t\t09\t\t\t\t0\t\t\tAsia/Damascus\t\n"
WOF = "421190425\tAmrit\tAmrit\t\t34.85\t35.9\tP\tPPL\tSY\t\t\t\t\t\t0\t\t\tAsia/Damascus\t\n"


def test_malformed_lines_are_reported_and_the_rest_loads(tmp_path: Path) -> None:
    bad_lat = GOOD.replace("36.20369", "north").replace("170063", "1")
    short = "2\tOnly\tthree\n"
    bad_id = GOOD.replace("170063", "x17")
    path = tmp_path / "SY.txt"
    path.write_text(GOOD + bad_lat + short + WOF + bad_id, encoding="utf-8")
    result = parse_geonames(path)
    assert [p.geonameid for p in result.places] == [170063, 421190425]
    assert result.errors == [
        f"{path}:2: latitude: could not convert string to float: 'north'",
        f"{path}:3: columns: expected 19 tab-separated columns, found 3",
        f"{path}:5: geonameid: 'x17' is not an integer",
    ]


def test_blank_asciiname_missing_admin1_and_wof_ids(tmp_path: Path) -> None:
    path = tmp_path / "SY.txt"
    path.write_text(GOOD + WOF, encoding="utf-8")
    aleppo, amrit = parse_geonames(path).places
    assert aleppo.name == "حلب" and aleppo.asciiname == "" and aleppo.admin1_code == "SY.09"
    assert amrit.geonameid == 421190425 and amrit.admin1_code == ""
    assert "Who's On First" in amrit.source


def test_admin1_codes(tmp_path: Path) -> None:
    path = tmp_path / "admin1CodesASCII.txt"
    path.write_text("SY.09\tAleppo\tAleppo\t\nbroken\n", encoding="utf-8")
    errors: list[str] = []
    assert parse_admin1_codes(path, errors) == {"SY.09": "Aleppo"}
    assert errors == [f"{path}:2: columns: expected at least 2 tab-separated columns, found 1"]


def test_shared_gazetteer_parses_completely() -> None:
    if not (GAZETTEER_DIR / "SY.txt").exists():
        pytest.skip(f"shared test data missing: {GAZETTEER_DIR / 'SY.txt'}")
    result = load_geonames_dir(GAZETTEER_DIR)
    Geocoder(result.gazetteer())
    assert len(result.places) == 10_580 and result.errors == []
    assert len(result.admin1_names) == 14
    assert sum(p.geonameid > 100_000_000 for p in result.places) == 40
