"""Log entries: every write, as canonical JSON, in order.

The bytes that identify an entry (its *envelope*) are the canonical JSON of
``{"author", "kind", "payload_sha256", "recorded_at", "seq", "v"}``. A signature and the Merkle leaf hash are
computed over those bytes and stored beside them, so adding signing later rewrites no history.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from pydantic import Field

from jointmap.domain._base import AwareDatetime, DomainModel, Identifier

__all__ = ["ENTRY_VERSION", "LogEntry", "canonical_json", "envelope_bytes", "format_time", "sha256_hex"]

ENTRY_VERSION = 1


def canonical_json(value: Any) -> bytes:
    """Deterministic JSON: sorted keys, no insignificant whitespace, UTF-8, no NaN.

    Close to RFC 8785 for the values we store (strings, integers, finite floats, lists, objects).
    """
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class LogEntry(DomainModel):
    seq: int = Field(ge=0)
    kind: str = Field(min_length=1, pattern=r"^[a-z_]+\.[a-z_]+$")
    author: Identifier
    recorded_at: AwareDatetime
    payload: dict[str, Any]
    payload_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    #: Ed25519 signature over ``envelope()`` by the author's key, base64; added by the ledger.
    signature: str | None = None
    key_id: str | None = None

    def envelope(self) -> bytes:
        """The bytes that are signed and hashed into the Merkle tree."""
        return envelope_bytes(
            seq=self.seq,
            kind=self.kind,
            author=self.author,
            recorded_at=format_time(self.recorded_at),
            payload_sha256=self.payload_sha256,
        )


def envelope_bytes(*, seq: int, kind: str, author: str, recorded_at: str, payload_sha256: str) -> bytes:
    """``LogEntry.envelope()`` from its fields, ``recorded_at`` already formatted (as stored and exported)."""
    return canonical_json(
        {
            "author": author,
            "kind": kind,
            "payload_sha256": payload_sha256,
            "recorded_at": recorded_at,
            "seq": seq,
            "v": ENTRY_VERSION,
        }
    )


def format_time(value: datetime) -> str:
    """ISO 8601 with offset and microseconds, so equal instants always print the same."""
    return value.isoformat(timespec="microseconds")
