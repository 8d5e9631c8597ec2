"""Sentence splitting (short texts written for these tests)."""

from __future__ import annotations

import pytest

from jointmap.extract.text import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a figure ends a sentence
        (
            "Jets struck Douma, killing 5. The previous day, rebels shelled Harasta.",
            ["Jets struck Douma, killing 5.", "The previous day, rebels shelled Harasta."],
        ),
        # an initial or an abbreviation does not
        (
            "The U.S. Army said so. Lt. Col. Smith agreed.",
            ["The U.S. Army said so.", "Lt. Col. Smith agreed."],
        ),
        # nor does a list's number
        ("1. Rebels shelled Harasta.", ["1. Rebels shelled Harasta."]),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == expected
    assert all(text[s.start : s.end] == s.text for s in sentences)
