"""Extraction: text → candidate incidents, allegations and control claims (issue 5).

``Extractor(geocoder, actors).extract(Document)`` → :class:`Extraction`; :func:`read_documents` reads
.txt/.md/.html/.jsonl/.csv/stdin; :func:`extract_all` runs many documents (optionally in processes);
:func:`ingest_all` stores them through ``Store.write`` as a Report with candidate incidents and allegations.
"""

from jointmap.extract.documents import TEXT_SUFFIXES, CsvColumns, Document, read_documents
from jointmap.extract.extractor import Extractor
from jointmap.extract.pipeline import (
    ExtractorSpec,
    Failure,
    build_extractor,
    extract_all,
    load_gazetteer,
    load_geocoder,
)
from jointmap.extract.results import (
    CandidateAllegation,
    CandidateIncident,
    ControlClaim,
    Extraction,
    FoundPlace,
)

__all__ = [
    "TEXT_SUFFIXES",
    "CandidateAllegation",
    "CandidateIncident",
    "ControlClaim",
    "CsvColumns",
    "Document",
    "Extraction",
    "Extractor",
    "ExtractorSpec",
    "Failure",
    "FoundPlace",
    "build_extractor",
    "extract_all",
    "load_gazetteer",
    "load_geocoder",
    "read_documents",
]
