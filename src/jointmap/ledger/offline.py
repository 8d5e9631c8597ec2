"""Offline verification of a log export: nothing but the export directory (and what the caller trusts).

:func:`verify_export` checks, in this order, and collects every problem it finds (the first one, in log
order, is what the CLI reports):

1. each line of ``entries.jsonl`` is a well-formed entry whose ``seq`` is its line number (nothing removed,
   duplicated, swapped or inserted) and whose payload hashes to its ``payload_sha256``;
2. each author is a registered organisation at that entry, key entries follow the key rules
   (:mod:`jointmap.ledger.keyhistory`), and each entry is signed by the key valid for its author at that
   entry — all signatures checked on every core (:func:`verify_entries_parallel`), which also recomputes
   every leaf hash;
3. the Merkle tree over all entries; every checkpoint file is signed by the log key valid at its size, its
   cosignatures verify, its root equals the recomputed root at its size, and no two checkpoints sign
   different roots for one size (a fork);
4. the caller's own checkpoint (``since``) is signed by the log and consistent with the export (a
   consistency proof from its size to the export's size, RFC 9162 §2.1.4.2);
5. every key the caller trusts (``trusted_keys``) is one the log publishes for that organisation.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jointmap.ledger.checkpoint import Checkpoint, open_checkpoint, parse_checkpoint
from jointmap.ledger.errors import LedgerError, NoteFormatError
from jointmap.ledger.export_format import (
    CHECKPOINTS_DIR,
    ENTRIES_FILE,
    EXPORT_FORMAT,
    LOG_FILE,
    EntryFormatError,
    parse_entry_line,
)
from jointmap.ledger.keyhistory import KEY_KINDS, KEY_PUBLISH, KeyHistory, KeyRuleError, SigningKey
from jointmap.ledger.merkle import MerkleTree, verify_consistency
from jointmap.ledger.note import parse_note
from jointmap.ledger.parallel import verify_entries_parallel
from jointmap.ledger.signers import CosignatureV1Verifier, Ed25519Verifier, parse_verifier_key
from jointmap.ledger.witness import required_cosigners

__all__ = ["CheckpointStatus", "Problem", "VerifyReport", "load_trusted_keys", "verify_export"]

_REGISTRARS = ("operator", "monitor")
_NO_SIG = bytes(64)
_NO_KEY = bytes(32)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing that does not hold; ``order`` sorts problems in log order."""

    order: tuple[int, int, int]
    subject: str
    reason: str

    def __str__(self) -> str:
        return f"{self.subject}: {self.reason}"


@dataclass(frozen=True)
class CheckpointStatus:
    file: str
    size: int
    root: bytes
    cosigners: tuple[str, ...]
    joint: bool


@dataclass
class VerifyReport:
    entries: int = 0
    root: bytes = b""
    unsigned: int = 0
    origin: str = ""
    checkpoints: list[CheckpointStatus] = field(default_factory=list)
    required_cosigners: tuple[str, ...] = ()
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first(self) -> Problem | None:
        return min(self.problems) if self.problems else None


def load_trusted_keys(path: Path) -> list[Ed25519Verifier | CosignatureV1Verifier]:
    """Verifier keys, one per line (``name+keyid+base64``); blank lines and ``#`` comments are skipped."""
    keys = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if line and not line.startswith("#"):
            try:
                keys.append(parse_verifier_key(line))
            except NoteFormatError as exc:
                raise NoteFormatError(f"{path}:{n}: {exc}") from exc
    return keys


def _entry_subject(index: int, kind: str = "", author: str = "") -> str:
    return f"entry {index}" + (f" ({kind} by {author})" if kind else "")


