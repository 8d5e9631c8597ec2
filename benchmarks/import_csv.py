"""Structured import throughput: `jointmap import` on a CSV of reports, beside a plain sqlite3 baseline.

The baseline reads the same CSV with the csv module and inserts the rows into one SQLite table with
executemany: no validation, no log, no idempotency. The gap is what validation, the log entry and crash
safety cost. Also times `rebuild` (replaying the log into fresh tables).

    .venv/bin/python benchmarks/import_csv.py [--rows 20000]
"""

from __future__ import annotations

import argparse
import csv
import sqlite3
import tempfile
import time
from pathlib import Path

from jointmap.domain import Organisation, Source
from jointmap.intake import import_files
from jointmap.store import Store


def make_csv(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "source", "published_at", "title", "text"])
        for i in range(rows):
            writer.writerow(
                [
                    f"r{i}",
                    "wire",
                    f"2016-03-{1 + i % 28:02d}T10:00:00+02:00",
                    f"Report {i}",
                    f"Shelling hit the eastern edge of Douma on Tuesday; report number {i}.",
                ]
            )


def baseline(csv_path: Path, db: Path) -> float:
    start = time.perf_counter()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(
        "CREATE TABLE reports (id TEXT PRIMARY KEY, source TEXT, published_at TEXT, title TEXT, text TEXT)"
    )
    with csv_path.open(encoding="utf-8", newline="") as fh:
        rows = [tuple(r.values()) for r in csv.DictReader(fh)]
    with conn:
        conn.executemany("INSERT INTO reports VALUES (?, ?, ?, ?, ?)", rows)
    conn.close()
    return time.perf_counter() - start


def ours(csv_path: Path, db: Path) -> tuple[float, float, float]:
    with Store.open(db) as store:
        store.write("organisation.register", "monitor", Organisation(id="monitor", name="M", kind="monitor"))
        store.write("source.register", "monitor", Source(id="wire", name="Wire", kind="media"))
        start = time.perf_counter()
        result = import_files(store, [csv_path], "monitor")
        first = time.perf_counter() - start
        assert result.stored > 0 and not result.errors
        start = time.perf_counter()
        import_files(store, [csv_path], "monitor")
        again = time.perf_counter() - start
        start = time.perf_counter()
        store.rebuild()
        rebuild = time.perf_counter() - start
    return first, again, rebuild


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path = folder / "reports.csv"
        make_csv(csv_path, args.rows)
        base = baseline(csv_path, folder / "baseline.db")
        first, again, rebuild = ours(csv_path, folder / "jointmap.db")
    n = args.rows
    print(
        f"| structured import, {n:,} CSV reports | {n / first:,.0f} rows/s | {n / base:,.0f} rows/s "
        "(csv + sqlite3 executemany, no validation or log) |"
    )
    print(f"| re-import of the same file (all skipped) | {n / again:,.0f} rows/s | |")
    print(f"| rebuild: replay {n:,} log entries into fresh tables | {n / rebuild:,.0f} entries/s | |")


if __name__ == "__main__":
    main()
