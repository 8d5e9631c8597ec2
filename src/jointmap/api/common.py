"""Pieces every router shares: the app state, paging, response shapes and request parsing helpers."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fastapi import HTTPException, Request
from pydantic import BaseModel, ConfigDict, Field

from jointmap.api.auth import LoginLimiter
from jointmap.api.redact import Redactions
from jointmap.settings import Settings
from jointmap.store import Store

__all__ = [
    "AppState",
    "Envelope",
    "ErrorBody",
    "FeatureCollection",
    "Page",
    "errors",
    "page_of",
    "parse_bbox",
    "state",
]


@dataclass
class AppState:
    store: Store
    settings: Settings
    redactions: Redactions
    limiter: LoginLimiter
    #: held around API writes, so a submission's entry hook sees only its own entry
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    #: (layer, day, log size) → GeoJSON, small LRU-ish cache of layer views
    layer_cache: dict[tuple[str, str, str, int], dict[str, Any]] = field(default_factory=dict)
    cache_lock: threading.Lock = field(default_factory=threading.Lock)


def state(request: Request) -> AppState:
    st: AppState = request.app.state.jointmap
    return st


class ErrorBody(BaseModel):
    """Every error: a message a person can act on; ``fields`` names each invalid field."""

    error: str
    fields: list[dict[str, str]] = Field(default_factory=list)


#: What each error status means in this API (the OpenAPI document lists them per operation).
ERROR_MEANINGS: dict[int, str] = {
    400: "Malformed request: the body is not JSON, or a proof was asked for sizes the log does not have.",
    401: "No valid credentials: an unknown or revoked API key, or the public asking for what needs sign-in.",
    403: "Not allowed: the role may not do this, the record belongs to another organisation, or a browser "
    "session's CSRF token is missing.",
    404: "No such record.",
    409: "Refused by the log's rules: a duplicate, a write the key rules forbid, a stale seq, or a state "
    "that does not allow the action.",
    422: "Invalid input: `fields` names each invalid field and says why.",
    429: "Too many failed sign-ins: wait the number of seconds in `Retry-After`.",
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for these error statuses, each with the JSON error body."""
    return {code: {"model": ErrorBody, "description": ERROR_MEANINGS[code]} for code in codes}


class Page(BaseModel):
    model_config = ConfigDict(extra="allow")
    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int
    next_offset: int | None


class FeatureCollection(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str = "FeatureCollection"
    features: list[dict[str, Any]]


class Envelope(BaseModel):
    """A loosely typed JSON object (the domain records inside are documented in docs/api.md)."""

    model_config = ConfigDict(extra="allow")


def page_of(items: list[dict[str, Any]], total: int, limit: int, offset: int) -> dict[str, Any]:
    nxt = offset + limit if offset + limit < total else None
    return {"items": items, "total": total, "limit": limit, "offset": offset, "next_offset": nxt}


def parse_bbox(bbox: str | None) -> tuple[float, float, float, float] | None:
    """``minx,miny,maxx,maxy`` (lon/lat, WGS 84) → a tuple; a clear 422 naming the field otherwise."""
    if bbox is None or not bbox.strip():
        return None
    parts = bbox.split(",")
    try:
        values = [float(p) for p in parts]
    except ValueError:
        values = []
    if len(values) != 4 or any(v != v for v in values):
        raise HTTPException(
            422, "bbox: expected four numbers minx,miny,maxx,maxy (lon/lat), e.g. 35,32,42,37.5"
        )
    minx, miny, maxx, maxy = values
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise HTTPException(422, "bbox: need -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90")
    return (minx, miny, maxx, maxy)


def check_interval(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and end < start:
        raise HTTPException(422, f"end: {end} is before start {start}")
