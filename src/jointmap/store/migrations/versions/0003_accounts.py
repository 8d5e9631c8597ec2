"""Accounts (users, API keys, sessions, signing choice, notes) and the incidents space-time index.

The accounts tables are local (see ``jointmap.store.accounts``): outside the log, untouched by rebuild.
On SQLite this revision also adds ``incidents_rtree``, an R*Tree over (lon, lat, day) kept by triggers on
``incidents`` (see ``jointmap.store.spatial``); the incidents table itself is unchanged.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from jointmap.store.spatial import RTREE, ensure_spatial_index

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "accounts_users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(120), nullable=False, unique=True),
        sa.Column("organisation", sa.String(120), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("display_name", sa.Text, nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False),
    )
    op.create_table(
        "accounts_api_keys",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("organisation", sa.String(120), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("secret_sha256", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("revoked", sa.Boolean, nullable=False),
    )
    op.create_table(
        "accounts_sessions",
        sa.Column("token_sha256", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("expires_at", sa.String(40), nullable=False),
    )
    op.create_index("ix_accounts_sessions_user", "accounts_sessions", ["user_id"])
    op.create_table(
        "accounts_org_settings",
        sa.Column("organisation", sa.String(120), primary_key=True),
        sa.Column("custodial", sa.Boolean, nullable=False),
    )
    op.create_table(
        "accounts_notes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("organisation", sa.String(120), nullable=False),
        sa.Column("author", sa.String(120), nullable=False),
        sa.Column("subject", sa.String(120), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("private", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_index("ix_accounts_notes_subject", "accounts_notes", ["subject"])
    ensure_spatial_index(op.get_bind())


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {RTREE}_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS {RTREE}")
    op.drop_index("ix_accounts_notes_subject", table_name="accounts_notes")
    op.drop_table("accounts_notes")
    op.drop_table("accounts_org_settings")
    op.drop_index("ix_accounts_sessions_user", table_name="accounts_sessions")
    op.drop_table("accounts_sessions")
    op.drop_table("accounts_api_keys")
    op.drop_table("accounts_users")
