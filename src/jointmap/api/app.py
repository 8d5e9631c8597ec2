"""The ASGI application: API routers, the web pages, static files and JSON errors."""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from jointmap import __version__
from jointmap.api import accounts, log, overview, read, review, writes
from jointmap.api.auth import LoginLimiter
from jointmap.api.common import AppState, errors
from jointmap.api.redact import Redactions
from jointmap.errors import JointmapError, NotAllowed, NotFound, UnknownOrganisation
from jointmap.ledger import LedgerError
from jointmap.settings import Settings, load_settings
from jointmap.store import Store
from jointmap.store.cells import ensure_incident_cells
from jointmap.store.spatial import ensure_spatial_index

__all__ = ["create_app"]

_DESCRIPTION = """
The shared record of a ceasefire: incidents, reports, allegations, control layers, verdicts with their
explanations, humanitarian access, and the signed append-only log with its proofs.

Authenticate with an organisation's API key (`Authorization: Bearer <key>`) or a browser session
(`POST /api/session`, then send the CSRF token in `X-CSRF-Token`). Without either you see the public view:
protected sites and restricted sources' identities are removed.
Errors are JSON: `{"error": ..., "fields": [...]}`.
"""


def _fields(errors: list[Any]) -> list[dict[str, str]]:
    out = []
    for e in errors:
        # ("query", "limit") → "limit"; ("body", "record", "location", "lat") → "record.location.lat"
        parts = list(e.get("loc", ()))
        if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
            parts = parts[1:]
        loc = ".".join(str(x) for x in parts) or "request body"
        out.append({"field": loc, "message": str(e.get("msg", "invalid"))})
    return out


_FIELD_MESSAGE = re.compile(r"^([A-Za-z_][\w.\[\]]*): (.+)$", re.DOTALL)


def _named_field(status: int, message: str) -> list[dict[str, str]]:
    """A 422 raised as ``"<field>: <why>"`` names its field in ``fields`` too, like a validation error."""
    match = _FIELD_MESSAGE.match(message) if status == 422 else None
    return [{"field": match.group(1), "message": match.group(2)}] if match else []


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        fields = _fields(list(exc.errors()))
        names = ", ".join(f["field"] for f in fields)
        return JSONResponse({"error": f"invalid request: {names}", "fields": fields}, status_code=422)

    @app.exception_handler(ValidationError)
    async def invalid_record(_request: Request, exc: ValidationError) -> JSONResponse:
        fields = _fields(list(exc.errors()))
        names = ", ".join(f["field"] for f in fields)
        return JSONResponse({"error": f"invalid record: {names}", "fields": fields}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(
            {"error": str(exc.detail), "fields": _named_field(exc.status_code, str(exc.detail))},
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(JointmapError)
    async def refused(_request: Request, exc: JointmapError) -> JSONResponse:
        status = 422
        if isinstance(exc, NotFound):
            status = 404
        elif isinstance(exc, NotAllowed | UnknownOrganisation):
            status = 403 if isinstance(exc, UnknownOrganisation) else 409
        elif isinstance(exc, LedgerError):
            status = 400
        return JSONResponse({"error": str(exc), "fields": _named_field(status, str(exc))}, status_code=status)

    @app.exception_handler(PoolTimeout)
    async def busy(_request: Request, _exc: PoolTimeout) -> JSONResponse:
        # Every database connection stayed busy for the pool's timeout: overloaded, not broken.
        return JSONResponse(
            {"error": "the server is busy; retry in a few seconds", "fields": []},
            status_code=503,
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(ValueError)
    async def bad_value(_request: Request, exc: ValueError) -> JSONResponse:
        return JSONResponse({"error": str(exc), "fields": _named_field(422, str(exc))}, status_code=422)


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """The jointmap web application over ``store`` (default: open ``settings.database``)."""
    settings = settings or load_settings()
    store = store or Store.open(settings.database, keys=settings.keys_path)
    ensure_spatial_index(store.engine)
    ensure_incident_cells(store.engine)
    app = FastAPI(
        title="jointmap",
        # Any request may be malformed, carry a wrong API key or fail validation.
        responses=errors(400, 401, 422),
        version=__version__,
        description=_DESCRIPTION,
        openapi_tags=[
            {"name": n}
            for n in (
                "incidents",
                "records",
                "verdicts",
                "layers",
                "overview",
                "log",
                "writes",
                "review",
                "accounts",
            )
        ],
    )
    app.state.store = store
    app.state.redactions = Redactions(store.engine)
    app.state.jointmap = AppState(
        store=store,
        settings=settings,
        redactions=app.state.redactions,
        limiter=LoginLimiter(settings.login_attempts, float(settings.login_window_seconds)),
    )
    _install_errors(app)
    for module in (read, overview, writes, review, log, accounts):
        app.include_router(module.router)
    from jointmap.web import install_pages

    install_pages(app)
    return app
