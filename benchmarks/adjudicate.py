"""Adjudication throughput: incidents judged per second against a layer of many polygons and versions.

Measurements in one run, printed as a markdown table:

* baseline — a naive loop on a subset: for each incident, the polygons of the layer version in force, each
  tested with shapely ``contains`` (no index);
* vectorised locate — every incident located with shapely 2 STRtree bulk queries, grouped by version;
* engine — ``Judge.incident`` one by one (every rule, fact and source, the explanation), and ``BulkJudge``:
  one full judgement per situation, the other incidents filled in from its template (``adjudicate.bulk``);
* end to end — ``adjudicate_store``: the layer and every incident read from a SQLite store, judged,
  verdicts written back through the log (``verdict.rows`` entries) and the tables updated (the store is
  filled first, not timed, and flushed to disk), in a fresh process as ``jointmap adjudicate`` runs (its
  interpreter start and opening the store are not timed; ``keep_judgements`` is off, as the CLI has it
  for a run this large). What reading the layer and building its views takes within that is timed apart
  as well (also in a fresh process).

Rows measured on fewer than 1M incidents are extrapolated from their rate.

Wall and CPU seconds are both printed: on a shared machine the CPU time is the steadier figure.

The layer is ``--polygons`` cells × ``--versions`` weekly valid-time versions; the rows before end to end
use it in memory. Incidents are exact points.

    .venv/bin/python benchmarks/adjudicate.py [--incidents 1000000] [--polygons 10000] [--versions 50]
        [--store benchmarks/.cache/adjudicate-1M-layer.db]
"""

from __future__ import annotations

import argparse
import gc
import math
import multiprocessing
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TypeVar

import numpy as np
import shapely
from shapely.geometry import Point, box
from sqlalchemy import func, select

from jointmap.adjudicate import AdjudicationRun, Judge, JudgingContext, Standings, adjudicate_store
from jointmap.adjudicate.bulk import BulkJudge
from jointmap.adjudicate.rows import incident_row
from jointmap.adjudicate.service import ROWS_PER_RUN
from jointmap.control import ControlRecord, LayerHistory
from jointmap.control.read import load_control_rows
from jointmap.domain import Actor, Agreement, ControlArea, Incident, Layer, Organisation
from jointmap.store import Store
from jointmap.store import schema as s

T = TypeVar("T")
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


@dataclass
class Timed:
    wall: float = 0.0
    cpu: float = 0.0

    def __iadd__(self, other: Timed) -> Timed:
        self.wall += other.wall
        self.cpu += other.cpu
        return self


@contextmanager
def timed() -> Iterator[Timed]:
    result = Timed()
    wall, cpu = time.perf_counter(), time.process_time()
    yield result
    result.wall, result.cpu = time.perf_counter() - wall, time.process_time() - cpu


def _stored(path: Path, records: list[ControlRecord], sample: list[Incident]) -> None:
    with Store.open(path, keys=False) as store:
        store.write(
            "organisation.register", "monitor", Organisation(id="monitor", name="Monitor", kind="monitor")
        )
        store.write("agreement.record", "monitor", agreement())
        for a in actors().values():
            store.write("actor.record", "monitor", a)
        store.write(
            "layer.record", "monitor", Layer(id="grid", name="Grid", organisation="monitor", kind="joint")
        )
        store.write_many(("control.area", "monitor", r.record) for r in records)
        store.write_many(("incident.record", "monitor", i) for i in sample)
        with store.engine.connect() as conn:  # fold the WAL into the file so a plain copy is complete
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def layer_from_store(path: Path, versions: int) -> tuple[Timed, int]:
    """The part of end to end that reads the layer: every control record read back (``load_control_rows``)
    and a view built for each version, with the cyclic GC off as ``adjudicate_store`` runs it."""
    gc.disable()
    try:
        with Store.open(path, keys=False) as store, timed() as spent:
            rows = load_control_rows(store)
            history = LayerHistory("grid", rows)
            for v in range(versions):
                history.view(START + timedelta(days=7 * v))
    finally:
        gc.enable()
    return spent, len(rows)


def end_to_end(path: Path) -> tuple[Timed, AdjudicationRun, int]:
    """``adjudicate_store`` on the store at ``path``: the layer and the incidents read, judged, verdicts
    written through the log (``verdict.rows`` entries) and the tables updated. Returns the time, the run,
    and the bytes of log payload the verdicts took."""
    when = datetime(2016, 12, 1, tzinfo=UTC)
    with Store.open(path, keys=False) as store:
        with timed() as total:
            run = adjudicate_store(store, "monitor", decided_at=when, keep_judgements=False)
        with store.engine.connect() as conn:
            size = conn.execute(
                select(func.sum(func.length(s.log_entries.c.payload))).where(
                    s.log_entries.c.kind == "verdict.rows"
                )
            ).scalar_one()
    return total, run, int(size)


@dataclass
class EngineRows:
    """The rows measured on the layer in memory, before anything is stored."""

    build: float
    base: Timed
    locate: Timed
    one_by_one: Timed
    batched: Timed
    situations: int


