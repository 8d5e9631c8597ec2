"""One extractor for the session (the embedded gazetteer and the bundled actor registry), and one on the real
GeoNames gazetteer of ../shared/data, whose many small villages have names that are also English words."""

from __future__ import annotations

import pytest

from jointmap.extract import Extractor, ExtractorSpec, build_extractor
from shared_paths import shared_data


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return build_extractor(ExtractorSpec())


@pytest.fixture(scope="session")
def geonames() -> Extractor:
    return build_extractor(ExtractorSpec(gazetteer_dir=str(shared_data("gazetteer/SY.txt").parent)))
