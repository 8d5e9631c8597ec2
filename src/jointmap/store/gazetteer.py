"""The gazetteer and administrative boundaries, kept in the store through the log.

Two entry kinds, one log entry per imported file:

* ``gazetteer.import`` – a GeoNames-format dump: the file's name and SHA-256, governorate names and every
  place. Places are keyed by ``geonameid``; a later import replaces the rows it carries and keeps the others.
* ``boundaries.import`` – admin-1/admin-2 polygons (WKB, hex in the payload) with governorate codes already
  reconciled to the gazetteer's form and the reconciliation report. An import replaces every stored polygon
  of the levels it carries (geoBoundaries ships ADM1 and ADM2 as separate files).

Importing the same file again adds nothing (idempotency key ``gazetteer:<sha256>`` / ``boundaries:<sha256>``).
``load_gazetteer(store)`` turns the tables back into a :class:`~jointmap.geo.Gazetteer` (the embedded default
when nothing was imported), with jointmap's supplement merged and admin areas set by point-in-polygon when
boundaries are stored; the result is cached per database until another geo entry is appended.
"""

from __future__ import annotations

import hashlib
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import shapely
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Engine,
    Float,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    select,
)

from jointmap.domain import LogEntry
from jointmap.geo.boundaries import AdminArea, Boundaries, assign_admin, load_boundaries
from jointmap.geo.embedded import admin1_names as embedded_admin1_names
from jointmap.geo.embedded import embedded_gazetteer, with_supplement
from jointmap.geo.geocoder import Geocoder
from jointmap.geo.geonames import parse_admin1_codes, parse_geonames
from jointmap.geo.places import Gazetteer, Place
from jointmap.store import schema as s
from jointmap.store.apply import EntryKind, register_kind
from jointmap.store.store import Store

__all__ = [
    "BoundariesImport",
    "BoundaryFeature",
    "GazetteerImport",
    "GazetteerPlace",
    "ImportOutcome",
    "boundaries_table",
    "gazetteer_admin1",
    "gazetteer_places",
    "geo_imports",
    "import_boundaries",
    "import_gazetteer",
    "load_gazetteer",
    "load_geocoder",
    "stored_boundaries",
]

GAZETTEER_KIND = "gazetteer.import"
BOUNDARIES_KIND = "boundaries.import"

gazetteer_places = Table(
    "gazetteer_places",
    s.metadata,
    Column("geonameid", BigInteger, primary_key=True, autoincrement=False),
    Column("name", Text, nullable=False),
    Column("asciiname", Text, nullable=False),
    # GeoNames' own form: comma-separated (a GeoNames alternate name never contains a comma).
    Column("alternatenames", Text, nullable=False),
    Column("lat", Float, nullable=False),
    Column("lon", Float, nullable=False),
    Column("feature_class", String(1), nullable=False),
    Column("feature_code", String(10), nullable=False),
    Column("country_code", String(3), nullable=False),
    Column("admin1_code", String(20), nullable=False),
    Column("population", BigInteger, nullable=False),
    Column("seq", Integer, nullable=False),
    Index("ix_gazetteer_places_name", "name"),
    Index("ix_gazetteer_places_admin1", "admin1_code"),
)

gazetteer_admin1 = Table(
    "gazetteer_admin1",
    s.metadata,
    Column("code", String(20), primary_key=True),
    Column("name", Text, nullable=False),
    Column("seq", Integer, nullable=False),
)

