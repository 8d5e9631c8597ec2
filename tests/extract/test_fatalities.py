"""Fatality tolls of whole sentences: the first toll is the one an incident gets. The QA cases (issue: tolls
read as 0 or 1) and variations of them; sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from jointmap.extract import Document, Extractor
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


# -- what a whole war has cost is not the incident's toll ----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The death toll from the war, which began in 2011, rose to 90,000 on Monday after jets bombed Douma, "
        "killing 12.",
        "The death toll in the conflict stood at 4,500 when jets hit Douma and killed 12.",
        "The toll since 2011 reached 7,000 after a raid killed 12 in Douma.",
        "The toll of the siege has risen to 470 after a raid on Madaya killed 12.",
        "More than 60,000 people have been killed since 2011; on Monday jets killed 12 in Douma.",
        "The war has killed 60,000 people, and on Monday jets killed 12 in Douma.",
        "The conflict, which has killed 90,000 people, flared again as jets killed 12 in Douma.",
        "Jets bombed Douma, killing 12 and bringing the toll since 2011 to 7,000.",
        # a toll since an agreement, or across the country, is a sum of many events too
        "They were the latest of more than 7,000 people killed across Syria as jets killed 12 in Douma.",
        "Jets killed 12 in Douma; 700 people have been killed since the truce began in February.",
        "Jets killed 12 in Douma; more than 500 air strikes since 21 May have killed 229 civilians.",
        "Jets killed 12 in Douma; 300 people have been killed in the city since June.",
    ],
)
def test_a_war_toll_is_not_the_incident_toll(text: str) -> None:
    assert [t.best for t in find_tolls(text)] == [12]


@pytest.mark.parametrize(
    ("text", "best"),
    [
        ("The death toll from Friday's raid on the bakery, the worst of the war, rose to 31.", 31),
        ("Jets killed 31 people in the war's deadliest raid on Idlib.", 31),
        ("A raid killed 31 people, the worst attack on the town since 2013.", 31),
        ("The toll from the raid on the crisis-hit town rose to 31.", 31),
    ],
)
def test_the_war_named_elsewhere_leaves_the_toll(text: str, best: int) -> None:
    assert find_tolls(text)[0].best == best


# -- every group of a list counts; subsets and the wounded do not ------------------------------------------


@pytest.mark.parametrize(
    ("text", "best"),
    [
        ("Clashes killed 11 rebel fighters and three civilians near Hama.", 14),
        ("Raids killed 11 rebel fighters, 3 pro-government militiamen and a child.", 15),
        ("The raid killed 11 fighters as well as three civilians.", 14),
        ("Eleven fighters as well as three civilians were killed.", 14),
        ("At least 11 fighters and three civilians, including a girl, were killed.", 14),
        ("Eleven rebel fighters and three civilians died in the raid.", 14),
        ("The raid killed 11 fighters and three civilians were wounded.", 11),
        ("The raid killed 11 people, including 3 children and 2 women.", 11),
        ("At least 11 people including a boy and two women were killed.", 11),
        ("Eleven civilians among them a nurse and three children were killed.", 11),
    ],
)
def test_a_list_of_the_dead_adds_up(text: str, best: int) -> None:
    assert find_tolls(text)[0].best == best


# -- the killers are not the dead ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "best"),
    [
        ("Two gunmen killed a policeman in Deir ez-Zor.", 1),
        ("Three militants killed two soldiers at the checkpoint.", 2),
        ("Four rebels have killed three soldiers.", 3),
        ("Two gunmen shot dead a shepherd near Palmyra.", 1),
        ("11 Soldiers Killed in Hama Ambush", 11),
        ("Six killed, nine wounded in Idlib raid", 6),
        ("Six killed nine wounded in Idlib raid", 6),
        ("Six civilians killed 20 others injured in Idlib raid", 6),
        ("Of the 31 people killed the youngest was a baby.", 31),
        ("Two Killed A Day After Truce Begins In Homs", 2),
    ],
)
def test_a_subject_that_kills_is_not_counted(text: str, best: int) -> None:
    assert [t.best for t in find_tolls(text)] == [best]


# A time phrase after "killed" is no object: the figure before it counts the dead.
@pytest.mark.parametrize(
    "text",
    [
        "Eight killed the first day of the truce in Daraa",
        "Eight civilians killed the second night of shelling in Douma",
        "Eight killed the same day in Hama",
        "Eight killed last week in Idlib, monitor says",
        "Eight killed this morning in Homs",
        "Eight killed overnight in Aleppo",
        "Eight people killed over the weekend in Raqqa",
        "Eight killed over the past week in Deraa",
        "Eight killed the following morning near Tal Abyad",
        "Eight killed the very next day in Jisr al-Shughur",
    ],
)
def test_a_time_phrase_after_the_verb_is_no_object(text: str) -> None:
    assert [t.best for t in find_tolls(text)] == [8]


# -- more ways of writing a toll -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "toll"),
    [
        ("Six people have died in the raid.", (6, 6, 6)),
        ("A boy has since died of his wounds.", (1, 1, 1)),
        ("At least 14 people were reported killed.", (14, 14, 14)),
        ("More than 30 people are feared dead.", (31, 31, 31)),
        ("Nine civilians are believed to have been killed.", (9, 9, 9)),
        ("As many as 60 people may have been killed.", (60, 60, 60)),
        ("The raid killed a family of six in Saraqib.", (6, 6, 6)),
        ("The shell wiped out an entire family of seven.", (7, 7, 7)),
        ("A family of four was killed when their house was hit.", (4, 4, 4)),
        ("A father of four was killed by a shell.", (1, 1, 1)),
        ("The plane crashed, killing all nine on board.", (9, 9, 9)),
        ("All nine crew members on board were killed.", (9, 9, 9)),
        ("The raid killed all six members of the household.", (6, 6, 6)),
        ("The blast claimed 14 lives.", (14, 14, 14)),
        ("The shelling cost at least 14 lives.", (14, 14, 14)),
    ],
)
def test_more_toll_phrasings(text: str, toll: tuple[int, int, int]) -> None:
    assert _first(text) == toll


@pytest.mark.parametrize(
    "text",
    [
        "The group claimed 14 attacks this year.",
        "The group claimed 14, the ministry said.",
        "Gunmen killed nobody, residents said.",
        "The death toll from the war rose to 90,000.",
        "More than 400 people have been killed in Syria's civil war this year.",
        "Tens of thousands of people have been killed.",
        "Hundreds of thousands of civilians are believed to have died.",
    ],
)
def test_still_no_toll(text: str) -> None:
    assert find_tolls(text) == []


def test_gunned_down_counts_the_dead() -> None:
    assert [t.best for t in find_tolls("Islamic State gunned down 12 prisoners in Raqqa on Monday.")] == [12]
    # "since Monday" is the day's fighting, not a sum over weeks
    assert [t.best for t in find_tolls("Air strikes since Monday have killed 12 people in Douma.")] == [12]


def test_a_word_that_starts_like_a_month_is_no_month() -> None:
    text = "Regime jets killed 12 people in Saraqib since Mayadin fighters had fired rockets at the town."
    assert [t.best for t in find_tolls(text)] == [12]


def test_a_toll_told_of_another_event_is_not_this_ones(extractor: Extractor) -> None:
    text = "Hundreds of people protested in Kafranbel on Friday, a day after an air strike killed 12 people."
    first = extractor.extract(Document("t", text, date=date(2016, 5, 20))).incidents[0]
    assert (first.sub_event_type, first.fatalities["best"]) == ("Peaceful protest", 0)
    # a toll after the clause that tells the other event closes is this one's
    text = "Jets bombed Douma on Friday, a day after rebels shelled Damascus, killing 12 people."
    assert (
        extractor.extract(Document("t", text, date=date(2016, 5, 20))).incidents[0].fatalities["best"] == 12
    )
