"""Pure geo pieces added for issue 4: locate_admin, designators, the LCS ratio, download from file://."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from shapely.geometry import Point

from jointmap.errors import JointmapError
from jointmap.geo.boundaries import Boundaries, locate_admin
from jointmap.geo.designators import designator
from jointmap.geo.download import download_geonames, geonames_url
from jointmap.geo.geocoder import Geocoder, lcs_ratio
from jointmap.geo.places import Gazetteer, Place
from jointmap.geo.shapes import parse_location


def test_locate_admin_prefers_polygons_then_the_gazetteer(boundaries: Boundaries) -> None:
    hit = locate_admin(36.2, 37.15, boundaries, None)  # Aleppo city
    assert hit is not None and hit.admin1_code == "SY.09" and hit.admin2_name and hit.method == "boundaries"
    gaz = Gazetteer.build(
        [Place(1, "Somewhere", 35.0, 36.0, admin1_code="SY.10", admin2_name="Hama")], {"SY.10": "Hama"}
    )
    known = locate_admin(35.0, 36.0, None, gaz, admin1_code="SY.10")
    assert known is not None and (known.admin1_code, known.admin1_name, known.method) == (
        "SY.10",
        "Hama",
        "gazetteer",
    )
    near = locate_admin(35.05, 36.05, None, gaz)
    assert near is not None and near.admin1_code == "SY.10" and near.method == "nearest place"
    assert locate_admin(20.0, 20.0, None, gaz) is None
    assert locate_admin(20.0, 20.0, boundaries, None) is None


def test_designators_and_arabic_generics() -> None:
    assert designator("Idlib province") == ("Idlib", "admin1", "")
    assert designator("city of Homs") == ("Homs", "city", "")
    assert designator("Al-Assad Suburb") == ("Al-Assad", "part", "Dahiyat")
    assert designator("Mount Turkman") == ("Turkman", "facility", "Jabal")


def test_english_generic_tries_the_arabic_form() -> None:
    gaz = Gazetteer.build(
        [
            Place(1, "Ḑāḩiyat al Asad", 36.18, 37.1, admin1_code="SY.09"),
            Place(2, "Asad", 33.0, 36.0, feature_code="PPLA2", admin1_code="SY.06"),
        ]
    )
    top = Geocoder(gaz).geocode("Al-Assad Suburb")[0]
    assert top.geonameid == 1


def test_lcs_ratio_matches_difflib_on_simple_cases() -> None:
    assert lcs_ratio("kafranbil", "kafrnabl") == pytest.approx(14 / 17)
    assert lcs_ratio("abc", "xyz") == 0.0
    assert lcs_ratio("same", "same") == 1.0
    assert lcs_ratio("", "") == 1.0


def test_download_from_a_file_url(tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    with zipfile.ZipFile(mirror / "SY.zip", "w") as zf:
        zf.writestr("SY.txt", "1\tA\tA\t\t35\t36\tP\tPPL\tSY\t\t09\t\t\t\t0\t\t\tAsia/Damascus\t2020-01-01\n")
        zf.writestr("readme.txt", "GeoNames")
    (mirror / "admin1CodesASCII.txt").write_text("SY.09\tAleppo\tAleppo\t170062\n")
    got = download_geonames("sy", tmp_path / "out", f"{mirror.as_uri()}/{{country}}.zip")
    assert got.places_file.read_text().startswith("1\tA")
    assert got.admin1_file is not None and got.admin1_file.exists()
    with pytest.raises(JointmapError, match="cannot download"):
        download_geonames("XX", tmp_path / "out2", f"{mirror.as_uri()}/{{country}}.zip")


def test_url_setting_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JOINTMAP_GEONAMES_URL", raising=False)
    assert geonames_url("sy") == "https://download.geonames.org/export/dump/SY.zip"
    monkeypatch.setenv("JOINTMAP_GEONAMES_URL", "file:///m/{country}.zip")
    assert geonames_url("SY") == "file:///m/SY.zip"
    assert geonames_url("SY", "http://x/{country}.zip") == "http://x/SY.zip"


def test_km_south_of_palmyra_is_inside_homs_desert(full_geocoder: Geocoder, boundaries: Boundaries) -> None:
    loc = parse_location("5 km south of Palmyra", full_geocoder, boundaries)
    assert loc is not None and loc.precision == 2
    homs = boundaries.admin1_shape("SY.11")
    assert homs is not None
    assert loc.shape.area > 0 and loc.shape.intersection(homs).area / loc.shape.area > 0.99
    tadmur = full_geocoder.geocode("Tadmur")[0]
    assert not loc.shape.contains(Point(tadmur.lon, tadmur.lat))
    assert loc.shape.centroid.y < tadmur.lat
