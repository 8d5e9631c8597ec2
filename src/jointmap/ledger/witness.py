"""A party acting as witness: cosign a checkpoint only if it extends the last one this party cosigned.

The witness keeps one file, the last checkpoint it cosigned (``witness-state/<org>.checkpoint`` in its keys
directory). Offered a new checkpoint, it checks the log's signature, then a consistency proof from that
kept checkpoint to the new one (RFC 9162 §2.1.4.2), and only then adds its ``cosignature/v1`` and keeps the
new checkpoint. A smaller tree (rollback), a different root at the same size or a larger tree that does not
contain the old one (a fork) is refused with :class:`WitnessRefused`, and the state is left as it was.

Also here: which organisations' cosignatures make a checkpoint *joint* under an agreement.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jointmap.ledger.checkpoint import Checkpoint, open_checkpoint, parse_checkpoint
from jointmap.ledger.errors import LedgerError, NoteFormatError, ProofError
from jointmap.ledger.keys import KeyPair
from jointmap.ledger.merkle import verify_consistency
from jointmap.ledger.note import parse_note, sign_note
from jointmap.ledger.signers import CosignatureV1Signer, CosignatureV1Verifier, Ed25519Verifier

__all__ = ["Cosigned", "WitnessRefused", "required_cosigners", "witness_cosign"]


class WitnessRefused(LedgerError):
    """The witness will not cosign: not signed by the log, or not consistent with what it cosigned."""


@dataclass(frozen=True, slots=True)
class Cosigned:
    """The checkpoint note with the witness's cosignature added, and what it extended."""

    note: str
    checkpoint: Checkpoint
    previous: Checkpoint | None
    timestamp: int


def _read_state(path: Path, log_verifier: Ed25519Verifier, origin: str) -> Checkpoint | None:
    if not path.exists():
        return None
    try:
        opened = open_checkpoint(path.read_text(encoding="utf-8"), log_verifier, origin=origin)
    except LedgerError:
        # The kept checkpoint may have been signed by an earlier log key: its text is what matters here.
        try:
            return parse_checkpoint(parse_note(path.read_text(encoding="utf-8")).text)
        except NoteFormatError as exc:
            raise WitnessRefused(f"witness state {path} is unreadable: {exc}") from exc
    return opened.checkpoint


def witness_cosign(
    note: str,
    *,
    log_verifier: Ed25519Verifier,
    origin: str,
    keypair: KeyPair,
    state: Path,
    consistency_proof: Callable[[int, int], Sequence[bytes]],
    clock: Callable[[], int] | None = None,
) -> Cosigned:
    """Check ``note`` against the checkpoint kept in ``state`` and cosign it as ``keypair.name``.

    ``consistency_proof(old_size, new_size)`` asks the log for the proof; nothing it returns is trusted.
    """
    try:
        new = open_checkpoint(note, log_verifier, origin=origin).checkpoint
    except LedgerError as exc:
        raise WitnessRefused(f"checkpoint refused: {exc}") from exc
    old = _read_state(state, log_verifier, origin)
    if old is not None:
        if old.origin != new.origin:
            raise WitnessRefused(f"{state} is for log {old.origin!r}, not {new.origin!r}")
        if new.size < old.size:
            raise WitnessRefused(
                f"rollback: {keypair.name} cosigned size {old.size}; refusing the smaller size {new.size}"
            )
        try:
            proof = [] if new.size == old.size else list(consistency_proof(old.size, new.size))
            verify_consistency(old.size, new.size, old.root_hash, new.root_hash, proof)
        except (ProofError, LedgerError) as exc:
            raise WitnessRefused(
                f"FORK: the checkpoint of size {new.size} is not consistent with size {old.size} that "
                f"{keypair.name} cosigned before ({exc}); not cosigning. Keep {state} as evidence."
            ) from exc
    signer = CosignatureV1Signer(keypair.name, keypair.private_key, clock)
    signed = sign_note(parse_note(note), signer)
    text = signed.to_text()
    stamp = CosignatureV1Verifier.timestamp(
        next(s.signature for s in signed.signatures if s.key_id == signer.key_id and s.name == signer.name)
    )
    state.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = state.with_name(state.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, state)
    return Cosigned(text, new, old, stamp)


def required_cosigners(
    agreements: Iterable[Mapping[str, Any]], organisations: Iterable[Mapping[str, Any]]
) -> set[str]:
    """Organisations whose cosignatures make a checkpoint joint: every agreement's guarantors and every
    organisation that represents one of its parties (agreement and organisation payloads as dicts)."""
    orgs = list(organisations)
    required: set[str] = set()
    for agreement in agreements:
        required.update(str(g) for g in agreement.get("guarantors", ()))
        party_actors = {str(p.get("actor")) for p in agreement.get("parties", ())}
        for org in orgs:
            if party_actors & {str(a) for a in org.get("represents", ())}:
                required.add(str(org["id"]))
    return required
