"""RFC 9162 Merkle tree: upstream vectors (transparency-dev/merkle), a naive reference, properties."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jointmap.ledger import (
    EMPTY_ROOT,
    InMemoryNodeStore,
    LedgerError,
    MerkleTree,
    ProofError,
    TreeSizeError,
    leaf_hash,
    node_hash,
    root_from_leaf_hashes,
    verify_consistency,
    verify_inclusion,
)

LEDGER_DATA = Path(__file__).parents[2].parent / "shared" / "data" / "ledger"
MISSING = f"shared test vectors not found at {LEDGER_DATA} (needs ../shared/data beside the checkout)"


def _cases(kind: str) -> list[Any]:
    folder = LEDGER_DATA / "testdata" / kind
    files = sorted(folder.rglob("*.json")) if folder.is_dir() else []
    if not files:
        return [pytest.param(None, marks=pytest.mark.skip(reason=MISSING), id="missing")]
    return [pytest.param(f, id=str(f.relative_to(folder))) for f in files]


def _b64(value: str) -> bytes:
    return base64.b64decode(value)


def _load(path: Path) -> dict[str, Any]:
    case: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    case["proof"] = [_b64(p) for p in case.get("proof") or []]  # JSON null means "no proof hashes"
    return case


# -- reference: the RFC's recursive definitions, written as literally as possible -----------------


def _k(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def ref_mth(leaves: list[bytes]) -> bytes:
    n = len(leaves)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return leaves[0]
    k = _k(n)
    return node_hash(ref_mth(leaves[:k]), ref_mth(leaves[k:]))


def ref_path(m: int, leaves: list[bytes]) -> list[bytes]:
    n = len(leaves)
    if n == 1:
        return []
    k = _k(n)
    if m < k:
        return [*ref_path(m, leaves[:k]), ref_mth(leaves[k:])]
    return [*ref_path(m - k, leaves[k:]), ref_mth(leaves[:k])]


def ref_subproof(m: int, leaves: list[bytes], b: bool) -> list[bytes]:
    n = len(leaves)
    if m == n:
        return [] if b else [ref_mth(leaves)]
    k = _k(n)
    if m <= k:
        return [*ref_subproof(m, leaves[:k], b), ref_mth(leaves[k:])]
    return [*ref_subproof(m - k, leaves[k:], False), ref_mth(leaves[:k])]


# -- upstream vectors -------------------------------------------------------------------------------


@pytest.mark.shared_data
@pytest.mark.parametrize("path", _cases("inclusion"))
def test_inclusion_vectors(path: Path) -> None:
    c = _load(path)
    args = (_b64(c["leafHash"]), c["leafIdx"], c["treeSize"], c["proof"], _b64(c["root"]))
    if c["wantErr"]:
        with pytest.raises(ProofError):
            verify_inclusion(*args)
    else:
        verify_inclusion(*args)


@pytest.mark.shared_data
@pytest.mark.parametrize("path", _cases("consistency"))
def test_consistency_vectors(path: Path) -> None:
    c = _load(path)
    args = (c["size1"], c["size2"], _b64(c["root1"]), _b64(c["root2"]), c["proof"])
    if c["wantErr"]:
        with pytest.raises(ProofError):
            verify_consistency(*args)
    else:
        verify_consistency(*args)


def _reference_tree() -> tuple[MerkleTree, list[str]]:
    path = LEDGER_DATA / "reference_tree.json"
    if not path.is_file():
        pytest.skip(MISSING)
    ref = json.loads(path.read_text(encoding="utf-8"))
    tree = MerkleTree()
    for hex_input in ref["leaf_inputs_hex"]:
        tree.append(bytes.fromhex(hex_input))
    roots: list[str] = ref["root_hashes_hex_by_size"]
    return tree, roots


@pytest.mark.shared_data
def test_reference_tree_roots() -> None:
    tree, roots = _reference_tree()
    assert len(roots) == tree.size + 1
    for size, want in enumerate(roots):
        assert tree.root(size).hex() == want
        assert root_from_leaf_hashes([tree.leaf_hash(i) for i in range(size)]).hex() == want


@pytest.mark.shared_data
def test_tree_produces_the_upstream_happy_path_proofs() -> None:
    tree, _ = _reference_tree()
    checked = 0
    for path in sorted((LEDGER_DATA / "testdata").rglob("happy-path.json")):
        c = _load(path)
        if "leafIdx" in c:
            assert tree.inclusion_proof(c["leafIdx"], c["treeSize"]) == c["proof"], path
        else:
            assert tree.consistency_proof(c["size1"], c["size2"]) == c["proof"], path
        checked += 1
    assert checked >= 8


# -- unit tests -------------------------------------------------------------------------------------


def _leaves(n: int) -> list[bytes]:
    return [leaf_hash(b"entry %d" % i) for i in range(n)]


def test_hash_prefixes() -> None:
    assert leaf_hash(b"") == hashlib.sha256(b"\x00").digest()
    left, right = b"L" * 32, b"R" * 32
    assert node_hash(left, right) == hashlib.sha256(b"\x01" + left + right).digest()
    assert MerkleTree().root() == EMPTY_ROOT == hashlib.sha256(b"").digest()


def test_matches_recursive_definitions_for_small_trees() -> None:
    leaves = _leaves(70)
    tree = MerkleTree()
    tree.extend_leaf_hashes(leaves)
    for n in range(71):
        assert tree.root(n) == ref_mth(leaves[:n]) == root_from_leaf_hashes(leaves[:n])
        for m in range(n):
            assert tree.inclusion_proof(m, n) == ref_path(m, leaves[:n])
        for m in range(1, n + 1):
            assert tree.consistency_proof(m, n) == ref_subproof(m, leaves[:n], True)


def test_batch_and_single_appends_agree() -> None:
    entries = [b"e%d" % i for i in range(1000)]
    one, batched = MerkleTree(), MerkleTree()
    for e in entries:
        one.append(e)
    for start in (0, 1, 7, 300, 301, 999):
        end = {0: 1, 1: 7, 7: 300, 300: 301, 301: 999, 999: 1000}[start]
        batched.extend(entries[start:end])
    assert batched.size == one.size == 1000
    assert batched.root() == one.root()
    assert batched.tree_head(513).root == one.root(513)


def test_tree_rebuilds_missing_nodes_from_stored_leaves() -> None:
    # A writer that stored leaves and crashed before the interior nodes: opening the tree repairs it.
    leaves = _leaves(1234)
    store = InMemoryNodeStore()
    store.put_many(0, 0, leaves[:1000])
    store.put(0, 1000, leaves[1000])
    store.put_many(0, 1001, leaves[1001:])
    tree = MerkleTree(store)
    assert tree.root() == root_from_leaf_hashes(leaves)
    assert store.width(1) == 617 and store.width(10) == 1
    MerkleTree(store)  # a second repair is a no-op


def test_node_store_refuses_rewrites_and_gaps() -> None:
    store = InMemoryNodeStore()
    store.put_many(0, 0, [b"a" * 32, b"b" * 32])
    store.put(0, 1, b"b" * 32)  # identical rewrite is allowed
    with pytest.raises(LedgerError, match="conflict"):
        store.put(0, 1, b"c" * 32)
    with pytest.raises(LedgerError, match="gap"):
        store.put(0, 5, b"d" * 32)


def test_bad_requests() -> None:
    tree = MerkleTree()
    tree.extend_leaf_hashes(_leaves(10))
    with pytest.raises(LedgerError, match="32 bytes"):
        tree.append_leaf_hash(b"short")
    for bad in ((10, 10), (-1, 10), (0, 11)):
        with pytest.raises(TreeSizeError):
            tree.inclusion_proof(*bad)
    for old, new in ((0, 5), (6, 5), (3, 11)):
        with pytest.raises(TreeSizeError):
            tree.consistency_proof(old, new)
    assert tree.consistency_proof(4, 4) == []
    with pytest.raises(TreeSizeError):
        tree.root(11)
    assert isinstance(TreeSizeError("x"), ValueError)


def test_verifiers_explain_rejections() -> None:
    tree = MerkleTree()
    tree.extend_leaf_hashes(_leaves(5))
    proof = tree.inclusion_proof(2, 5)
    with pytest.raises(ProofError, match="root"):
        verify_inclusion(tree.leaf_hash(3), 2, 5, proof, tree.root())
    with pytest.raises(ProofError, match="not below tree size"):
        verify_inclusion(tree.leaf_hash(2), 5, 5, proof, tree.root())
    with pytest.raises(ProofError, match="empty tree"):
        verify_consistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])
    with pytest.raises(ProofError, match="33 bytes"):
        verify_inclusion(tree.leaf_hash(2), 2, 5, [*proof[:-1], proof[-1] + b"x"], tree.root())


# -- properties -------------------------------------------------------------------------------------

MAX_LEAVES = 3000
_TREE = MerkleTree()
_TREE.extend(b"leaf %d" % i for i in range(MAX_LEAVES))
_SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def size_and_index(draw: st.DrawFn) -> tuple[int, int]:
    size = draw(st.integers(1, MAX_LEAVES))
    return size, draw(st.integers(0, size - 1))


@st.composite
def two_sizes(draw: st.DrawFn) -> tuple[int, int]:
    new = draw(st.integers(1, MAX_LEAVES))
    return draw(st.integers(1, new)), new


def _flip(proof: list[bytes], element: int, bit: int) -> list[bytes]:
    tampered = list(proof)
    h = bytearray(tampered[element])
    h[bit // 8] ^= 1 << (bit % 8)
    tampered[element] = bytes(h)
    return tampered


@_SETTINGS
@given(size_and_index(), st.data())
def test_inclusion_property(case: tuple[int, int], data: st.DataObject) -> None:
    size, index = case
    root, leaf = _TREE.root(size), _TREE.leaf_hash(index)
    proof = _TREE.inclusion_proof(index, size)
    verify_inclusion(leaf, index, size, proof, root)
    if proof:
        element = data.draw(st.integers(0, len(proof) - 1))
        with pytest.raises(ProofError):
            verify_inclusion(leaf, index, size, _flip(proof, element, data.draw(st.integers(0, 255))), root)
        with pytest.raises(ProofError):
            verify_inclusion(leaf, index, size, proof[:-1], root)
    with pytest.raises(ProofError):
        verify_inclusion(leaf, index, size, [*proof, root], root)
    other = data.draw(st.integers(0, size - 1))
    if other != index and _TREE.leaf_hash(other) != leaf:
        with pytest.raises(ProofError):
            verify_inclusion(_TREE.leaf_hash(other), index, size, proof, root)


@_SETTINGS
@given(two_sizes(), st.data())
def test_consistency_property(sizes: tuple[int, int], data: st.DataObject) -> None:
    old, new = sizes
    old_root, new_root = _TREE.root(old), _TREE.root(new)
    proof = _TREE.consistency_proof(old, new)
    verify_consistency(old, new, old_root, new_root, proof)
    if proof:
        element = data.draw(st.integers(0, len(proof) - 1))
        tampered = _flip(proof, element, data.draw(st.integers(0, 255)))
        with pytest.raises(ProofError):
            verify_consistency(old, new, old_root, new_root, tampered)
        with pytest.raises(ProofError):
            verify_consistency(old, new, old_root, new_root, proof[:-1])
    if old < new:
        with pytest.raises(ProofError):
            verify_consistency(old, new, _TREE.root(old - 1) if old > 1 else new_root, new_root, proof)
        with pytest.raises(ProofError):
            verify_consistency(old, new, old_root, _TREE.root(new - 1), proof)
