"""Capitalised words that look like places and are not: a possessive whose apostrophe was lost ("in Tuesdays
attack"), a language ("speaking in Arabic"), a person named with his office ("Hadi Zawqar, president of
..."), and a determiner opening a sentence or quotation ("Also on Saturday ...") (short texts written for
these tests)."""

from __future__ import annotations

from jointmap.extract import Document, Extractor
from jointmap.extract.places import PlaceFinder
from jointmap.extract.text import normalise, split_sentences


def _names(finder: PlaceFinder, text: str) -> list[str]:
    found = finder.find(text, normalise(text), [(s.start, s.end) for s in split_sentences(text)])
    return [m.text for m in found]


def test_a_possessive_without_its_apostrophe_is_not_a_place(extractor: Extractor) -> None:
    # Feeds that strip punctuation turn "Tuesday's" into "Tuesdays".
    assert _names(extractor.places, "Five people hurt in Tuesdays attack died in hospital.") == []
    assert _names(extractor.places, "The blast was felt in Damascus, the Observatorys director said.") == [
        "Damascus"
    ]


def test_a_language_is_not_a_place(extractor: Extractor) -> None:
    text = "A video showed armed men near a burning truck and a man shouting in Arabic."
    assert _names(extractor.places, text) == []


def test_a_person_named_with_his_office_is_not_a_place(geonames: Extractor) -> None:
    # "Al Bahra" is a village in GeoNames; "Hadi al-Bahra, president of ..." is a man.
    text = "Hadi al-Bahra president of the opposition coalition said jets bombed the town of Douma."
    assert "al-Bahra" not in _names(geonames.places, text)
    result = geonames.extract(Document("t", text))
    assert result.incidents and result.incidents[0].place is not None
    assert result.incidents[0].place.mention == "Douma"


def test_a_sentence_opening_adverb_is_not_a_place(geonames: Extractor) -> None:
    text = "Bus bombing in Homs province Also on Saturday state TV reported a bomb exploded on a bus."
    assert "Also" not in _names(geonames.places, text)


def test_a_group_named_with_a_lost_apostrophe_is_not_a_place(extractor: Extractor) -> None:
    text = "Ten civilians were killed in strikes west of Daeshs de facto capital of Raqqa on Monday."
    assert _names(extractor.places, text) == ["Raqqa"]


def test_a_village_named_as_a_party_is_not_a_place(geonames: Extractor) -> None:
    # "Baath" is also the town Madinat al-Baath in Quneitra; "the Baath regime" is the ruling party.
    text = "The conflict began when the Baath regime cracked down on protests in Deraa."
    assert "Baath" not in _names(geonames.places, text)
    assert "Baath" in _names(geonames.places, "Shells fell on the town of al-Baath in Quneitra.")[0]


def test_an_office_after_a_place_is_the_office_of_the_man_before_it(geonames: Extractor) -> None:
    text = "Shelling killed five people on Monday, said Abu Ahmad from Douma, head of the local council."
    assert "Douma" in _names(geonames.places, text)


def test_an_office_after_a_statement_from_a_man_is_his(geonames: Extractor) -> None:
    text = (
        "Jets bombed rebel positions on Monday, said a statement from Zahran Alloush, head of Jaish al-Islam."
    )
    assert "Zahran" not in _names(geonames.places, text)


def test_an_office_after_a_place_named_by_a_common_noun_is_the_mans(geonames: Extractor) -> None:
    text = "Shelling killed 4 people on Monday, said an activist from Daraya, head of the local council."
    assert "Daraya" in _names(geonames.places, text)


def test_an_office_after_a_man_named_in_a_phrase_is_his(geonames: Extractor) -> None:
    text = "Jets bombed rebel positions, weeks after the killing of Zahran Alloush, head of Jaish al-Islam."
    assert "Zahran" not in _names(geonames.places, text)
