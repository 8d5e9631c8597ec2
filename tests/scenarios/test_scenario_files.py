"""The bundled syria-2016 scenario: every file parses, every record validates, every reference resolves."""

from __future__ import annotations

import csv
import re
from collections import Counter
from datetime import date, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import pytest
import yaml
from pydantic import BaseModel, ValidationError

from jointmap.domain import (
    AccessRequest,
    Actor,
    Agreement,
    Allegation,
    ControlObservation,
    Incident,
    Layer,
    LinkRole,
    NameKind,
    Organisation,
    ProtectedSite,
    Report,
    Source,
)

SCENARIO = Path(__file__).resolve().parents[2] / "src" / "jointmap" / "scenarios" / "syria-2016"

SCENARIO_KEYS = {"id", "name", "description", "country", "timezone", "default_author", "sources_note"}
CONTROL_HEADER = [
    "id",
    "layer",
    "place",
    "lat",
    "lon",
    "actors",
    "valid_from",
    "valid_to",
    "source",
    "confidence",
    "geonameid",
]
SITES_HEADER = ["id", "name", "kind", "lat", "lon", "notified_by", "notified_on"]
# Rough bounding box of Syria: every point in the scenario must fall inside it.
LAT_RANGE = (32.3, 37.4)
LON_RANGE = (35.6, 42.4)

M = TypeVar("M", bound=BaseModel)


def _string_keys(node: Any, where: str) -> None:
    """YAML 1.1 reads bare on/off/yes/no as booleans: a key like `on:` must be quoted ("on":)."""
    if isinstance(node, dict):
        for k, v in node.items():
            assert isinstance(k, str), f'{where}: key {k!r} is not text (quote it, e.g. "on":)'
            _string_keys(v, where)
    elif isinstance(node, list):
        for v in node:
            _string_keys(v, where)


def _yaml(name: str) -> Any:
    with (SCENARIO / name).open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    _string_keys(data, name)
    return data


def _csv(name: str) -> tuple[list[str], list[dict[str, str]]]:
    with (SCENARIO / name).open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def _validate(model: type[M], rows: list[dict[str, Any]], where: str) -> list[M]:
    assert isinstance(rows, list), f"{where}: expected a list of records"
    out: list[M] = []
    errors: list[str] = []
    for i, row in enumerate(rows):
        try:
            out.append(model.model_validate(row))
        except ValidationError as e:
            errors.append(f"{where} record {i + 1} ({row.get('id', '?')}): {e}")
    assert not errors, "\n".join(errors)
    return out


def _unique(ids: list[str], where: str) -> set[str]:
    dup = sorted(k for k, n in Counter(ids).items() if n > 1)
    assert not dup, f"{where}: duplicate ids {dup}"
    return set(ids)


def _control_row(row: dict[str, str]) -> dict[str, Any]:
    """A CSV row as model input: ';'-separated actors, empty cells as None."""
    data: dict[str, Any] = {k: (v.strip() if v.strip() else None) for k, v in row.items()}
    data["actors"] = [a.strip() for a in row["actors"].split(";") if a.strip()]
    return {k: v for k, v in data.items() if v is not None}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------- loaded once per module


@pytest.fixture(scope="module")
def scenario() -> dict[str, Any]:
    return dict(_yaml("scenario.yaml"))


@pytest.fixture(scope="module")
def organisations() -> list[Organisation]:
    return _validate(Organisation, _yaml("organisations.yaml"), "organisations.yaml")


@pytest.fixture(scope="module")
def sources() -> list[Source]:
    return _validate(Source, _yaml("sources.yaml"), "sources.yaml")


@pytest.fixture(scope="module")
def actors() -> list[Actor]:
    return _validate(Actor, _yaml("actors.yaml"), "actors.yaml")


@pytest.fixture(scope="module")
def agreement() -> Agreement:
    return Agreement.model_validate(_yaml("agreements/coh-2016.yaml"))


@pytest.fixture(scope="module")
def layers() -> list[Layer]:
    return _validate(Layer, _yaml("layers.yaml"), "layers.yaml")


