"""HTTP API (FastAPI, OpenAPI at /openapi.json), organisations, users and roles; ``create_app`` builds it."""

from jointmap.api.app import create_app

__all__ = ["create_app"]
