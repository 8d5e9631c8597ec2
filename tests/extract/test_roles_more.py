"""Perpetrator (actor1) and target (actor2) in more of the ways news prose writes them: a passive whose
subject stands apart from its verb, "at the hands of", a side named by its weapons or units ("rebel
rockets"), "forces loyal to", unknown gunmen; and a sentence that only names an event again is no incident
of its own (short texts written for these tests)."""

from __future__ import annotations

from datetime import date

import pytest

from jointmap.extract import Document, Extractor
from jointmap.extract.results import CandidateIncident

_DAY = date(2016, 6, 10)  # a Friday


def _first(extractor: Extractor, text: str) -> CandidateIncident:
    incidents = extractor.extract(Document("t", text, date=_DAY)).incidents
    assert incidents, text
    return incidents[0]


def _actors(extractor: Extractor, text: str) -> tuple[str | None, str | None]:
    first = _first(extractor, text)
    return first.actor1, first.actor2


# -- a passive whose subject stands apart from its verb ------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("By nightfall the army positions near Palmyra had been shelled by ISIS.", ("isil", "saa")),
        ("Rebels in eastern Aleppo were hit by Russian air strikes on Monday.", ("ru-af", "fsa")),
        (
            "Islamic State positions near Raqqa were struck by the US-led coalition on Monday.",
            ("us-coalition", "isil"),
        ),
        ("Rebels said their positions near Hama had been shelled by the army on Monday.", ("saa", "fsa")),
        ("The army, backed by Russian jets, was ambushed by ISIS near Palmyra on Monday.", ("isil", "saa")),
    ],
)
def test_the_subject_of_a_passive_suffers_past_a_phrase(
    extractor: Extractor, text: str, expected: tuple[str | None, str | None]
) -> None:
    assert _actors(extractor, text) == expected


def test_the_subject_of_its_own_verb_still_acts_before_a_passive(extractor: Extractor) -> None:
    # "were destroyed" is the positions', not the jets' (the jets' own verb stands between)
    text = "Russian jets bombed Idlib on Monday and rebel positions were destroyed."
    assert _actors(extractor, text) == ("ru-af", "fsa")


def test_the_agent_of_the_passive_outranks_a_side_named_first(extractor: Extractor) -> None:
    text = "By the time rebels arrived, the town of Morek had been shelled by the army."
    assert _actors(extractor, text)[0] == "saa"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Three civilians died at the hands of regime forces in Madaya on Monday.", ("saa", "civilians")),
        (
            "Four Kurdish fighters were killed at the hands of Islamic State militants near Kobani.",
            ("isil", "ypg"),
        ),
    ],
)
def test_at_the_hands_of_names_the_perpetrator(
    extractor: Extractor, text: str, expected: tuple[str | None, str | None]
) -> None:
    assert _actors(extractor, text) == expected


def test_held_by_names_the_side_hit_and_backed_by_no_perpetrator(extractor: Extractor) -> None:
    assert _actors(extractor, "ISIS attacked Deir ez-Zor on Monday, which is held by the army.") == (
        "isil",
        "saa",
    )
    text = "Government forces, backed by Russian jets, attacked rebels in Latakia on Monday."
    assert _actors(extractor, text) == ("saa", "fsa")


# -- a side named by its weapons, units or posts -------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rebel rockets hit a school in Aleppo on Monday.", ("fsa", None)),
        ("On Monday opposition mortars hit the town of Mhardeh.", ("fsa", None)),
        ("Regime barrel bombs fell on Douma on Monday.", ("syaaf", None)),
        ("Russian warplanes' missiles hit a market in Idlib on Monday.", ("ru-af", None)),
        ("The SDF was targeted by Turkish artillery near Manbij on Tuesday.", ("tr-af", "sdf")),
        ("A rebel convoy near Azaz was targeted by Russian warplanes on Monday.", ("ru-af", "fsa")),
    ],
)
def test_a_weapon_or_unit_of_a_side_names_the_side(
    extractor: Extractor, text: str, expected: tuple[str | None, str | None]
) -> None:
    assert _actors(extractor, text) == expected


def test_a_side_holding_the_place_is_not_the_perpetrator(extractor: Extractor) -> None:
    assert (
        _actors(extractor, "Government shelling of rebel-held Douma killed five people on Monday.")[0]
        == "saa"
    )
    assert _actors(extractor, "Shelling of rebel-held Douma killed five people on Monday.")[0] is None
    assert _actors(extractor, "Rebel mortars hit a school in government-held Aleppo on Monday.")[0] == "fsa"


