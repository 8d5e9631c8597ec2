"""The gazetteer and boundaries kept through the log: import, idempotency, replay, load path."""

from __future__ import annotations

import json
from pathlib import Path

from jointmap.store import Store
from jointmap.store.compare import table_contents
from jointmap.store.gazetteer import (
    import_boundaries,
    import_gazetteer,
    load_gazetteer,
    load_geocoder,
    stored_boundaries,
)
from shared_paths import shared_data

GEO_TABLES = ("gazetteer_places", "gazetteer_admin1", "boundaries", "geo_imports")


def _line(gid: int, name: str, lat: float, lon: float, admin1: str, alternates: str = "") -> str:
    cols = [str(gid), name, name, alternates, str(lat), str(lon), "P", "PPL", "SY", "", admin1]
    return "\t".join([*cols, "", "", "", "0", "", "", "Asia/Damascus", "2020-01-01"])


def small_file(tmp_path: Path) -> Path:
    path = tmp_path / "SY.txt"
    path.write_text(
        "\n".join(
            [
                _line(9001, "Qaryat Zarqa", 36.3, 37.3, "09", "قرية زرقا,Qaryet Zerqa"),
                _line(9002, "Tall Zurq", 34.9, 36.8, "11"),
                "9003\tBroken\tBroken\t\tnot-a-lat\t36\tP\tPPL\tSY\t\t09\t\t\t\t0\t\t\tAsia/Damascus\t2020-01-01",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    return path


def square(x: float, y: float, d: float) -> dict[str, object]:
    return {"type": "Polygon", "coordinates": [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]]}


def boundary_file(tmp_path: Path) -> Path:
    path = tmp_path / "admin.geojson"
    features = [
        {
            "type": "Feature",
            "properties": {"level": 1, "name": "Aleppo", "admin1_code": "09"},
            "geometry": square(36.5, 35.8, 2.0),
        },
        {
            "type": "Feature",
            "properties": {"level": 2, "name": "Jebel Saman", "admin1_code": "09"},
            "geometry": square(37.0, 36.0, 0.6),
        },
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def test_import_is_one_log_entry_and_idempotent(store: Store, tmp_path: Path) -> None:
    path = small_file(tmp_path)
    before = store.entry_count()
    outcome = import_gazetteer(store, "monitor", path)
    assert outcome.created and outcome.count == 2
    assert outcome.errors == [f"{path}:3: latitude: could not convert string to float: 'not-a-lat'"]
    assert store.entry_count() == before + 1
    again = import_gazetteer(store, "monitor", path)
    assert not again.created and again.seq == outcome.seq
    assert store.entry_count() == before + 1
    assert store.count("gazetteer_places") == 2


def test_load_gazetteer_uses_imported_places_and_is_cached(store: Store, tmp_path: Path) -> None:
    default = load_gazetteer(store)
    assert len(default) > 100 and 9001 not in default.places  # the embedded default
    import_gazetteer(store, "monitor", small_file(tmp_path))
    loaded = load_gazetteer(store)
    assert loaded.places[9001].alternatenames == ("قرية زرقا", "Qaryet Zerqa")
    assert load_gazetteer(store) is loaded  # cached until a geo entry is appended
    geocoder = load_geocoder(store)
    assert geocoder is load_geocoder(store)
    assert geocoder.geocode("Qaryet Zerqa")[0].geonameid == 9001
    assert geocoder.geocode("Aleppo")[0].admin1_code == "SY.09"  # supplement merged in


def test_boundaries_set_admin_areas_and_replay_identically(store: Store, tmp_path: Path) -> None:
    admin1 = tmp_path / "admin1CodesASCII.txt"
    admin1.write_text("SY.09\tAleppo\tAleppo\t170062\nSY.11\tHoms\tHoms\t169575\nFR.11\tIDF\tIDF\t1\n")
    assert import_gazetteer(store, "monitor", small_file(tmp_path), admin1).admin1 == 2
    outcome = import_boundaries(store, "monitor", boundary_file(tmp_path))
    assert outcome.created and outcome.count == 2
    assert any("09→SY.09" in line for line in outcome.report)
    assert not import_boundaries(store, "monitor", boundary_file(tmp_path)).created
    found = stored_boundaries(store)
    assert found is not None and found.locate(36.3, 37.3) is not None
    place = load_gazetteer(store).places[9001]
    assert (place.admin1_code, place.admin2_name) == ("SY.09", "Jebel Saman")
    before = table_contents(store.engine)
    assert all(before[name] for name in GEO_TABLES)
    store.rebuild()
    assert table_contents(store.engine) == before


def test_shared_gazetteer_through_the_store(store: Store) -> None:
    path = shared_data("gazetteer/SY.txt")
    outcome = import_gazetteer(store, "monitor", path, path.parent / "admin1CodesASCII.txt")
    assert outcome.count == 10_580 and outcome.errors == [] and outcome.admin1 == 14
    assert store.count("gazetteer_places") == 10_580
    before = table_contents(store.engine)
    store.rebuild()
    assert table_contents(store.engine) == before
    top = load_geocoder(store).geocode("Kafranbel")[0]
    assert top.admin1_code == "SY.12" and top.admin1_name == "Idlib"
