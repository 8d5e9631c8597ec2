"""RFC 9162 §2.1 Merkle tree: hashing, an append-only tree over a node store, proofs and their verifiers.

The tree keeps every *complete* subtree hash ("node") it has ever computed: level 0 holds the leaf
hashes, level ``k`` holds ``node_hash`` of two level ``k-1`` siblings, so node ``(k, i)`` covers leaves
``[i * 2**k, (i + 1) * 2**k)``. Nodes never change once written (the log is append-only), so a tree
head for any past size and any proof is assembled from O(log n) stored nodes without rehashing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from jointmap.ledger.errors import LedgerError, ProofError, TreeSizeError
from jointmap.ledger.nodestore import InMemoryNodeStore, NodeStore

__all__ = [
    "EMPTY_ROOT",
    "HASH_SIZE",
    "InMemoryNodeStore",
    "MerkleTree",
    "NodeStore",
    "TreeHead",
    "leaf_hash",
    "leaf_hashes",
    "node_hash",
    "root_from_leaf_hashes",
    "verify_consistency",
    "verify_inclusion",
]

HASH_SIZE = 32
_sha256 = hashlib.sha256
# Domain separation prefixes (RFC 9162 §2.1.1): a leaf can never be passed off as an interior node.
_LEAF_PREFIX = b"\x00"
_NODE_PREFIX = b"\x01"
#: MTH({}) = SHA-256 of the empty string.
EMPTY_ROOT = _sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    """MTH({d}) = SHA-256(0x00 || d)."""
    return _sha256(_LEAF_PREFIX + data).digest()


def leaf_hashes(entries: Iterable[bytes]) -> list[bytes]:
    """Leaf hashes of many entries; one comprehension, no per-entry function call."""
    sha, prefix = _sha256, _LEAF_PREFIX
    return [sha(prefix + data).digest() for data in entries]


def node_hash(left: bytes, right: bytes) -> bytes:
    """Interior node: SHA-256(0x01 || left || right)."""
    return _sha256(_NODE_PREFIX + left + right).digest()


def _hash_pairs(children: Sequence[bytes]) -> list[bytes]:
    # The hot loop of tree building: pair up siblings and hash them, nothing else.
    sha, prefix = _sha256, _NODE_PREFIX
    return [sha(prefix + a + b).digest() for a, b in zip(children[0::2], children[1::2], strict=False)]


def root_from_leaf_hashes(hashes: Sequence[bytes]) -> bytes:
    """MTH of a whole list of leaf hashes, without keeping the tree.

    Pairing left to right and carrying an odd last node up unchanged gives exactly the RFC's
    split-at-largest-power-of-two tree.
    """
    if not hashes:
        return EMPTY_ROOT
    level = list(hashes)
    while len(level) > 1:
        parents = _hash_pairs(level)
        if len(level) % 2:
            parents.append(level[-1])
        level = parents
    return level[0]


def _split(width: int) -> int:
    """Largest power of two strictly below ``width`` (``width >= 2``): the RFC's ``k``."""
    return 1 << ((width - 1).bit_length() - 1)


@dataclass(frozen=True, slots=True)
class TreeHead:
    """A tree size and the Merkle tree hash of the first ``size`` leaves."""

    size: int
    root: bytes