@pytest.mark.parametrize(
    ("text", "not_actor"),
    [
        ("Anti-regime fighters attacked a checkpoint in Hama on Monday.", "saa"),
        ("A Saudi-led coalition air strike hit a market near Raqqa on Monday.", "us-coalition"),
    ],
)
def test_a_side_word_inside_another_compound_names_no_side(
    extractor: Extractor, text: str, not_actor: str
) -> None:
    assert _actors(extractor, text)[0] != not_actor


# -- forces loyal to, backed by, unknown ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        ("Forces loyal to the regime shelled the town of Daraya on Monday.", "saa"),
        ("Militias loyal to the Syrian government shelled the town of Daraya on Monday.", "ndf"),
    ],
)
def test_forces_loyal_to_a_government_are_its_armed_force(
    extractor: Extractor, text: str, actor1: str
) -> None:
    assert _actors(extractor, text)[0] == actor1


def test_turkish_backed_rebels_attack(extractor: Extractor) -> None:
    text = "Kurdish fighters were attacked by Turkish-backed rebels near Afrin on Monday."
    assert _actors(extractor, text) == ("fsa", "ypg")


@pytest.mark.parametrize(
    "text",
    [
        "Unidentified gunmen shot dead a rebel commander in Daraa on Monday.",
        "A rebel commander was shot dead by unidentified gunmen in Daraa on Monday.",
    ],
)
def test_unidentified_gunmen_are_an_unknown_perpetrator(extractor: Extractor, text: str) -> None:
    first = _first(extractor, text)
    assert (first.actor1, first.actor2) == (None, "fsa")
    assert first.actor1_mention is not None and first.actor1_mention.lower() == "unidentified gunmen"


def test_killing_captive_soldiers_is_no_clash(extractor: Extractor) -> None:
    first = _first(extractor, "Islamic State executed two Syrian soldiers near Palmyra on Monday.")
    assert (first.sub_event_type, first.actor1, first.actor2) == ("Attack", "isil", "saa")


# -- an event only named again -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "The opposition accused Russia of bombing a market in Idlib. Moscow denied it. Activists could not "
        "confirm who carried out the strikes.",
        "Rebels accused government forces of shelling a bakery in Douma on Monday. The government denied the "
        "accusation. It was not clear who was behind the attack.",
    ],
)
def test_an_accusation_named_again_is_no_incident(extractor: Extractor, text: str) -> None:
    result = extractor.extract(Document("t", text, date=_DAY))
    assert len(result.allegations) >= 2 and not result.incidents


def test_an_event_named_again_adds_to_the_event_told(extractor: Extractor) -> None:
    result = extractor.extract(
        Document("t", "Air strikes hit Idlib on Monday. The strikes killed five people.", date=_DAY)
    )
    assert [(i.sub_event_type, i.fatalities["best"]) for i in result.incidents] == [("Air/drone strike", 5)]


def test_an_event_named_again_with_its_own_place_stays(extractor: Extractor) -> None:
    assert (
        _first(extractor, "It was not clear who carried out the attack in Idlib on Monday.").place is not None
    )


@pytest.mark.parametrize(
    "follow_up",
    [
        "The injured were taken to hospitals for treatment.",
        "Seven others were wounded in the attack, the source added.",
        "The death toll is expected to rise.",
    ],
)
def test_the_casualties_of_an_event_named_before_add_to_it(extractor: Extractor, follow_up: str) -> None:
    text = (
        "Rocket shells fired by militants on the Zahraa neighbourhood of Aleppo killed two civilians on "
        f"Monday. {follow_up}"
    )
    result = extractor.extract(Document("t", text, date=_DAY))
    assert len(result.incidents) == 1, [(i.evidence, i.place and i.place.mention) for i in result.incidents]
    assert result.incidents[0].fatalities["best"] == 2


def test_casualties_with_a_place_of_their_own_stay_apart(extractor: Extractor) -> None:
    text = (
        "Rocket shells killed two civilians in Aleppo on Monday. "
        "Seven others were wounded in an attack on the town of Saraqib."
    )
    result = extractor.extract(Document("t", text, date=_DAY))
    assert {i.place.mention for i in result.incidents if i.place} >= {"Aleppo", "Saraqib"}


def test_a_whole_wars_cost_beside_the_news_is_no_incident(extractor: Extractor) -> None:
    text = (
        "Jets struck the town of Saraqib on Monday, killing 12 people. More than 280,000 people have been "
        "killed since the conflict began in 2011. The war began with the repression of protests in Deraa."
    )
    result = extractor.extract(Document("t", text, date=_DAY))
    assert [i.place.mention for i in result.incidents if i.place] == ["Saraqib"]
    # Told alone, it is what the document reports; and "the deadliest attack of the war" is an attack.
    alone = extractor.extract(Document("t", "At least 93,000 people have been killed in Syria since 2011."))
    assert alone.incidents
    attack = "A car bomb in the town of Saraqib was the deadliest attack in Syria's war."
    assert extractor.extract(Document("t", attack, date=_DAY)).incidents[0].place is not None


