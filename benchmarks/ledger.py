"""Ledger core benchmark: appends, proofs and offline verification, beside pymerkle and raw floors.

Run: .venv/bin/python benchmarks/ledger.py [--sizes 1000000,10000000] [--pymerkle-max 1000000]
     [--export-size 1000000] [--only-export]

The offline rows write a real export of --export-size entries to a temporary directory (entries.jsonl,
a checkpoint, log.json: the layout of docs/log-format.md §9) and time the real ``jointmap verify`` code
path on it (without --db), beside the floor: leaf hashes and Ed25519 checks of the same entries alone.

Prints a markdown table. Entries are synthetic ~200-byte canonical-JSON-like records; every timing is
wall clock on this machine in this run. pymerkle (pip install pymerkle) is optional: without it, its
rows are skipped.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import os
import platform
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from jointmap.ledger import (
    Checkpoint,
    KeyPair,
    MerkleTree,
    format_checkpoint,
    generate_keypair,
    leaf_hashes,
    parse_verifier_key,
    root_from_leaf_hashes,
    sign_note,
    verify_consistency,
    verify_entries_parallel,
    verify_inclusion,
)
from jointmap.ledger.export_format import (
    CHECKPOINTS_DIR,
    ENTRIES_FILE,
    EXPORT_FORMAT,
    LOG_FILE,
    ExportEntry,
    checkpoint_filename,
    entry_line,
    parse_entry_line,
)
from jointmap.ledger.offline import verify_export

__all__ = ["main"]

console = Console(stderr=True)
PROOF_SAMPLES = 1000


@dataclass
class Table:
    rows: list[tuple[str, str, str, str]] = field(default_factory=list)

    def add(self, what: str, size: str, result: str, note: str = "") -> None:
        self.rows.append((what, size, result, note))
        console.print(f"[dim]{what} @ {size}: {result} {note}[/dim]")

    def markdown(self) -> str:
        head = "| measurement | leaves | result | note |\n|---|---:|---:|---|\n"
        return head + "\n".join(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in self.rows)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def _entries(start: int, stop: int) -> list[bytes]:
    # ~200 bytes, varying per entry, cheap to make (generation is not timed).
    pad = b"x" * 150
    return [
        b'{"seq":%d,"kind":"report","org":"org-%d","body":"%s"}' % (i, i % 7, pad) for i in range(start, stop)
    ]


def _batches(total: int, batch: int) -> Iterator[tuple[int, int]]:
    for start in range(0, total, batch):
        yield start, min(start + batch, total)


def _rate(count: int, seconds: float) -> str:
    return f"{count / seconds:,.0f} /s"


def _us(seconds: float) -> str:
    return f"{seconds * 1e6:,.1f} µs"


def _timed(fn: Callable[[], Any]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


# -- floors -----------------------------------------------------------------------------------------


def floors(table: Table) -> None:
    n = 1_000_000
    data = [os.urandom(32) for _ in range(n)]
    sha = hashlib.sha256
    seconds = _timed(lambda: [sha(d).digest() for d in data])
    table.add("floor: hashlib SHA-256 of 32 B, one call each", f"{n:,}", _rate(n, seconds), "1 core")
    pairs = [b"\x01" + a + b for a, b in zip(data[0::2], data[1::2], strict=True)]
    seconds = _timed(lambda: [sha(p).digest() for p in pairs])
    table.add(
        "floor: hashlib SHA-256 of 65 B (one node)", f"{len(pairs):,}", _rate(len(pairs), seconds), "1 core"
    )
    key = Ed25519PrivateKey.generate()
    pub = key.public_key()
    msg = _entries(0, 1)[0]
    m = 20_000
    sig = key.sign(msg)
    seconds = _timed(lambda: [key.sign(msg) for _ in range(m)])
    table.add("floor: cryptography Ed25519 sign (~200 B)", f"{m:,}", _rate(m, seconds), "1 core")
    seconds = _timed(lambda: [pub.verify(sig, msg) for _ in range(m)])
    table.add("floor: cryptography Ed25519 verify (~200 B)", f"{m:,}", _rate(m, seconds), "1 core")


# -- ours -------------------------------------------------------------------------------------------


def ours_append(size: int, batch: int) -> tuple[MerkleTree, float]:
    tree = MerkleTree()
    elapsed = 0.0
    with _progress() as bar:
        task = bar.add_task(f"jointmap: append {size:,}", total=size)
        for start, stop in _batches(size, batch):
            entries = _entries(start, stop)
            t0 = time.perf_counter()
            tree.extend_leaf_hashes(leaf_hashes(entries))
            elapsed += time.perf_counter() - t0
            bar.update(task, completed=stop)
    return tree, elapsed


def ours_append_signed(size: int, batch: int) -> tuple[list[bytes], list[bytes], bytes, float]:
    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes_raw()
    tree = MerkleTree()
    all_entries: list[bytes] = []
    all_sigs: list[bytes] = []
    elapsed = 0.0
    with _progress() as bar:
        task = bar.add_task(f"jointmap: sign + append {size:,}", total=size)
        for start, stop in _batches(size, batch):
            entries = _entries(start, stop)
            t0 = time.perf_counter()
            sign = key.sign
            sigs = [sign(e) for e in entries]
            tree.extend_leaf_hashes(leaf_hashes(entries))
            elapsed += time.perf_counter() - t0
            all_entries += entries
            all_sigs += sigs
            bar.update(task, completed=stop)
    return all_entries, all_sigs, public, elapsed


def ours_proofs(tree: MerkleTree, table: Table, label: str) -> None:
    size = tree.size
    rng = random.Random(7)
    indices = [rng.randrange(size) for _ in range(PROOF_SAMPLES)]
    root = tree.root()
    proofs: list[list[bytes]] = []
    seconds = _timed(lambda: proofs.extend(tree.inclusion_proof(i) for i in indices))
    table.add(
        "jointmap: inclusion proof, make", label, _us(seconds / PROOF_SAMPLES), f"{len(proofs[0])} hashes"
    )
    leaves = [tree.leaf_hash(i) for i in indices]

    def check_inclusion() -> None:
        for leaf, i, proof in zip(leaves, indices, proofs, strict=True):
            verify_inclusion(leaf, i, size, proof, root)

    seconds = _timed(check_inclusion)
    table.add("jointmap: inclusion proof, verify", label, _us(seconds / PROOF_SAMPLES))
    olds = [rng.randrange(1, size) for _ in range(PROOF_SAMPLES)]
    cproofs: list[list[bytes]] = []
    seconds = _timed(lambda: cproofs.extend(tree.consistency_proof(o, size) for o in olds))
    table.add("jointmap: consistency proof, make", label, _us(seconds / PROOF_SAMPLES))
    old_roots = [tree.root(o) for o in olds]

    def check_consistency() -> None:
        for o, r, p in zip(olds, old_roots, cproofs, strict=True):
            verify_consistency(o, size, r, root, p)

    seconds = _timed(check_consistency)
    table.add("jointmap: consistency proof, verify", label, _us(seconds / PROOF_SAMPLES))
    seconds = _timed(lambda: [tree.root(o) for o in olds])
    table.add("jointmap: tree head at a past size", label, _us(seconds / PROOF_SAMPLES))


# -- pymerkle ---------------------------------------------------------------------------------------


def pymerkle_run(size: int, batch: int, table: Table, expected_root: bytes) -> None:
    pymerkle = importlib.import_module("pymerkle")  # optional, untyped: Any is fine here
    tree = pymerkle.InmemoryTree(algorithm="sha256")
    elapsed = 0.0
    with _progress() as bar:
        task = bar.add_task(f"pymerkle: append {size:,}", total=size)
        for start, stop in _batches(size, batch):
            entries = _entries(start, stop)
            t0 = time.perf_counter()
            tree.append_entries(entries)
            elapsed += time.perf_counter() - t0
            bar.update(task, completed=stop)
    label = f"{size:,}"
    same = tree.get_root() == expected_root
    table.add("pymerkle InmemoryTree: append", label, _rate(size, elapsed), f"same root as ours: {same}")
    rng = random.Random(7)
    samples = 200
    indices = [rng.randrange(size) for _ in range(samples)]
    root = tree.get_root()
    proofs: list[Any] = []
    # pymerkle counts leaves from 1.
    seconds = _timed(lambda: proofs.extend(tree.prove_inclusion(i + 1) for i in indices))
    table.add("pymerkle: inclusion proof, make", label, _us(seconds / samples))
    leaves = [tree.get_leaf(i + 1) for i in indices]
    seconds = _timed(
        lambda: [pymerkle.verify_inclusion(leaf, root, p) for leaf, p in zip(leaves, proofs, strict=True)]
    )
    table.add("pymerkle: inclusion proof, verify", label, _us(seconds / samples))
    olds = [rng.randrange(1, size) for _ in range(samples)]
    cproofs: list[Any] = []
    seconds = _timed(lambda: cproofs.extend(tree.prove_consistency(o, size) for o in olds))
    table.add("pymerkle: consistency proof, make", label, _us(seconds / samples))
    old_roots = [tree.get_root(o) for o in olds]
    seconds = _timed(
        lambda: [pymerkle.verify_consistency(r, root, p) for r, p in zip(old_roots, cproofs, strict=True)]
    )
    table.add("pymerkle: consistency proof, verify", label, _us(seconds / samples))


# -- a real export on disk, verified offline ----------------------------------------------------------------

_ORGS = ("operator", "monitor", "us", "ru", "ocha")
_ORIGIN = "jointmap/benchmark"
_T0 = "2016-03-01T00:00:00.000000+00:00"


def _export_entry(seq: int, kind: str, author: str, payload: bytes) -> ExportEntry:
    return ExportEntry(
        seq, kind, author, _T0, hashlib.sha256(payload).hexdigest(), payload.decode(), None, None
    )


def _sign_lines(job: tuple[int, int, dict[str, bytes], dict[str, str]]) -> bytes:
    """Worker: the export lines of synthetic report entries ``start .. stop-1`` (generation, not timed)."""
    start, stop, seeds, key_ids = job
    keys = {org: Ed25519PrivateKey.from_private_bytes(seed) for org, seed in seeds.items()}
    out = bytearray()
    for seq in range(start, stop):
        author = _ORGS[1 + seq % 4]
        text = "x" * 120
        payload = b'{"id":"r%d","received_at":"2016-03-01T10:00:00+02:00","source":"wire","text":"%s"}' % (
            seq,
            text.encode(),
        )
        entry = _export_entry(seq, "report.receive", author, payload)
        signed = replace(entry, signature=keys[author].sign(entry.envelope()), key_id=key_ids[author])
        out += entry_line(signed)
    return bytes(out)


def write_export(directory: Path, size: int) -> None:
    """A real export of ``size`` entries: genesis, registrations, published keys, then signed reports."""
    pairs = {org: generate_keypair(org) for org in _ORGS}
    seeds = {org: kp.private_key.private_bytes_raw() for org, kp in pairs.items()}
    key_ids = {org: kp.key_id.hex() for org, kp in pairs.items()}
    head: list[tuple[str, str, bytes]] = [
        (
            "organisation.register",
            "operator",
            b'{"id":"operator","kind":"operator","name":"Op","represents":[]}',
        ),
        (
            "key.publish",
            "operator",
            b'{"key":"%s","org":"operator"}' % pairs["operator"].verifier_key.encode(),
        ),
    ]
    for org in _ORGS[1:]:
        org_kind = b"monitor" if org == "monitor" else b"party"
        head.append(
            (
                "organisation.register",
                "operator",
                b'{"id":"%s","kind":"%s","name":"O","represents":[]}' % (org.encode(), org_kind),
            )
        )
        head.append(
            (
                "key.publish",
                org,
                b'{"key":"%s","org":"%s"}' % (pairs[org].verifier_key.encode(), org.encode()),
            )
        )
    directory.mkdir(parents=True, exist_ok=True)
    (directory / CHECKPOINTS_DIR).mkdir(exist_ok=True)
    leaves: list[bytes] = []
    with (directory / ENTRIES_FILE).open("wb") as fh:
        for seq, (kind, author, payload) in enumerate(head):
            entry = _export_entry(seq, kind, author, payload)
            signer = pairs["operator" if seq == 0 else author]
            line = entry_line(
                replace(entry, signature=signer.sign(entry.envelope()), key_id=signer.key_id.hex())
            )
            fh.write(line)
        jobs = [(s, min(s + 20_000, size), seeds, key_ids) for s in range(len(head), size, 20_000)]
        with _progress() as bar, ProcessPoolExecutor() as pool:
            task = bar.add_task(f"writing a {size:,}-entry export", total=size)
            for chunk in pool.map(_sign_lines, jobs):
                fh.write(chunk)
                bar.advance(task, chunk.count(b"\n"))
    with (directory / ENTRIES_FILE).open("rb") as fh:
        leaves = leaf_hashes(parse_entry_line(line).envelope() for line in fh)
    root = root_from_leaf_hashes(leaves)
    note = sign_note(
        format_checkpoint(Checkpoint(_ORIGIN, size, root)),
        KeyPair(_ORIGIN, pairs["operator"].private_key).note_signer(),
    )
    (directory / CHECKPOINTS_DIR / checkpoint_filename(size)).write_text(note.to_text())
    meta = {"format": EXPORT_FORMAT, "origin": _ORIGIN, "log_org": "operator", "size": size}
    (directory / LOG_FILE).write_text(json.dumps(meta))


def offline_verification(size: int, table: Table) -> None:
    """`jointmap verify DIR` (minus --db) on a real export, beside hashes + signature checks alone."""
    label = f"{size:,}"
    with tempfile.TemporaryDirectory(prefix="jointmap-bench-") as tmp:
        directory = Path(tmp) / "export"
        write_export(directory, size)
        megabytes = (directory / ENTRIES_FILE).stat().st_size / 1e6
        with (directory / ENTRIES_FILE).open("rb") as fh:
            parsed = [parse_entry_line(line) for line in fh]
        envelopes = [e.envelope() for e in parsed]
        signatures = [e.signature or b"" for e in parsed]
        by_org: dict[str, bytes] = {}
        for e in parsed:
            if e.kind == "key.publish":
                by_org[e.author] = parse_verifier_key(json.loads(e.payload)["key"]).public_key
        keys = [by_org[e.author] for e in parsed]
        del parsed
        with _progress() as bar:
            task = bar.add_task(f"floor: hashes + signatures {label}", total=size)
            t0 = time.perf_counter()
            check = verify_entries_parallel(
                envelopes, signatures, keys, progress=lambda done: bar.update(task, completed=done)
            )
            floor = time.perf_counter() - t0
        assert check.ok
        del envelopes, signatures, keys, check
        workers = os.cpu_count() or 1
        table.add(
            "floor: leaf hashes + Ed25519 verify alone (verify_entries_parallel)",
            label,
            f"{floor:,.1f} s",
            f"{workers} processes; {_rate(size, floor)}",
        )
        with _progress() as bar:
            task = bar.add_task(f"jointmap verify {label}", total=size)
            t0 = time.perf_counter()
            report = verify_export(directory, progress=lambda done: bar.update(task, completed=done))
            seconds = time.perf_counter() - t0
        assert report.ok, report.first
        table.add(
            "jointmap verify DIR: full offline verification of an export",
            label,
            f"{seconds:,.1f} s",
            f"{megabytes:,.0f} MB on disk; {seconds / floor:.2f}x the floor (target <= 3x)",
        )


# -- main -------------------------------------------------------------------------------------------


def run_size(size: int, args: argparse.Namespace, table: Table) -> None:
    label = f"{size:,}"
    tree, seconds = ours_append(size, args.batch)
    table.add(
        "jointmap: append (leaf hash + tree build)", label, _rate(size, seconds), f"batches of {args.batch:,}"
    )
    ours_proofs(tree, table, label)
    root = tree.root()

    signed_n = min(size, args.sign_max)
    entries, sigs, public, seconds = ours_append_signed(signed_n, args.batch)
    note = f"batches of {args.batch:,}" + (
        "" if signed_n == size else f"; measured on the first {signed_n:,}"
    )
    table.add("jointmap: Ed25519 sign + append", f"{signed_n:,}", _rate(signed_n, seconds), note)

    if size <= args.verify_max:
        keys = [public] * len(entries)
        workers = os.cpu_count() or 1
        with _progress() as bar:
            task = bar.add_task(f"verify_entries_parallel {len(entries):,}", total=len(entries))
            t0 = time.perf_counter()
            check = verify_entries_parallel(
                entries, sigs, keys, progress=lambda done: bar.update(task, completed=done)
            )
            seconds = time.perf_counter() - t0
        assert check.ok and check.root == tree.root(len(entries))
        table.add(
            "jointmap: verify_entries_parallel (hash + Ed25519 verify + root)",
            f"{len(entries):,}",
            _rate(len(entries), seconds),
            f"{workers} processes; {seconds:,.1f} s total",
        )
    del entries, sigs

    if args.pymerkle_max > 0:
        try:
            importlib.import_module("pymerkle")
        except ImportError:
            table.add("pymerkle", label, "skipped", "pymerkle not installed")
            return
        py_n = min(size, args.pymerkle_max)
        expected = root if py_n == size else tree.root(py_n)
        if py_n < size:
            table.add("pymerkle", label, "not run at this size", f"too slow/large; run at {py_n:,} instead")
        pymerkle_run(py_n, args.batch, table, expected)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="1000000", help="comma-separated tree sizes (10M takes minutes)")
    parser.add_argument("--batch", type=int, default=10_000, help="entries per append batch")
    parser.add_argument("--sign-max", type=int, default=1_000_000, help="sign + append at most this many")
    parser.add_argument("--verify-max", type=int, default=1_000_000, help="parallel verify up to this size")
    parser.add_argument("--pymerkle-max", type=int, default=1_000_000, help="largest pymerkle run (0: skip)")
    parser.add_argument(
        "--export-size", type=int, default=1_000_000, help="entries in the offline-verified export (0: skip)"
    )
    parser.add_argument("--skip-floors", action="store_true")
    parser.add_argument("--only-export", action="store_true", help="run only the export verification")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s]

    table = Table()
    started = time.perf_counter()
    if not args.skip_floors and not args.only_export:
        floors(table)
    seen_pymerkle: set[int] = set()
    for size in sorted(sizes) if not args.only_export else ():
        py_n = min(size, args.pymerkle_max)
        if py_n in seen_pymerkle:  # one pymerkle run per effective size is enough
            args_copy = argparse.Namespace(**{**vars(args), "pymerkle_max": 0})
            run_size(size, args_copy, table)
            table.add("pymerkle", f"{size:,}", "not run at this size", f"see its {py_n:,} rows above")
        else:
            seen_pymerkle.add(py_n)
            run_size(size, args, table)
    if args.export_size > 0:
        offline_verification(args.export_size, table)

    print(
        f"\nLedger benchmark — Python {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} cores, {time.perf_counter() - started:,.0f} s total\n"
    )
    print(table.markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main())
