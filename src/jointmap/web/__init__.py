"""The web pages: map, dashboard, review queue and sign-in (server-rendered shells; data comes from the API).

The JavaScript libraries (Leaflet, Chart.js) and the Natural Earth outlines come from npm with a lockfile
(``frontend/``) and are built into ``static/vendor`` by ``make vendor``; nothing is fetched at run time.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from jointmap import __version__

__all__ = ["STATIC", "VENDOR", "install_pages", "vendor_missing"]

HERE = Path(__file__).parent
STATIC = HERE / "static"
VENDOR = STATIC / "vendor"
_REQUIRED = ("leaflet.js", "leaflet.css", "chart.umd.min.js", "countries-50m.geojson")


def vendor_missing() -> list[str]:
    """Vendor files that are not built (run ``make vendor``: npm ci + npm run build in web/frontend)."""
    return [name for name in _REQUIRED if not (VENDOR / name).exists()]


def install_pages(app: FastAPI) -> None:
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    def page(name: str, title: str, active: str) -> Callable[[Request], Response]:
        def render(request: Request) -> Response:
            context = {"title": title, "active": active, "version": __version__, "missing": vendor_missing()}
            return templates.TemplateResponse(request, name, context)

        return render

    for path, name, title, active in (
        ("/map", "map.html", "Map", "map"),
        ("/dashboard", "dashboard.html", "Dashboard", "dashboard"),
        ("/review", "review.html", "Review queue", "review"),
        ("/login", "login.html", "Sign in", "login"),
    ):
        app.add_api_route(
            path,
            page(name, title, active),
            methods=["GET"],
            response_class=HTMLResponse,
            include_in_schema=False,
        )

    async def home() -> RedirectResponse:
        return RedirectResponse("/map")

    app.add_api_route("/", home, methods=["GET"], include_in_schema=False)
