"""Geocoding evaluation: governorate accuracy of the top candidate, speed and import time.

Usage: .venv/bin/python benchmarks/geocode_eval.py [--misses]

Reads ../shared/data (the GeoNames-format SY.txt, admin1 codes and boundaries) and
benchmarks/data/geocode_spellings.csv: place spellings as they appear in FA-KES (news/fakes_dev.csv) and the
Syria sentences of Halterman's event-location set, each with the governorate checked by hand. Compares
jointmap's geocoder with a naive baseline (exact, case-insensitive match on a place's primary name or
asciiname in the imported file; first match wins) in the same run.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

from jointmap.geo.boundaries import assign_admin, load_boundaries
from jointmap.geo.embedded import with_supplement
from jointmap.geo.geocoder import Geocoder
from jointmap.geo.geonames import load_geonames_dir
from jointmap.geo.places import Gazetteer

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
SPELLINGS = ROOT / "benchmarks" / "data" / "geocode_spellings.csv"


def _contexts(rows: list[dict[str, str]]) -> list[str]:
    """The sentence or article each spelling was seen in (used as ``context``)."""
    sentences: dict[str, str] = {}
    with (SHARED / "events" / "halterman_event_location_dev.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            sentences[str(item["id"])] = item["text"]
    with (SHARED / "news" / "fakes_dev.csv").open(encoding="utf-8") as handle:
        articles = [r["article_title"] + ". " + r["article_content"] for r in csv.DictReader(handle)]
    out = []
    for row in rows:
        ref = row["where"].split()[1]
        out.append(articles[int(ref) - 1] if row["seen_in"].startswith("news") else sentences.get(ref, ""))
    return out


def _baseline(gazetteer: Gazetteer) -> dict[str, str]:
    index: dict[str, str] = {}
    for place in gazetteer:
        for name in (place.name, place.asciiname):
            if name:
                index.setdefault(name.casefold(), place.admin1_code)
    return index


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the spellings we get wrong")
    args = parser.parse_args()
    if not (SHARED / "gazetteer" / "SY.txt").exists():
        print(f"shared data missing: {SHARED}", file=sys.stderr)
        return 2
    with SPELLINGS.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))

    start = time.perf_counter()
    imported = load_geonames_dir(SHARED / "gazetteer")
    parsed = time.perf_counter()
    plain = imported.gazetteer()
    boundaries = load_boundaries(SHARED / "boundaries" / "syria_admin.geojson", imported.admin1_names)
    gazetteer, _ = assign_admin(with_supplement(plain), boundaries)
    geocoder = Geocoder(gazetteer)
    built = time.perf_counter()

    baseline = _baseline(plain)
    contexts = _contexts(rows)
    ours = base = ours_ctx = 0
    misses = []
    for row, context in zip(rows, contexts, strict=True):
        expected = row["admin1_code"]
        top = geocoder.geocode(row["spelling"])
        got = top[0].admin1_code if top else ""
        ours += got == expected
        base += baseline.get(row["spelling"].casefold()) == expected
        with_ctx = geocoder.geocode(row["spelling"], context=context)
        ours_ctx += bool(with_ctx) and with_ctx[0].admin1_code == expected
        if got != expected:
            misses.append((row["spelling"], expected, got, top[0].name if top else "-"))

    names = [r["spelling"] for r in rows]
    rounds = max(1, 50_000 // len(names))
    t0 = time.perf_counter()
    for _ in range(rounds):
        for name in names:
            geocoder.geocode(name)
    cached_rate = rounds * len(names) / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    for _ in range(5):
        geocoder.clear_cache()
        for name in names:
            geocoder.geocode(name)
    uncached_rate = 5 * len(names) / (time.perf_counter() - t0)

    n = len(rows)
    print(f"Geocoding evaluation: {n} spellings from FA-KES dev + Halterman Syria sentences (dev)\n")
    print("| measure | jointmap | naive baseline (exact primary name) |")
    print("|---|---|---|")
    name_only = f"{ours / n:.1%} ({ours}/{n}) | {base / n:.1%} ({base}/{n})"
    print(f"| governorate accuracy, top candidate, name only | {name_only} |")
    print(
        f"| governorate accuracy, with the source text as context | {ours_ctx / n:.1%} ({ours_ctx}/{n}) | – |"
    )
    print(f"| names/s, warm, one core, repeated names (cache hits) | {cached_rate:,.0f} | – |")
    print(f"| names/s, warm, one core, cache cleared (index lookups) | {uncached_rate:,.0f} | – |")
    label = f"parse SY.txt ({len(imported.places):,} places, {len(imported.errors)} errors)"
    print(f"| {label} | {parsed - start:.2f} s | – |")
    print(f"| full import: parse + supplement + boundaries + index | {built - start:.2f} s | – |")
    if args.misses:
        print("\n| spelling | expected | got | top candidate |\n|---|---|---|---|")
        for spelling, expected, got, name in misses:
            print(f"| {spelling} | {expected} | {got or '—'} | {name} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
