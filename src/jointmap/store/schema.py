"""SQLAlchemy Core schema. ``log_entries`` is the record; every other table is a view rebuilt from it.

Views keep typed columns for querying plus ``data``: the domain object's canonical JSON, so a read returns
exactly what was written. Control tables are bitemporal: ``valid_from``/``valid_to`` say when a holding was
true on the ground, ``recorded_seq``/``superseded_seq`` say when the record learned and replaced it.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

__all__ = [
    "INCIDENT_ROW_COLUMNS",
    "LOG_TABLES",
    "VERDICTS_VIEW",
    "local_tables",
    "metadata",
    "view_tables",
    "views",
]

metadata = MetaData()

log_entries = Table(
    "log_entries",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("kind", String(64), nullable=False),
    Column("author", String(120), nullable=False),
    Column("recorded_at", String(40), nullable=False),
    Column("payload", Text, nullable=False),
    Column("payload_sha256", String(64), nullable=False),
    # Set when a write must happen at most once (a report's content hash, an imported row's hash).
    Column("idempotency_key", String(200), nullable=True, unique=True),
    # Filled by the ledger; kept beside the entry so signing adds columns, never rewrites entries.
    Column("signature", Text, nullable=True),
    Column("key_id", String(64), nullable=True),
    Column("leaf_hash", String(64), nullable=True),
    Index("ix_log_kind", "kind"),
)


def _data() -> Column[str]:
    return Column("data", Text, nullable=False)


def _seq() -> Column[int]:
    return Column("seq", Integer, nullable=False)


organisations = Table(
    "organisations",
    metadata,
    Column("id", String(120), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    _seq(),
    _data(),
)

sources = Table(
    "sources",
    metadata,
    Column("id", String(120), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("reliability", String(1), nullable=False),
    Column("organisation", String(120), nullable=True),
    Column("restricted", Boolean, nullable=False),
    _seq(),
    _data(),
)

actors = Table(
    "actors",
    metadata,
    Column("id", String(120), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("parent", String(120), nullable=True),
    Column("label", Text, nullable=False),
    _seq(),
    _data(),
)

actor_names = Table(
    "actor_names",
    metadata,
    Column("actor_id", String(120), ForeignKey("actors.id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("lang", String(8), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("valid_from", String(10), nullable=True),
    Column("valid_to", String(10), nullable=True),
    Index("ix_actor_names_actor", "actor_id"),
)

agreements = Table(
    "agreements",
    metadata,
    Column("id", String(120), primary_key=True),
    Column("name", Text, nullable=False),
    Column("effective_from", String(40), nullable=False),
    Column("effective_to", String(40), nullable=True),
    _seq(),
    _data(),
)

layers = Table(
    "layers",
    metadata,
    Column("id", String(120), primary_key=True),
    Column("name", Text, nullable=False),
    Column("organisation", String(120), nullable=False),
    Column("kind", String(16), nullable=False),
    _seq(),
    _data(),
)


def _bitemporal(name: str, *extra: Column[object]) -> Table:
    return Table(
        name,
        metadata,
        Column("id", String(120), nullable=False),
        Column("recorded_seq", Integer, nullable=False),
        Column("recorded_at", String(40), nullable=False),
        Column("superseded_seq", Integer, nullable=True),
        Column("layer", String(120), nullable=False),
        Column("actors", Text, nullable=False),
        Column("valid_from", String(10), nullable=False),
        Column("valid_to", String(10), nullable=True),
        Column("minx", Float, nullable=False),
        Column("miny", Float, nullable=False),
        Column("maxx", Float, nullable=False),
        Column("maxy", Float, nullable=False),
        *extra,
        _data(),
        Index(f"ix_{name}_layer_valid", "layer", "valid_from"),
        Index(f"ix_{name}_id", "id", "recorded_seq", unique=True),
    )


control_observations = _bitemporal(
    "control_observations", Column("place", Text, nullable=False), Column("geonameid", Integer, nullable=True)
)
control_areas = _bitemporal(
    "control_areas",
    Column("name", Text, nullable=False),
    # What a layer is read back as without its JSON (control.read): a large layer is half a million rows.
    # Nullable only because migration 0009 adds them to existing tables; the applier always fills them.
    Column("confidence", Float, nullable=True),
    Column("source", Text, nullable=True),
    Column("shape", LargeBinary, nullable=True),  # WKB of area_wkt
)

protected_sites = Table(
    "protected_sites",
    metadata,
    Column("id", String(120), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("lat", Float, nullable=False),
    Column("lon", Float, nullable=False),
    Column("notified_by", String(120), nullable=False),
    _seq(),
    _data(),
)

reports = Table(
    "reports",
    metadata,
    Column("id", String(120), primary_key=True),
    Column("source", String(120), nullable=False),
    Column("digest", String(64), nullable=False, unique=True),
    Column("received_at", String(40), nullable=False),
    Column("published_at", String(40), nullable=True),
    Column("title", Text, nullable=False),
    Column("language", String(8), nullable=False),
    _seq(),
    _data(),
)

#: The columns ``adjudicate.rows`` reads of every incident, in the order of its ``IncidentRow`` fields.
INCIDENT_ROW_COLUMNS = (
    "id",
    "event_type",
    "sub_event_type",
    "date_start",
    "lat",
    "lon",
    "location_precision",
    "area_wkt",
    "situation",
)

incidents = Table(
    "incidents",
    metadata,
    Column("id", String(120), primary_key=True),
    Column("status", String(16), nullable=False),
    Column("event_type", String(64), nullable=False),
    Column("sub_event_type", String(64), nullable=False),
    Column("date_start", String(10), nullable=False),
    Column("date_end", String(10), nullable=False),
    Column("date_precision", Integer, nullable=False),
    Column("lat", Float, nullable=False),
    Column("lon", Float, nullable=False),
    Column("location_precision", Integer, nullable=False),
    Column("location_name", Text, nullable=False),
    Column("admin1_code", String(16), nullable=True),
    Column("admin1_name", Text, nullable=True),
    Column("admin2_name", Text, nullable=True),
    Column("fatalities_best", Integer, nullable=False),
    Column("civilian_targeting", Boolean, nullable=False),
    Column("credibility", Integer, nullable=False),
    Column("minx", Float, nullable=False),
    Column("miny", Float, nullable=False),
    Column("maxx", Float, nullable=False),
    Column("maxy", Float, nullable=False),
    Column("version", Integer, nullable=False),
    _seq(),
    _data(),
    # What a bulk adjudication reads without parsing ``data`` (revision 0008): ``situation_of`` the incident,
    # and its location's area (NULL for a point).
    Column("situation", String(32), nullable=True),
    Column("area_wkt", Text, nullable=True),
    Index("ix_incidents_dates", "date_start", "date_end"),
    Index("ix_incidents_admin1", "admin1_code"),
    # Covering what a bulk adjudication reads (revision 0010): a scan of this index in id order reads a
    # tenth of the pages the table's rows (with their JSON) take. A million incidents: 1.9 s -> 1.3 s.
    # SQLite only: bulk adjudication is, and a PostgreSQL btree entry is capped near 2.7 kB (an area's WKT).
    Index("ix_incidents_bulk_read", *INCIDENT_ROW_COLUMNS).ddl_if(dialect="sqlite"),
)

incident_reports = Table(
    "incident_reports",
    metadata,
    Column("incident_id", String(120), nullable=False),
    Column("report_id", String(120), nullable=False),
    Column("role", String(16), nullable=False),
    Index("ix_incident_reports", "incident_id", "report_id", unique=True),
    Index("ix_incident_reports_report", "report_id"),
)

incident_actors = Table(
    "incident_actors",
    metadata,
    Column("incident_id", String(120), nullable=False),
    Column("actor_id", String(120), nullable=False),
    Column("side", String(16), nullable=False),  # perpetrator | target
    Column("role", String(16), nullable=False),
    Column("confidence", Float, nullable=False),
    Index("ix_incident_actors", "incident_id"),
    Index("ix_incident_actors_actor", "actor_id", "side"),
)

allegations = Table(
    "allegations",
    metadata,
    Column("id", String(120), primary_key=True),
    Column("accuser", String(120), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("made_on", String(10), nullable=False),
    Column("report", String(120), nullable=True),
    Column("answers", String(120), nullable=True),
    _seq(),
    _data(),
)

access_requests = Table(
    "access_requests",
    metadata,
    Column("id", String(120), primary_key=True),
    Column("requested_by", String(120), nullable=False),
    Column("status", String(16), nullable=False),
    Column("destination", Text, nullable=False),
    Column("lat", Float, nullable=False),
    Column("lon", Float, nullable=False),
    _seq(),
    _data(),
)

#: Whole verdicts (``verdict.record`` entries: reviewers' overrides, access requests, anything a bulk run
#: judged in full). Readers use ``verdicts``, the view over this table and ``batch_verdicts``.
verdict_records = Table(
    "verdicts",
    metadata,
    Column("id", String(120), primary_key=True),
    Column("subject", String(120), nullable=False),
    Column("agreement", String(120), nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("rule", String(120), nullable=True),
    Column("confidence", Float, nullable=False),
    Column("decided_at", String(40), nullable=False),
    Column("current", Boolean, nullable=False),
    _seq(),
    _data(),
    # Typed copies of Verdict.layer / layer_version / needs_review (revision 0005); NULL on rows written
    # before it until the subject is judged again or the store is rebuilt.
    Column("layer", String(120), nullable=True),
    Column("layer_version", Integer, nullable=True),
    Column("needs_review", Boolean, nullable=True),
    Index("ix_verdicts_subject", "subject", "agreement"),
    Index("ix_verdicts_layer", "layer", "layer_version"),
)

#: What many verdicts share (``verdict.template`` entries), with typed copies of the fields readers filter on
#: and ``names``: the placeholders a verdict's values fill, sorted, joined by U+001F (revision 0007).
verdict_templates = Table(
    "verdict_templates",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("data", Text, nullable=False),
    Column("outcome", String(16), nullable=True),
    Column("rule", String(120), nullable=True),
    Column("confidence", Float, nullable=True),
    Column("layer", String(120), nullable=True),
    Column("layer_version", Integer, nullable=True),
    Column("needs_review", Boolean, nullable=True),
    Column("names", Text, nullable=True),
)

#: One row per machine verdict of a ``verdict.rows`` (or older ``verdict.batch``) entry, as lean as it can
#: be: a million of them are written in one run, and every column and index costs per row (revision 0007).
#: ``n`` is the verdict's place in its entry; ``params`` its values in the order of the template's
#: ``names``, joined by U+001F. The key serves "verdicts on this subject" and the ``current`` updates.
batch_verdicts = Table(
    "batch_verdicts",
    metadata,
    Column("subject", String(120), primary_key=True),
    Column("agreement", String(120), primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("n", Integer, primary_key=True, autoincrement=False),
    Column("template", String(64), nullable=False),
    Column("params", Text, nullable=False),
    Column("supersedes", String(120), nullable=True),
    Column("decided_at", String(40), nullable=False),
    Column("current", Boolean, nullable=False),
    # The id an older ``verdict.batch`` entry gave the verdict; NULL for ``verdict.rows`` (``vd.<seq>.<n>``).
    Column("id", String(120), nullable=True),
    sqlite_with_rowid=False,
)

#: Every verdict, whichever table holds it: what readers query. ``data`` is the verdict's canonical JSON
#: for whole verdicts and the joined values for batch rows (``template`` not NULL); ``supersedes`` is NULL
#: for whole verdicts (it is in their JSON). A batch verdict's id is ``vd.<seq>.<n>`` (or the one an older
#: ``verdict.batch`` entry gave it).
views = MetaData()
verdicts = Table(
    "all_verdicts",
    views,
    Column("id", String(120)),
    Column("subject", String(120)),
    Column("agreement", String(120)),
    Column("outcome", String(16)),
    Column("rule", String(120)),
    Column("confidence", Float),
    Column("decided_at", String(40)),
    Column("current", Boolean),
    Column("seq", Integer),
    Column("layer", String(120)),
    Column("layer_version", Integer),
    Column("needs_review", Boolean),
    Column("template", String(64)),
    Column("data", Text),
    Column("supersedes", String(120)),
)

VERDICTS_VIEW = """CREATE VIEW IF NOT EXISTS all_verdicts AS
SELECT id, subject, agreement, outcome, rule, confidence, decided_at, current, seq, layer, layer_version,
       needs_review, NULL AS template, data, NULL AS supersedes
FROM verdicts
UNION ALL
SELECT coalesce(b.id, 'vd.' || b.seq || '.' || b.n), b.subject, b.agreement, t.outcome, t.rule, t.confidence,
       b.decided_at, b.current, b.seq, t.layer, t.layer_version, t.needs_review, b.template, b.params,
       b.supersedes
FROM batch_verdicts b JOIN verdict_templates t ON t.id = b.template"""


#: The record itself: never dropped by ``rebuild``.
LOG_TABLES = frozenset({"log_entries", "alembic_version"})


def view_tables() -> list[Table]:
    """Tables derived from the log (``rebuild`` drops and replays them), in dependency order.

    A function, not a constant: other store modules (gazetteer, ledger) add their tables to ``metadata``.
    """
    return [t for t in metadata.sorted_tables if t.name not in LOG_TABLES and not t.info.get("local")]


def local_tables() -> list[Table]:
    """Operational tables outside the log (accounts, sessions): ``Table(..., info={"local": True})``.

    They hold secrets or per-server state that must never be published in the shared log, so ``rebuild``
    leaves them alone and ``verify`` does not compare them.
    """
    return [t for t in metadata.sorted_tables if t.info.get("local")]