def test_a_side_accused_of_funding_is_not_borrowed_as_the_attacker(extractor: Extractor) -> None:
    text = (
        "A car bomb killed 12 people in the town of Saraqib on Monday. "
        "Damascus accuses Turkey and Qatar of funding and arming the militant groups."
    )
    result = extractor.extract(Document("t", text, date=_DAY))
    assert result.incidents[0].actor1 is None
    # accused of the attack itself, the side is borrowed (at lower confidence)
    text = "A car bomb killed 12 people in the town of Saraqib on Monday. Damascus blamed Turkey for it."
    assert extractor.extract(Document("t", text, date=_DAY)).incidents[0].actor1 == "tr-gov"


def test_a_possessive_names_the_air_force(extractor: Extractor) -> None:
    for text in (
        "Over 130 civilians were killed when Assads air force carried out nine air raids on Raqqa.",
        "Over 130 civilians were killed when Assad's air force carried out nine air raids on Raqqa.",
    ):
        assert extractor.extract(Document("t", text, date=_DAY)).incidents[0].actor1 == "syaaf", text


def test_a_truce_named_in_a_since_phrase_leaves_the_event(extractor: Extractor) -> None:
    text = "Government forces have shelled Saraqib five times since the truce began."
    result = extractor.extract(Document("t", text, date=_DAY))
    assert result.incidents[0].sub_event_type == "Shelling/artillery/missile attack"


def test_news_after_the_war_began_is_still_news(extractor: Extractor) -> None:
    text = (
        "A car bomb killed 12 people in Homs on Monday. "
        "The war began in 2011 and fighting continued on Monday in the town of Saraqib."
    )
    result = extractor.extract(Document("t", text, date=_DAY))
    assert {i.place.mention for i in result.incidents if i.place} == {"Homs", "Saraqib"}


def test_who_condemns_an_event_is_no_side_in_it(extractor: Extractor) -> None:
    text = "The shelling of Saraqib on Monday, condemned by the United States, killed 5 people."
    incident = extractor.extract(Document("t", text, date=_DAY)).incidents[0]
    assert incident.actor2 is None and incident.actor1 is None


def test_an_aside_about_the_accused_is_not_the_charge(extractor: Extractor) -> None:
    text = (
        "A car bomb killed 10 people in the town of Saraqib on Monday. "
        "Kurdish officials accused Turkey, a member of NATO, of funding the militants."
    )
    assert extractor.extract(Document("t", text, date=_DAY)).incidents[0].actor1 is None


def test_a_side_accused_of_the_attack_first_is_borrowed(extractor: Extractor) -> None:
    text = (
        "Shells hit the town of Azaz on Monday, killing four people. "
        "Damascus accused Turkey of the shelling and of backing terrorists."
    )
    assert extractor.extract(Document("t", text, date=_DAY)).incidents[0].actor1 == "tr-gov"


@pytest.mark.parametrize(
    "text",
    [
        "Russian strikes killed 53 civilians in the town of Saraqib on Monday.",
        "Turkish aircraft carried out three strikes on positions near Saraqib on Monday, killing nine.",
    ],
)
def test_strikes_from_the_air_are_air_strikes(extractor: Extractor, text: str) -> None:
    assert extractor.extract(Document("t", text, date=_DAY)).incidents[0].sub_event_type == "Air/drone strike"


def test_how_the_war_began_is_no_incident_beside_the_news(extractor: Extractor) -> None:
    text = (
        "Jets struck the town of Saraqib on Monday, killing 12 people. The conflict began when the "
        "government responded with military force to peaceful protests in Deraa."
    )
    result = extractor.extract(Document("t", text, date=_DAY))
    assert [i.sub_event_type for i in result.incidents] == ["Air/drone strike"]


def test_a_government_telling_of_strikes_is_no_side_in_them(extractor: Extractor) -> None:
    text = "The State Department said jets struck the town of Saraqib on Monday."
    assert extractor.extract(Document("t", text, date=_DAY)).incidents[0].actor1 is None
    # telling of its own part, it is the side
    text = "The Russian Defence Ministry said its jets struck the town of Saraqib on Monday."
    assert extractor.extract(Document("t", text, date=_DAY)).incidents[0].actor1 == "ru-gov"