boundaries_table = Table(
    "boundaries",
    s.metadata,
    Column("id", String(40), primary_key=True),  # "<seq>:<feature index>"
    Column("level", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("admin1_code", String(20), nullable=False),
    Column("admin1_name", Text, nullable=False),
    Column("minx", Float, nullable=False),
    Column("miny", Float, nullable=False),
    Column("maxx", Float, nullable=False),
    Column("maxy", Float, nullable=False),
    Column("geometry", LargeBinary, nullable=False),  # WKB
    Column("seq", Integer, nullable=False),
    Index("ix_boundaries_level_admin1", "level", "admin1_code"),
)

geo_imports = Table(
    "geo_imports",
    s.metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("kind", String(32), nullable=False),
    Column("source", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("count", Integer, nullable=False),
    Column("report", Text, nullable=False),
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GazetteerPlace(_Model):
    geonameid: int
    name: str = Field(min_length=1)
    asciiname: str = ""
    alternatenames: list[str] = Field(default_factory=list)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    feature_class: str = ""
    feature_code: str = ""
    country_code: str = ""
    admin1_code: str = ""  # full form, "SY.09"
    population: int = Field(default=0, ge=0)


class GazetteerImport(_Model):
    """Payload of ``gazetteer.import``: one GeoNames-format file (plus its admin1 names) as imported."""

    source: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    admin1_source: str | None = None
    admin1_sha256: str | None = None
    admin1_names: dict[str, str] = Field(default_factory=dict)
    places: list[GazetteerPlace]
    rejected: int = 0  # lines that did not parse (reported to the importer, not stored)


class BoundaryFeature(_Model):
    level: int = Field(ge=1, le=2)
    name: str
    admin1_code: str
    admin1_name: str
    wkb_hex: str


class BoundariesImport(_Model):
    """Payload of ``boundaries.import``: polygons with reconciled governorate codes and what was matched."""

    source: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    features: list[BoundaryFeature]
    report: list[str] = Field(default_factory=list)
    rejected: int = 0


def _chunks(values: list[Any], size: int = 500) -> list[list[Any]]:
    return [values[i : i + size] for i in range(0, len(values), size)]


def _apply_gazetteer(conn: Connection, m: GazetteerImport, e: LogEntry) -> None:
    rows = {
        p.geonameid: {
            "geonameid": p.geonameid,
            "name": p.name,
            "asciiname": p.asciiname,
            "alternatenames": ",".join(p.alternatenames),
            "lat": p.lat,
            "lon": p.lon,
            "feature_class": p.feature_class,
            "feature_code": p.feature_code,
            "country_code": p.country_code,
            "admin1_code": p.admin1_code,
            "population": p.population,
            "seq": e.seq,
        }
        for p in m.places  # a repeated id within one file: the last row wins
    }
    if conn.execute(select(gazetteer_places.c.geonameid).limit(1)).first() is not None:
        for part in _chunks(sorted(rows)):
            conn.execute(delete(gazetteer_places).where(gazetteer_places.c.geonameid.in_(part)))
    if rows:
        conn.execute(insert(gazetteer_places), [rows[k] for k in sorted(rows)])
    codes = sorted(m.admin1_names)
    if codes:
        conn.execute(delete(gazetteer_admin1).where(gazetteer_admin1.c.code.in_(codes)))
        conn.execute(
            insert(gazetteer_admin1), [{"code": c, "name": m.admin1_names[c], "seq": e.seq} for c in codes]
        )
    report = f"{len(rows)} places, {len(codes)} governorate names, {m.rejected} lines rejected"
    conn.execute(
        insert(geo_imports),
        {
            "seq": e.seq,
            "kind": GAZETTEER_KIND,
            "source": m.source,
            "sha256": m.sha256,
            "count": len(rows),
            "report": report,
        },
    )


def _apply_boundaries(conn: Connection, m: BoundariesImport, e: LogEntry) -> None:
    levels = sorted({f.level for f in m.features})
    if levels:
        conn.execute(delete(boundaries_table).where(boundaries_table.c.level.in_(levels)))
    rows = []
    for number, f in enumerate(m.features):
        wkb = bytes.fromhex(f.wkb_hex)
        minx, miny, maxx, maxy = shapely.from_wkb(wkb).bounds
        rows.append(
            {
                "id": f"{e.seq}:{number}",
                "level": f.level,
                "name": f.name,
                "admin1_code": f.admin1_code,
                "admin1_name": f.admin1_name,
                "minx": float(minx),
                "miny": float(miny),
                "maxx": float(maxx),
                "maxy": float(maxy),
                "geometry": wkb,
                "seq": e.seq,
            }
        )
    if rows:
        conn.execute(insert(boundaries_table), rows)
    conn.execute(
        insert(geo_imports),
        {
            "seq": e.seq,
            "kind": BOUNDARIES_KIND,
            "source": m.source,
            "sha256": m.sha256,
            "count": len(rows),
            "report": "\n".join(m.report),
        },
    )


register_kind(EntryKind(GAZETTEER_KIND, GazetteerImport, _apply_gazetteer))
register_kind(EntryKind(BOUNDARIES_KIND, BoundariesImport, _apply_boundaries))


# -- importing -------------------------------------------------------------------------------------------


@dataclass
class ImportOutcome:
    """What an import did: counts, per-line errors (``file:line: field: problem``) and the report."""

    kind: str
    source: str
    sha256: str
    count: int
    created: bool
    seq: int
    errors: list[str] = field(default_factory=list)
    report: list[str] = field(default_factory=list)
    admin1: int = 0


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def import_gazetteer(
    store: Store, author: str, path: Path | str, admin1: Path | str | None = None
) -> ImportOutcome:
    """Parse a GeoNames-format file (and optionally ``admin1CodesASCII.txt``) and write one log entry.

    Bad lines are reported and skipped; the rest load. The same file(s) imported again add nothing.
    """
    path = Path(path)
    sha = _sha256(path)
    key = f"gazetteer:{sha}"
    parsed = parse_geonames(path)
    errors = list(parsed.errors)
    names: dict[str, str] = {}
    admin1_sha = None
    if admin1 is not None:
        admin1 = Path(admin1)
        admin1_sha = _sha256(admin1)
        key += f"+{admin1_sha}"
        countries = {p.country_code for p in parsed.places if p.country_code}
        names = {
            code: name
            for code, name in parse_admin1_codes(admin1, errors).items()
            if code.split(".", 1)[0] in countries
        }
    payload = GazetteerImport.model_construct(
        source=path.name,
        sha256=sha,
        admin1_source=admin1.name if isinstance(admin1, Path) else None,
        admin1_sha256=admin1_sha,
        admin1_names=names,
        places=[
            GazetteerPlace.model_construct(
                geonameid=p.geonameid,
                name=p.name,
                asciiname=p.asciiname,
                alternatenames=list(p.alternatenames),
                lat=p.lat,
                lon=p.lon,
                feature_class=p.feature_class,
                feature_code=p.feature_code,
                country_code=p.country_code,
                admin1_code=p.admin1_code,
                population=p.population,
            )
            for p in parsed.places
        ],
        rejected=len(parsed.errors),
    )  # built from parsed, already checked values: no second validation of 10,000 rows
    result = store.write(GAZETTEER_KIND, author, payload, idempotency_key=key)
    return ImportOutcome(
        GAZETTEER_KIND, path.name, sha, len(parsed.places), result.created, result.seq, errors, [], len(names)
    )


def import_boundaries(store: Store, author: str, path: Path | str, country: str = "SY") -> ImportOutcome:
    """Read admin-1/admin-2 polygons, reconcile governorate codes with the gazetteer, write one entry."""
    path = Path(path)
    sha = _sha256(path)
    names = {**embedded_admin1_names(), **load_gazetteer(store, boundaries=False).admin1_names}
    loaded = load_boundaries(path, names, country)
    payload = BoundariesImport(
        source=path.name,
        sha256=sha,
        features=[
            BoundaryFeature(
                level=a.level,
                name=a.name,
                admin1_code=a.admin1_code,
                admin1_name=a.admin1_name,
                wkb_hex=shapely.to_wkb(a.geometry, hex=True),
            )
            for a in loaded.areas
        ],
        report=loaded.report,
        rejected=len(loaded.errors),
    )
    result = store.write(BOUNDARIES_KIND, author, payload, idempotency_key=f"boundaries:{sha}")
    return ImportOutcome(
        BOUNDARIES_KIND,
        path.name,
        sha,
        len(loaded.areas),
        result.created,
        result.seq,
        loaded.errors,
        loaded.report,
    )


# -- loading ---------------------------------------------------------------------------------------------


def _stored_places(conn: Connection) -> list[Place]:
    t = gazetteer_places
    places = []
    for r in conn.execute(select(t).order_by(t.c.geonameid)):
        gid = int(r.geonameid)
        places.append(
            Place(
                geonameid=gid,
                name=r.name,
                lat=float(r.lat),
                lon=float(r.lon),
                feature_class=r.feature_class,
                feature_code=r.feature_code,
                country_code=r.country_code,
                admin1_code=r.admin1_code,
                population=int(r.population),
                asciiname=r.asciiname,
                alternatenames=tuple(a for a in r.alternatenames.split(",") if a),
                source=f"GeoNames {gid}" if gid < 100_000_000 else f"Who's On First {gid}",
            )
        )
    return places


def stored_boundaries(store: Store) -> Boundaries | None:
    """The stored admin polygons, or ``None`` when no boundaries were imported."""
    t = boundaries_table
    with store.engine.connect() as conn:
        rows = conn.execute(select(t).order_by(t.c.level, t.c.id)).all()
    if not rows:
        return None
    areas = [
        AdminArea(int(r.level), r.name, r.admin1_code, r.admin1_name, shapely.from_wkb(bytes(r.geometry)))
        for r in rows
    ]
    return Boundaries(areas=areas)


@dataclass
class _Loaded:
    version: tuple[int, int]
    gazetteer: Gazetteer
    boundaries: Boundaries | None
    geocoder: Geocoder | None = None


_CACHE: weakref.WeakKeyDictionary[Engine, dict[bool, _Loaded]] = weakref.WeakKeyDictionary()


def _geo_version(store: Store) -> tuple[int, int]:
    log = s.log_entries
    with store.engine.connect() as conn:
        row = conn.execute(
            select(func.count(), func.coalesce(func.max(log.c.seq), -1)).where(
                log.c.kind.in_((GAZETTEER_KIND, BOUNDARIES_KIND))
            )
        ).one()
    return int(row[0]), int(row[1])


def _load(store: Store, with_boundaries: bool) -> _Loaded:
    version = _geo_version(store)
    per_store = _CACHE.setdefault(store.engine, {})
    cached = per_store.get(with_boundaries)
    if cached is not None and cached.version == version:
        return cached
    with store.engine.connect() as conn:
        places = _stored_places(conn)
        names = {r.code: r.name for r in conn.execute(select(gazetteer_admin1))}
    if places:
        gazetteer = with_supplement(Gazetteer.build(places, names))
    else:
        base = embedded_gazetteer()
        gazetteer = Gazetteer(dict(base.places), {**base.admin1_names, **names})
    boundaries = stored_boundaries(store) if with_boundaries else None
    if boundaries is not None:
        gazetteer, _ = assign_admin(gazetteer, boundaries)
    loaded = _Loaded(version, gazetteer, boundaries)
    per_store[with_boundaries] = loaded
    return loaded


def load_gazetteer(store: Store, *, boundaries: bool = True) -> Gazetteer:
    """The store's gazetteer: imported places (else the embedded default) + our supplement, with admin
    areas from the stored boundaries when there are any. Cached until a geo entry is appended."""
    return _load(store, boundaries).gazetteer


def load_geocoder(store: Store) -> Geocoder:
    """A :class:`Geocoder` over ``load_gazetteer(store)``, built once per gazetteer version."""
    loaded = _load(store, True)
    if loaded.geocoder is None:
        loaded.geocoder = Geocoder(loaded.gazetteer)
    return loaded.geocoder
