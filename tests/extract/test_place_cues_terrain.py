"""Terrain and sites as reports name them: a mountain by the English word ("Mount Hermon"), heights by their
elevation ("points 474 and 616"), a site named after a person ("the Umar bin Khattab Camp"), a place located
on the slopes of another, the subject of a passive event verb ("X was captured"), and capitalised words that
only look like villages ("All") (short texts written for these tests; "Zawqara" and "Wuqbar" are names no
gazetteer has)."""

from __future__ import annotations

from jointmap.extract import Document, Extractor
from jointmap.extract.places import PlaceFinder
from jointmap.extract.text import normalise, split_sentences

from .places_of import first_place


def _names(finder: PlaceFinder, text: str) -> list[str]:
    found = finder.find(text, normalise(text), [(s.start, s.end) for s in split_sentences(text)])
    return [m.text for m in found]


def test_a_mountain_keeps_its_english_word(extractor: Extractor) -> None:
    text = "The farmland on the foothills of Mount Wuqbar was captured by rebels on Monday."
    assert "Mount Wuqbar" in _names(extractor.places, text)
    assert first_place(extractor, text) == "Mount Wuqbar"
    # A mountain the gazetteer knows keeps the cue before the word: "on Mount Qasioun" is a place acted on.
    text = "Rebels shelled army posts on Mount Qasioun, while a minister spoke in Damascus."
    assert first_place(extractor, text) in ("Mount Qasioun", "Qasioun")


def test_a_mountain_is_not_a_village_of_a_similar_spelling(geonames: Extractor) -> None:
    # "Hermon" spelled like the village "Al Haramayn": a guess the text's "Mount" rules out.
    result = geonames.extract(Document("t", "Israeli troops seized the foothills of Mount Hermon in 1967."))
    for incident in result.incidents:
        assert incident.place is not None and incident.place.name == "Mount Hermon"
    assert result.incidents


def test_heights_named_by_their_elevation_are_sites(extractor: Extractor) -> None:
    text = "Government forces liberated points 474 and 616 near the hilltop village of Zawqara on Monday."
    assert "points 474 and 616" in _names(extractor.places, text)
    assert first_place(extractor, text) == "points 474 and 616"
    assert "Hill 1154" in _names(extractor.places, "Rebels stormed Hill 1154 near Zawqara.")
    # A number that is no height: not a site.
    assert _names(extractor.places, "At this point 12 people had died in the shelling.") == []
    assert _names(extractor.places, "The points 4.5 and 6 of the plan were agreed.") == []


def test_a_site_named_after_a_person_is_not_the_village_of_his_fathers_name(geonames: Extractor) -> None:
    # "Khattab" alone is a village in Hama; "bin Khattab" is a father's name, and the camp is the site.
    text = (
        "While the SSNP was busy capturing the Umar bin Khattab Camp, the army advanced at the Wuqbar Valley."
    )
    names = _names(geonames.places, text)
    assert "Umar bin Khattab Camp" in names and "Khattab Camp" not in names
    assert first_place(geonames, text) == "Umar bin Khattab Camp"
    # The village itself, named as one, is still a place.
    assert _names(geonames.places, "Jets struck the village of Khattab in Hama.")[0] == "Khattab"


def test_a_place_on_the_slopes_of_another_is_the_place(extractor: Extractor) -> None:
    text = "The Zawqara Farms area on the foothills of Mount Wuqbar was shelled by the army on Monday."
    assert first_place(extractor, text) == "Zawqara Farms"


def test_the_subject_of_a_passive_event_verb_is_the_place_acted_on(extractor: Extractor) -> None:
    text = "The village of Zawqara was captured by troops stationed in the town of Wuqbar."
    assert first_place(extractor, text) == "Zawqara"
    # Not the place where someone spoke, nor a place after the verb's subject has ended.
    text = "Rebels in the town of Wuqbar said that the village of Zawqara was shelled on Monday."
    assert first_place(extractor, text) == "Zawqara"


def test_a_capitalised_determiner_is_not_a_village(geonames: Extractor) -> None:
    # GeoNames spells villages "Al 'Al" and "Al Mani'i": "All" and "Many" opening a clause are determiners.
    text = '"All the information shows there was a massacre near Douma," the minister told reporters.'
    assert _names(geonames.places, text) == ["Douma"]
    assert _names(geonames.places, "Rebels said Many of the dead were civilians.") == []


def test_a_passive_subject_is_not_a_place_that_only_describes_it(geonames: Extractor) -> None:
    # A progressive is active; a convoy or fighters named after a place are not that place.
    assert first_place(geonames, "Douma fighters were storming army posts near Harasta.") == "Harasta"
    assert (
        first_place(geonames, "A convoy heading to Idlib was targeted near Khan Shaykhun.") == "Khan Shaykhun"
    )
    assert first_place(geonames, "Aleppo rebels are attacking regime positions in Hama.") == "Hama"


def test_a_mountain_of_a_country_abroad_is_abroad(extractor: Extractor) -> None:
    result = extractor.extract(Document("t", "Israeli jets struck a convoy in Mount Lebanon, killing four."))
    place = result.incidents[0].place
    assert place is not None and place.mention == "Mount Lebanon" and place.lat is None


def test_this_point_is_no_height(geonames: Extractor) -> None:
    text = "At this point 20 of the wounded had died in Ariha after airstrikes."
    assert _names(geonames.places, text) == ["Ariha"]


def test_a_place_fighters_came_from_does_not_demote_the_landmark(geonames: Extractor) -> None:
    text = "Fighters from Kansafra attacked regime posts on the slopes of Jabal al-Akrad, killing four."
    assert first_place(geonames, text) == "Jabal al-Akrad"