def test_review_eleven_near_misses(extractor: Extractor) -> None:
    def first(text: str) -> tuple[str | None, str]:
        incident = extractor.extract(Document("t", text, date=_DAY)).incidents[0]
        return (incident.place.mention if incident.place else None), incident.sub_event_type

    # rockets that cross a border land abroad; people taken somewhere suffer the event there
    text = (
        "Rebels clashed with government forces in Jarablus on Sunday. "
        "On Monday two rockets crossed into Turkey, killing two children."
    )
    assert "Turkey" in [i.place.mention for i in extractor.extract(Document("t", text)).incidents if i.place]
    assert first("Detainees from Douma were taken to Palmyra where they were executed by militants.")[0] == (
        "Palmyra"
    )
    # news told after how the war began stays news
    text = (
        "A car bomb exploded in Azaz on Sunday, killing four people. Syria has been at war since 2011, when "
        "protests erupted, and on Tuesday Russian jets bombed Saraqeb, killing 12."
    )
    assert len(extractor.extract(Document("t", text, date=_DAY)).incidents) == 2
    # a ground side's strikes near an anti-aircraft gun are no air strike
    assert first("Rebel strikes with anti-aircraft guns on army posts near Hama killed 8 soldiers.")[1] != (
        "Air/drone strike"
    )


def test_review_twelve_near_misses(extractor: Extractor) -> None:
    def first(text: str) -> tuple[str | None, str | None, str]:
        incident = extractor.extract(Document("t", text, date=_DAY)).incidents[0]
        return (incident.place.mention if incident.place else None), incident.actor1, incident.sub_event_type

    # an official's surname is no side where he only gives a deal its name
    assert first("Under the Kerry-Lavrov deal, jets struck rebel positions near Aleppo on Monday.")[1] is None
    assert first("Putin and Erdogan met in Sochi as jets bombed Idlib on Monday, killing 7.")[1] is None
    # dismissing reports of a calm is no denial of the violation told beside it
    text = "Residents dismissed reports of a calm, saying jets bombed Douma on Monday, killing 12 people."
    assert first(text)[0] == "Douma"
    # the government's strikes with aircraft overhead are air strikes
    text = "Syrian government strikes killed 10 people in Douma on Monday, with aircraft seen overhead."
    assert first(text)[2] == "Air/drone strike"


def test_review_fourteen_near_misses(extractor: Extractor) -> None:
    def first(text: str) -> tuple[str | None, str | None]:
        incident = extractor.extract(Document("t", text, date=_DAY)).incidents[0]
        return (incident.place.mention if incident.place else None), incident.actor1

    # a country that vows revenge did not set off the bomb
    assert first("Turkey on Monday vowed to retaliate after a car bomb killed 28 people in Azaz.")[1] is None
    # a capital shaken by a blast is where it happened
    assert first("A blast that shook Damascus on Sunday killed 10 people.")[0] == "Damascus"


def test_review_fifteen_articles(extractor: Extractor) -> None:
    def first(text: str) -> tuple[str | None, str | None]:
        incident = extractor.extract(Document("t", text, date=_DAY)).incidents[0]
        return incident.actor1, incident.actor2

    # a minister's words about the attack name no side in it, nor do those he accuses of backing the militants
    text = (
        "A car bomb killed 12 people in Jableh on Monday. Syrian Foreign Minister Walid al-Muallem said the "
        "attacks were an escalation and accused Saudi Arabia, Turkey and Qatar of backing the militants."
    )
    assert first(text) == (None, None)
    text = "U.S. Secretary of State John Kerry said he was outraged by the strike on the hospital in Aleppo."
    assert first(text) == (None, None)


def test_who_says_or_claims_an_attack(extractor: Extractor) -> None:
    # "Rebels say ...": the source, not the side
    text = "Rebels say Russian jets hit a hospital in the town of Saraqib on Monday."
    assert extractor.extract(Document("t", text, date=_DAY)).incidents[0].actor1 == "ru-af"
    # a claim of responsibility names the attack again and says whose it was: one incident
    for claim in ("claimed responsibility for the attack.", "said it carried out the attack."):
        text = f"A car bomb killed 46 people in Homs on Sunday. Islamic State {claim}"
        incidents = extractor.extract(Document("t", text, date=_DAY)).incidents
        assert [(i.sub_event_type, i.actor1) for i in incidents] == [
            ("Remote explosive/landmine/IED", "isil")
        ]


@pytest.mark.parametrize(
    ("text", "sides"),
    [
        ("Shelling by the Syrian regime killed 10 civilians in Daraya.", ("sy-gov", "civilians")),
        ("Rebels shelled Syrian government positions in Aleppo.", ("fsa", "sy-gov")),
        ("Erdogan said his army shelled YPG positions near Azaz.", ("tr-gov", "ypg")),
    ],
)
def test_a_government_named_in_the_event_is_a_side(
    extractor: Extractor, text: str, sides: tuple[str, str]
) -> None:
    incident = extractor.extract(Document("t", text, date=_DAY)).incidents[0]
    assert (incident.actor1, incident.actor2) == sides


