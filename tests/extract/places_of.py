"""Shared by the place tests: the place of a text's first incident, checked against the text."""

from __future__ import annotations

from jointmap.extract import Document, Extractor


def first_place(extractor: Extractor, text: str) -> str:
    """The mention of the first incident's place, after checking its span points at it in ``text``."""
    result = extractor.extract(Document("t", text))
    assert result.incidents, text
    place = result.incidents[0].place
    assert place is not None
    assert text[place.start : place.end] == place.mention
    return place.mention
