"""Who did what to whom: perpetrator (actor1) and target (actor2) by voice and cue words; merging events of a
document only when their dates can be one; background events (dated long before the news) ranked last."""

from __future__ import annotations

from datetime import date

import pytest

from jointmap.extract import Document, Extractor
from jointmap.extract.results import CandidateIncident

_DAY = date(2016, 6, 10)  # a Friday


def _incidents(extractor: Extractor, text: str, day: date | None = _DAY) -> list[CandidateIncident]:
    result = extractor.extract(Document("t", text, date=day))
    assert result.incidents, text
    return result.incidents


def _actors(extractor: Extractor, text: str) -> tuple[str | None, str | None]:
    first = _incidents(extractor, text)[0]
    return first.actor1, first.actor2


# -- passive voice: the agent after "by" acts, the subject suffers ------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A market in Saraqeb was hit by Russian air strikes on Monday.", ("ru-af", None)),
        ("A market in Saraqeb was struck by Syrian warplanes on Monday.", ("syaaf", None)),
        (
            "A hospital in Aleppo was struck by Russian warplanes on Sunday, killing 10 people.",
            ("ru-af", None),
        ),
        ("Government forces were shelled by rebels in Daraa on Monday.", ("fsa", "saa")),
        ("The Syrian army was ambushed by Nusra Front fighters near Idlib.", ("nusra", "saa")),
    ],
)
def test_passive_voice(extractor: Extractor, text: str, expected: tuple[str | None, str | None]) -> None:
    assert _actors(extractor, text) == expected


# -- a fronted time phrase is no target cue -----------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "On Monday Russian warplanes struck Saraqeb.",
        "On Monday, Russian warplanes struck Saraqeb.",
        "On Tuesday morning Russian warplanes struck Saraqeb.",
    ],
)
def test_subject_after_a_fronted_date_acts(extractor: Extractor, text: str) -> None:
    assert _actors(extractor, text) == ("ru-af", None)


def test_subject_after_a_fronted_date_acts_on_an_object(extractor: Extractor) -> None:
    assert _actors(extractor, "On Tuesday the Syrian army shelled rebels in Daraa.") == ("saa", "fsa")


# -- "when X verb": the subject of the clause acts ----------------------------------------------------------
def test_subject_of_a_when_clause_acts(extractor: Extractor) -> None:
    text = "Twenty-three civilians were killed on Thursday when Russian warplanes bombed the town of Binnish."
    assert _actors(extractor, text) == ("ru-af", "civilians")


def test_subject_of_an_as_clause_acts_and_the_passive_subject_suffers(extractor: Extractor) -> None:
    text = (
        "Five soldiers were killed on Friday as Islamic State fighters attacked an army checkpoint "
        "near Palmyra."
    )
    assert _actors(extractor, text) == ("isil", "saa")


# -- "in X strikes": X's attack is the means ----------------------------------------------------------------
def test_killed_in_x_air_strikes(extractor: Extractor) -> None:
    text = "At least 20 people were killed in Russian air strikes on the town of Kafr Nabl."
    assert _actors(extractor, text) == ("ru-af", None)


def test_killed_in_x_shelling_on_a_town(extractor: Extractor) -> None:
    text = "Eight rebels were killed in Syrian army shelling on the town of Talbiseh."
    assert _actors(extractor, text) == ("saa", "fsa")


def test_fighters_killed_in_coalition_strikes_are_the_target(extractor: Extractor) -> None:
    # ISIL is outside the ceasefire: taking it for the perpetrator changes verdicts.
    actor1, actor2 = _actors(
        extractor, "Islamic State fighters were killed in coalition air strikes near Raqqa."
    )
    assert actor2 == "isil" and actor1 != "isil"


def test_fighters_killed_in_us_led_coalition_strikes(extractor: Extractor) -> None:
    text = "Islamic State militants were killed in US-led coalition air strikes near Raqqa."
    assert _actors(extractor, text) == ("us-coalition", "isil")


def test_lower_case_coalition_air_strikes_name_the_coalition(extractor: Extractor) -> None:
    text = "Islamic State fighters were killed in coalition air strikes near Raqqa."
    assert _actors(extractor, text) == ("us-coalition", "isil")