# -- more cues: counted objects, headline passives, the other side of a clash, a name given twice ------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Government forces killed dozens of rebel fighters near Homs on Monday.", ("saa", "fsa")),
        ("Syrian rebel fighters killed in ISIS suicide bombing near Azaz", ("isil", "fsa")),
        (
            "Twelve Nusra Front fighters were killed in clashes with Hezbollah near Zabadani.",
            ("hezbollah", "nusra"),
        ),
        (
            "Thirty fighters of the Islamic State (ISIS) were killed in clashes with the YPG near Kobani.",
            ("ypg", "isil"),
        ),
    ],
)
def test_the_side_hit_in_counted_objects_headlines_and_clashes(
    extractor: Extractor, text: str, expected: tuple[str | None, str | None]
) -> None:
    assert _actors(extractor, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "claimed by X": X acted
        ("Three people were killed near a police station in Damascus in an attack claimed by IS.", "isil"),
        # "backed by X": X fights beside the subject, and is not the target
        ("The Syrian army, backed by Russian jets, shelled Douma on Monday.", "saa"),
    ],
)
def test_claimed_by_acts_and_backed_by_is_no_target(extractor: Extractor, text: str, expected: str) -> None:
    assert _actors(extractor, text) == (expected, None)


def test_the_side_accused_is_borrowed_not_the_accuser(extractor: Extractor) -> None:
    text = (
        "Air strikes hit a market in Idlib on Monday, killing 12 people. The Free Syrian Army accused "
        "Russian warplanes of carrying out the raid."
    )
    assert _actors(extractor, text)[0] == "ru-af"


def test_a_side_word_capitalised_inside_a_name_is_no_side(extractor: Extractor) -> None:
    text = "The Coalition of Revolution and Opposition Forces said jets bombed Idlib on Monday."
    assert _actors(extractor, text)[0] is None
    first = _first(extractor, "Rebel rockets hit a school in Aleppo on Monday.")
    assert first.actor1_mention == "Rebel rockets"  # as written


def test_executing_an_operation_is_no_killing_of_captives(extractor: Extractor) -> None:
    text = "Army units executed a special operation against Nusra Front positions near Hama on Monday."
    assert _first(extractor, text).sub_event_type == "Armed clash"


def test_civilians_killed_in_fighting_are_no_side_of_it(extractor: Extractor) -> None:
    text = "Fighting erupted in Aleppo on Monday, killing four rebels and two civilians."
    assert _actors(extractor, text)[0] != "civilians"


# -- who tells the event is no side in it --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rebels shelled Daraya on Monday, the Syrian army said.", ("fsa", None)),
        ("Rebels shelled Daraya on Monday, the Syrian army said in a statement.", ("fsa", None)),
        ("Rebels shelled Daraya on Monday, according to the Syrian government.", ("fsa", None)),
        ("Jets bombed Idlib on Monday, said the Russian Defence Ministry.", (None, None)),
        # guards: a side named after the event word, and one that speaks before it, keep their parts
        ("Rebels shelled army positions in Daraya on Monday.", ("fsa", "saa")),
        ("Jets bombed ISIS positions in Raqqa, the Pentagon said.", (None, "isil")),
        # a speaker before the event word tells it too, unless it tells of its own part
        ("US officials said Russian jets bombed a hospital in Idlib on Tuesday.", ("ru-af", None)),
        ("President Assad said rebels had shelled the Old City of Damascus on Tuesday.", ("fsa", None)),
        ("According to the Russian Defence Ministry, rebels shelled Aleppo on Tuesday.", ("fsa", None)),
        ("The army said it killed 30 militants near Palmyra.", ("saa", None)),
        # a backer is no side; a country's bare name is no actor (a place, a party to a deal, a backer)
        ("Pentagon-backed Syrian Democratic Forces captured the village of Tal Abyad.", ("sdf", None)),
        ("Russia-backed government forces shelled the town of Douma on Monday.", ("saa", None)),
        (
            "Air strikes killed 14 people in Idlib, two weeks after the United States and Russia agreed a "
            "ceasefire.",
            (None, None),
        ),
    ],
)
def test_the_source_of_a_report_is_no_side(extractor: Extractor, text: str, expected: tuple) -> None:
    assert _actors(extractor, text) == expected


def test_states_speak_and_accuse(extractor: Extractor) -> None:
    # The worked scenario's co-chairs accuse each other: each is an actor of its own, not only its forces.
    text = (
        "The Russian Defence Ministry accused the US-led coalition of bombing a hospital in Raqqa on Monday. "
        "The Pentagon denied it."
    )
    allegations = extractor.extract(Document("t", text, date=_DAY)).allegations
    assert [(a.accuser, a.accused, a.kind) for a in allegations] == [
        ("ru-gov", ["us-coalition"], "attack_on_party"),
        ("us-gov", [], "denial"),
    ]
    assert _actors(extractor, "Forces loyal to President Bashar al-Assad shelled Daraya on Monday.") == (
        "saa",
        None,
    )


