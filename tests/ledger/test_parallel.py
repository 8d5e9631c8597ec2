"""Multi-process verification of entries: same answer as one process, every bad index reported."""

from __future__ import annotations

import pytest

from jointmap.ledger import (
    LedgerError,
    MerkleTree,
    generate_keypair,
    verify_entries,
    verify_entries_parallel,
)


def _signed_entries(n: int) -> tuple[list[bytes], list[bytes], list[bytes]]:
    orgs = [generate_keypair("org-a"), generate_keypair("org-b")]
    entries = [b'{"seq":%d,"kind":"report"}' % i for i in range(n)]
    signers = [orgs[i % 2] for i in range(n)]
    signatures = [s.sign(e) for s, e in zip(signers, entries, strict=True)]
    keys = [s.public_key for s in signers]
    return entries, signatures, keys


def test_parallel_matches_sequential_and_reports_every_bad_signature() -> None:
    entries, signatures, keys = _signed_entries(403)
    signatures[7] = signatures[8]  # signature of another entry
    keys[200] = keys[201]  # right signature, wrong organisation
    keys[300] = b"short"  # unusable key
    seen: list[int] = []
    parallel = verify_entries_parallel(
        entries, signatures, keys, processes=2, chunk_size=50, progress=seen.append
    )
    sequential = verify_entries(entries, signatures, keys)
    assert parallel == sequential
    assert parallel.bad_signatures == [7, 200, 300] and not parallel.ok
    tree = MerkleTree()
    tree.extend(entries)
    assert parallel.root == tree.root()
    assert parallel.leaf_hashes == [tree.leaf_hash(i) for i in range(len(entries))]
    assert seen[-1] == 403 and seen == sorted(seen)


def test_clean_run_and_argument_checks() -> None:
    entries, signatures, keys = _signed_entries(10)
    assert verify_entries(entries, signatures, keys).ok
    with pytest.raises(LedgerError, match="one signature and one public key per entry"):
        verify_entries_parallel(entries, signatures[:-1], keys)
    with pytest.raises(LedgerError):
        verify_entries_parallel(entries, signatures, keys, chunk_size=0)
    empty = verify_entries([], [], [])
    assert empty.ok and empty.leaf_hashes == []
