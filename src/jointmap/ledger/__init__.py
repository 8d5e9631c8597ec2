"""The verifiable log's pure core: RFC 9162 Merkle tree and proofs, C2SP signed checkpoints, keys.

No database here: the store layer persists nodes through :class:`NodeStore` and entries itself.
The formats are written up in ``docs/log-format.md``.

Modules: ``merkle`` (hashing, tree, proofs, verifiers), ``nodestore`` (node storage protocol),
``note`` (signed notes), ``signers`` (Ed25519 and cosignature/v1 keys), ``checkpoint`` (tree head
notes), ``keys`` (key pairs and key files), ``parallel`` (multi-core offline entry verification),
``keyring`` (the keys directory), ``keyhistory`` (key entries and who must sign what), ``witness``
(cosign only consistent checkpoints), ``export_format`` and ``offline`` (export files and their
offline verification). ``service`` is the edge over the store (checkpoints, export, ``verify --db``)
and is not imported here: the store imports this package.

Exceptions (all importable from here)::

    LedgerError                  base of everything this package raises (a JointmapError, CLI exit 1)
    ├── ProofError               an inclusion or consistency proof was rejected
    ├── TreeSizeError            (also ValueError) a size or leaf index the tree cannot serve
    ├── NoteFormatError          (also ValueError) malformed note, checkpoint, signature line or key string
    ├── SignatureError           a signature failed, or no signature from a trusted key
    ├── KeyFileError             key file missing, unreadable, too permissive or malformed
    ├── KeyRuleError             a key entry or signer the key rules do not allow (keyhistory)
    ├── WitnessRefused           a witness will not cosign: fork, rollback or bad signature (witness)
    └── EntryFormatError         a malformed line in an export (export_format)
"""

from __future__ import annotations

from jointmap.ledger.checkpoint import (
    Checkpoint,
    OpenedCheckpoint,
    format_checkpoint,
    open_checkpoint,
    parse_checkpoint,
)
from jointmap.ledger.errors import (
    KeyFileError,
    LedgerError,
    NoteFormatError,
    ProofError,
    SignatureError,
    TreeSizeError,
)
from jointmap.ledger.keys import (
    KeyPair,
    generate_keypair,
    key_file_stem,
    load_keypair,
    load_verifier,
    sign,
    verify,
    write_keypair,
)
from jointmap.ledger.merkle import (
    EMPTY_ROOT,
    HASH_SIZE,
    MerkleTree,
    TreeHead,
    leaf_hash,
    leaf_hashes,
    node_hash,
    root_from_leaf_hashes,
    verify_consistency,
    verify_inclusion,
)
from jointmap.ledger.nodestore import InMemoryNodeStore, NodeStore
from jointmap.ledger.note import (
    NoteSignature,
    NoteSigner,
    NoteVerifier,
    OpenedNote,
    SignedNote,
    open_note,
    parse_note,
    sign_note,
)
from jointmap.ledger.parallel import EntryCheck, verify_entries, verify_entries_parallel
from jointmap.ledger.signers import (
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
    "EMPTY_ROOT",
    "HASH_SIZE",
    "SIG_TYPE_COSIGNATURE_V1",
    "SIG_TYPE_ED25519",
    "Checkpoint",
    "CosignatureV1Signer",
    "CosignatureV1Verifier",
    "Ed25519Signer",
    "Ed25519Verifier",
    "EntryCheck",
    "InMemoryNodeStore",
    "KeyFileError",
    "KeyPair",
    "LedgerError",
    "MerkleTree",
    "NodeStore",
    "NoteFormatError",
    "NoteSignature",
    "NoteSigner",
    "NoteVerifier",
    "OpenedCheckpoint",
    "OpenedNote",
    "ProofError",
    "SignatureError",
    "SignedNote",
    "TreeHead",
    "TreeSizeError",
    "cosignature_message",
    "format_checkpoint",
    "generate_keypair",
    "key_file_stem",
    "key_id",
    "leaf_hash",
    "leaf_hashes",
    "load_keypair",
    "load_verifier",
    "node_hash",
    "open_checkpoint",
    "open_note",
    "parse_checkpoint",
    "parse_note",
    "parse_signer_key",
    "parse_verifier_key",
    "root_from_leaf_hashes",
    "sign",
    "sign_note",
    "verify",
    "verify_consistency",
    "verify_entries",
    "verify_entries_parallel",
    "verify_inclusion",
    "write_keypair",
]