def test_a_named_again_event_goes_to_the_event_of_its_kind(extractor: Extractor) -> None:
    text = (
        "Jets bombed a market in Saraqib on Tuesday. Rebels shelled the Midan district of Aleppo the same "
        "day. The air strikes killed 15 people, a monitor said."
    )
    result = extractor.extract(Document("t", text, date=_DAY))
    tolls = {i.sub_event_type: i.fatalities["best"] for i in result.incidents}
    assert tolls == {"Air/drone strike": 15, "Shelling/artillery/missile attack": 0}


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        # freeing prisoners is no killing of captives; killing soldiers taken hostage is
        (
            "Rebels attacked the central prison in Aleppo on Tuesday, killing 12 guards and freeing hundreds "
            "of prisoners.",
            "Armed clash",
        ),
        ("Islamic State militants massacred 250 soldiers taken hostage in Raqqa on Wednesday.", "Attack"),
        ("Gunmen killed three prisoners in Raqqa on Wednesday.", "Attack"),
    ],
)
def test_killing_captives_is_an_attack(extractor: Extractor, text: str, sub: str) -> None:
    assert _first(extractor, text).sub_event_type == sub


# -- a country or capital stands for its government only where it speaks, accuses or is accused ------------
def test_a_capital_or_country_speaks_for_its_government(extractor: Extractor) -> None:
    text = (
        "Russia accused the US-led coalition of bombing a hospital in Raqqa on Monday. Washington denied it. "
        "The opposition accused Moscow of bombing a market in Idlib."
    )
    allegations = extractor.extract(Document("t", text, date=_DAY)).allegations
    assert [(a.accuser, a.accused, a.kind) for a in allegations] == [
        ("ru-gov", ["us-coalition"], "attack_on_party"),
        ("us-gov", [], "denial"),
        (None, ["ru-gov"], "attack_on_party"),
    ]
    # "Russia's defence ministry said ..." is a source, no side
    assert _actors(extractor, "Russia's defence ministry said rebels shelled Aleppo on Monday.") == (
        "fsa",
        None,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Two Syrian refugees were stabbed to death in Russia on Tuesday.",
        "Air strikes hit Damascus on Monday, killing six.",
        "Russia-backed government forces shelled Douma on Monday.",
    ],
)
def test_a_country_or_capital_elsewhere_is_no_actor(extractor: Extractor, text: str) -> None:
    first = _first(extractor, text)
    assert first.actor1 in (None, "saa") and first.actor2 is None
    assert first.place is not None


# -- a speaker who tells of its own part keeps it ------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Islamic State claimed responsibility for a car bomb that killed 20 people in Homs on Monday.",
            "isil",
        ),
        ("The Syrian army announced the recapture of Palmyra from Islamic State on Sunday.", "saa"),
        ("The army said Monday it shelled rebel positions near Hama.", "saa"),
        ("According to the Syrian army, its jets killed 30 militants near Palmyra.", "saa"),
        ("Russia bombed Aleppo on Monday, killing 14 civilians.", "ru-gov"),
    ],
)
def test_a_speaker_of_its_own_part_keeps_it(extractor: Extractor, text: str, expected: str) -> None:
    assert _first(extractor, text).actor1 == expected


def test_a_sniper_on_a_civilian_is_an_attack_whoever_reports_it(extractor: Extractor) -> None:
    first = _first(extractor, "A government sniper killed a woman in Madaya on Monday, rebels said.")
    assert (first.sub_event_type, first.civilian_targeting) == ("Attack", True)


def test_a_generic_event_noun_names_the_last_event_told(extractor: Extractor) -> None:
    text = (
        "Gunmen shot dead three civilians in Daraa on Monday. Later on Monday a car bomb exploded in Homs. "
        "The attack killed 12 people."
    )
    result = extractor.extract(Document("t", text, date=_DAY))
    assert {i.place.mention: i.fatalities["best"] for i in result.incidents if i.place} == {
        "Homs": 12,
        "Daraa": 3,
    }


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        ("Islamic State gunned down 12 prisoners in Raqqa on Monday.", "Attack"),
        (
            "Rebels attacked an army post near Hama on Monday in what state media called a massacre.",
            "Armed clash",
        ),
    ],
)
def test_captives_and_massacres(extractor: Extractor, text: str, sub: str) -> None:
    assert _first(extractor, text).sub_event_type == sub


