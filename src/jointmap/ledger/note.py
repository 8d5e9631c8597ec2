"""C2SP signed notes (c2sp.org/signed-note): text, a blank line, then signature lines.

    <text ending in a newline>\n— <key name> <base64(4-byte key ID || signature)>\n ...

The signature line starts with EM DASH U+2014 and a space. Signers and verifiers for the key types
we use live in :mod:`jointmap.ledger.signers` and are re-exported here; checkpoint bodies are in
:mod:`jointmap.ledger.checkpoint`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from jointmap.ledger._text import b64, b64decode, check_key_name, check_text_chars, is_valid_key_name
from jointmap.ledger.errors import NoteFormatError, SignatureError
from jointmap.ledger.signers import (
    COSIGNATURE_V1_HEADER,
    SIG_TYPE_COSIGNATURE_V1,
    SIG_TYPE_ED25519,
    CosignatureV1Signer,
    CosignatureV1Verifier,
    Ed25519Signer,
    Ed25519Verifier,
    cosignature_message,
    key_id,
    parse_signer_key,
    parse_verifier_key,
)

__all__ = [
    "COSIGNATURE_V1_HEADER",
    "MAX_SIGNATURES",
    "SIG_TYPE_COSIGNATURE_V1",
    "SIG_TYPE_ED25519",
    "CosignatureV1Signer",
    "CosignatureV1Verifier",
    "Ed25519Signer",
    "Ed25519Verifier",
    "NoteSignature",
    "NoteSigner",
    "NoteVerifier",
    "OpenedNote",
    "SignedNote",
    "cosignature_message",
    "is_valid_key_name",
    "key_id",
    "open_note",
    "parse_note",
    "parse_signer_key",
    "parse_verifier_key",
    "sign_note",
]

#: Same cap as Go's note.Open; the spec asks verifiers to accept at least 16.
MAX_SIGNATURES = 100
_SIG_PREFIX = "\u2014 "  # EM DASH, SPACE


@dataclass(frozen=True, slots=True)
class NoteSignature:
    """One signature line: key name, 4-byte key ID and the algorithm's signature bytes."""

    name: str
    key_id: bytes
    signature: bytes

    def to_line(self) -> str:
        return f"{_SIG_PREFIX}{self.name} {b64(self.key_id + self.signature)}\n"

    @classmethod
    def from_line(cls, line: str) -> NoteSignature:
        """Parse one line (without its final newline)."""
        if not line.startswith(_SIG_PREFIX):
            raise NoteFormatError(f"signature line must start with an em dash and a space: {line!r}")
        name, sep, blob = line[len(_SIG_PREFIX) :].partition(" ")
        if not sep or not blob:
            raise NoteFormatError(f"signature line needs a key name and a signature: {line!r}")
        check_key_name(name)
        raw = b64decode(blob, f"signature of {name}")
        if len(raw) < 5:
            raise NoteFormatError(
                f"signature of {name} is {len(raw)} bytes; a key ID and a signature need 5+"
            )
        return cls(name, raw[:4], raw[4:])


@dataclass(frozen=True, slots=True)
class SignedNote:
    """A note text (ending in a newline) and its signatures, in order."""

    text: str
    signatures: tuple[NoteSignature, ...] = ()

    def to_text(self) -> str:
        return self.text + "\n" + "".join(s.to_line() for s in self.signatures)

    def encode(self) -> bytes:
        return self.to_text().encode("utf-8")


def parse_note(note: str | bytes) -> SignedNote:
    """Split a signed note into text and signature lines (syntax only; nothing is verified)."""
    if isinstance(note, bytes):
        try:
            note = note.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise NoteFormatError(f"note is not valid UTF-8 (byte {exc.start})") from exc
    check_text_chars(note, "note")
    # The text ends at the *last* blank line: the text itself may contain blank lines.
    split = note.rfind("\n\n")
    if split < 0:
        raise NoteFormatError("note has no blank line before its signatures")
    text, block = note[: split + 1], note[split + 2 :]
    if not block or not block.endswith("\n"):
        raise NoteFormatError("note must end with at least one newline-terminated signature line")
    lines = block[:-1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise NoteFormatError(f"note has {len(lines)} signatures; at most {MAX_SIGNATURES} are accepted")
    return SignedNote(text, tuple(NoteSignature.from_line(line) for line in lines))


class NoteVerifier(Protocol):
    """Checks signatures of one key: identified by (name, key ID)."""

    @property
    def name(self) -> str: ...

    @property
    def key_id(self) -> bytes: ...

    def verify(self, text: bytes, signature: bytes) -> bool:
        """True iff ``signature`` (the bytes after the key ID) is valid over the note ``text``."""
        ...


class NoteSigner(Protocol):
    """Produces the signature bytes (after the key ID) of one key over a note text."""

    @property
    def name(self) -> str: ...

    @property
    def key_id(self) -> bytes: ...

    def sign(self, text: bytes) -> bytes: ...


def sign_note(note: str | SignedNote, *signers: NoteSigner) -> SignedNote:
    """Add one signature per signer; an existing signature by the same (name, key ID) is replaced."""
    base = note if isinstance(note, SignedNote) else SignedNote(note)
    text = base.text
    if not text.endswith("\n"):
        raise NoteFormatError("note text must end with a newline")
    check_text_chars(text, "note text")
    message = text.encode("utf-8")
    new = []
    for signer in signers:
        check_key_name(signer.name)
        new.append(NoteSignature(signer.name, signer.key_id, signer.sign(message)))
    replaced = {(s.name, s.key_id) for s in new}
    kept = [s for s in base.signatures if (s.name, s.key_id) not in replaced]
    if not kept and not new:
        raise NoteFormatError("a signed note needs at least one signature")
    return SignedNote(text, (*kept, *new))


@dataclass(frozen=True, slots=True)
class OpenedNote:
    """A note whose ``verified`` signatures all checked out; ``unverified`` are from unknown keys."""

    text: str
    verified: tuple[NoteSignature, ...]
    unverified: tuple[NoteSignature, ...]


def open_note(note: str | bytes | SignedNote, verifiers: Iterable[NoteVerifier]) -> OpenedNote:
    """Parse and verify a note (signed-note §Signatures, with Go note.Open's semantics).

    Lines from unknown keys are set aside; a failing signature from a known key rejects the whole
    note; a note with no verified signature is rejected.
    """
    parsed = note if isinstance(note, SignedNote) else parse_note(note)
    known: dict[tuple[str, bytes], list[NoteVerifier]] = {}
    for v in verifiers:
        known.setdefault((v.name, v.key_id), []).append(v)
    message = parsed.text.encode("utf-8")
    verified: list[NoteSignature] = []
    unverified: list[NoteSignature] = []
    seen: set[tuple[str, bytes]] = set()
    for sig in parsed.signatures:
        ident = (sig.name, sig.key_id)
        candidates = known.get(ident)
        if candidates is None:
            if sig not in unverified:
                unverified.append(sig)
            continue
        if len(candidates) > 1:  # as Go's VerifierList: refuse to guess which key was meant
            raise SignatureError(f"ambiguous key {sig.name}+{sig.key_id.hex()}: several verifiers share it")
        verifier = candidates[0]
        if ident in seen:  # repeated lines by one key: the first decides
            continue
        seen.add(ident)
        if not verifier.verify(message, sig.signature):
            raise SignatureError(f"invalid signature for key {sig.name}+{sig.key_id.hex()}")
        verified.append(sig)
    if not verified:
        raise SignatureError("note has no signature from a trusted key")
    return OpenedNote(parsed.text, tuple(verified), tuple(unverified))