@pytest.fixture(scope="module")
def control() -> list[ControlObservation]:
    header, rows = _csv("control_observations.csv")
    assert header == CONTROL_HEADER
    return _validate(ControlObservation, [_control_row(r) for r in rows], "control_observations.csv")


@pytest.fixture(scope="module")
def sites() -> list[ProtectedSite]:
    header, rows = _csv("protected_sites.csv")
    assert header == SITES_HEADER
    return _validate(ProtectedSite, [dict(r) for r in rows], "protected_sites.csv")


@pytest.fixture(scope="module")
def reports() -> list[Report]:
    return _validate(Report, _yaml("reports.yaml"), "reports.yaml")


@pytest.fixture(scope="module")
def incidents() -> list[Incident]:
    return _validate(Incident, _yaml("incidents.yaml"), "incidents.yaml")


@pytest.fixture(scope="module")
def allegations() -> list[Allegation]:
    return _validate(Allegation, _yaml("allegations.yaml"), "allegations.yaml")


@pytest.fixture(scope="module")
def access() -> list[AccessRequest]:
    return _validate(AccessRequest, _yaml("access_requests.yaml"), "access_requests.yaml")


@pytest.fixture(scope="module")
def ids(
    organisations: list[Organisation],
    sources: list[Source],
    actors: list[Actor],
    layers: list[Layer],
    reports: list[Report],
    incidents: list[Incident],
    allegations: list[Allegation],
) -> dict[str, set[str]]:
    return {
        "organisation": _unique([o.id for o in organisations], "organisations.yaml"),
        "source": _unique([s.id for s in sources], "sources.yaml"),
        "actor": _unique([a.id for a in actors], "actors.yaml"),
        "layer": _unique([la.id for la in layers], "layers.yaml"),
        "report": _unique([r.id for r in reports], "reports.yaml"),
        "incident": _unique([i.id for i in incidents], "incidents.yaml"),
        "allegation": _unique([a.id for a in allegations], "allegations.yaml"),
    }


def _missing(refs: list[str], known: set[str]) -> list[str]:
    return sorted({r for r in refs if r not in known})


# ---------------------------------------------------------------- files and counts


def test_scenario_metadata(scenario: dict[str, Any], ids: dict[str, set[str]]) -> None:
    assert set(scenario) == SCENARIO_KEYS
    assert scenario["id"] == "syria-2016" == SCENARIO.name
    assert scenario["country"] == "SY"
    ZoneInfo(scenario["timezone"])
    assert scenario["default_author"] in ids["organisation"]
    assert all(isinstance(scenario[k], str) and scenario[k].strip() for k in SCENARIO_KEYS)


def test_every_data_file_is_known() -> None:
    expected = {
        "README.md",
        "scenario.yaml",
        "organisations.yaml",
        "sources.yaml",
        "actors.yaml",
        "agreements/coh-2016.yaml",
        "layers.yaml",
        "control_observations.csv",
        "protected_sites.csv",
        "reports.yaml",
        "incidents.yaml",
        "allegations.yaml",
        "access_requests.yaml",
    }
    found = {p.relative_to(SCENARIO).as_posix() for p in SCENARIO.rglob("*") if p.is_file()}
    assert found == expected


def test_counts(
    reports: list[Report],
    incidents: list[Incident],
    control: list[ControlObservation],
    sites: list[ProtectedSite],
) -> None:
    assert len(reports) >= 25
    assert len(incidents) >= 20
    assert len({(c.place, c.lat, c.lon) for c in control if c.layer == "joint"}) >= 40
    assert 5 <= len(sites) <= 8


def test_ids_unique_in_csv_files(control: list[ControlObservation], sites: list[ProtectedSite]) -> None:
    _unique([c.id for c in control], "control_observations.csv")
    _unique([s.id for s in sites], "protected_sites.csv")


# ---------------------------------------------------------------- references resolve


def test_organisation_and_source_references(
    organisations: list[Organisation], sources: list[Source], ids: dict[str, set[str]]
) -> None:
    assert not _missing([a for o in organisations for a in o.represents], ids["actor"])
    assert not _missing([s.organisation for s in sources if s.organisation], ids["organisation"])
    kinds = {o.id: o.kind.value for o in organisations}
    assert {"us", "ru", "monitor", "operator"} <= set(kinds)
    assert kinds["us"] == kinds["ru"] == "party"
    assert kinds["monitor"] == "monitor"
    assert "humanitarian" in kinds.values()
    assert any(s.restricted for s in sources)