@dataclass
class _Walk:
    """State of the single pass over ``entries.jsonl``."""

    history: KeyHistory = field(default_factory=KeyHistory)
    org_kinds: dict[str, str] = field(default_factory=dict)
    organisations: dict[str, dict[str, Any]] = field(default_factory=dict)
    agreements: dict[str, dict[str, Any]] = field(default_factory=dict)
    envelopes: list[bytes] = field(default_factory=list)
    signatures: list[bytes] = field(default_factory=list)
    keys: list[bytes] = field(default_factory=list)
    expected: list[SigningKey | None] = field(default_factory=list)
    labels: list[tuple[str, str]] = field(default_factory=list)
    log_org: str = ""
    log_keys: dict[int, SigningKey | None] = field(default_factory=dict)
    genesis_pending: bool = False


def _walk_entries(
    path: Path, report: VerifyReport, walk: _Walk, sizes: set[int], require_signed: bool
) -> None:
    problems = report.problems

    def problem(i: int, why: str, kind: str = "", author: str = "") -> None:
        problems.append(Problem((1, i, 0), _entry_subject(i, kind, author), why))

    with path.open("rb") as fh:
        for index, raw in enumerate(fh):
            if index in sizes:
                active = walk.history.active(walk.log_org)
                walk.log_keys[index] = active.signing_key() if active else None
            walk.expected.append(None)
            try:
                e = parse_entry_line(raw)
            except EntryFormatError as exc:
                problem(index, f"line {index + 1} of {ENTRIES_FILE}: {exc}")
                walk.envelopes.append(b"")
                walk.signatures.append(_NO_SIG)
                walk.keys.append(_NO_KEY)
                walk.labels.append(("", ""))
                continue
            kind, author = e.kind, e.author
            walk.labels.append((kind, author))
            walk.envelopes.append(e.envelope())
            walk.signatures.append(e.signature if e.signature is not None else _NO_SIG)
            walk.keys.append(_NO_KEY)
            if e.seq != index:
                problem(
                    index,
                    f"line {index + 1} holds entry {e.seq}: entries are missing, duplicated or out of order",
                )
                continue
            if not e.payload_matches():
                problem(
                    index, "payload does not match its payload_sha256 (the payload was altered)", kind, author
                )
                continue
            payload: dict[str, Any] = {}
            if kind in KEY_KINDS or kind in ("organisation.register", "agreement.record"):
                try:
                    payload = e.payload_object()
                except (ValueError, EntryFormatError) as exc:
                    problem(index, f"payload is not a JSON object: {exc}", kind, author)
                    continue
            if kind == "organisation.register":
                org_id, allowed = str(payload.get("id")), False
                if index == 0:
                    allowed, walk.log_org = author == org_id, author
                else:
                    allowed = author in walk.org_kinds and (
                        walk.org_kinds[author] in _REGISTRARS or author == org_id
                    )
                if not allowed:
                    problem(index, f"{author} may not register {org_id}", kind, author)
                    continue
                walk.org_kinds[org_id] = str(payload.get("kind"))
                walk.organisations[org_id] = payload
            elif author not in walk.org_kinds:
                problem(index, f"{author} is not a registered organisation at this entry", kind, author)
                continue
            elif kind == "agreement.record":
                walk.agreements[str(payload.get("id"))] = payload
            try:
                registrar = walk.org_kinds.get(author) in _REGISTRARS
                expected = walk.history.signing_key(kind, author, payload, registrar=registrar)
            except KeyRuleError as exc:
                problem(index, str(exc), kind, author)
                continue
            genesis_key = index == 1 and walk.genesis_pending and kind == KEY_PUBLISH
            if genesis_key and expected is not None and expected.org == walk.labels[0][1]:
                walk.genesis_pending = False
                walk.expected[0], walk.keys[0] = expected, expected.public_key
            if expected is None:
                if e.signature is not None and index == 0:
                    walk.genesis_pending = True
                elif e.signature is not None:
                    problem(index, f"signed, but {author} has published no key by this entry", kind, author)
                elif require_signed:
                    problem(index, "unsigned", kind, author)
                else:
                    report.unsigned += 1
            elif e.signature is None:
                problem(
                    index, f"unsigned, but {author} must sign with its key {expected.key_id}", kind, author
                )
            elif e.key_id != expected.key_id:
                problem(
                    index,
                    f"signed with key {e.key_id}, but {author}'s valid key here is {expected.key_id}",
                    kind,
                    author,
                )
            else:
                walk.expected[index], walk.keys[index] = expected, expected.public_key
            if kind in KEY_KINDS:
                walk.history.apply(index, kind, payload)
    n = len(walk.envelopes)
    if walk.genesis_pending:
        kind, author = walk.labels[0]
        problem(0, "signed, but entry 1 does not publish its author's key (genesis rule)", kind, author)
    for size in sizes:
        if size >= n and size not in walk.log_keys:
            active = walk.history.active(walk.log_org)
            walk.log_keys[size] = active.signing_key() if active else None


