"""Adjudication throughput: incidents judged per second against a layer of many polygons and versions.

Four measurements in one run, printed as a markdown table:

* baseline — a naive loop on a subset: for each incident, the polygons of the layer version in force, each
  tested with shapely ``contains`` (no index);
* vectorised locate — every incident located with shapely 2 STRtree bulk queries, grouped by version;
* engine — ``Judge.incident`` (all rules, every fact and its source, the explanation) on a sample;
* store round trip — incidents read from a SQLite store, judged, verdicts written back through the log
  with ``Store.write_many``, on a sample; the 1M figure is extrapolated from its rate.

The layer (``--polygons`` cells × ``--versions`` weekly valid-time versions) is built in memory as the
``ControlRecord`` objects the store would return; incidents are exact points.

    .venv/bin/python benchmarks/adjudicate.py [--incidents 1000000] [--polygons 10000] [--versions 50]
"""

from __future__ import annotations

import argparse
import math
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import Point, box

from jointmap.adjudicate import Judge, JudgingContext, Standings, adjudicate_store, judge_for
from jointmap.control import ControlRecord, LayerHistory
from jointmap.domain import Actor, Agreement, ControlArea, Incident, Layer, Organisation
from jointmap.store import Store

START = date(2016, 2, 27)
WEST, SOUTH, EAST, NORTH = 36.0, 32.5, 41.0, 37.0
ACTORS = {"gov": "state_forces", "opp": "rebel_group", "excl": "rebel_group", "civilians": "civilians"}
HOLDERS = [("gov",), ("opp",), ("excl",), ("opp", "excl")]


def agreement() -> Agreement:
    return Agreement.model_validate(
        {
            "id": "bench",
            "name": "Benchmark truce",
            "effective_from": "2016-02-27T00:00:00+02:00",
            "parties": [{"actor": "gov", "side": "government"}, {"actor": "opp", "side": "opposition"}],
            "excluded": ["excl"],
            "scope_countries": [],
            "obligations": [
                {"id": "no-attack", "predicate": "no_attack_on_party", "text": "No attacks on parties."},
            ],
        }
    )


def actors() -> dict[str, Actor]:
    return {
        a: Actor.model_validate({"id": a, "kind": kind, "names": [{"name": a.title(), "kind": "official"}]})
        for a, kind in ACTORS.items()
    }


