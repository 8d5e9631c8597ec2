"""``jointmap gazetteer import|download``, ``boundaries import`` and ``geocode`` on fresh SQLite files."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from click.testing import CliRunner

from jointmap.cli import cli
from jointmap.store import Store
from jointmap.store.compare import table_contents

FIELDS = {
    "geonameid",
    "name",
    "lat",
    "lon",
    "admin1_code",
    "admin1_name",
    "feature_code",
    "precision",
    "score",
    "why",
}


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _line(gid: str, name: str, lat: str, lon: str, admin1: str, alternates: str = "") -> str:
    cols = [gid, name, name, alternates, lat, lon, "P", "PPL", "SY", "", admin1]
    return "\t".join([*cols, "", "", "", "0", "", "", "Asia/Damascus", "2020-01-01"])


def gazetteer_file(path: Path) -> Path:
    path.write_text(
        "\n".join(
            [
                _line("9001", "Qaryat Zarqa", "36.3", "37.3", "09", "قرية زرقا"),
                _line("9002", "Tall Zurq", "nan", "36.8", "11"),
                _line("9003", "Tall Zurq", "34.9", "36.8", "11"),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    return path


def test_import_reports_bad_lines_loads_the_rest_and_reimport_adds_nothing(
    store: Store, tmp_path: Path
) -> None:
    db = str(store.engine.url.database)
    path = gazetteer_file(tmp_path / "SY.txt")
    code, out, err = run("--db", db, "--as", "monitor", "gazetteer", "import", str(path))
    assert code == 1
    assert f"{path}:2: latitude:" in err
    assert "2 places" in out and "1 lines rejected" in out
    entries = store.entry_count()
    code, out, _ = run("--db", db, "--as", "monitor", "gazetteer", "import", str(path))
    assert "already imported" in out and store.entry_count() == entries
    assert store.count("gazetteer_places") == 2
    before = table_contents(store.engine)
    code, _, _ = run("--db", db, "rebuild")
    assert code == 0 and table_contents(store.engine) == before


def test_import_needs_an_organisation(store: Store, tmp_path: Path) -> None:
    path = gazetteer_file(tmp_path / "SY.txt")
    code, _, err = run("--db", str(store.engine.url.database), "gazetteer", "import", str(path))
    assert code == 2 and "--as" in err


def test_download_from_a_file_url(store: Store, tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    with zipfile.ZipFile(mirror / "SY.zip", "w") as zf:
        zf.write(gazetteer_file(tmp_path / "SY.txt"), "SY.txt")
    (mirror / "admin1CodesASCII.txt").write_text("SY.09\tAleppo\tAleppo\t170062\nSY.11\tHoms\tHoms\t169575\n")
    env = {"JOINTMAP_GEONAMES_URL": f"{mirror.as_uri()}/{{country}}.zip"}
    db = str(store.engine.url.database)
    code, out, _ = run("--db", db, "--as", "monitor", "gazetteer", "download", "SY", env=env)
    assert code == 1  # the one bad line
    assert "2 places, 2 governorate names" in out
    code, out, _ = run("--db", db, "geocode", "قرية زرقا", "--json")
    top = json.loads(out)["candidates"][0]
    assert (top["geonameid"], top["admin1_name"]) == (9001, "Aleppo")


def test_boundaries_import_reports_reconciled_codes(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "admin.geojson"
    ring = [[36.5, 35.8], [38.5, 35.8], [38.5, 37.0], [36.5, 37.0], [36.5, 35.8]]
    feature = {
        "type": "Feature",
        "properties": {"level": 1, "name": "Aleppo", "admin1_code": "09"},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature, {"type": "Feature"}]}))
    code, out, err = run(
        "--db", str(store.engine.url.database), "--as", "monitor", "boundaries", "import", str(path)
    )
    assert code == 1 and f"{path}:feature 2: level:" in err
    assert "09→SY.09" in out and "1 areas imported" in out
    assert store.count("boundaries") == 1


def test_geocode_json_shape_arabic_neighbourhood_and_unknown(empty_store: Store) -> None:
    db = str(empty_store.engine.url.database)  # nothing imported: the embedded default
    code, out, _ = run("--db", db, "geocode", "Jobar", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["query"] == "Jobar" and set(doc) == {"query", "candidates"}
    top = doc["candidates"][0]
    assert set(top) == FIELDS
    assert (top["name"], top["admin1_code"], top["precision"]) == ("Jobar", "SY.13", 2)
    assert 0.0 <= top["score"] <= 1.0 and "neighbourhood of Damascus" in top["why"]
    scores = [c["score"] for c in doc["candidates"]]
    assert scores == sorted(scores, reverse=True)
    code, out, _ = run("--db", db, "geocode", "حلب", "--json")
    assert json.loads(out)["candidates"][0]["admin1_code"] == "SY.09"
    code, out, _ = run("--db", db, "geocode", "Xyzzyqq", "--json")
    assert code == 0 and json.loads(out) == {"query": "Xyzzyqq", "candidates": []}
    code, out, _ = run("--db", db, "geocode", "Duma", "--governorate", "Rif Dimashq")
    assert code == 0 and "Places for 'Duma'" in out
    code, out, _ = run("--db", db, "geocode", "Xyzzyqq")
    assert code == 0 and "no place found" in out
