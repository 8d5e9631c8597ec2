"""Geocoding evaluation: governorate accuracy of the top candidate, speed and import time.

Usage: .venv/bin/python benchmarks/geocode_eval.py [--misses] [--rounds N] [--min-seconds S]

Imports ../shared/data's GeoNames-format SY.txt (with admin1CodesASCII.txt) and the boundaries the way a user
does – through the store's log into a fresh SQLite file, as ``jointmap gazetteer import`` and ``jointmap
boundaries import`` do – then loads the geocoder from the store and scores benchmarks/data/
geocode_spellings.csv: place spellings as they appear in FA-KES (news/fakes_dev.csv) and the Syria sentences
of Halterman's event-location set, each with the governorate checked by hand. Compares jointmap's geocoder
with a naive baseline (exact, case-insensitive match on a place's primary name or asciiname in the imported
file; first match wins) in the same run.

Speeds are CPU time (``time.process_time``; the machine may be shared, and wall time then measures the
neighbours) over a large, varied list of distinct names (see :func:`speed_names`: every Latin-script name of
the imported places, a seeded press-style respelling of each place's name, and the evaluation spellings –
exact, normalised, variant, typo and unknown names alike). The list is repeated within a round until the
round holds at least ``--min-seconds`` of work; the median and the best of ``--rounds`` rounds are reported.
"Uncached" clears the geocoder's result cache and the name-normalisation caches before every pass over the
list, so each name is folded, keyed and ranked anew; the index itself is warm (one untimed pass first).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import statistics
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

from jointmap.domain import Organisation
from jointmap.geo.geocoder import Geocoder
from jointmap.geo.geonames import parse_geonames
from jointmap.geo.normalize import _tokens, fold, keys
from jointmap.geo.places import Gazetteer
from jointmap.store import Store
from jointmap.store.gazetteer import import_boundaries, import_gazetteer, load_geocoder

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


# Press-style respellings of GeoNames' scholarly names: (pattern, replacements one is drawn from).
_RESPELL: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (re.compile(pattern), outs)
    for pattern, outs in (
        ("ay", ("ei", "ai", "ay")),
        ("aw", ("ou", "o", "aw")),
        ("ū", ("ou", "u", "oo")),
        ("ī", ("ee", "i", "i")),
        ("q", ("q", "k")),
        ("^Tall ", ("Tal ", "Tel ", "Tell ")),
        ("ah$", ("eh", "a", "ah")),
        ("^A[lnrstdz]h? ", ("Al-", "Al ", "", "al-")),
        (" a[lnrstdz]h? ", (" al-", " Al-", " el-", " ")),
        ("[‘’]", ("", "'")),
        ("^Khirbat ", ("Khirbet ", "Kherbet ")),
    )
)


_ARABIC = re.compile(r"[\u0600-\u06ff]").search


def _respell(rng: random.Random, name: str) -> str:
    for pattern, outs in _RESPELL:
        name = pattern.sub(lambda _match, choices=outs: rng.choice(choices), name)
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def speed_names(gazetteer: Gazetteer, spellings: list[str]) -> list[str]:
    """Distinct names for the speed rounds, in a seeded shuffled order: the evaluation spellings, every
    Latin-script name (name, asciiname, alternate names) of the places, and one press-style respelling of
    each place's name (``ay`` → ``ei``, ``Tall`` → ``Tel``, ``Al`` → ``al-``, diacritics dropped ...)."""
    rng = random.Random(2016)
    names = list(spellings)
    places = sorted(gazetteer, key=lambda p: p.geonameid)
    for place in places:
        names += [alias for alias, _ in place.all_names() if not _ARABIC(alias)]
    names += [_respell(rng, place.name) for place in places]
    unique = list(dict.fromkeys(n for n in names if n.strip()))
    rng.shuffle(unique)
    return unique


