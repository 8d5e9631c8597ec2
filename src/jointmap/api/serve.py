"""``app`` for uvicorn workers (``jointmap serve --workers N``): settings from the environment."""

from jointmap.api.app import create_app

__all__ = ["app"]

app = create_app()
