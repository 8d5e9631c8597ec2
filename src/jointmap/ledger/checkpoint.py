"""tlog-checkpoint (c2sp.org/tlog-checkpoint): the signed tree head of the log, as a note body.

The text is newline-terminated lines: the origin (log identity), the tree size in decimal without
leading zeros, the base64 RFC 9162 root hash, then optional non-empty extension lines.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from jointmap.ledger._text import b64, b64decode, check_text_chars
from jointmap.ledger.errors import NoteFormatError, SignatureError
from jointmap.ledger.note import NoteVerifier, OpenedNote, open_note
from jointmap.ledger.signers import CosignatureV1Verifier

__all__ = ["Checkpoint", "OpenedCheckpoint", "format_checkpoint", "open_checkpoint", "parse_checkpoint"]

_MAX_TREE_SIZE = 2**64 - 1
_DECIMAL = re.compile(r"0|[1-9][0-9]*")


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """tlog-checkpoint body: origin, tree size, root hash, optional extension lines."""

    origin: str
    size: int
    root_hash: bytes
    extensions: tuple[str, ...] = ()

    def to_text(self) -> str:
        return format_checkpoint(self)

    @classmethod
    def from_text(cls, text: str) -> Checkpoint:
        return parse_checkpoint(text)


def _check_line(line: str, what: str) -> None:
    if not line or "\n" in line:
        raise NoteFormatError(f"checkpoint {what} must be one non-empty line, got {line!r}")
    check_text_chars(line, f"checkpoint {what}")


def format_checkpoint(checkpoint: Checkpoint) -> str:
    """The checkpoint note text, ending in a newline."""
    _check_line(checkpoint.origin, "origin")
    if not 0 <= checkpoint.size <= _MAX_TREE_SIZE:
        raise NoteFormatError(f"checkpoint tree size {checkpoint.size} out of range")
    if len(checkpoint.root_hash) != 32:
        raise NoteFormatError(f"checkpoint root hash is {len(checkpoint.root_hash)} bytes, expected 32")
    for ext in checkpoint.extensions:
        _check_line(ext, "extension line")
    lines = [checkpoint.origin, str(checkpoint.size), b64(checkpoint.root_hash), *checkpoint.extensions]
    return "\n".join(lines) + "\n"


def parse_checkpoint(text: str) -> Checkpoint:
    """Parse a checkpoint note text (not its signatures; see :func:`open_checkpoint`)."""
    if not text.endswith("\n"):
        raise NoteFormatError("checkpoint text must end with a newline")
    lines = text[:-1].split("\n")
    if len(lines) < 3:
        raise NoteFormatError(f"checkpoint needs origin, size and root hash lines; got {len(lines)} lines")
    origin, size_text, root_text, *extensions = lines
    for n, line in enumerate(lines, start=1):
        if not line:
            raise NoteFormatError(f"checkpoint line {n} is empty")
    check_text_chars(text, "checkpoint")
    if not _DECIMAL.fullmatch(size_text) or int(size_text) > _MAX_TREE_SIZE:
        raise NoteFormatError(f"checkpoint tree size {size_text!r} is not a decimal without leading zeros")
    root = b64decode(root_text, "checkpoint root hash")
    if len(root) != 32 or b64(root) != root_text:
        raise NoteFormatError(f"checkpoint root hash {root_text!r} is not canonical base64 of 32 bytes")
    return Checkpoint(origin, int(size_text), root, tuple(extensions))


@dataclass(frozen=True, slots=True)
class OpenedCheckpoint:
    """A checkpoint whose log signature verified, with the cosigners that vouched for it and when."""

    checkpoint: Checkpoint
    note: OpenedNote
    cosigned_at: Mapping[str, int]


def open_checkpoint(
    note: str | bytes,
    log_verifier: NoteVerifier,
    *,
    cosigners: Sequence[CosignatureV1Verifier] = (),
    origin: str | None = None,
) -> OpenedCheckpoint:
    """Verify the log's signature (required) and any known cosignatures, then parse the body.

    ``origin`` defaults to the log key's name, which tlog-checkpoint recommends it match.
    """
    opened = open_note(note, [log_verifier, *cosigners])
    ident = (log_verifier.name, log_verifier.key_id)
    if not any((s.name, s.key_id) == ident for s in opened.verified):
        raise SignatureError(f"checkpoint is not signed by the log key {log_verifier.name}")
    checkpoint = parse_checkpoint(opened.text)
    expected = origin if origin is not None else log_verifier.name
    if checkpoint.origin != expected:
        raise SignatureError(f"checkpoint origin {checkpoint.origin!r} is not the expected {expected!r}")
    by_ident = {(c.name, c.key_id): c for c in cosigners}
    cosigned_at = {
        s.name: CosignatureV1Verifier.timestamp(s.signature)
        for s in opened.verified
        if (s.name, s.key_id) in by_ident and (s.name, s.key_id) != ident
    }
    return OpenedCheckpoint(checkpoint, opened, cosigned_at)