def layer_records(polygons: int, versions: int, rng: random.Random) -> list[ControlRecord]:
    side = int(math.sqrt(polygons))
    dx, dy = (EAST - WEST) / side, (NORTH - SOUTH) / side
    records = []
    seq = 1
    for v in range(versions):
        valid_from = START + timedelta(days=7 * v)
        valid_to = None if v == versions - 1 else valid_from + timedelta(days=6)
        for i in range(side * side):
            x, y = WEST + (i % side) * dx, SOUTH + (i // side) * dy
            area = ControlArea.model_construct(
                id=f"c{i}-v{v}",
                layer="grid",
                area_wkt=box(x, y, x + dx, y + dy).wkt,
                actors=rng.choice(HOLDERS),
                valid_from=valid_from,
                valid_to=valid_to,
                source="bench",
                confidence=0.9,
                name="",
            )
            records.append(ControlRecord(area, seq))
            seq += 1
    return records


def incidents(n: int, days: int, rng: random.Random) -> list[Incident]:
    out = []
    for i in range(n):
        day = (START + timedelta(days=rng.randrange(days))).isoformat()
        perpetrators = rng.choice([[], [{"actor": "gov"}], [{"actor": "opp"}], [{"actor": "excl"}]])
        out.append(
            Incident.model_validate(
                {
                    "id": f"i{i}",
                    "event_type": "Explosions/Remote violence",
                    "sub_event_type": "Air/drone strike",
                    "when": {"start": day, "end": day},
                    "location": {
                        "name": "p",
                        "lat": rng.uniform(SOUTH, NORTH),
                        "lon": rng.uniform(WEST, EAST),
                    },
                    "perpetrators": perpetrators,
                    "targets": [{"actor": "civilians"}],
                    "credibility": 2,
                }
            )
        )
    return out


def naive(history: LayerHistory, sample: list[Incident]) -> float:
    """Per incident: the version in force, then every polygon's ``contains`` in turn (no index)."""
    shapes: dict[date, list[tuple[object, tuple[str, ...]]]] = {}
    t = time.perf_counter()
    for inc in sample:
        day = inc.when.start
        if day not in shapes:
            shapes[day] = [(h.geometry, h.actors) for h in history.view(day).holdings]
        point = Point(inc.location.lon, inc.location.lat)
        for geometry, _holders in shapes[day]:
            if geometry.contains(point):  # type: ignore[attr-defined]
                break
    return time.perf_counter() - t


def vectorised(history: LayerHistory, all_incidents: list[Incident]) -> float:
    """Every incident located at once per version: one STRtree bulk query per set of records in force."""
    t = time.perf_counter()
    days = np.array([(i.when.start - START).days for i in all_incidents])
    points = shapely.points([i.location.lon for i in all_incidents], [i.location.lat for i in all_incidents])
    located = 0
    for offset in np.unique(days):
        view = history.view(START + timedelta(days=int(offset)))
        pairs = view.query(points[days == offset])
        located += pairs.shape[1]
    elapsed = time.perf_counter() - t
    assert located >= len(all_incidents) * 0.99
    return elapsed


def store_round_trip(sample: list[Incident], records: list[ControlRecord]) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "bench.db") as store:
        store.write(
            "organisation.register", "monitor", Organisation(id="monitor", name="Monitor", kind="monitor")
        )
        store.write("agreement.record", "monitor", agreement())
        for a in actors().values():
            store.write("actor.record", "monitor", a)
        store.write(
            "layer.record", "monitor", Layer(id="grid", name="Grid", organisation="monitor", kind="joint")
        )
        store.write_many(("incident.record", "monitor", i) for i in sample)
        # The layer is not stored (see the module docstring): hand the judge the same records.
        history = LayerHistory("grid", records)

        def make_judge(a: Agreement) -> Judge:
            judge = judge_for(store, a)
            judge.ctx.layers = lambda _layer, day: history.view(day)
            return judge

        t = time.perf_counter()
        run = adjudicate_store(
            store, "monitor", decided_at=datetime(2016, 12, 1, tzinfo=UTC), make_judge=make_judge
        )
        elapsed = time.perf_counter() - t
        return elapsed, run.written


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--polygons", type=int, default=10_000)
    parser.add_argument("--versions", type=int, default=50)
    parser.add_argument("--baseline", type=int, default=10_000, help="incidents in the naive subset")
    parser.add_argument("--sample", type=int, default=20_000, help="incidents judged by the full engine")
    args = parser.parse_args()
    rng = random.Random(6)
    t = time.perf_counter()
    records = layer_records(args.polygons, args.versions, rng)
    all_incidents = incidents(args.incidents, 7 * args.versions, rng)
    setup = time.perf_counter() - t
    history = LayerHistory("grid", records)
    t = time.perf_counter()
    for v in range(args.versions):
        history.view(START + timedelta(days=7 * v))
    build = time.perf_counter() - t

    base = naive(history, all_incidents[: args.baseline])
    locate = vectorised(history, all_incidents)
    sample = all_incidents[: args.sample]
    ctx = JudgingContext(agreement(), Standings(agreement(), actors()), lambda _l, d: history.view(d), "grid")
    judge = Judge(ctx)
    t = time.perf_counter()
    for inc in sample:
        judge.incident(inc)
    engine = time.perf_counter() - t
    round_trip, written = store_round_trip(sample, records)
    assert written == len(sample)

    n = args.incidents
    rows = [
        ("naive loop, shapely contains, no index", len(sample[: args.baseline]) or args.baseline, base),
        ("vectorised STRtree locate (all incidents)", n, locate),
        ("engine: Judge.incident, every rule and fact", len(sample), engine),
        ("store → judge → verdicts via write_many", len(sample), round_trip),
    ]
    print(
        f"Layer: {args.polygons:,} polygons × {args.versions} versions ({len(records):,} records; "
        f"views built in {build:.1f} s); {n:,} incidents (setup {setup:.1f} s, not timed).\n"
    )
    print("| measurement | incidents | seconds | incidents/s | time for 1M |")
    print("|---|---:|---:|---:|---:|")
    for name, count, seconds in rows:
        rate = count / seconds
        print(f"| {name} | {count:,} | {seconds:.2f} | {rate:,.0f} | {1_000_000 / rate:,.0f} s |")


if __name__ == "__main__":
    main()