def _rates(
    names: list[str],
    rounds: int,
    min_seconds: float,
    before: Callable[[], None],
    geocode: Callable[[str], object],
) -> tuple[float, float, int]:
    """(median, best) names per CPU second over ``rounds`` rounds of at least ``min_seconds``; passes."""
    before()
    for name in names:  # warm the index (buckets, reasons) – untimed
        geocode(name)
    passes = 1
    rates = []
    for _ in range(rounds):
        spent = 0.0
        count = 0
        while spent < min_seconds or count < passes * len(names):
            before()
            start = time.process_time()
            for name in names:
                geocode(name)
            spent += time.process_time() - start
            count += len(names)
        passes = max(passes, count // len(names))
        rates.append(count / spent)
    return statistics.median(rates), max(rates), passes


def _clear_all(geocoder: Geocoder) -> Callable[[], None]:
    def clear() -> None:
        geocoder.clear_cache()
        for cached in (fold, _tokens, keys):
            cached.cache_clear()

    return clear


def _import(db: Path) -> tuple[Geocoder, float, float, int, int]:
    """Import through the store; (geocoder, import seconds, load seconds, places, rejected lines)."""
    gazetteer_dir = SHARED / "gazetteer"
    with Store.open(db) as store:
        store.write("organisation.register", "bench", Organisation(id="bench", name="Bench", kind="operator"))
        start = time.perf_counter()
        outcome = import_gazetteer(
            store, "bench", gazetteer_dir / "SY.txt", gazetteer_dir / "admin1CodesASCII.txt"
        )
        imported = time.perf_counter()
        import_boundaries(store, "bench", SHARED / "boundaries" / "syria_admin.geojson")
        start_load = time.perf_counter()
        geocoder = load_geocoder(store)
        loaded = time.perf_counter()
    return geocoder, imported - start, loaded - start_load, outcome.count, len(outcome.errors)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the spellings we get wrong")
    parser.add_argument("--rounds", type=int, default=7, help="speed rounds (default 7)")
    parser.add_argument("--min-seconds", type=float, default=2.0, help="CPU seconds per round (default 2)")
    args = parser.parse_args()
    if not (SHARED / "gazetteer" / "SY.txt").exists():
        print(f"shared data missing: {SHARED}", file=sys.stderr)
        return 2
    with SPELLINGS.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))

    with tempfile.TemporaryDirectory(prefix="geocode-eval-") as tmp:
        geocoder, import_s, load_s, n_places, n_rejected = _import(Path(tmp) / "eval.db")

    baseline = _baseline(parse_geonames(SHARED / "gazetteer" / "SY.txt").gazetteer())
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
        got_ctx = with_ctx[0].admin1_code if with_ctx else ""
        ours_ctx += got_ctx == expected
        if got != expected or got_ctx != expected:
            misses.append((row["spelling"], expected, got, top[0].name if top else "-", got_ctx))

    names = speed_names(geocoder.gazetteer, [r["spelling"] for r in rows])
    uncached = _rates(names, args.rounds, args.min_seconds, _clear_all(geocoder), geocoder.geocode)
    cached = _rates(names, args.rounds, args.min_seconds, lambda: None, geocoder.geocode)

    n = len(rows)
    print(f"Geocoding evaluation: {n} spellings from FA-KES dev + Halterman Syria sentences (dev)\n")
    print("| measure | jointmap | naive baseline (exact primary name) |")
    print("|---|---|---|")
    name_only = f"{ours / n:.1%} ({ours}/{n}) | {base / n:.1%} ({base}/{n})"
    print(f"| governorate accuracy, top candidate, name only | {name_only} |")
    print(
        f"| governorate accuracy, with the source text as context | {ours_ctx / n:.1%} ({ours_ctx}/{n}) | – |"
    )
    rounds = f"{args.rounds} rounds of ≥ {args.min_seconds:g} CPU-s over {len(names):,} distinct names"
    print(
        "| names/s, warm, one core CPU time, uncached (every name normalised and ranked), median / best"
        f" of {rounds} | {uncached[0]:,.0f} / {uncached[1]:,.0f} | – |"
    )
    print(
        f"| names/s, warm, one core CPU time, repeated names (cache hits), median / best | {cached[0]:,.0f}"
        f" / {cached[1]:,.0f} | – |"
    )
    label = f"time to import the {n_places:,}-place file through the log ({n_rejected} lines rejected)"
    print(f"| {label} | {import_s:.2f} s | – |")
    print(f"| time to load it back: store → supplement → boundaries → geocoder index | {load_s:.2f} s | – |")
    if args.misses:
        print("\n| spelling | expected | got | top candidate | got with context |\n|---|---|---|---|---|")
        for spelling, expected, got, name, got_ctx in misses:
            print(f"| {spelling} | {expected} | {got or '—'} | {name} | {got_ctx or '—'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
