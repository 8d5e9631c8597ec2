"""Protected-site alerts kept in the store: the ``alert.raise`` entry kind and the ``alerts`` view table.

Adjudication raises an alert when an incident's shape comes within the set distance of a notified protected
site. Each is written once (idempotency key ``alert:<agreement>:<rule>:<incident>:<site>:<distance>``); a
changed distance (an edited location) raises it again and the row shows the newest.

Visibility is restricted (``info={"restricted": True}``): an alert names a protected site, and protected
sites are never public, so public views must leave this table and ``alert.raise`` entries out.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Connection, Float, Index, Integer, String, Table, Text, delete, insert

from jointmap.domain import Alert, LogEntry, canonical_json
from jointmap.store import schema as s
from jointmap.store.apply import EntryKind, register_kind

__all__ = ["ALERT_KIND", "alerts"]

ALERT_KIND = "alert.raise"

alerts = Table(
    "alerts",
    s.metadata,
    Column("id", String(120), primary_key=True),
    Column("incident", String(120), nullable=False),
    Column("site", String(120), nullable=False),
    Column("agreement", String(120), nullable=False),
    Column("rule", String(120), nullable=False),
    Column("distance_m", Float, nullable=False),
    Column("radius_m", Float, nullable=False),
    Column("raised_at", String(40), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("data", Text, nullable=False),
    Index("ix_alerts_incident", "incident"),
    Index("ix_alerts_site", "site"),
    info={"restricted": True},
)


def _row(a: Alert, e: LogEntry) -> dict[str, Any]:
    return {
        "id": a.id,
        "incident": a.incident,
        "site": a.site,
        "agreement": a.agreement,
        "rule": a.rule,
        "distance_m": a.distance_m,
        "radius_m": a.radius_m,
        "raised_at": a.raised_at.isoformat(),
        "seq": e.seq,
        "data": canonical_json(a.model_dump(mode="json")).decode("utf-8"),
    }


def _apply(conn: Connection, a: Alert, e: LogEntry) -> None:
    conn.execute(delete(alerts).where(alerts.c.id == a.id))
    conn.execute(insert(alerts), _row(a, e))


register_kind(EntryKind(ALERT_KIND, Alert, _apply))