def _check_signatures(walk: _Walk, report: VerifyReport, processes: int | None, progress: Any) -> MerkleTree:
    check = verify_entries_parallel(
        walk.envelopes, walk.signatures, walk.keys, processes=processes, progress=progress
    )
    for index in check.bad_signatures:
        expected = walk.expected[index]
        if expected is not None:  # entries without an expected key were judged in the walk
            kind, author = walk.labels[index]
            report.problems.append(
                Problem(
                    (1, index, 1),
                    _entry_subject(index, kind, author),
                    f"signature does not verify against {author}'s key {expected.key_id}",
                )
            )
    tree = MerkleTree()
    tree.extend_leaf_hashes(check.leaf_hashes)
    report.entries, report.root = tree.size, tree.root()
    return tree


def _read_checkpoints(directory: Path, report: VerifyReport) -> list[tuple[str, str, Checkpoint]]:
    found = []
    folder = directory / CHECKPOINTS_DIR
    files = sorted(folder.glob("*.checkpoint")) if folder.is_dir() else []
    for i, file in enumerate(files):
        name = f"{CHECKPOINTS_DIR}/{file.name}"
        try:
            text = file.read_text(encoding="utf-8")
            found.append((name, text, parse_checkpoint(parse_note(text).text)))
        except (LedgerError, OSError, UnicodeDecodeError) as exc:
            report.problems.append(Problem((2, 0, i), f"checkpoint {name}", f"unreadable: {exc}"))
    return found


def _cosigners(history: KeyHistory) -> list[CosignatureV1Verifier]:
    return [CosignatureV1Verifier(r.org, r.public_key) for r in history.records if r.revoked_seq is None]


def _check_checkpoints(
    found: list[tuple[str, str, Checkpoint]], walk: _Walk, tree: MerkleTree, report: VerifyReport
) -> None:
    cosigners = _cosigners(walk.history)
    required = required_cosigners(walk.agreements.values(), walk.organisations.values())
    report.required_cosigners = tuple(sorted(required))
    by_size: dict[int, tuple[str, bytes]] = {}
    for name, text, cp in sorted(found, key=lambda f: (f[2].size, f[0])):

        def fail(why: str, sub: int = 1, cp: Checkpoint = cp, name: str = name) -> None:
            report.problems.append(Problem((2, cp.size, sub), f"checkpoint {name} (size {cp.size})", why))

        earlier = by_size.setdefault(cp.size, (name, cp.root_hash))
        if earlier[1] != cp.root_hash:
            fail(f"FORK: {earlier[0]} signs a different root for the same size", 0)
        if cp.size > tree.size:
            fail(f"the export holds only {tree.size} entries: later entries were removed (truncated)")
            continue
        if cp.size == 0:
            fail("a checkpoint of the empty log commits to nothing")
            continue
        key = walk.log_keys.get(cp.size)
        if key is None:
            fail(f"{walk.log_org or 'the log'} had no valid key at size {cp.size} to sign it")
            continue
        try:
            opened = open_checkpoint(
                text,
                Ed25519Verifier(report.origin, key.public_key),
                cosigners=cosigners,
                origin=report.origin,
            )
        except LedgerError as exc:
            fail(f"{exc}")
            continue
        if tree.root(cp.size) != cp.root_hash:
            fail("its root is not the root of the exported entries at that size: the log was rewritten")
            continue
        names = tuple(sorted(opened.cosigned_at))
        report.checkpoints.append(
            CheckpointStatus(name, cp.size, cp.root_hash, names, bool(required) and required <= set(names))
        )