def test_actor_references(actors: list[Actor], ids: dict[str, set[str]]) -> None:
    assert not _missing([a.parent for a in actors if a.parent], ids["actor"])
    by_id = {a.id: a for a in actors}
    # No parent cycles.
    for a in actors:
        seen = {a.id}
        p = a.parent
        while p is not None:
            assert p not in seen, f"parent cycle through {a.id}"
            seen.add(p)
            p = by_id[p].parent
    assert "unknown" not in by_id


def test_nusra_renaming_and_designations(actors: list[Actor]) -> None:
    nusra = {a.id: a for a in actors}["nusra"]
    assert nusra.name_on(date(2016, 7, 27)) == "Jabhat al-Nusra"
    assert nusra.name_on(date(2016, 7, 28)) == "Jabhat Fateh al-Sham"
    assert nusra.name_on(date(2016, 8, 1), lang="ar") == "جبهة فتح الشام"
    assert any(d.by == "UN Security Council" and d.contains(date(2016, 2, 27)) for d in nusra.designations)
    isil = {a.id: a for a in actors}["isil"]
    assert any(d.by == "UN Security Council" for d in isil.designations)
    names = {n.name for n in isil.names}
    assert {"Islamic State", "ISIS", "Daesh", "داعش", "الدولة الإسلامية"} <= names


def test_description_names_present(actors: list[Actor]) -> None:
    by_id = {a.id: a for a in actors}
    saa = {n.name for n in by_id["saa"].names if n.kind is NameKind.DESCRIPTION}
    assert {"regime forces", "government forces", "pro-government forces"} <= saa
    assert any(n.name == "Russian warplanes" for n in by_id["ru-af"].names)
    assert by_id["civilians"].kind.value == "civilians"
    assert by_id["ypg"].parent == "sdf"


def test_agreement_references(agreement: Agreement, ids: dict[str, set[str]]) -> None:
    assert agreement.id == "coh-2016"
    assert agreement.effective_from == datetime.fromisoformat("2016-02-27T00:00:00+02:00")
    assert not _missing([p.actor for p in agreement.parties], ids["actor"])
    assert not _missing(list(agreement.excluded), ids["actor"])
    assert not _missing(list(agreement.guarantors), ids["organisation"])
    assert {"isil", "nusra"} <= set(agreement.excluded)
    assert {p.side for p in agreement.parties} == {"government", "opposition"}
    predicates = {o.predicate for o in agreement.obligations}
    assert predicates == {
        "no_attack_on_party",
        "no_territorial_gain",
        "allow_humanitarian_access",
        "proportionate_self_defence",
        "no_attack_on_protected_site",
    }
    sides = {p.side for p in agreement.parties}
    for o in agreement.obligations:
        assert set(o.applies_to) <= sides, o.id
    _unique([o.id for o in agreement.obligations], "obligations")
    assert next(o for o in agreement.obligations if o.predicate == "proportionate_self_defence").needs_review


def test_control_references(
    control: list[ControlObservation], layers: list[Layer], ids: dict[str, set[str]]
) -> None:
    assert not _missing([c.layer for c in control], ids["layer"])
    assert not _missing([a for c in control for a in c.actors], ids["actor"])
    assert not _missing([c.source for c in control], ids["source"])
    for la in layers:
        assert la.organisation in ids["organisation"]
    assert {la.kind.value for la in layers} == {"claimed", "joint"}
    for c in control:
        assert LAT_RANGE[0] <= c.lat <= LAT_RANGE[1] and LON_RANGE[0] <= c.lon <= LON_RANGE[1], c.id
        assert len(set(c.actors)) == len(c.actors), f"{c.id}: repeated actor"


