"""HTTP API under load: 1,000,000 incidents in SQLite, a bounding-box + time query, the map at country zoom.

Fixture: a store made the normal way (organisations, actors and a source through ``Store.write``), then
``--incidents`` incidents inserted straight into the ``incidents`` table with ``executemany`` (no log entries,
no validation: a benchmark fixture, not how data gets in), the R*Tree refilled in one statement by
``ensure_spatial_index`` and the per-day grid cells (``incident_cells``) by ``ensure_incident_cells``.
Incidents are spread over Syria's bounding box and two years, fatalities 0-9.

The server is ``uvicorn jointmap.api.serve:app`` in its own process on 127.0.0.1 (one worker; the load
generator runs in this process on the other core). Measured, for each request kind:

* latency: ``--latency-requests`` requests one after another on one keep-alive connection (p50, p95, p99);
* throughput: ``wrk`` (Debian's, if installed) with 2 threads and 16 connections for ``--seconds``, else a
  bounded Python client (``--threads`` threads, each with its own keep-alive connection, at most
  ``--load-requests`` requests or ``--seconds`` seconds in all).

The baseline is a static file of the same server (``/static/app.css``, Starlette's StaticFiles). Queries vary
their box and window per request (a box of ``--box`` degrees, a window of ``--days`` days), so no cache helps.

    .venv/bin/python benchmarks/api.py                       # 1,000,000 incidents (about 2 minutes to build)
    .venv/bin/python benchmarks/api.py --incidents 100000 --db /tmp/jm-bench.db --keep
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

from jointmap.api.testing import free_port
from jointmap.domain import Actor, Organisation, Source
from jointmap.store import Store
from jointmap.store.cells import TRIGGERS as CELL_TRIGGERS
from jointmap.store.cells import ensure_incident_cells
from jointmap.store.spatial import RTREE, ensure_spatial_index

__all__ = ["build_fixture", "main"]

LON, LAT = (35.6, 42.4), (32.3, 37.3)  # Syria's bounding box, roughly
FIRST_DAY, DAYS = date(2015, 1, 1), 730
EVENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians")
SUB_TYPES = ("Armed clash", "Shelling/artillery/missile attack", "Attack")
ACTORS = ("saa", "fsa", "isil")


def build_fixture(path: Path, n: int, seed: int = 7) -> float:
    """A store with ``n`` incidents; returns the seconds the bulk insert and index took."""
    with Store.open(path, keys=False) as store:
        store.write(
            "organisation.register", "operator", Organisation(id="operator", name="Op", kind="operator")
        )
        store.write("organisation.register", "operator", Organisation(id="monitor", name="M", kind="monitor"))
        store.write(
            "source.register", "monitor", Source(id="wire", name="Wire", kind="media", reliability="B")
        )
        for actor in ACTORS:
            store.write(
                "actor.record",
                "monitor",
                Actor(id=actor, kind="state_forces", names=[{"name": actor, "kind": "official"}]),
            )
    rng = random.Random(seed)
    start = time.perf_counter()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    # Without the triggers the inserts skip the R*Tree and the cells; the ensure_ functions refill them.
    for name in ("ai", "ad", "au"):
        conn.execute(f"DROP TRIGGER IF EXISTS {RTREE}_{name}")
    for name in CELL_TRIGGERS:
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    columns = (
        "id, status, event_type, sub_event_type, date_start, date_end, date_precision, lat, lon, "
        "location_precision, location_name, admin1_code, admin1_name, admin2_name, fatalities_best, "
        "civilian_targeting, credibility, minx, miny, maxx, maxy, version, seq, data"
    )
    sql = f"INSERT INTO incidents ({columns}) VALUES ({', '.join('?' * 24)})"
    batch: list[tuple[object, ...]] = []
    for i in range(n):
        lon = round(rng.uniform(*LON), 5)
        lat = round(rng.uniform(*LAT), 5)
        day = (FIRST_DAY + timedelta(days=rng.randrange(DAYS))).isoformat()
        k = rng.randrange(3)
        fatalities = rng.randrange(10)
        incident_id = f"b{i:07d}"
        data = {
            "id": incident_id,
            "status": "reviewed",
            "event_type": EVENT_TYPES[k],
            "sub_event_type": SUB_TYPES[k],
            "when": {"start": day, "end": day, "precision": 1},
            "location": {"name": f"Place {i % 5000}", "lat": lat, "lon": lon, "precision": 1},
            "perpetrators": [{"actor": ACTORS[k], "confidence": 1.0}],
            "targets": [],
            "fatalities": {"best": fatalities, "low": fatalities, "high": fatalities},
            "civilian_targeting": k == 2,
            "credibility": 3,
            "reports": [],
            "notes": "",
        }
        batch.append(
            (
                incident_id, "reviewed", EVENT_TYPES[k], SUB_TYPES[k], day, day, 1, lat, lon, 1,
                f"Place {i % 5000}", None, None, None, fatalities, k == 2, 3, lon, lat, lon, lat, 1, 0,
                json.dumps(data, separators=(",", ":")),
            )
        )  # fmt: skip
        if len(batch) == 50_000:
            conn.executemany(sql, batch)
            batch.clear()
    conn.executemany(sql, batch)
    conn.commit()
    conn.close()
    with Store.open(path, keys=False) as store:
        ensure_spatial_index(store.engine)
        ensure_incident_cells(store.engine)
        with store.engine.begin() as c:
            c.exec_driver_sql("ANALYZE")
    return time.perf_counter() - start


class Server:
    """``uvicorn jointmap.api.serve:app`` over ``db`` in a child process on 127.0.0.1."""

    def __init__(self, db: Path, workers: int = 1) -> None:
        self.port = free_port()
        env = dict(os.environ, JOINTMAP_DATABASE=str(db), JOINTMAP_KEYS=str(db.parent / "no-keys"))
        self.proc = subprocess.Popen(
            [
                *(sys.executable, "-m", "uvicorn", "jointmap.api.serve:app", "--host", "127.0.0.1"),
                *("--port", str(self.port), "--workers", str(workers), "--log-level", "warning"),
            ],
            env=env,
        )
        deadline = time.monotonic() + 120
        while True:
            try:
                if get(self.connect(), "/api/me")[0] == 200:
                    return
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.1)  # polling for readiness, with a deadline

    def connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=30)


def get(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    conn.request("GET", path)
    response = conn.getresponse()
    return response.status, response.read()


def query_path(rng: random.Random, box: float, days: int) -> str:
    x = rng.uniform(LON[0], LON[1] - box)
    y = rng.uniform(LAT[0], LAT[1] - box)
    start = FIRST_DAY + timedelta(days=rng.randrange(DAYS - days))
    params = {
        "bbox": f"{x:.4f},{y:.4f},{x + box:.4f},{y + box:.4f}",
        "start": start.isoformat(),
        "end": (start + timedelta(days=days)).isoformat(),
        "limit": 100,
    }
    return "/api/incidents?" + urlencode(params)


def map_path(rng: random.Random, _box: float, _days: int) -> str:
    start = FIRST_DAY + timedelta(days=rng.randrange(DAYS - 7))
    end = start + timedelta(days=6)
    return f"/api/map/incidents?zoom=6&bbox=35,32,43,37.5&start={start}&end={end}"


def map_all_path(_rng: random.Random, _box: float, _days: int) -> str:
    return "/api/map/incidents?zoom=6&bbox=35,32,43,37.5"


def map8_path(rng: random.Random, box: float, days: int) -> str:
    return map_path(rng, box, days).replace("zoom=6", "zoom=8")


def map8_all_path(_rng: random.Random, _box: float, _days: int) -> str:
    return "/api/map/incidents?zoom=8&bbox=35,32,43,37.5"


def static_path(_rng: random.Random, _box: float, _days: int) -> str:
    return "/static/app.css"


PathMaker = Callable[[random.Random, float, int], str]


def latencies(server: Server, make: PathMaker, n: int, box: float, days: int) -> tuple[list[float], int]:
    rng = random.Random(11)
    conn = server.connect()
    times: list[float] = []
    size = 0
    for _ in range(n):
        path = make(rng, box, days)
        t0 = time.perf_counter()
        status, body = get(conn, path)
        times.append((time.perf_counter() - t0) * 1000)
        if status != 200:
            raise RuntimeError(f"{path}: HTTP {status}: {body[:200]!r}")
        size = len(body)
    conn.close()
    return times, size


def python_load(
    server: Server, make: PathMaker, threads: int, total: int, seconds: float, box: float, days: int
) -> float:
    """Requests/s of ``threads`` keep-alive clients, ``total`` requests or ``seconds`` at most."""
    done = [0] * threads
    stop_at = time.monotonic() + seconds
    budget = total // threads

    def worker(k: int) -> None:
        rng = random.Random(100 + k)
        conn = server.connect()
        while done[k] < budget and time.monotonic() < stop_at:
            status, _ = get(conn, make(rng, box, days))
            if status != 200:
                raise RuntimeError(f"HTTP {status}")
            done[k] += 1
        conn.close()

    t0 = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(k,)) for k in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return sum(done) / (time.perf_counter() - t0)


_WRK_SCRIPT = """
math.randomseed(7)
request = function()
  local x = 35.6 + math.random() * (6.8 - {box})
  local y = 32.3 + math.random() * (5.0 - {box})
  local d = math.random(0, {span})
  local s = os.date("!%Y-%m-%d", 1420070400 + d * 86400)
  local e = os.date("!%Y-%m-%d", 1420070400 + (d + {days}) * 86400)
  return wrk.format("GET", string.format(
    "/api/incidents?bbox=%.4f,%.4f,%.4f,%.4f&start=%s&end=%s&limit=100", x, y, x + {box}, y + {box}, s, e))
