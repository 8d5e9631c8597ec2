"""Text and encoding rules shared by notes, checkpoints and keys (private to the ledger package)."""

from __future__ import annotations

import base64
import binascii

from jointmap.ledger.errors import NoteFormatError

__all__ = ["b64", "b64decode", "check_key_name", "check_text_chars", "is_valid_key_name"]


def b64decode(text: str, what: str) -> bytes:
    # Strict standard base64 (RFC 4648 §4) with padding, as Go's StdEncoding.
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise NoteFormatError(f"{what}: invalid base64 {text!r}") from exc


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def is_valid_key_name(name: str) -> bool:
    """signed-note: non-empty, no Unicode spaces, no '+'."""
    return bool(name) and "+" not in name and not any(ch.isspace() for ch in name)


def check_key_name(name: str) -> None:
    if not is_valid_key_name(name):
        raise NoteFormatError(f"invalid key name {name!r}: must be non-empty, without spaces or '+'")


def check_text_chars(text: str, what: str) -> None:
    # Notes are UTF-8 without ASCII control characters other than newline.
    for i, ch in enumerate(text):
        if ch < " " and ch != "\n":
            raise NoteFormatError(f"{what}: control character {ch!r} at offset {i}")