def test_control_intervals_do_not_overlap(control: list[ControlObservation]) -> None:
    by_place: dict[tuple[str, str], list[ControlObservation]] = {}
    for c in control:
        by_place.setdefault((c.layer, c.place), []).append(c)
    for key, rows in by_place.items():
        rows.sort(key=lambda c: c.valid_from)
        for a, b in pairwise(rows):
            assert a.valid_to is not None and a.valid_to < b.valid_from, f"{key}: {a.id} overlaps {b.id}"


def test_claimed_layers_disagree_and_joint_records_entanglement(control: list[ControlObservation]) -> None:
    def on(layer: str, day: date) -> dict[str, set[str]]:
        return {
            c.place: set(c.actors)
            for c in control
            if c.layer == layer and c.valid_from <= day and (c.valid_to is None or day <= c.valid_to)
        }

    day = date(2016, 3, 1)
    ru, us, joint = on("ru-claimed", day), on("us-claimed", day), on("joint", day)
    disputed = {p for p in ru.keys() & us.keys() if ru[p] != us[p]}
    assert len(disputed) >= 5
    assert all("nusra" in ru[p] for p in disputed)
    assert sum(1 for p in disputed if len(joint.get(p, set())) >= 2) >= 5
    assert joint["Palmyra"] == {"isil"}
    assert on("joint", date(2016, 4, 1))["Palmyra"] == {"sy-gov"}
    assert on("joint", date(2016, 8, 20))["Manbij"] == {"sdf"}


def test_site_references(sites: list[ProtectedSite], ids: dict[str, set[str]]) -> None:
    assert not _missing([s.notified_by for s in sites], ids["organisation"])
    for s in sites:
        assert LAT_RANGE[0] <= s.lat <= LAT_RANGE[1] and LON_RANGE[0] <= s.lon <= LON_RANGE[1], s.id


def test_reports(reports: list[Report], ids: dict[str, set[str]], scenario: dict[str, Any]) -> None:
    assert not _missing([r.source for r in reports], ids["source"])
    tz = ZoneInfo(scenario["timezone"])
    for r in reports:
        for t in (r.received_at, r.published_at):
            if t is not None:
                # Times carry the Damascus offset in force on that day (+02:00 winter, +03:00 summer).
                assert t.utcoffset() == t.astimezone(tz).utcoffset(), f"{r.id}: offset {t.utcoffset()}"
        if r.published_at is not None:
            assert r.published_at <= r.received_at, r.id
        words = len(r.text.split())
        assert 40 <= words <= 320, f"{r.id}: {words} words"
    assert sum(1 for r in reports if r.language == "ar") >= 2
    _unique([r.digest for r in reports], "report digests")


def test_incidents(incidents: list[Incident], reports: list[Report], ids: dict[str, set[str]]) -> None:
    texts = {r.id: _norm(r.text) for r in reports}
    for i in incidents:
        assert not _missing([a.actor for a in (*i.perpetrators, *i.targets)], ids["actor"]), i.id
        assert i.reports, f"{i.id}: no report"
        for link in i.reports:
            assert link.report in ids["report"], f"{i.id}: unknown report {link.report}"
            if link.evidence:
                assert _norm(link.evidence) in texts[link.report], f"{i.id}: evidence not in {link.report}"
        loc = i.location
        assert LAT_RANGE[0] <= loc.lat <= LAT_RANGE[1] and LON_RANGE[0] <= loc.lon <= LON_RANGE[1], i.id
        if loc.admin1_code is not None:
            assert re.fullmatch(r"SY\.(0[1-9]|1[0-4])", loc.admin1_code), i.id
        if loc.area_wkt is not None:
            assert loc.area_wkt.startswith("POLYGON(("), i.id


def test_incident_test_cases(incidents: list[Incident], agreement: Agreement) -> None:
    """The cases the adjudicator's tests rely on are present."""
    by_id = {i.id: i for i in incidents}
    start = agreement.effective_from.date()
    assert any(i.when.end < start for i in incidents), "an incident before the effective date"
    assert not by_id["inc-20160815-azaz-car-bomb"].perpetrators, "unknown perpetrator"
    assert any(any(t.actor == "isil" for t in i.targets) for i in incidents), "strike on ISIL"
    daraya = by_id["inc-20160610-daraya-barrels"]
    assert daraya.perpetrators[0].actor == "syaaf" and daraya.targets[0].actor == "fsa"
    assert any(i.location.precision >= 3 and i.location.area_wkt for i in incidents), "imprecise location"
    renamed = date(2016, 7, 28)
    assert any(
        i.when.start >= renamed and any(a.actor == "nusra" for a in (*i.perpetrators, *i.targets))
        for i in incidents
    ), "an incident in the Jabhat Fateh al-Sham era"
    assert any(link.role is LinkRole.CONTRADICTS for i in incidents for link in i.reports)