# -- "from Y" after a capture: Y loses the place ------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Syrian Democratic Forces captured the town of Manbij from Islamic State.", ("sdf", "isil")),
        ("The Syrian Democratic Forces captured the town of Manbij from rebels.", ("sdf", "fsa")),
        ("Rebels captured the town of Morek from government forces and Hezbollah.", ("fsa", "saa")),
        ("The Syrian army recaptured the town of Salma from rebels.", ("saa", "fsa")),
        ("Islamic State seized the town of Qaryatain from government forces.", ("isil", "saa")),
        ("Turkish troops and Turkish-backed rebels captured Jarablus from Islamic State.", ("tr-af", "isil")),
    ],
)
def test_capture_from(extractor: Extractor, text: str, expected: tuple[str | None, str | None]) -> None:
    assert _actors(extractor, text) == expected


def test_fire_from_x_is_x_firing(extractor: Extractor) -> None:
    text = "Heavy shelling from government forces hit the town of Douma on Monday."
    assert _actors(extractor, text)[0] == "saa"


# -- two sides of a clash -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "sides"),
    [
        ("Clashes erupted between the SDF and regime forces in Hasakah.", {"sdf", "saa"}),
        ("Fighting between rebels and Islamic State erupted near Azaz.", {"fsa", "isil"}),
        ("The SDF and regime forces clashed in Hasakah.", {"sdf", "saa"}),
    ],
)
def test_both_sides_of_a_clash(extractor: Extractor, text: str, sides: set[str]) -> None:
    actor1, actor2 = _actors(extractor, text)
    assert {actor1, actor2} == sides


def test_coordinated_attackers_are_not_the_target(extractor: Extractor) -> None:
    # Not a clash: both act, neither is the target.
    assert _actors(extractor, "Russian and Syrian warplanes bombed Aleppo on Monday.")[1] is None
    text = "Government forces and Hezbollah shelled the town of Zabadani on Monday."
    assert _actors(extractor, text) == ("saa", None)


# -- merge: events on different known dates stay apart ------------------------------------------------------
def test_events_on_different_known_dates_are_not_merged(extractor: Extractor) -> None:
    text = (
        "Government helicopters dropped barrel bombs on Daraya on Monday, killing two people. "
        "On Thursday, more barrel bombs hit Daraya, killing five people."
    )
    found = _incidents(extractor, text)
    days = sorted(
        (i.date_start, i.fatalities["best"]) for i in found if i.sub_event_type == "Air/drone strike"
    )
    assert days == [(date(2016, 6, 6), 2), (date(2016, 6, 9), 5)]


def test_a_follow_up_sentence_without_its_own_date_still_merges(extractor: Extractor) -> None:
    text = (
        "Government helicopters dropped barrel bombs on Daraya on Monday, killing two people. "
        "The barrel bombs that hit Daraya killed five people, medics said later."
    )
    found = [i for i in _incidents(extractor, text) if i.sub_event_type == "Air/drone strike"]
    assert len(found) == 1 and found[0].date_start == date(2016, 6, 6)


# -- centrality: a long-past event is background ------------------------------------------------------------
@pytest.mark.parametrize(
    "aside",
    [
        "The town, east of Damascus, was among those hit by a sarin gas attack in August 2013 that killed "
        "hundreds.",
        "The town was among those hit by a sarin gas attack in August 2013 that killed more than 1,400 "
        "people.",
    ],
)
def test_a_long_past_event_is_background(extractor: Extractor, aside: str) -> None:
    text = f"Air strikes hit the town of Douma on Monday, killing three people. {aside}"
    found = _incidents(extractor, text)
    assert found[0].date_start == date(2016, 6, 6) and found[0].sub_event_type == "Air/drone strike"
    assert any(i.date_start == date(2013, 8, 1) for i in found[1:])


def test_a_retrospective_keeps_its_order(extractor: Extractor) -> None:
    # Every event is old: none is background against the others.
    text = "A sarin gas attack hit Douma in August 2013, killing hundreds of people."
    assert _incidents(extractor, text)[0].date_start == date(2013, 8, 1)


def test_a_claim_of_responsibility_names_the_perpetrator(extractor: Extractor) -> None:
    text = (
        "A car bomb exploded in the city of Qamishli on Monday, killing five people. Islamic State claimed "
        "responsibility for the attack."
    )
    incident = extractor.extract(Document("t", text)).incidents[0]
    assert incident.actor1 == "isil" and incident.actor1_confidence < 0.9


