"""Ed25519 note signers and verifiers: plain signed-note keys (type 0x01) and tlog-cosignature
``cosignature/v1`` witness keys (type 0x04), with their text encodings.

* key ID = SHA-256(key name || 0x0A || signature type || public key)[:4]
* verifier key = name "+" hex(key ID) "+" base64(signature type || 32-byte public key)
* signer key = "PRIVATE+KEY+" name "+" hex(key ID) "+" base64(0x01 || 32-byte Ed25519 seed), as Go's
  golang.org/x/mod/sumdb/note, so keys move between our tools and Go's
* cosignature/v1 signature = u64 big-endian timestamp || Ed25519 signature over
  "cosignature/v1\ntime <timestamp>\n" || checkpoint text
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from jointmap.ledger._text import b64, b64decode, check_key_name
from jointmap.ledger.errors import LedgerError, NoteFormatError

__all__ = [
    "COSIGNATURE_V1_HEADER",
    "SIG_TYPE_COSIGNATURE_V1",
    "SIG_TYPE_ED25519",
    "CosignatureV1Signer",
    "CosignatureV1Verifier",
    "Ed25519Signer",
    "Ed25519Verifier",
    "cosignature_message",
    "key_id",
    "parse_signer_key",
    "parse_verifier_key",
]

SIG_TYPE_ED25519 = 0x01
SIG_TYPE_COSIGNATURE_V1 = 0x04
COSIGNATURE_V1_HEADER = "cosignature/v1\n"
_MAX_TIMESTAMP = 2**63 - 1
_HEX8 = re.compile(r"[0-9a-fA-F]{8}")


def key_id(name: str, sig_type: int, public_key: bytes) -> bytes:
    """The 4-byte key ID: SHA-256(name || 0x0A || type || public key)[:4]."""
    return hashlib.sha256(name.encode("utf-8") + b"\n" + bytes([sig_type]) + public_key).digest()[:4]


def _ed25519_verify(public_key: Ed25519PublicKey, signature: bytes, message: bytes) -> bool:
    try:
        public_key.verify(signature, message)
    except InvalidSignature:
        return False
    return True


def _raw_public(private_key: Ed25519PrivateKey) -> bytes:
    return private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


class _VerifierBase:
    """Shared by the two Ed25519 verifier types; they differ in type byte and signed message."""

    sig_type: int = 0
    __slots__ = ("_key", "_key_id", "_name", "_public")

    def __init__(self, name: str, public_key: bytes) -> None:
        check_key_name(name)
        if len(public_key) != 32:
            raise NoteFormatError(f"an Ed25519 public key is 32 bytes, got {len(public_key)}")
        self._name = name
        self._public = bytes(public_key)
        try:
            self._key = Ed25519PublicKey.from_public_bytes(self._public)
        except ValueError as exc:
            raise NoteFormatError(f"invalid Ed25519 public key for {name}") from exc
        self._key_id = key_id(name, self.sig_type, self._public)

    @property
    def name(self) -> str:
        return self._name

    @property
    def key_id(self) -> bytes:
        return self._key_id

    @property
    def public_key(self) -> bytes:
        return self._public

    @property
    def verifier_key(self) -> str:
        """The ``name+hexid+base64(type||key)`` string to hand out."""
        return f"{self._name}+{self._key_id.hex()}+{b64(bytes([self.sig_type]) + self._public)}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.verifier_key!r})"


class Ed25519Verifier(_VerifierBase):
    """signed-note Ed25519 (type 0x01): the signature is over the note text itself."""

    sig_type = SIG_TYPE_ED25519
    __slots__ = ()

    def verify(self, text: bytes, signature: bytes) -> bool:
        return len(signature) == 64 and _ed25519_verify(self._key, signature, text)


def cosignature_message(text: str | bytes, timestamp: int) -> bytes:
    """What a cosignature/v1 signs: header line, time line, then the whole checkpoint text."""
    body = text.encode("utf-8") if isinstance(text, str) else text
    return f"{COSIGNATURE_V1_HEADER}time {timestamp}\n".encode("ascii") + body


class CosignatureV1Verifier(_VerifierBase):
    """tlog-cosignature Ed25519 (type 0x04): signature = u64 BE timestamp || Ed25519 signature."""

    sig_type = SIG_TYPE_COSIGNATURE_V1
    __slots__ = ()

    def verify(self, text: bytes, signature: bytes) -> bool:
        if len(signature) != 72:
            return False
        timestamp = int.from_bytes(signature[:8], "big")
        if timestamp > _MAX_TIMESTAMP:
            return False
        return _ed25519_verify(self._key, signature[8:], cosignature_message(text, timestamp))

    @staticmethod
    def timestamp(signature: bytes) -> int:
        """The POSIX time a cosignature claims, read without verifying (bytes after the key ID)."""
        if len(signature) != 72:
            raise NoteFormatError(f"a cosignature/v1 is 8 + 64 bytes, got {len(signature)}")
        return int.from_bytes(signature[:8], "big")


class Ed25519Signer:
    """Signs notes as key ``name`` (type 0x01)."""

    __slots__ = ("_key", "_key_id", "_name", "_public")

    def __init__(self, name: str, private_key: Ed25519PrivateKey) -> None:
        check_key_name(name)
        self._name = name
        self._key = private_key
        self._public = _raw_public(private_key)
        self._key_id = key_id(name, SIG_TYPE_ED25519, self._public)

    @property
    def name(self) -> str:
        return self._name

    @property
    def key_id(self) -> bytes:
        return self._key_id

    @property
    def private_key(self) -> Ed25519PrivateKey:
        return self._key

    def sign(self, text: bytes) -> bytes:
        return self._key.sign(text)

    def verifier(self) -> Ed25519Verifier:
        return Ed25519Verifier(self._name, self._public)

    @property
    def signer_key(self) -> str:
        """Go-compatible ``PRIVATE+KEY+name+hexid+base64(0x01||seed)``. Secret: keep it in a 0600 file."""
        seed = self._key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        return f"PRIVATE+KEY+{self._name}+{self._key_id.hex()}+{b64(bytes([SIG_TYPE_ED25519]) + seed)}"


class CosignatureV1Signer:
    """Cosigns checkpoints as witness ``name`` (type 0x04), stamping the time from ``clock``."""

    __slots__ = ("_clock", "_key", "_key_id", "_name", "_public")

    def __init__(
        self, name: str, private_key: Ed25519PrivateKey, clock: Callable[[], int] | None = None
    ) -> None:
        check_key_name(name)
        self._name = name
        self._key = private_key
        self._public = _raw_public(private_key)
        self._key_id = key_id(name, SIG_TYPE_COSIGNATURE_V1, self._public)
        self._clock = clock if clock is not None else (lambda: int(time.time()))

    @property
    def name(self) -> str:
        return self._name

    @property
    def key_id(self) -> bytes:
        return self._key_id

    def sign(self, text: bytes) -> bytes:
        return self.sign_at(text, self._clock())

    def sign_at(self, text: bytes, timestamp: int) -> bytes:
        if not 0 <= timestamp <= _MAX_TIMESTAMP:
            raise LedgerError(f"cosignature timestamp {timestamp} out of range")
        sig = self._key.sign(cosignature_message(text, timestamp))
        return timestamp.to_bytes(8, "big") + sig

    def verifier(self) -> CosignatureV1Verifier:
        return CosignatureV1Verifier(self._name, self._public)


def parse_verifier_key(vkey: str) -> Ed25519Verifier | CosignatureV1Verifier:
    """Parse ``name+hexid+base64(type||key)``; the key ID must match the name and key."""
    name, sep1, rest = vkey.partition("+")
    hex_id, sep2, blob = rest.partition("+")
    if not (sep1 and sep2) or not _HEX8.fullmatch(hex_id):
        raise NoteFormatError(f"verifier key must be name+hexkeyid+base64key: {vkey!r}")
    raw = b64decode(blob, "verifier key")
    if not raw:
        raise NoteFormatError("verifier key has no key material")
    sig_type, public = raw[0], raw[1:]
    cls: type[Ed25519Verifier | CosignatureV1Verifier]
    if sig_type == SIG_TYPE_ED25519:
        cls = Ed25519Verifier
    elif sig_type == SIG_TYPE_COSIGNATURE_V1:
        cls = CosignatureV1Verifier
    else:
        raise NoteFormatError(f"verifier key of unsupported signature type 0x{sig_type:02x}")
    verifier = cls(name, public)
    if verifier.key_id != bytes.fromhex(hex_id):
        raise NoteFormatError(
            f"verifier key ID {hex_id} does not match name and key ({verifier.key_id.hex()})"
        )
    return verifier


def parse_signer_key(skey: str) -> Ed25519Signer:
    """Parse a Go-compatible ``PRIVATE+KEY+name+hexid+base64(0x01||seed)`` signer key."""
    parts = skey.split("+", 4)
    if len(parts) != 5 or parts[:2] != ["PRIVATE", "KEY"] or not _HEX8.fullmatch(parts[3]):
        raise NoteFormatError("signer key must be PRIVATE+KEY+name+hexkeyid+base64key")
    name, hex_id, raw = parts[2], parts[3], b64decode(parts[4], "signer key")
    if len(raw) != 33 or raw[0] != SIG_TYPE_ED25519:
        raise NoteFormatError("signer key must be an Ed25519 seed (type 0x01, 32 bytes)")
    signer = Ed25519Signer(name, Ed25519PrivateKey.from_private_bytes(raw[1:]))
    if signer.key_id != bytes.fromhex(hex_id):
        raise NoteFormatError(f"signer key ID {hex_id} does not match name and key")
    return signer
