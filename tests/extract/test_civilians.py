"""Civilian targeting of one person named by a noun of daily life ("a farmer was killed"), not of a fighter;
sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from jointmap.extract import Document, Extractor
from jointmap.extract.lexicon import CIVILIAN_RE


def _first(extractor: Extractor, text: str) -> dict[str, object]:
    result = extractor.extract(Document("t", text, date=date(2016, 5, 2))).to_json()
    assert result["incidents"], result
    first: dict[str, object] = result["incidents"][0]
    return first


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen killed a teacher in Daraa on Sunday.",
        "A farmer was killed by a landmine near Daraa.",
        "A man was shot dead in Daraa on Sunday.",
        "An elderly shepherd was shot dead near Palmyra.",
        "A journalist was killed in a blast in Raqqa.",
        "Two aid workers were killed when their car was hit in Aleppo.",
        "A boy was killed by a mortar round in Daraa.",
    ],
)
def test_one_non_combatant_is_civilian_targeting(extractor: Extractor, text: str) -> None:
    assert _first(extractor, text)["civilian_targeting"] is True


@pytest.mark.parametrize(
    "text",
    [
        "A soldier was shot dead in Daraa on Sunday.",
        "A rebel fighter was killed in Daraa on Sunday.",
        "Rebels shelled an army post near Hama, a doctor said.",
        "Rebels shelled an army post near Hama, the governor told journalists.",
    ],
)
def test_a_fighter_or_a_speaker_is_not(extractor: Extractor, text: str) -> None:
    assert _first(extractor, text)["civilian_targeting"] is False


@pytest.mark.parametrize(
    ("text", "civilian"),
    [
        ("a man was killed", True),
        ("a young man died", True),
        ("a gunman was killed", False),
        ("armed men attacked the post", False),
        ("shells fell in no man's land", False),
        ("a man-portable missile", False),
        ("a pregnant woman died", True),
    ],
)
def test_civilian_words(text: str, civilian: bool) -> None:
    assert bool(CIVILIAN_RE.search(text)) is civilian


def test_a_sniper_killing_a_man_is_civilian_targeting(extractor: Extractor) -> None:
    inc = _first(extractor, "A man was shot dead by a sniper in Daraa.")
    assert (inc["sub_event_type"], inc["civilian_targeting"]) == ("Attack", True)
    # Guards: a soldier shot by a sniper, and gunfire exchanged, stay clashes.
    inc = _first(extractor, "A soldier was shot dead by a sniper in Daraa.")
    assert (inc["sub_event_type"], inc["civilian_targeting"]) == ("Armed clash", False)
    inc = _first(extractor, "Rebels and the army exchanged gunfire in Daraa.")
    assert inc["sub_event_type"] == "Armed clash"


@pytest.mark.parametrize(
    "text",
    [
        "Regime forces shelled rebel positions in Daraa on Monday, journalists in the town said.",
        "Reporters Without Borders said rebels shelled a TV station in Aleppo.",
    ],
)
def test_who_reports_is_no_civilian_target(extractor: Extractor, text: str) -> None:
    assert _first(extractor, text)["civilian_targeting"] is False


def test_sniper_fire_on_fighters_stays_a_clash(extractor: Extractor) -> None:
    inc = _first(extractor, "Sniper fire killed two fighters near the national hospital in Daraa on Monday.")
    assert inc["sub_event_type"] == "Armed clash"