end
"""


def wrk_load(server: Server, path: str | None, seconds: float, box: float, days: int) -> float:
    """Requests/s from ``wrk -t2 -c16`` (a fixed path, or the varying bbox + time query when None)."""
    args = ["wrk", "-t2", "-c16", f"-d{max(1, int(seconds))}s", "--timeout", "30s"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(_WRK_SCRIPT.format(box=box, days=days, span=DAYS - days))
    if path is None:
        args += ["-s", fh.name, f"http://127.0.0.1:{server.port}/"]
    else:
        args += [f"http://127.0.0.1:{server.port}{path}"]
    out = subprocess.run(args, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    os.unlink(fh.name)
    if "Non-2xx" in out:
        raise RuntimeError(f"wrk saw errors:\n{out}")
    return float(next(line.split()[1] for line in out.splitlines() if line.startswith("Requests/sec")))


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--incidents", type=int, default=1_000_000)
    ap.add_argument("--db", type=Path, help="Fixture database (reused when it exists; default: a temp file).")
    ap.add_argument("--keep", action="store_true", help="Keep the fixture database.")
    ap.add_argument("--box", type=float, default=0.5, help="Query box side in degrees.")
    ap.add_argument("--days", type=int, default=30, help="Query window in days.")
    ap.add_argument("--latency-requests", type=int, default=300)
    ap.add_argument("--load-requests", type=int, default=20_000)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--no-wrk", action="store_true", help="Use the Python client even if wrk is installed.")
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="jointmap-bench-"))
    db = args.db or tmp / "bench.db"
    if db.exists():
        print(f"reusing {db}", file=sys.stderr)
    else:
        print(f"building {args.incidents:,} incidents in {db} ...", file=sys.stderr)
        took = build_fixture(db, args.incidents)
        print(f"fixture: {args.incidents:,} incidents inserted and indexed in {took:.1f} s", file=sys.stderr)
    with sqlite3.connect(db) as c:
        count = c.execute("SELECT count(*) FROM incidents").fetchone()[0]
    use_wrk = shutil.which("wrk") is not None and not args.no_wrk
    server = Server(db)
    rows = []
    try:
        kinds: list[tuple[str, PathMaker, str | None]] = [
            ("static file /static/app.css (baseline)", static_path, "/static/app.css"),
            (f"bbox {args.box}° + {args.days}-day window, 100 per page", query_path, None),
            ("map, country zoom (6), one week", map_path, "/api/map/incidents?zoom=6&bbox=35,32,43,37.5"
             "&start=2015-06-01&end=2015-06-07"),
            ("map, country zoom (6), all time", map_all_path, "/api/map/incidents?zoom=6&bbox=35,32,43,37.5"),
            ("map, zoom 8, one week", map8_path, "/api/map/incidents?zoom=8&bbox=35,32,43,37.5"
             "&start=2015-06-01&end=2015-06-07"),
            ("map, zoom 8, all time", map8_all_path, "/api/map/incidents?zoom=8&bbox=35,32,43,37.5"),
        ]  # fmt: skip
        for label, make, fixed in kinds:
            n = args.latency_requests
            times, size = latencies(server, make, n, args.box, args.days)
            if use_wrk:
                rps = wrk_load(server, fixed, args.seconds, args.box, args.days)
            else:
                rps = python_load(
                    server, make, args.threads, args.load_requests, args.seconds, args.box, args.days
                )
            rows.append((label, n, statistics.median(times), pct(times, 0.95), pct(times, 0.99), rps, size))
            print(f"  done: {label}", file=sys.stderr)
    finally:
        server.stop()
        if not args.keep and args.db is None:
            shutil.rmtree(tmp, ignore_errors=True)
    load = "wrk -t2 -c16" if use_wrk else f"Python client, {args.threads} keep-alive connections"
    print(f"\n{count:,} incidents in SQLite; one uvicorn worker on 127.0.0.1; load: {load}\n")
    print("| request | n | p50 ms | p95 ms | p99 ms | requests/s | bytes |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, n, p50, p95, p99, rps, size in rows:
        shown = "—" if rps != rps else f"{rps:,.0f}"
        print(f"| {label} | {n} | {p50:.1f} | {p95:.1f} | {p99:.1f} | {shown} | {size:,} |")


if __name__ == "__main__":
    main()