def engine_rows(
    records: list[ControlRecord],
    all_incidents: list[Incident],
    baseline: int,
    sample_size: int,
    versions: int,
) -> EngineRows:
    """Baseline, locate and engine rows. A function of its own so that the layer in memory and everything
    built on it are freed before end to end, which reads its own from the store."""
    history = LayerHistory("grid", records)
    t = time.perf_counter()
    for v in range(versions):
        history.view(START + timedelta(days=7 * v))
    build = time.perf_counter() - t

    with timed() as base:
        naive(history, all_incidents[:baseline])
    with timed() as locate:
        vectorised(history, all_incidents)
    sample = all_incidents[:sample_size]
    ctx = JudgingContext(agreement(), Standings(agreement(), actors()), lambda _l, d: history.view(d), "grid")
    judge = Judge(ctx)
    _say(f"one by one on {len(sample):,}")
    with timed() as one_by_one:
        for inc in sample:
            judge.incident(inc)
    # The bulk path alone, on rows as the store would give them (no store reads or writes).
    _say("bulk engine")
    rows = [incident_row(i.model_dump(mode="json")) for i in all_incidents]
    by_id = {i.id: i for i in all_incidents}
    ctx = JudgingContext(agreement(), Standings(agreement(), actors()), lambda _l, d: history.view(d), "grid")
    bulk = BulkJudge(Judge(ctx), lambda ids: {k: by_id[k] for k in ids})
    gc.disable()  # as adjudicate_store runs it (see service._without_cyclic_gc)
    with timed() as batched:
        for start in range(0, len(rows), ROWS_PER_RUN):
            bulk.columns(rows[start : start + ROWS_PER_RUN])
    gc.enable()
    return EngineRows(build, base, locate, one_by_one, batched, len(bulk.memo))


def in_fresh_process(fn: Callable[..., T], *args: object) -> T:
    """``fn(*args)`` in a new interpreter, as ``jointmap adjudicate`` runs: not in this process's heap, where
    the rows above allocated and freed millions of objects (that made end to end about 1 s slower)."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(fn, *args).result()


def _filled(work: Path, cache: Path | None, what: str, fill: Callable[[Path], None]) -> None:
    """A filled store at ``work``: copied from ``cache`` when an earlier run left it there, else filled (not
    timed) and kept at ``cache`` for the next run."""
    if cache is not None and cache.exists():
        _say(f"copying the store of {what} filled by an earlier run from {cache} (not timed)")
        shutil.copyfile(cache, work)
    else:
        _say(f"writing {what} to a store (not timed)")
        fill(work)
        if cache is not None:
            shutil.copyfile(work, cache)
    # On disk before anything is timed: else the timed run competes with the writeback of gigabytes
    # just copied (a user's database is not freshly written).
    with work.open("rb+") as fh:
        os.fsync(fh.fileno())
    os.sync()


def _say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--polygons", type=int, default=10_000)
    parser.add_argument("--versions", type=int, default=50)
    parser.add_argument("--baseline", type=int, default=10_000, help="incidents in the naive subset")
    parser.add_argument("--sample", type=int, default=20_000, help="incidents judged one by one")
    parser.add_argument(
        "--store",
        type=Path,
        help="keep the filled store (layer and incidents) here and reuse it when it exists (same "
        "--incidents, --polygons and --versions: filling a million incidents takes minutes); the run works "
        "on a copy",
    )
    args = parser.parse_args()
    rng = random.Random(6)
    _say("building the layer and the incidents (not timed)")
    t = time.perf_counter()
    records = layer_records(args.polygons, args.versions, rng)
    all_incidents = incidents(args.incidents, 7 * args.versions, rng)
    setup = time.perf_counter() - t
    n_records = len(records)
    in_memory = engine_rows(records, all_incidents, args.baseline, args.sample, args.versions)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "a.db"
        fill = partial(_stored, records=records, sample=all_incidents)
        _filled(
            work,
            args.store,
            f"the layer's {len(records):,} records and {len(all_incidents):,} incidents",
            fill,
        )
        del all_incidents, records, fill
        _say("the layer read back from the store")
        layer_load, loaded = in_fresh_process(layer_from_store, work, args.versions)
        if loaded != n_records:
            raise SystemExit(f"the store at --store holds {loaded:,} control records, not {n_records:,}")
        _say("end to end")
        total, run, size = in_fresh_process(end_to_end, work)
    assert run.written == args.incidents, run

    n, m = args.incidents, min(args.sample, args.incidents)
    table: list[tuple[str, int, Timed]] = [
        ("naive loop, shapely contains, no index", min(args.baseline, n), in_memory.base),
        ("vectorised STRtree locate (all incidents)", n, in_memory.locate),
        ("engine: Judge.incident one by one, every rule and fact", m, in_memory.one_by_one),
        ("engine: BulkJudge (full judgement per situation, templates for the rest)", n, in_memory.batched),
        ("**store → judge → verdicts, end to end (adjudicate_store)**", n, total),
    ]
    print(
        f"End to end: {run.judged:,} judged, {run.full_judgements:,} of them in full "
        f"({in_memory.situations:,} situations in the engine row); {run.batches} verdict.rows entries, "
        f"{size / run.written:,.0f} bytes of log payload per verdict.\n"
    )
    print(
        f"Layer: {args.polygons:,} polygons × {args.versions} versions ({n_records:,} records; "
        f"views built in memory in {in_memory.build:.1f} s); {n:,} incidents (setup {setup:.1f} s, "
        "not timed). "
        f"Rows on fewer than 1M incidents are extrapolated linearly in the last column.\n"
    )
    print(
        f"Within end to end, reading the layer back ({loaded:,} control records, `load_control_rows`) and "
        f"building its {args.versions} views takes {layer_load.wall:.2f} s wall, {layer_load.cpu:.2f} s CPU "
        f"(measured apart, same store).\n"
    )
    print("| measurement | incidents | wall s | CPU s | incidents/s (CPU) | 1M at that rate (CPU) |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, count, spent in table:
        rate = count / spent.cpu if spent.cpu else float("inf")
        label = "measured" if count >= 1_000_000 else "extrapolated"
        print(
            f"| {name} | {count:,} | {spent.wall:.2f} | {spent.cpu:.2f} | {rate:,.0f} | "
            f"{1_000_000 / rate:,.0f} s ({label}) |"
        )


if __name__ == "__main__":
    main()
