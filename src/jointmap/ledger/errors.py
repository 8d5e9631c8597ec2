"""Exceptions raised by the ledger core (hierarchy documented in ``jointmap.ledger``)."""

from __future__ import annotations

from jointmap.errors import JointmapError

__all__ = [
    "KeyFileError",
    "LedgerError",
    "NoteFormatError",
    "ProofError",
    "SignatureError",
    "TreeSizeError",
]


class LedgerError(JointmapError):
    """Base of every error raised by ``jointmap.ledger``; the CLI exits 1 (verification failed)."""

    exit_code = 1


class ProofError(LedgerError):
    """A Merkle inclusion or consistency proof was rejected."""


class TreeSizeError(LedgerError, ValueError):
    """A tree size or leaf index outside what the tree holds (or what a proof can be made for)."""


class NoteFormatError(LedgerError, ValueError):
    """A signed note, checkpoint, signature line or key string is malformed."""


class SignatureError(LedgerError):
    """A signature failed to verify, or a note carries no signature from a trusted key."""


class KeyFileError(LedgerError):
    """A key file is missing, unreadable, too permissive or not in the expected format."""
