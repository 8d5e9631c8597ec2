"""Fatality tolls of whole sentences: the first toll is the one an incident gets. The QA cases (issue: tolls
read as 0 or 1) and variations of them; sentences written for these tests."""

from __future__ import annotations

import pytest

from jointmap.extract.fatalities import find_tolls


def _first(text: str) -> tuple[int, int, int] | None:
    found = find_tolls(text)
    return (found[0].low, found[0].best, found[0].high) if found else None


@pytest.mark.parametrize(
    ("text", "toll"),
    [
        # QA cases
        ("The attack killed six.", (6, 6, 6)),
        ("The strike hit a market, killing 15, including six children.", (15, 15, 15)),
        ("Shells hit the town, killing two and wounding five.", (2, 2, 2)),
        ("At least 20 people, including seven children, were killed.", (20, 20, 20)),
        ("Seven people, four of them children, were killed.", (7, 7, 7)),
        ("Five members of a family were killed.", (5, 5, 5)),
        ("A man was shot dead by a sniper.", (1, 1, 1)),
        ("A ten-year-old boy was killed.", (1, 1, 1)),
        ("The death toll from Sunday's air strike on a market in Kafr Nabl rose to 23.", (23, 23, 23)),
        ("The strike killed a woman and her three children.", (4, 4, 4)),
        ("Jets killed three children and a teacher.", (4, 4, 4)),
        # variations
        ("Car bomb kills 17 near Turkish border", (17, 17, 17)),
        ("The raids killed 19 and wounded 22 on Saturday.", (19, 19, 19)),
        ("The blast killed at least 44, including a child.", (44, 44, 44)),
        ("Air strikes killed 12 people, six of them children.", (12, 12, 12)),
        ("At least 10 people including seven children were killed.", (10, 10, 10)),
        ("Fifteen civilians (mostly women) died in the raid.", (15, 15, 15)),
        ("At least 200 people, many of whom were civilians, were killed.", (200, 200, 200)),
        ("A nine-year-old girl was killed by a sniper.", (1, 1, 1)),
        ("Three fighters from the Nusra Front died in the clashes.", (3, 3, 3)),
        ("Two of the five hostages were executed.", (2, 2, 2)),
        ("A woman and her two sons were killed.", (3, 3, 3)),
        ("A man and his wife were killed when the shell hit.", (2, 2, 2)),
        ("One woman and one of her children were killed.", (2, 2, 2)),
        ("The toll from the attack on the town's main bakery climbed to more than 40.", (41, 41, 41)),
        ("Date of publication 28 August 2016 Two children were killed in shelling.", (2, 2, 2)),
        ("Mon Jun 20 2016 23 ISIS Terrorists Killed in Turkey.", (23, 23, 23)),
        ("Two more civilians were killed in regime air strikes.", (2, 2, 2)),
        ("A journalist was beaten to death in Raqqa.", (1, 1, 1)),
        # behaviour that must keep working
        ("Air strikes killed at least 12 people.", (12, 12, 12)),
        ("Warplanes struck a market, killing at least 12 civilians and wounding 30.", (12, 12, 12)),
        ("Between 5 and 7 civilians were killed.", (5, 5, 7)),
        ("Dozens of people were killed.", (24, 24, 99)),
        ("Scores of people were killed.", (40, 40, 99)),
        ("A dozen people were killed.", (12, 12, 12)),
        ("A child and two women were killed in the shelling.", (3, 3, 3)),
        ("The shelling hit the market, killing a child and two women.", (3, 3, 3)),
        ("The toll rose to more than 50.", (51, 51, 51)),
        ("Twenty-three soldiers were killed.", (23, 23, 23)),
    ],
)
def test_first_toll(text: str, toll: tuple[int, int, int]) -> None:
    assert _first(text) == toll


@pytest.mark.parametrize(
    "text",
    [
        "No one was killed in the attack.",
        "Nobody was killed in the attack.",
        "No-one was killed, the ministry said.",
        "None of the 30 passengers were killed.",
        "Not a single civilian was killed.",
        "Dozens of people were wounded.",
        "The blast left 3 in critical condition.",
        "The attack killed a number of fighters.",
    ],
)
def test_no_toll(text: str) -> None:
    assert find_tolls(text) == []


def test_a_later_toll_is_still_found_after_a_denial() -> None:
    found = find_tolls("No one was killed in the first strike, but a second strike killed five people.")
    assert [(t.low, t.best, t.high) for t in found] == [(5, 5, 5)]


def test_a_subset_is_not_a_second_toll() -> None:
    found = find_tolls("At least 20 people, including seven children, were killed.")
    assert len(found) == 1 and found[0].start == 0


@pytest.mark.parametrize(
    ("text", "best"),
    [
        ("Six of the 20 dead were children, after Syrian jets bombed Douma.", 20),
        ("The strike hit a market, killing 40, and 2 children were among the dead.", 40),
        ("The strike hit a market, killing 12 people and a woman was wounded.", 12),
    ],
)
def test_a_subset_or_a_clause_of_its_own_is_not_added(text: str, best: int) -> None:
    assert find_tolls(text)[0].best == best


@pytest.mark.parametrize(
    ("text", "best"),
    [
        ("Air strikes killed two dozen people in Douma.", 24),
        ("At least three dozen civilians died.", 36),
        ("Jets killed two people in Douma.", 2),
    ],
)
def test_dozens_counted(text: str, best: int) -> None:
    assert find_tolls(text)[0].best == best