def _check_since(since: str, walk: _Walk, tree: MerkleTree, report: VerifyReport) -> None:
    def fail(why: str) -> None:
        report.problems.append(Problem((3, 0, 0), "your checkpoint (--since)", why))

    try:
        cp = parse_checkpoint(parse_note(since).text)
    except LedgerError as exc:
        fail(f"unreadable: {exc}")
        return
    if cp.size > tree.size:
        fail(f"it has size {cp.size} but the export holds only {tree.size} entries: the log lost entries")
        return
    key = walk.log_keys.get(cp.size)
    try:
        if key is None:
            raise LedgerError(f"the log had no valid key at size {cp.size}")
        open_checkpoint(since, Ed25519Verifier(report.origin, key.public_key), origin=report.origin)
        proof = [] if cp.size == tree.size else tree.consistency_proof(cp.size, tree.size)
        verify_consistency(cp.size, tree.size, cp.root_hash, tree.root(), proof)
    except LedgerError as exc:
        fail(f"the export is not consistent with it (fork or rewrite): {exc}")


def _check_trusted(
    trusted: Sequence[Ed25519Verifier | CosignatureV1Verifier], walk: _Walk, report: VerifyReport
) -> None:
    for i, key in enumerate(trusted):
        org = walk.log_org if key.name == report.origin else key.name
        published = {r.public_key for r in walk.history.keys_of(org)}
        if key.public_key not in published:
            report.problems.append(
                Problem(
                    (4, i, 0),
                    f"trusted key {key.name}+{key.key_id.hex()}",
                    f"the log never publishes it for {org}: this is not the log you trust",
                )
            )


def verify_export(
    directory: Path,
    *,
    trusted_keys: Sequence[Ed25519Verifier | CosignatureV1Verifier] = (),
    since: str | None = None,
    require_signed: bool = False,
    processes: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> VerifyReport:
    """Verify the export in ``directory``; the report lists every problem (empty: everything holds)."""
    report = VerifyReport()
    try:
        meta = json.loads((directory / LOG_FILE).read_text(encoding="utf-8"))
        if meta.get("format") != EXPORT_FORMAT:
            raise ValueError(f"format is {meta.get('format')!r}, not {EXPORT_FORMAT!r}")
        report.origin = str(meta["origin"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        report.problems.append(Problem((0, 0, 0), LOG_FILE, f"unreadable: {exc}"))
        return report
    entries = directory / ENTRIES_FILE
    if not entries.is_file():
        report.problems.append(Problem((0, 0, 1), ENTRIES_FILE, "missing"))
        return report
    found = _read_checkpoints(directory, report)
    sizes = {cp.size for _, _, cp in found}
    since_size = None
    if since is not None:
        try:
            since_size = parse_checkpoint(parse_note(since).text).size
            sizes.add(since_size)
        except LedgerError:
            pass
    walk = _Walk()
    _walk_entries(entries, report, walk, sizes, require_signed)
    tree = _check_signatures(walk, report, processes, progress)
    _check_checkpoints(found, walk, tree, report)
    if since is not None:
        _check_since(since, walk, tree, report)
    _check_trusted(trusted_keys, walk, report)
    if meta.get("size") != tree.size:
        report.problems.append(
            Problem((5, 0, 0), LOG_FILE, f"says {meta.get('size')} entries, {ENTRIES_FILE} holds {tree.size}")
        )
    return report