class MerkleTree:
    """Append-only RFC 9162 Merkle tree over a :class:`NodeStore`.

    Not thread-safe: the caller serialises appends (the log has one writer).
    """

    __slots__ = ("_store",)

    def __init__(self, store: NodeStore | None = None) -> None:
        self._store: NodeStore = store if store is not None else InMemoryNodeStore()
        # A writer that crashed after storing leaves but before their parents leaves gaps: fill them.
        self._build()

    @property
    def store(self) -> NodeStore:
        return self._store

    @property
    def size(self) -> int:
        """Number of leaves."""
        return self._store.width(0)

    def __len__(self) -> int:
        return self.size

    # -- appending ---------------------------------------------------------------------------

    def append(self, data: bytes) -> int:
        """Hash ``data`` as a leaf and append it; returns its leaf index."""
        return self.append_leaf_hash(leaf_hash(data))

    def append_leaf_hash(self, hash_: bytes) -> int:
        """Append one precomputed leaf hash; returns its leaf index."""
        index = self.size
        self.extend_leaf_hashes((hash_,))
        return index

    def extend(self, entries: Iterable[bytes]) -> int:
        """Hash and append many entries in one batch; returns the new tree size."""
        return self.extend_leaf_hashes(leaf_hashes(entries))

    def extend_leaf_hashes(self, hashes: Sequence[bytes]) -> int:
        """Append many precomputed leaf hashes; returns the new tree size.

        Batches are far cheaper than single appends: each level is extended with one slice.
        """
        if not hashes:
            return self.size
        # map(len) runs in C: a cheap guard against a truncated hash poisoning every later root.
        if set(map(len, hashes)) != {HASH_SIZE}:
            raise LedgerError(f"every leaf hash must be {HASH_SIZE} bytes")
        self._store.put_many(0, self._store.width(0), hashes)
        self._build()
        return self.size

    def _build(self) -> None:
        # Compute every complete node not stored yet, level by level from the leaves up.
        store = self._store
        level = 0
        child_width = store.width(0)
        while child_width >= 2:
            have = store.width(level + 1)
            want = child_width // 2
            if want > have:
                children = store.get_range(level, 2 * have, 2 * want)
                store.put_many(level + 1, have, _hash_pairs(children))
            level += 1
            child_width = want

    # -- reading -------------------------------------------------------------------------------

    def leaf_hash(self, index: int) -> bytes:
        """The stored hash of leaf ``index``."""
        self._check_index(index, self.size)
        return self._store.get(0, index)

    def root(self, size: int | None = None) -> bytes:
        """Merkle tree hash of the first ``size`` leaves (default: all)."""
        size = self._check_size(size)
        return self._range_hash(0, size) if size else EMPTY_ROOT

    def tree_head(self, size: int | None = None) -> TreeHead:
        size = self._check_size(size)
        return TreeHead(size, self.root(size))

    def _range_hash(self, start: int, end: int) -> bytes:
        """MTH of leaves ``[start, end)``; ``start`` must be aligned to the largest power of two <= width.

        Every range the RFC's recursion asks for is of this shape: a run of complete stored subtrees
        of decreasing size, folded from the right.
        """
        get = self._store.get
        peaks: list[bytes] = []
        while start < end:
            level = (end - start).bit_length() - 1
            if start & ((1 << level) - 1):
                raise LedgerError(f"internal: range start {start} not aligned to 2**{level}")
            peaks.append(get(level, start >> level))
            start += 1 << level
        acc = peaks[-1]
        for peak in reversed(peaks[:-1]):
            acc = node_hash(peak, acc)
        return acc

    # -- proofs --------------------------------------------------------------------------------

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """RFC 9162 §2.1.3.1 PATH(index, D[size]), deepest sibling first."""
        size = self._check_size(size)
        self._check_index(index, size)
        path: list[bytes] = []
        start, end = 0, size
        while end - start > 1:
            k = _split(end - start)
            if index < start + k:
                path.append(self._range_hash(start + k, end))
                end = start + k
            else:
                path.append(self._range_hash(start, start + k))
                start += k
        path.reverse()  # collected top-down; the proof lists the deepest sibling first
        return path

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        """RFC 9162 §2.1.4.1 PROOF(old_size, D[new_size]).

        Equal sizes give the empty proof. A proof from size 0 is refused: an empty tree commits to
        nothing, and our verifier rejects such proofs (see docs/log-format.md).
        """
        new_size = self._check_size(new_size)
        if not 0 < old_size <= new_size:
            raise TreeSizeError(
                f"consistency proof needs 0 < old size <= new size, got {old_size} -> {new_size}"
            )
        path: list[bytes] = []
        start, end, m, complete = 0, new_size, old_size, True
        while m != end - start:
            k = _split(end - start)
            if m <= k:
                path.append(self._range_hash(start + k, end))
                end = start + k
            else:
                path.append(self._range_hash(start, start + k))
                start += k
                m -= k
                complete = False
        if not complete:
            # SUBPROOF(m, D[m], false): the old tree is not a whole left subtree, so its piece is sent.
            path.append(self._range_hash(start, end))
        path.reverse()
        return path

    def _check_size(self, size: int | None) -> int:
        current = self.size
        if size is None:
            return current
        if not 0 <= size <= current:
            raise TreeSizeError(f"tree size {size} out of range: the tree has {current} leaves")
        return size

    @staticmethod
    def _check_index(index: int, size: int) -> None:
        if not 0 <= index < size:
            raise TreeSizeError(f"leaf index {index} out of range for tree size {size}")