def test_allegations(allegations: list[Allegation], ids: dict[str, set[str]]) -> None:
    accusers = ids["actor"] | ids["organisation"]
    for a in allegations:
        assert a.accuser in accusers, a.id
        assert not _missing(list(a.accused), ids["actor"]), a.id
        assert not _missing(list(a.incidents), ids["incident"]), a.id
        assert a.report is None or a.report in ids["report"], a.id
        assert a.answers is None or a.answers in ids["allegation"], a.id
        if a.kind.value in {"denial", "counter_claim"}:
            assert a.answers is not None, f"{a.id}: a denial must answer an allegation"
    assert any(a.kind.value == "denial" for a in allegations)
    assert any(not a.incidents for a in allegations), "an accusation with no incident"


def test_access_requests(access: list[AccessRequest], ids: dict[str, set[str]]) -> None:
    for r in access:
        assert r.requested_by in ids["organisation"], r.id
        assert r.requested_from <= r.requested_to, r.id
        for s in r.steps:
            assert s.decided_by is None or s.decided_by in ids["actor"], r.id
        days = [s.date for s in r.steps]
        assert days == sorted(days), f"{r.id}: steps out of order"
    statuses = {r.status.value for r in access}
    assert {"blocked", "delivered"} <= statuses


# ---------------------------------------------------------------- against the gazetteer

ADMIN1 = {
    "SY.01": "Al-Hasakah",
    "SY.02": "Latakia",
    "SY.03": "Quneitra",
    "SY.04": "Raqqa",
    "SY.05": "As-Suwayda",
    "SY.06": "Daraa",
    "SY.07": "Deir ez-Zor",
    "SY.08": "Rif Dimashq",
    "SY.09": "Aleppo",
    "SY.10": "Hama",
    "SY.11": "Homs",
    "SY.12": "Idlib",
    "SY.13": "Damascus",
    "SY.14": "Tartus",
}
GAZETTEER = Path(__file__).resolve().parents[3] / "shared" / "data" / "gazetteer" / "SY.txt"


def test_admin1_names(incidents: list[Incident]) -> None:
    for i in incidents:
        if i.location.admin1_code is not None:
            assert ADMIN1[i.location.admin1_code] == i.location.admin1_name, i.id


@pytest.mark.shared_data
def test_points_match_gazetteer(control: list[ControlObservation], incidents: list[Incident]) -> None:
    """Every geonameid exists, lies within ~10 km of the point, and (incidents) in the stated governorate."""
    if not GAZETTEER.exists():
        pytest.skip("needs ../shared/data/gazetteer/SY.txt")
    places: dict[int, tuple[float, float, str]] = {}
    with GAZETTEER.open(encoding="utf-8") as f:
        for line in f:
            col = line.rstrip("\n").split("\t")
            places[int(col[0])] = (float(col[4]), float(col[5]), f"SY.{col[10]}")
    points: list[tuple[str, int | None, float, float, str | None]]
    points = [(c.id, c.geonameid, c.lat, c.lon, None) for c in control]
    points += [
        (i.id, i.location.geonameid, i.location.lat, i.location.lon, i.location.admin1_code)
        for i in incidents
    ]
    for what, gid, lat, lon, admin1 in points:
        if gid is None:
            continue
        assert gid in places, f"{what}: geonameid {gid} not in the gazetteer"
        glat, glon, gadmin1 = places[gid]
        assert abs(glat - lat) < 0.1 and abs(glon - lon) < 0.1, f"{what}: far from geonameid {gid}"
        assert admin1 is None or admin1 == gadmin1, f"{what}: {admin1} but geonameid {gid} is in {gadmin1}"