def test_a_place_named_for_a_weapon_is_not_an_attack(extractor: Extractor) -> None:
    text = "Rebels said their fighters had captured the artillery academy in Ramousah on Saturday."
    assert (
        extractor.extract(Document("t", text)).incidents[0].sub_event_type
        == "Non-state actor overtakes territory"
    )
    text = "Government artillery shelled Ramousah on Saturday."
    assert (
        extractor.extract(Document("t", text)).incidents[0].sub_event_type
        == "Shelling/artillery/missile attack"
    )


def test_a_claim_of_another_attack_is_not_borrowed(extractor: Extractor) -> None:
    text = (
        "A car bomb killed 12 people in Azaz on Monday. The Islamic State claimed responsibility for a "
        "bombing in Baghdad last week."
    )
    assert extractor.extract(Document("t", text)).incidents[0].actor1 is None


def test_a_place_hit_named_for_an_organisation_makes_it_the_target(extractor: Extractor) -> None:
    assert _actors(extractor, "Two patients were killed in Red Crescent clinic bombing in Aleppo.") == (
        None,
        "sarc",
    )


@pytest.mark.parametrize(
    "text",
    [
        "Rebel coalition raids on government-held villages killed four soldiers near Hama.",
        "Anti-regime raids on army checkpoints killed four soldiers near Hama.",
    ],
)
def test_a_lower_case_air_word_inside_another_name_is_no_air_force(extractor: Extractor, text: str) -> None:
    assert _actors(extractor, text)[0] not in ("us-coalition", "syaaf")


def test_two_events_in_one_sentence_are_two_incidents(extractor: Extractor) -> None:
    text = (
        "Air strikes killed 12 people in Douma, while rebel shelling killed four in the Harasta suburb on "
        "Tuesday."
    )
    result = extractor.extract(Document("t", text, date=date(2016, 6, 10)))
    told = {(i.place.mention, i.fatalities["best"], i.date_start) for i in result.incidents if i.place}
    # each its own place and toll, both on the day told once at the end
    assert told == {("Douma", 12, date(2016, 6, 7)), ("Harasta", 4, date(2016, 6, 7))}
    # "while" inside one event's clause splits nothing
    text = "Air strikes hit Douma on Monday while residents slept, killing five."
    assert len(extractor.extract(Document("t", text, date=date(2016, 6, 10))).incidents) == 1


def test_each_while_clause_with_an_event_is_its_own_incident(extractor: Extractor) -> None:
    text = (
        "Jets killed 12 in Douma, while shelling killed four in Harasta, while clashes killed two in Zamalka."
    )
    told = {(i.place.mention, i.fatalities["best"]) for i in extractor.extract(Document("t", text)).incidents}
    assert told == {("Douma", 12), ("Harasta", 4), ("Zamalka", 2)}
    # A photo's caption is dropped whole, not split.
    text = (
        "Rebels shelled Aleppo.\n\nSmoke rises after an air strike on Douma, while residents flee shelling "
        "in Harasta on July 9 2016. (Reuters)\n\nMore text here."
    )
    assert [i.place.mention for i in extractor.extract(Document("t", text)).incidents if i.place] == [
        "Aleppo"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Jets bombed Douma on Wednesday, a day after rebels shelled Damascus.",
        "Unidentified jets struck Saraqib, hours before Islamic State fighters attacked the town of Tadef.",
    ],
)
def test_a_side_in_a_clause_telling_another_event_is_no_side_in_this_one(
    extractor: Extractor, text: str
) -> None:
    result = extractor.extract(Document("t", text, date=date(2016, 5, 20)))
    assert (result.incidents[0].actor1, result.incidents[0].actor2) == (None, None)
    # told in one sentence without the comma, it is one story
    text = "Clashes broke out after rebels attacked army posts in Douma."
    assert extractor.extract(Document("t", text)).incidents[0].actor1 == "fsa"


def test_a_side_named_by_its_strikes_acts(extractor: Extractor) -> None:
    # "Russian strikes": the Russian air force's; a side named by its attacks is never the one hit
    for text in (
        "Russian strikes killed 12 civilians in Maarat al-Numan on Sunday.",
        "Four medics were killed in Maarat al-Numan in what were likely Russian strikes.",
    ):
        first = extractor.extract(Document("t", text, date=date(2016, 5, 20))).incidents[0]
        assert first.actor1 == "ru-af" and first.actor2 != "ru-af", text
    # a strike force is no strike
    text = "A Russian strike force landed at Hmeimim; rebels shelled Latakia."
    assert extractor.extract(Document("t", text)).incidents[0].actor1 != "ru-af"