# -- verifiers ------------------------------------------------------------------------------------


def _require_hash(value: bytes, what: str) -> None:
    # Edge rule 1: anything hashed or compared as a tree hash must be a whole SHA-256 digest.
    if len(value) != HASH_SIZE:
        raise ProofError(f"{what} is {len(value)} bytes, expected {HASH_SIZE}")


def verify_inclusion(leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes) -> None:
    """Check that ``leaf_hash`` is leaf ``index`` of the tree of ``size`` leaves with hash ``root``.

    RFC 9162 §2.1.3.2, step by step. Raises :class:`ProofError`; returns None on success.
    """
    _require_hash(leaf_hash, "leaf hash")
    _require_hash(root, "root hash")
    for i, p in enumerate(proof):
        _require_hash(p, f"proof element {i}")
    # 1. leaf_index must be < tree_size.
    if index < 0 or index >= size:
        raise ProofError(f"leaf index {index} is not below tree size {size}")
    # 2-3.
    fn, sn = index, size - 1
    r = leaf_hash
    # 4.
    for p in proof:
        if sn == 0:  # a.
            raise ProofError("inclusion proof is longer than the path from the leaf to the root")
        if fn & 1 or fn == sn:  # b.
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1  # c.
        sn >>= 1
    # 5.
    if sn != 0:
        raise ProofError("inclusion proof is shorter than the path from the leaf to the root")
    if r != root:
        raise ProofError("inclusion proof does not lead to the given root hash")


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> None:
    """Check that the tree (``new_size``, ``new_root``) extends the tree (``old_size``, ``old_root``).

    RFC 9162 §2.1.4.2 step by step, plus the edge rules in docs/log-format.md: sizes must satisfy
    ``0 < old_size <= new_size`` (a proof from the empty tree is rejected, even 0 -> 0); equal sizes
    hold iff the proof is empty and the two roots are byte-equal. Raises :class:`ProofError`.
    """
    if old_size < 0 or new_size < 0:
        raise ProofError(f"tree sizes must be non-negative, got {old_size} -> {new_size}")
    if old_size > new_size:
        raise ProofError(f"old size {old_size} is larger than new size {new_size}")
    if old_size == 0:
        raise ProofError("consistency from the empty tree (size 0) is not accepted: it commits to nothing")
    if old_size == new_size:
        if proof:
            raise ProofError(f"consistency between equal sizes needs an empty proof, got {len(proof)} hashes")
        if old_root != new_root:
            raise ProofError(f"two different roots for the same tree size {old_size}")
        return
    _require_hash(old_root, "old root hash")
    _require_hash(new_root, "new root hash")
    for i, c in enumerate(proof):
        _require_hash(c, f"proof element {i}")
    # 1.
    if not proof:
        raise ProofError("empty consistency proof between different tree sizes")
    path = list(proof)
    # 2. A power-of-two old tree is a complete left subtree: its root is the proof's implicit start.
    if old_size & (old_size - 1) == 0:
        path.insert(0, old_root)
    # 3.
    fn, sn = old_size - 1, new_size - 1
    # 4.
    while fn & 1:
        fn >>= 1
        sn >>= 1
    # 5.
    fr = sr = path[0]
    # 6.
    for c in path[1:]:
        if sn == 0:  # a.
            raise ProofError("consistency proof has more hashes than the trees need")
        if fn & 1 or fn == sn:  # b.
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1  # c.
        sn >>= 1
    # 7.
    if sn != 0:
        raise ProofError("consistency proof has fewer hashes than the trees need")
    if fr != old_root:
        raise ProofError("consistency proof does not reproduce the old root hash")
    if sr != new_root:
        raise ProofError("consistency proof does not reproduce the new root hash")
