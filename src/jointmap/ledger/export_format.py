"""The files of a log export (docs/log-format.md §9), shared by the exporter and the offline verifier.

An export directory holds ``log.json`` (what was exported), ``entries.jsonl`` (one entry per line, in
order), ``keys.jsonl`` (the key history, for reading; the verifier rebuilds it from the entries) and
``checkpoints/*.checkpoint`` (signed notes, cosignatures included).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from jointmap.domain.log import ENTRY_VERSION, canonical_json, envelope_bytes
from jointmap.ledger.errors import LedgerError

__all__ = [
    "CHECKPOINTS_DIR",
    "ENTRIES_FILE",
    "EXPORT_FORMAT",
    "KEYS_FILE",
    "LOG_FILE",
    "EntryFormatError",
    "ExportEntry",
    "checkpoint_filename",
    "entry_line",
    "parse_entry_line",
]

EXPORT_FORMAT = "jointmap-log-export/1"
LOG_FILE = "log.json"
ENTRIES_FILE = "entries.jsonl"
KEYS_FILE = "keys.jsonl"
CHECKPOINTS_DIR = "checkpoints"
_FIELDS = frozenset(
    {"seq", "kind", "author", "recorded_at", "payload_sha256", "v", "payload", "signature", "key_id"}
)


class EntryFormatError(LedgerError):
    """A line of ``entries.jsonl`` that is not a well-formed entry."""


def checkpoint_filename(size: int) -> str:
    """``checkpoints/<size, 20 digits>.checkpoint``: sorts by size."""
    return f"{size:020d}.checkpoint"


@dataclass(frozen=True, slots=True)
class ExportEntry:
    """One exported entry: the envelope fields, the payload's exact canonical JSON text, the signature."""

    seq: int
    kind: str
    author: str
    recorded_at: str
    payload_sha256: str
    payload: str
    signature: bytes | None
    key_id: str | None

    def envelope(self) -> bytes:
        return envelope_bytes(
            seq=self.seq,
            kind=self.kind,
            author=self.author,
            recorded_at=self.recorded_at,
            payload_sha256=self.payload_sha256,
        )

    def payload_matches(self) -> bool:
        return hashlib.sha256(self.payload.encode("utf-8")).hexdigest() == self.payload_sha256

    def payload_object(self) -> dict[str, Any]:
        value = json.loads(self.payload)
        if not isinstance(value, dict):
            raise EntryFormatError("payload is not a JSON object")
        return value


def entry_line(entry: ExportEntry) -> bytes:
    """The canonical JSON line (with its newline) for one entry."""
    return (
        canonical_json(
            {
                "seq": entry.seq,
                "kind": entry.kind,
                "author": entry.author,
                "recorded_at": entry.recorded_at,
                "payload_sha256": entry.payload_sha256,
                "v": ENTRY_VERSION,
                "payload": entry.payload,
                "signature": None
                if entry.signature is None
                else base64.b64encode(entry.signature).decode("ascii"),
                "key_id": entry.key_id,
            }
        )
        + b"\n"
    )


def parse_entry_line(line: bytes | str) -> ExportEntry:
    """One ``entries.jsonl`` line → :class:`ExportEntry`; EntryFormatError says what is wrong."""
    try:
        data = json.loads(line)
    except ValueError as exc:
        raise EntryFormatError(f"not valid JSON ({exc.args[0] if exc.args else exc})") from exc
    if not isinstance(data, dict) or set(data) != _FIELDS:
        found = sorted(data) if isinstance(data, dict) else type(data).__name__
        raise EntryFormatError(f"an entry has exactly the fields {sorted(_FIELDS)}, found {found}")
    if data["v"] != ENTRY_VERSION:
        raise EntryFormatError(f"entry format v{data['v']} is not v{ENTRY_VERSION}")
    seq = data["seq"]
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
        raise EntryFormatError(f"seq {seq!r} is not a non-negative integer")
    for name in ("kind", "author", "recorded_at", "payload_sha256", "payload"):
        if not isinstance(data[name], str):
            raise EntryFormatError(f"{name} is not a string")
    signature: bytes | None = None
    if data["signature"] is not None:
        try:
            signature = base64.b64decode(str(data["signature"]), validate=True)
        except binascii.Error as exc:
            raise EntryFormatError("signature is not valid base64") from exc
    key_id = data["key_id"]
    if key_id is not None and not isinstance(key_id, str):
        raise EntryFormatError("key_id is not a string")
    return ExportEntry(
        seq,
        data["kind"],
        data["author"],
        data["recorded_at"],
        data["payload_sha256"],
        data["payload"],
        signature,
        key_id,
    )
