from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from jointmap.intake import import_files, importer, parse_date, parse_time
from jointmap.store import Store
from jointmap.store import store as store_module
from jointmap.store.compare import table_contents

HEADER = ["id", "source", "published_at", "title", "text"]
# Each bad row and the field its error must name.
BAD_ROWS = [
    (["b1", "wire", "2016-02-30", "t", "Impossible date."], "published_at"),
    (["b2", "wire", "03/04/2016", "t", "Ambiguous date."], "published_at"),
    (["b3", "wire", "2016-03-01", "t", ""], "text"),
    (["b4", "nobody", "2016-03-01", "t", "Unknown source."], "source"),
    (["b5", "wire", "2016-03-01T10:00:00", "t", "Time without offset."], "published_at"),
    (["b6", "wire", "", "t", "No date at all."], "received_at"),
    (["b 7", "wire", "2016-03-01", "t", "Id with a space."], "id"),
    (["b8", "wire", "yesterday", "t", "Words for a date."], "published_at"),
    (["b9", "wire", "2016-13-01", "t", "Month 13."], "published_at"),
    (["b10", "wire", "2016-03-01", "t", "Too many cells.", "extra"], "(row)"),
]


def write_csv(path: Path, good: int, bad: bool = True) -> dict[int, str]:
    """A CSV of ``good`` valid reports with the bad rows spread through it; returns line → expected field."""
    expected: dict[int, str] = {}
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        line = 1
        bad_every = max(1, good // len(BAD_ROWS))
        bad_rows = list(BAD_ROWS) if bad else []
        for i in range(good):
            line += 1
            writer.writerow(
                [f"r{i}", "wire", f"2016-03-{1 + i % 28:02d}", f"Report {i}", f"Shelling {i} in Douma."]
            )
            if bad_rows and i % bad_every == bad_every - 1:
                row, field = bad_rows.pop(0)
                line += 1
                writer.writerow(row)
                expected[line] = field
    return expected


def consistent(store: Store) -> bool:
    """Entries and tables agree: replaying the log reproduces the tables exactly."""
    before = table_contents(store.engine)
    store.rebuild()
    return table_contents(store.engine) == before


def test_1000_good_and_10_bad_rows(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "reports.csv"
    expected = write_csv(path, 1000)
    result = import_files(store, [path], "monitor")
    assert result.stored == 1000
    assert store.count("reports") == 1000
    assert len(result.errors) == 10
    assert {e.line: e.field for e in result.errors} == expected
    for e in result.errors:
        assert str(e).startswith(f"{path}:{e.line}: {e.field}: ")
    again = import_files(store, [path], "monitor")
    assert again.stored == 0 and again.unchanged == 1000
    assert store.count("reports") == 1000
    assert consistent(store)


def test_exception_midway_leaves_store_consistent_and_rerun_finishes(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "reports.csv"
    write_csv(path, 1000, bad=False)
    monkeypatch.setattr(importer, "CHUNK", 100)
    calls = {"n": 0}
    real = store_module.apply_in_order

    def crashing(*args: Any) -> None:
        # After the log rows of the 6th chunk are inserted, before they are applied: the worst moment.
        calls["n"] += 1
        if calls["n"] == 6:
            raise RuntimeError("power cut")
        real(*args)

    monkeypatch.setattr(store_module, "apply_in_order", crashing)
    with pytest.raises(RuntimeError, match="power cut"):
        import_files(store, [path], "monitor")
    monkeypatch.setattr(store_module, "apply_in_order", real)
    assert store.count("reports") == 500
    assert store.entry_count() == 8 + 500
    assert consistent(store)
    result = import_files(store, [path], "monitor")
    assert store.count("reports") == 1000
    assert result.stored == 500 and result.unchanged == 500


KILL_SCRIPT = """
import os, signal, sys
from pathlib import Path
from jointmap.intake import importer, import_files
from jointmap.store import Store
from jointmap.store import store as store_module
from jointmap.store import store as store_module
importer.CHUNK = 100
calls = {"n": 0}
real = store_module.apply_in_order
def dying(*args):
    calls["n"] += 1
    if calls["n"] == 7:
        os.kill(os.getpid(), signal.SIGKILL)
    real(*args)
store_module.apply_in_order = dying
with Store.open(sys.argv[1]) as store:
    import_files(store, [Path(sys.argv[2])], "monitor")
"""


def test_killed_import_leaves_store_consistent_and_rerun_finishes(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "reports.csv"
    write_csv(path, 1000, bad=False)
    db = str(store.engine.url.database)
    store.close()
    proc = subprocess.run(
        [sys.executable, "-c", KILL_SCRIPT, db, str(path)],
        capture_output=True,
        timeout=120,
        env=os.environ.copy(),
    )
    assert proc.returncode == -9, proc.stderr.decode()
    with Store.open(db) as reopened:
        assert reopened.count("reports") == 600
        assert consistent(reopened)
        import_files(reopened, [path], "monitor")
        assert reopened.count("reports") == 1000
        assert consistent(reopened)


def test_jsonl_json_and_geojson_incidents(store: Store, tmp_path: Path) -> None:
    import_files(store, [write_one_report(tmp_path)], "monitor")
    incident = {
        "id": "i1",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "date_start": "2016-03-01",
        "location_name": "Douma",
        "perpetrators": "saa:0.7",
        "targets": "fsa",
        "fatalities_best": 3,
        "reports": "r0",
        "civilian_targeting": "yes",
    }
    jsonl = tmp_path / "incidents.jsonl"
    jsonl.write_text(json.dumps(incident | {"lat": 33.57, "lon": 36.4}) + "\n{not json\n", encoding="utf-8")
    geo = tmp_path / "incidents.geojson"
    geo.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "geometry": {"type": "Point", "coordinates": [36.2, 33.5]},
                        "properties": incident | {"id": "i2", "perpetrators": "nobody"},
                    },
                    {
                        "type": "Feature",
                        "geometry": {
                            "type": "Polygon",
                            "coordinates": [[[36.3, 33.5], [36.5, 33.5], [36.5, 33.6], [36.3, 33.5]]],
                        },
                        "properties": incident | {"id": "i3", "location_precision": 5},
                    },
                ],
            }
        ),
        encoding="utf-8",
    )
    result = import_files(store, [jsonl, geo], "monitor")
    assert result.stored == 2
    assert sorted(str(e) for e in result.errors) == [
        f"{geo}:feature 1: perpetrators: unknown actor 'nobody'",
        f"{jsonl}:2: (json): invalid JSON: Expecting property name enclosed in double quotes at column 2",
    ]
    from jointmap.domain import Incident

    i1 = store.get(Incident, "incidents", "i1")
    assert i1.perpetrators[0].confidence == 0.7 and i1.fatalities.best == 3 and i1.civilian_targeting
    i3 = store.get(Incident, "incidents", "i3")
    assert i3.location.area_wkt is not None and i3.location.precision == 5


def write_one_report(tmp_path: Path) -> Path:
    path = tmp_path / "one.json"
    path.write_text(json.dumps([{"id": "r0", "source": "wire", "date": "2016-03-01", "text": "Strike."}]))
    return path


def test_date_format_reads_us_dates_and_refuses_guessing() -> None:
    assert parse_date("2/28/2016", "%m/%d/%Y").isoformat() == "2016-02-28"
    with pytest.raises(ValueError, match="not ISO 8601"):
        parse_date("2/28/2016")
    with pytest.raises(ValueError, match="no UTC offset"):
        parse_time("2016-02-28T10:00")
    assert parse_time("2016-02-28").utcoffset() is not None


def test_garbage_files_are_reported_not_crashed(store: Store, tmp_path: Path) -> None:
    binary = tmp_path / "garbage.csv"
    binary.write_bytes(b"id,text\n\xff\xfe\x00bad")
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    result = import_files(store, [binary, other], "monitor")
    assert result.stored == 0
    assert [e.field for e in result.errors] == ["(file)", "(file)"]
    assert "not UTF-8" in str(result.errors[0]) and "unsupported file type" in str(result.errors[1])
