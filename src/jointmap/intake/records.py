"""Flat records (CSV columns, JSON fields) → domain objects. Nested objects in model shape pass through.

Every accepted field is documented in docs/import-format.md; keep the two in step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError

from jointmap.domain import Incident, Report, canonical_json, content_hash, sha256_hex
from jointmap.errors import RowError
from jointmap.intake.dates import parse_date, parse_time
from jointmap.intake.readers import RawRecord

__all__ = ["RecordProblem", "to_model"]

_TRUE = {"1", "true", "yes", "y", "t"}
_FALSE = {"0", "false", "no", "n", "f", ""}


class RecordProblem(Exception):
    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else str(value)


def _parse(field: str, value: Any, parse: Callable[[str], Any]) -> Any:
    try:
        return parse(_text(value))
    except (ValueError, TypeError) as exc:
        raise RecordProblem(field, str(exc)) from None


def _bool(field: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise RecordProblem(field, f"{value!r} is not true/false")


def _actors(field: str, value: Any, role: str) -> list[dict[str, Any]]:
    """``"saa; ru-af:0.6"`` → involved actors; ``:0.6`` is the confidence of the attribution."""
    if isinstance(value, list):
        items = value
    else:
        items = [part for part in _text(value).replace("|", ";").split(";") if part.strip()]
    out: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, dict):
            out.append(item)
            continue
        actor, _, conf = _text(item).partition(":")
        entry: dict[str, Any] = {"actor": actor.strip(), "role": role}
        if conf:
            entry["confidence"] = _parse(field, conf, float)
        out.append(entry)
    return out


def _links(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, list):
        return [v if isinstance(v, dict) else {"report": _text(v)} for v in value]
    links = []
    for part in _text(value).split(";"):
        if part.strip():
            report, _, role = part.strip().partition(":")
            links.append({"report": report.strip(), "role": role.strip() or "supports"})
    return links


def record_type(data: dict[str, Any]) -> str | None:
    declared = data.get("record_type") or data.get("type")
    if isinstance(declared, str) and declared.lower() in ("report", "incident"):
        return declared.lower()
    if "event_type" in data or "sub_event_type" in data:
        return "incident"
    if "text" in data:
        return "report"
    return None


def _report(data: dict[str, Any], date_format: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {
        k: data[k] for k in ("id", "source", "title", "text", "language", "url") if k in data
    }
    published = data.get("published_at") or data.get("date")
    if published not in (None, ""):
        out["published_at"] = _parse("published_at", published, lambda t: parse_time(t, date_format))
    received = data.get("received_at")
    if received not in (None, ""):
        out["received_at"] = _parse("received_at", received, lambda t: parse_time(t, date_format))
    elif "published_at" in out:
        out["received_at"] = out["published_at"]
    else:
        raise RecordProblem("received_at", "missing: give received_at, published_at or date")
    if "id" not in out and "text" in out and "source" in out:
        # The same content hash that identifies the report (Report.digest), so the id follows the content.
        out["id"] = "r-" + content_hash(out["source"], out.get("title", ""), out["text"])[:16]
    return out


def _incident(data: dict[str, Any], date_format: str | None) -> dict[str, Any]:
    if "when" in data or "location" in data:
        return dict(data)  # already in model shape (JSON export of jointmap, say)
    start_raw = data.get("date_start") or data.get("date")
    if start_raw in (None, ""):
        raise RecordProblem("date_start", "missing")
    start = _parse("date_start", start_raw, lambda t: parse_date(t, date_format))
    end_raw = data.get("date_end")
    end = _parse("date_end", end_raw, lambda t: parse_date(t, date_format)) if end_raw else start
    location: dict[str, Any] = {"name": data.get("location_name") or data.get("location") or ""}
    for src, dst in (
        ("lat", "lat"),
        ("lon", "lon"),
        ("location_precision", "precision"),
        ("area_wkt", "area_wkt"),
        ("geonameid", "geonameid"),
        ("admin1_code", "admin1_code"),
        ("admin1_name", "admin1_name"),
        ("admin2_name", "admin2_name"),
    ):
        if data.get(src) not in (None, ""):
            location[dst] = data[src]
    out: dict[str, Any] = {
        "event_type": data.get("event_type"),
        "sub_event_type": data.get("sub_event_type"),
        "when": {"start": start, "end": end, "precision": data.get("date_precision", 1)},
        "location": location,
    }
    for key in ("id", "credibility", "status", "notes"):
        if data.get(key) not in (None, ""):
            out[key] = data[key]
    for side in ("perpetrators", "targets"):
        involved = _actors(side, data[side], "primary") if data.get(side) else []
        extra = f"{side}_associated"
        if data.get(extra):
            involved += _actors(extra, data[extra], "associated")
        out[side] = involved
    fat = {
        k: data[f"fatalities_{k}"]
        for k in ("best", "low", "high")
        if data.get(f"fatalities_{k}") not in (None, "")
    }
    if fat:
        fat.setdefault("low", fat.get("best", 0))
        fat.setdefault("high", max(int(fat.get("best", 0)), int(fat["low"])))
        fat.setdefault("best", fat["low"])
        out["fatalities"] = fat
    if "civilian_targeting" in data:
        out["civilian_targeting"] = _bool("civilian_targeting", data["civilian_targeting"])
    if data.get("reports"):
        out["reports"] = _links(data["reports"])
    if "id" not in out:
        out["id"] = "i-" + sha256_hex(canonical_json(_plain(out)))[:16]
    return out


def _plain(value: Any) -> Any:
    return (
        {k: _plain(v) for k, v in value.items()}
        if isinstance(value, dict)
        else (
            [_plain(v) for v in value]
            if isinstance(value, list)
            else (value if isinstance(value, str | int | float | bool) or value is None else str(value))
        )
    )


def _field_name(loc: tuple[int | str, ...]) -> str:
    # Map a nested model path back to the flat column the user wrote.
    flat = {
        ("when", "start"): "date_start",
        ("when", "end"): "date_end",
        ("when", "precision"): "date_precision",
        ("location", "precision"): "location_precision",
        ("location", "name"): "location_name",
    }
    key = tuple(loc[:2])
    if key in flat:
        return flat[key]
    if loc and loc[0] == "location" and len(loc) > 1:
        return str(loc[1])
    return ".".join(str(p) for p in loc) or "(record)"


def to_model(record: RawRecord, date_format: str | None) -> tuple[str, BaseModel] | list[RowError]:
    """("report" | "incident", model) or the row's errors, each naming its field."""
    kind = record_type(record.data)
    if kind is None:
        return [
            record.error(
                "record_type",
                "cannot tell a report (needs text) from an incident "
                "(needs event_type); add a record_type column",
            )
        ]
    model: type[BaseModel] = Report if kind == "report" else Incident
    try:
        shaped = (
            _report(record.data, date_format) if kind == "report" else _incident(record.data, date_format)
        )
        return kind, model.model_validate(shaped)
    except RecordProblem as exc:
        return [record.error(exc.field, exc.problem)]
    except ValidationError as exc:
        return [record.error(_field_name(tuple(e["loc"])), e["msg"]) for e in exc.errors()]
