"""Intake: reports and incidents arriving as files (JSON, JSONL, CSV, GeoJSON) become log entries."""

from jointmap.intake.dates import parse_date, parse_time
from jointmap.intake.importer import ImportResult, import_files
from jointmap.intake.readers import SUPPORTED_SUFFIXES, RawRecord, read_records

__all__ = [
    "SUPPORTED_SUFFIXES",
    "ImportResult",
    "RawRecord",
    "import_files",
    "parse_date",
    "parse_time",
    "read_records",
]
