"""Storage at the edge: the log-first write path, schema, migrations and queries (SQLite or PostgreSQL)."""

from jointmap.store import alerts as _alerts  # noqa: F401  (registers alert.raise)
from jointmap.store import cells as _cells  # noqa: F401  (map summary kept current, also through rebuild)
from jointmap.store import gazetteer as _gazetteer  # noqa: F401  (registers the geo entry kinds)
from jointmap.store import verdicts as _verdicts  # noqa: F401  (registers verdict.batch)
from jointmap.store.apply import KINDS, EntryKind
from jointmap.store.engine import DEFAULT_DB, create_store_engine, database_url
from jointmap.store.store import EntryHook, PendingWrite, Store, WriteResult

__all__ = [
    "DEFAULT_DB",
    "KINDS",
    "EntryHook",
    "EntryKind",
    "PendingWrite",
    "Store",
    "WriteResult",
    "create_store_engine",
    "database_url",
]
