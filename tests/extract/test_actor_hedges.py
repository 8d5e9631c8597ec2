"""Hedged attributions written in more ways than "warplanes believed to be Russian" (short texts written for
these tests): each is attributed, with the lower confidence of a hedge."""

from __future__ import annotations

import pytest

from jointmap.extract import Document, Extractor


@pytest.mark.parametrize(
    "text",
    [
        "Warplanes believed to be Russian struck the town of Saraqib on Monday.",
        "Jets, reportedly Russian, struck the town of Saraqib on Monday.",
        "The jets were believed to be Russian and struck the town of Saraqib on Monday.",
        "Aircraft, probably Russian, bombed the town of Saraqib on Monday.",
    ],
)
def test_a_hedged_nationality_attributes_with_lower_confidence(extractor: Extractor, text: str) -> None:
    incident = extractor.extract(Document("t", text)).incidents[0]
    assert incident.actor1 == "ru-af"
    assert 0 < incident.actor1_confidence < 0.6


def test_unidentified_jets_stay_unknown(extractor: Extractor) -> None:
    incident = extractor.extract(Document("t", "Unidentified jets struck the town of Saraqib.")).incidents[0]
    assert incident.actor1 is None


@pytest.mark.parametrize(
    "text",
    [
        "A man was shot dead by a regime sniper in the town of Madaya on Wednesday.",
        "Government shelling killed three people in Douma.",
    ],
)
def test_a_side_named_by_its_weapon_or_troops_is_the_side_the_registry_describes(
    extractor: Extractor, text: str
) -> None:
    # "regime sniper", "government shelling": the actor the registry calls "regime forces", as a description
    incident = extractor.extract(Document("t", text)).incidents[0]
    assert incident.actor1 == "saa" and incident.actor1_confidence == 0.6