def test_a_clause_with_a_side_and_a_verb_of_its_own_is_an_event_of_its_own(extractor: Extractor) -> None:
    result = extractor.extract(
        Document("t", "Rebels shelled Harasta and the army bombed Douma.", date=date(2016, 5, 20))
    )
    told = {(i.place.mention if i.place else None, i.actor1) for i in result.incidents}
    assert told == {("Harasta", "fsa"), ("Douma", "saa")}
    text = "Turkish aircraft flew over Azaz, and later rebels shelled the town."
    assert extractor.extract(Document("t", text)).incidents[0].actor1 == "fsa"
    # not two names of one subject, nor what the event did
    for text, expected in (
        ("Russian and regime air strikes killed 47 people in Al-Quriyah.", 1),
        ("Russian jets bombed Idlib on Monday and rebel positions were destroyed.", 1),
        ("Clashes between rebels and the army killed 12 in Harasta.", 1),
    ):
        assert len(extractor.extract(Document("t", text)).incidents) == expected, text


def test_turkish_aircraft_are_the_turkish_armed_forces(extractor: Extractor) -> None:
    first = extractor.extract(Document("t", "Turkish jets bombed YPG positions near Tal Rifaat.")).incidents[
        0
    ]
    assert (first.actor1, first.actor2) == ("tr-af", "ypg")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what a side said is no clause of its own: one incident with its toll
        ("Rebels shelled Harasta and the army reported that 12 civilians were killed.", [("fsa", 12)]),
        # the other side of the same event, not another event
        (
            "The army captured the village of Tal Jabin on Tuesday, following fierce clashes with al-Nusra "
            "Front fighters.",
            [("saa", 0)],
        ),
        (
            "Heavy fighting erupted in the town of Morek on Friday, after rebels launched an attack on army "
            "checkpoints, killing 10.",
            [("fsa", 10)],
        ),
    ],
)
def test_a_clause_that_tells_the_same_event_keeps_its_sides(
    extractor: Extractor, text: str, expected: list[tuple[str, int]]
) -> None:
    result = extractor.extract(Document("t", text, date=date(2016, 5, 20)))
    assert [(i.actor1, i.fatalities["best"]) for i in result.incidents] == expected


def test_a_suspected_strike_by_an_air_force_is_an_air_strike(extractor: Extractor) -> None:
    first = extractor.extract(
        Document("t", "Dozens dead after suspected Russian strike on Idlib marketplace")
    ).incidents[0]
    assert (first.actor1, first.sub_event_type) == ("ru-af", "Air/drone strike")
    # the lead's target fills the headline's
    text = (
        "Russian strikes kill 10 in Aleppo\n\nRussian air strikes killed ten civilians in Aleppo on Tuesday."
    )
    first = extractor.extract(Document("t", text, date=date(2016, 5, 20))).incidents[0]
    assert (first.actor1, first.actor2) == ("ru-af", "civilians")


@pytest.mark.parametrize(
    ("text", "place", "toll"),
    [
        # an accusation or a denial after "but"/"and" is a clause of its own: the event before it stands
        (
            "Activists said government jets killed 14 people in Douma on Monday but the army denied carrying "
            "out strikes there.",
            "Douma",
            14,
        ),
        ("Rebels shelled Harasta on Monday and the army claimed that 4 soldiers were killed.", "Harasta", 0),
    ],
)
def test_an_event_before_a_denial_in_its_own_clause_stands(
    extractor: Extractor, text: str, place: str, toll: int
) -> None:
    result = extractor.extract(Document("t", text, date=date(2016, 5, 20)))
    assert result.allegations
    first = result.incidents[0]
    assert first.place is not None and (first.place.mention, first.fatalities["best"]) == (place, toll)


def test_a_condemnation_is_a_clause_of_its_own(extractor: Extractor) -> None:
    text = "Air strikes killed 12 people in Atareb on Friday and the United States condemned the attack."
    result = extractor.extract(Document("t", text, date=date(2016, 5, 20)))
    first = result.incidents[0]
    assert (first.actor2, first.fatalities["best"]) == (None, 12)
    assert [a.speaker for a in result.allegations] == ["the United States"]