@pytest.mark.parametrize(
    "text",
    [
        "A car bomb in Syria killed nine people near Jarablus on Monday.",
        "Russian air strikes in Aleppo Syria killed ten civilians on Tuesday.",
    ],
)
def test_a_country_that_is_not_the_subject_is_no_actor(extractor: Extractor, text: str) -> None:
    first = _first(extractor, text)
    assert "sy-gov" not in (first.actor1, first.actor2)


def test_a_government_that_speaks_is_not_among_the_accused(extractor: Extractor) -> None:
    text = (
        "The opposition accused Russia of bombing a market in Idlib, "
        "while Washington said it had no evidence."
    )
    allegations = extractor.extract(Document("t", text, date=_DAY)).allegations
    assert allegations and allegations[0].accused == ["ru-gov"]


def test_a_government_that_speaks_is_no_side_unless_it_tells_its_own_part(extractor: Extractor) -> None:
    assert _actors(extractor, "Russia said jets bombed a hospital in Idlib on Monday.") == (None, None)
    assert _first(extractor, "Russia said its jets bombed ISIS positions near Palmyra.").actor1 == "ru-gov"
    # a heading "Damascus attacks" is no government attacking
    text = "Damascus attacks\n\nDamascus has also been rocked by bombings on Monday."
    assert all(i.actor1 != "sy-gov" for i in extractor.extract(Document("t", text, date=_DAY)).incidents)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "died in" is suffered like "were killed in"; "fighters from X" are X's members, not fire from X
        ("Four fighters from Ahrar al-Sham died in the raid on Jisr al-Shughur.", (None, "ahrar-al-sham")),
        ("Four Ahrar al-Sham fighters died in an air strike on Jisr al-Shughur.", (None, "ahrar-al-sham")),
        ("Russian aircraft struck the outskirts of Jisr al-Shughur on Sunday.", ("ru-af", None)),
        ("Shelling from the army hit Douma on Monday.", ("saa", None)),
    ],
)
def test_those_who_died_and_the_aircraft_that_struck(
    extractor: Extractor, text: str, expected: tuple
) -> None:
    assert _actors(extractor, text) == expected


def test_aircraft_that_only_fly_are_no_strike(extractor: Extractor) -> None:
    # "aircraft" is no event word: they fly over, drop leaflets, crash (the event is the shelling)
    text = "Turkish aircraft flew over Azaz on Monday, and later rebels shelled the town, killing two."
    first = _first(extractor, text)
    assert (first.sub_event_type, first.actor1) == ("Shelling/artillery/missile attack", "fsa")


def test_an_event_told_as_earlier_is_not_the_days_event(extractor: Extractor) -> None:
    text = (
        "Air strikes hit Douma on Tuesday, killing five. "
        "Earlier this month, air strikes on Douma killed dozens."
    )
    incidents = extractor.extract(Document("t", text, date=date(2016, 6, 15))).incidents
    assert [i.fatalities["best"] for i in incidents] == [5, 24]
    # a month and a day in it, neither told as earlier, can be one event
    text = "Jets bombed Douma in June, activists said. On June 3, jets hit Douma, killing 12."
    assert len(extractor.extract(Document("t", text, date=date(2016, 6, 15))).incidents) == 1


def test_a_day_that_belongs_to_the_other_clause_is_not_shared(extractor: Extractor) -> None:
    text = "Air strikes hit Douma, while the death toll from Monday's attack on Harasta rose to 30."
    incidents = extractor.extract(Document("t", text, date=date(2016, 6, 15))).incidents
    days = {i.place.mention: i.date_start for i in incidents if i.place}
    assert days["Harasta"] == date(2016, 6, 13) and days["Douma"] != date(2016, 6, 13)


def test_a_ministry_accuses_a_neighbour_named_by_its_country(extractor: Extractor) -> None:
    text = (
        "The Syrian foreign ministry accused Turkey on Wednesday of sending troops across the border near "
        "Kessab. Ankara rejected the charge as baseless."
    )
    allegations = extractor.extract(Document("t", text, date=_DAY)).allegations
    assert [(a.accuser, a.accused) for a in allegations] == [("sy-gov", ["tr-gov"]), ("tr-gov", [])]


@pytest.mark.parametrize(
    "text",
    [
        "Activists said Russia bombed a hospital in Atareb on Monday.",
        "A rebel commander told Reuters Russia had bombed Talbiseh on Monday.",
        "BEIRUT (Reuters) - Russia bombed Talbiseh on Monday.",
    ],
)
def test_a_country_as_subject_after_a_speaker_or_a_dateline(extractor: Extractor, text: str) -> None:
    assert _first(extractor, text).actor1 == "ru-gov"


