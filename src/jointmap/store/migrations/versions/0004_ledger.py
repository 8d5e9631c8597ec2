"""The verifiable log: organisations' keys, the Merkle tree's nodes, checkpoints and cosignatures.

``org_keys`` and ``merkle_nodes`` are views of the log (see ``jointmap.store.ledger``); ``checkpoints`` and
``cosignatures`` are local. Entries already in the database get their leaf hash and tree nodes here, so a
database written before this revision verifies like any other (its entries stay unsigned).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import hashlib
import json

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _envelope(seq: int, kind: str, author: str, recorded_at: str, payload_sha256: str) -> bytes:
    # Frozen copy of jointmap.domain.log.envelope_bytes (entry format v1): a migration must not change.
    fields = {
        "author": author,
        "kind": kind,
        "payload_sha256": payload_sha256,
        "recorded_at": recorded_at,
        "seq": seq,
        "v": 1,
    }
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _backfill(conn: sa.Connection) -> None:
    rows = conn.execute(
        sa.text("SELECT seq, kind, author, recorded_at, payload_sha256 FROM log_entries ORDER BY seq")
    ).all()
    if not rows:
        return
    leaves = [hashlib.sha256(b"\x00" + _envelope(*r)).digest() for r in rows]
    conn.execute(
        sa.text("UPDATE log_entries SET leaf_hash = :h WHERE seq = :s"),
        [{"h": h.hex(), "s": r[0]} for r, h in zip(rows, leaves, strict=True)],
    )
    level, nodes = 0, leaves
    while nodes:
        conn.execute(
            sa.text("INSERT INTO merkle_nodes (level, idx, hash) VALUES (:l, :i, :h)"),
            [{"l": level, "i": i, "h": h} for i, h in enumerate(nodes)],
        )
        nodes = [
            hashlib.sha256(b"\x01" + a + b).digest() for a, b in zip(nodes[0::2], nodes[1::2], strict=False)
        ]
        level += 1


def upgrade() -> None:
    op.create_table(
        "org_keys",
        sa.Column("org", sa.String(120), primary_key=True),
        sa.Column("key_id", sa.String(8), primary_key=True),
        sa.Column("verifier_key", sa.Text, nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("published_seq", sa.Integer, nullable=False),
        sa.Column("retired_seq", sa.Integer, nullable=True),
        sa.Column("revoked_seq", sa.Integer, nullable=True),
    )
    op.create_table(
        "merkle_nodes",
        sa.Column("level", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("idx", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("hash", sa.LargeBinary(32), nullable=False),
    )
    op.create_table(
        "checkpoints",
        sa.Column("size", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("root_hash", sa.String(64), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "cosignatures",
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("org", sa.String(120), nullable=False),
        sa.Column("key_id", sa.String(8), nullable=False),
        sa.Column("timestamp", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_cosignatures", "cosignatures", ["size", "org"], unique=True)
    _backfill(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_cosignatures", table_name="cosignatures")
    for table in ("cosignatures", "checkpoints", "merkle_nodes", "org_keys"):
        op.drop_table(table)
