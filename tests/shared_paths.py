"""Where the shared development data lives (``../shared/data`` beside the clone), for any test to import.

A plain module rather than a conftest helper: several test folders have a ``conftest.py`` of their own, and
``from conftest import ...`` would pick whichever was imported first.
"""

from __future__ import annotations

from pathlib import Path

import pytest

__all__ = ["SHARED_DATA", "shared_data"]

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def shared_data(relative: str) -> Path:
    """A file under ../shared/data, or skip the test with the reason."""
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip(f"needs ../shared/data/{relative} (the shared development data is not beside this clone)")
    return path
