"""Gazetteer and administrative boundaries kept in the store (see ``jointmap.store.gazetteer``).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gazetteer_places",
        sa.Column("geonameid", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("asciiname", sa.Text, nullable=False),
        sa.Column("alternatenames", sa.Text, nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("feature_class", sa.String(1), nullable=False),
        sa.Column("feature_code", sa.String(10), nullable=False),
        sa.Column("country_code", sa.String(3), nullable=False),
        sa.Column("admin1_code", sa.String(20), nullable=False),
        sa.Column("population", sa.BigInteger, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
    )
    op.create_index("ix_gazetteer_places_name", "gazetteer_places", ["name"])
    op.create_index("ix_gazetteer_places_admin1", "gazetteer_places", ["admin1_code"])
    op.create_table(
        "gazetteer_admin1",
        sa.Column("code", sa.String(20), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
    )
    op.create_table(
        "boundaries",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("level", sa.Integer, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("admin1_code", sa.String(20), nullable=False),
        sa.Column("admin1_name", sa.Text, nullable=False),
        sa.Column("minx", sa.Float, nullable=False),
        sa.Column("miny", sa.Float, nullable=False),
        sa.Column("maxx", sa.Float, nullable=False),
        sa.Column("maxy", sa.Float, nullable=False),
        sa.Column("geometry", sa.LargeBinary, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
    )
    op.create_index("ix_boundaries_level_admin1", "boundaries", ["level", "admin1_code"])
    op.create_table(
        "geo_imports",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("report", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("geo_imports")
    op.drop_index("ix_boundaries_level_admin1", table_name="boundaries")
    op.drop_table("boundaries")
    op.drop_table("gazetteer_admin1")
    op.drop_index("ix_gazetteer_places_admin1", table_name="gazetteer_places")
    op.drop_index("ix_gazetteer_places_name", table_name="gazetteer_places")
    op.drop_table("gazetteer_places")
