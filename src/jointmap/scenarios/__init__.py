"""Scenarios are data: a folder of YAML and CSV files per deployment (``syria-2016`` ships with jointmap).

``load_scenario`` reads and validates a folder into domain objects; ``install_scenario`` writes them through
the store's one write path, each by the organisation that would make it in practice.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

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
    Organisation,
    ProtectedSite,
    Report,
    Source,
)
from jointmap.errors import InputError, RowError

__all__ = ["SCENARIO_DIR", "Scenario", "available_scenarios", "load_scenario"]

SCENARIO_DIR = Path(__file__).parent
M = TypeVar("M", bound=BaseModel)


@dataclass
class Scenario:
    id: str
    name: str
    description: str
    default_author: str
    country: str = ""
    timezone: str = "UTC"
    sources_note: str = ""
    organisations: list[Organisation] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    layers: list[Layer] = field(default_factory=list)
    observations: list[ControlObservation] = field(default_factory=list)
    sites: list[ProtectedSite] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    allegations: list[Allegation] = field(default_factory=list)
    access_requests: list[AccessRequest] = field(default_factory=list)


def available_scenarios() -> list[str]:
    return sorted(p.name for p in SCENARIO_DIR.iterdir() if (p / "scenario.yaml").is_file())


def _field_of(err: Any) -> str:
    return ".".join(str(p) for p in err["loc"]) or "(record)"


def _load_yaml(path: Path) -> Any:
    return yaml.load(path.read_text("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _yaml_records(path: Path) -> Iterator[tuple[int, Any]]:
    """(line, python object) for each item of a top-level YAML list, with the item's line number."""
    text = path.read_text(encoding="utf-8")
    # libyaml when present: the pure-Python parser takes seconds on the bundled scenario.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    node = yaml.compose(text, Loader=loader)
    data = yaml.load(text, Loader=loader)
    if node is None or data is None:
        return
    if not isinstance(node, yaml.SequenceNode) or not isinstance(data, list):
        raise InputError([RowError(str(path), 1, "(file)", "expected a list of records")])
    for item_node, item in zip(node.value, data, strict=True):
        yield item_node.start_mark.line + 1, item


def _csv_records(path: Path, list_fields: tuple[str, ...]) -> Iterator[tuple[int, Any]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        for row in reader:
            record: dict[str, Any] = {k: (v if v != "" else None) for k, v in row.items() if k is not None}
            for name in list_fields:
                if record.get(name):
                    record[name] = [part.strip() for part in str(record[name]).split(";") if part.strip()]
            yield reader.line_num, {k: v for k, v in record.items() if v is not None}


def _validate(
    model: type[M], records: Iterator[tuple[int, Any]], path: Path, errors: list[RowError]
) -> list[M]:
    out: list[M] = []
    for line, record in records:
        try:
            out.append(model.model_validate(record))
        except ValidationError as exc:
            errors.extend(RowError(str(path), line, _field_of(e), e["msg"]) for e in exc.errors())
    return out


def load_scenario(name_or_path: str | Path) -> Scenario:
    """Read and validate a scenario folder; every problem in every file is reported together."""
    folder = Path(name_or_path)
    if not folder.is_dir():
        folder = SCENARIO_DIR / str(name_or_path)
    meta_path = folder / "scenario.yaml"
    if not meta_path.is_file():
        known = ", ".join(available_scenarios())
        raise InputError(f"no scenario at {folder} (bundled scenarios: {known})")
    meta = _load_yaml(meta_path)
    errors: list[RowError] = []

    def yaml_list(model: type[M], relative: str) -> list[M]:
        path = folder / relative
        return _validate(model, _yaml_records(path), path, errors) if path.is_file() else []

    def csv_list(model: type[M], relative: str, list_fields: tuple[str, ...] = ()) -> list[M]:
        path = folder / relative
        return _validate(model, _csv_records(path, list_fields), path, errors) if path.is_file() else []

    agreements: list[Agreement] = []
    for path in sorted((folder / "agreements").glob("*.yaml")):
        agreements.extend(_validate(Agreement, iter([(1, _load_yaml(path))]), path, errors))
    loaders: dict[str, Callable[[], list[Any]]] = {
        "organisations": lambda: yaml_list(Organisation, "organisations.yaml"),
        "sources": lambda: yaml_list(Source, "sources.yaml"),
        "actors": lambda: yaml_list(Actor, "actors.yaml"),
        "layers": lambda: yaml_list(Layer, "layers.yaml"),
        "observations": lambda: csv_list(ControlObservation, "control_observations.csv", ("actors",)),
        "sites": lambda: csv_list(ProtectedSite, "protected_sites.csv"),
        "reports": lambda: yaml_list(Report, "reports.yaml"),
        "incidents": lambda: yaml_list(Incident, "incidents.yaml"),
        "allegations": lambda: yaml_list(Allegation, "allegations.yaml"),
        "access_requests": lambda: yaml_list(AccessRequest, "access_requests.yaml"),
    }
    loaded = {key: load() for key, load in loaders.items()}
    if errors:
        raise InputError(errors)
    return Scenario(
        id=str(meta["id"]),
        name=str(meta.get("name", meta["id"])),
        description=str(meta.get("description", "")),
        default_author=str(meta["default_author"]),
        country=str(meta.get("country", "")),
        timezone=str(meta.get("timezone", "UTC")),
        sources_note=str(meta.get("sources_note", "")),
        agreements=agreements,
        **loaded,
    )