def test_a_warning_before_an_event_leaves_the_event(extractor: Extractor) -> None:
    text = "Turkey warned of retaliation after shelling killed two people in Kilis on Monday."
    first = _first(extractor, text)
    assert (first.sub_event_type, first.actor1, first.fatalities["best"]) == (
        "Shelling/artillery/missile attack",
        None,
        2,
    )
    assert _first(
        extractor, "Shell-shocked residents of Aleppo fled as fighting raged on Monday."
    ).sub_event_type == ("Armed clash")


def test_a_date_carried_from_the_sentence_before_does_not_split_an_event(extractor: Extractor) -> None:
    text = (
        "A suicide bomber killed four people at a hospital in Qardaha on Sunday. "
        "Troops had executed 48 people earlier this week in a northern village. "
        "The explosion in Qardaha was caused by a car bomb."
    )
    incidents = extractor.extract(Document("t", text, date=_DAY)).incidents
    assert [(i.place.mention if i.place else None, i.fatalities["best"]) for i in incidents].count(
        ("Qardaha", 0)
    ) == 0


@pytest.mark.parametrize(
    ("text", "accuser"),
    [
        ("But Russia has denied its aircraft were involved in the strike on Idlib.", "ru-gov"),
        ("The United States has accused the Syrian government of bombing Aleppo.", "us-gov"),
    ],
)
def test_a_country_after_a_word_opening_the_sentence_speaks(
    extractor: Extractor, text: str, accuser: str
) -> None:
    allegations = extractor.extract(Document("t", text, date=_DAY)).allegations
    assert allegations and allegations[0].accuser == accuser


def test_a_running_total_since_a_month_is_not_the_days_toll(extractor: Extractor) -> None:
    text = (
        "Shelling killed 12 people in Daraa on Monday. "
        "More than 200 people have been killed by shelling in Daraa since June."
    )
    incidents = extractor.extract(Document("t", text, date=date(2016, 10, 5))).incidents
    assert incidents[0].fatalities["best"] == 12


def test_what_was_told_as_before_ranks_below_the_news(extractor: Extractor) -> None:
    text = (
        "Jets kill 15 civilians near Manbij\n\n"
        "US air strikes last week near Manbij killed more than 100 civilians."
    )
    incidents = extractor.extract(Document("t", text, date=date(2016, 6, 30))).incidents
    assert [i.fatalities["best"] for i in incidents] == [15, 101]
    # fighting "since Wednesday afternoon" is the day's, still going on
    text = (
        "At least 70 fighters were killed in a government assault north of Aleppo, a monitor said Thursday. "
        "The Observatory said 30 regime soldiers and 39 rebel fighters had been killed in battles north of "
        "Aleppo since Wednesday afternoon."
    )
    incidents = extractor.extract(Document("t", text, date=date(2016, 7, 5))).incidents
    assert len(incidents) == 1 and incidents[0].actor1 == "saa"


def test_a_roundup_told_last_week_is_the_news(extractor: Extractor) -> None:
    text = (
        "Syria weekly roundup\n\nLast week, jets killed 40 civilians in Douma. "
        "Elsewhere, a rebel shell wounded two people in Daraa."
    )
    incidents = extractor.extract(Document("t", text, date=date(2016, 7, 1))).incidents
    assert incidents[0].fatalities["best"] == 40
    # and a headline over a lead that tells the same deaths "earlier this week" is one event
    text = "Jets kill 20 in Idlib\n\nJets killed 20 civilians in Idlib earlier this week, activists said."
    incidents = extractor.extract(Document("t", text, date=date(2016, 7, 1))).incidents
    assert [i.fatalities["best"] for i in incidents] == [20]


def test_a_weekday_before_a_country_does_not_hide_the_accuser(extractor: Extractor) -> None:
    text = "On Monday Syria accused Turkey of shelling Kurdish positions near Afrin."
    allegations = extractor.extract(Document("t", text, date=_DAY)).allegations
    assert allegations and allegations[0].accuser == "sy-gov" and "tr-gov" in allegations[0].accused


def test_a_running_total_since_a_month_lends_nothing_to_the_headline(extractor: Extractor) -> None:
    text = (
        "Regime raids on Aleppo kill 16 civilians\n\n"
        "Rebel fire has killed more than 300 people in government-held parts of Aleppo since April."
    )
    first = extractor.extract(Document("t", text, date=date(2016, 6, 5))).incidents[0]
    assert first.fatalities["best"] == 16 and first.actor1 != "fsa"


def test_last_weeks_event_without_a_toll_lends_the_headline_nothing(extractor: Extractor) -> None:
    text = (
        "School attack kills 22 in Idlib\n\n"
        "In the last week, Russian air strikes on rebel positions have increased in Idlib."
    )
    first = extractor.extract(Document("t", text, date=date(2016, 10, 27))).incidents[0]
    assert (first.actor1, first.actor2) == (None, None)
