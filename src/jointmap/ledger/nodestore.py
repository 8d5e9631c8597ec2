"""Where a Merkle tree keeps its nodes: the :class:`NodeStore` protocol and an in-memory store.

The database layer implements the same protocol (one table keyed by level and index) so the tree
code never changes when nodes move from memory to disk.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from jointmap.ledger.errors import LedgerError

__all__ = ["InMemoryNodeStore", "NodeStore"]


class NodeStore(Protocol):
    """Where a :class:`MerkleTree` keeps its nodes, addressed by ``(level, index)``.

    Nodes are append-only per level: ``put`` either appends at ``index == width(level)`` or repeats a
    node already stored with the same hash. The batch methods exist so a database store can read
    and write a whole level slice in one statement.
    """

    def width(self, level: int) -> int:
        """Number of nodes stored at ``level`` (0 for a level never written)."""
        ...

    def get(self, level: int, index: int) -> bytes:
        """The node hash at ``(level, index)``; ``index < width(level)``."""
        ...

    def get_range(self, level: int, start: int, stop: int) -> Sequence[bytes]:
        """Nodes ``start .. stop-1`` of ``level``."""
        ...

    def put(self, level: int, index: int, node: bytes) -> None:
        """Store one node."""
        ...

    def put_many(self, level: int, start: int, nodes: Sequence[bytes]) -> None:
        """Store ``nodes`` at ``start, start+1, ...`` of ``level``."""
        ...


class InMemoryNodeStore:
    """A :class:`NodeStore` backed by one Python list of ``bytes`` per level."""

    __slots__ = ("_levels",)

    def __init__(self) -> None:
        self._levels: list[list[bytes]] = []

    def _level(self, level: int) -> list[bytes]:
        while len(self._levels) <= level:
            self._levels.append([])
        return self._levels[level]

    def width(self, level: int) -> int:
        return len(self._levels[level]) if level < len(self._levels) else 0

    def get(self, level: int, index: int) -> bytes:
        return self._levels[level][index]

    def get_range(self, level: int, start: int, stop: int) -> Sequence[bytes]:
        return self._levels[level][start:stop]

    def put(self, level: int, index: int, node: bytes) -> None:
        self.put_many(level, index, (node,))

    def put_many(self, level: int, start: int, nodes: Sequence[bytes]) -> None:
        row = self._level(level)
        if start > len(row):
            raise LedgerError(f"node store gap: level {level} has {len(row)} nodes, write starts at {start}")
        overlap = min(len(row) - start, len(nodes))
        # A rewrite of an existing node is only allowed when it is a no-op (e.g. a repeated repair).
        if overlap > 0 and row[start : start + overlap] != list(nodes[:overlap]):
            raise LedgerError(
                f"node store conflict: level {level} nodes from {start} differ from stored ones"
            )
        row.extend(nodes[overlap:])
