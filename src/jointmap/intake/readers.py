"""Reading input files into raw records, each with where it came from (file and line or feature)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jointmap.errors import RowError

__all__ = ["SUPPORTED_SUFFIXES", "RawRecord", "read_records"]

SUPPORTED_SUFFIXES = (".csv", ".json", ".jsonl", ".ndjson", ".geojson")


@dataclass(frozen=True)
class RawRecord:
    file: str
    line: int
    unit: str
    data: dict[str, Any]

    def error(self, field: str, problem: str) -> RowError:
        return RowError(self.file, self.line, field, problem, self.unit)


def read_records(path: Path) -> Iterator[RawRecord | RowError]:
    """Yield each record of a file, or a RowError for a record that cannot even be read."""
    name = str(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            yield from _csv(path, name)
        elif suffix in (".jsonl", ".ndjson"):
            yield from _jsonl(path, name)
        elif suffix in (".json", ".geojson"):
            yield from _json(path, name)
        else:
            yield RowError(
                name,
                0,
                "(file)",
                f"unsupported file type {suffix!r}; use one of " + ", ".join(SUPPORTED_SUFFIXES),
            )
    except UnicodeDecodeError as exc:
        yield RowError(name, 0, "(file)", f"not UTF-8 text ({exc.reason} at byte {exc.start})")
    except OSError as exc:
        yield RowError(name, 0, "(file)", f"cannot read: {exc.strerror or exc}")


def _csv(path: Path, name: str) -> Iterator[RawRecord | RowError]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames:
            return
        try:
            for row in reader:
                if None in row:  # more cells than header columns
                    yield RowError(
                        name,
                        reader.line_num,
                        "(row)",
                        f"{len(row[None])} more cell(s) than the header has columns",
                    )
                    continue
                data = {k.strip(): v or "" for k, v in row.items() if k is not None}
                yield RawRecord(name, reader.line_num, "line", data)
        except csv.Error as exc:
            yield RowError(name, reader.line_num, "(row)", f"malformed CSV: {exc}")


def _jsonl(path: Path, name: str) -> Iterator[RawRecord | RowError]:
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                yield RowError(name, number, "(json)", f"invalid JSON: {exc.msg} at column {exc.colno}")
                continue
            if not isinstance(data, dict):
                yield RowError(name, number, "(json)", "expected a JSON object")
                continue
            yield RawRecord(name, number, "line", data)


def _json(path: Path, name: str) -> Iterator[RawRecord | RowError]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        yield RowError(name, exc.lineno, "(json)", f"invalid JSON: {exc.msg} at column {exc.colno}")
        return
    if isinstance(doc, dict) and doc.get("type") == "FeatureCollection":
        for number, feature in enumerate(doc.get("features") or [], start=1):
            record = _feature(feature)
            if isinstance(record, str):
                yield RowError(name, number, "geometry", record, "feature")
            else:
                yield RawRecord(name, number, "feature", record)
        return
    items = doc if isinstance(doc, list) else [doc]
    for number, item in enumerate(items, start=1):
        if isinstance(item, dict):
            yield RawRecord(name, number, "record", item)
        else:
            yield RowError(name, number, "(json)", "expected a JSON object", "record")


def _feature(feature: Any) -> dict[str, Any] | str:
    """A GeoJSON Feature → flat record: Point gives lat/lon; other geometries give area_wkt and a centroid."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return "not a GeoJSON Feature"
    props = dict(feature.get("properties") or {})
    geometry = feature.get("geometry")
    if geometry is None:
        return props
    try:
        from shapely.geometry import shape

        geom = shape(geometry)
    except (ValueError, TypeError, AttributeError, KeyError) as exc:
        return f"invalid geometry: {exc}"
    if geom.is_empty:
        return "empty geometry"
    if geom.geom_type == "Point":
        props.setdefault("lon", geom.x)
        props.setdefault("lat", geom.y)
    else:
        centre = geom.representative_point()
        props.setdefault("lon", centre.x)
        props.setdefault("lat", centre.y)
        props.setdefault("area_wkt", geom.wkt)
    return props
