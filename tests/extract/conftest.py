"""One extractor for the module (the embedded gazetteer and the bundled actor registry)."""

from __future__ import annotations

import pytest

from jointmap.extract import Extractor, ExtractorSpec, build_extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return build_extractor(ExtractorSpec())
