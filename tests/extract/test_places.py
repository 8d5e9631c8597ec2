"""Choosing the event's place: cues around the trigger, coordination, sites, headlines (short texts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jointmap.extract import Document, Extractor, ExtractorSpec
from jointmap.extract.ingest import to_records
from jointmap.extract.pipeline import load_geocoder
from jointmap.extract.text import normalise, split_sentences

from .places_of import first_place


def _mentions(extractor: Extractor, text: str) -> dict[str, tuple[str, str]]:
    found = extractor.places.find(text, normalise(text), [(s.start, s.end) for s in split_sentences(text)])
    return {m.text: (m.prep, m.geo_noun) for m in found}


def test_cue_skips_modifiers_between_the_verb_and_the_name(extractor: Extractor) -> None:
    found = _mentions(extractor, "Rebels shelled the key Wadi Nasir hill overnight.")
    assert found["Wadi Nasir"][0] == "shelled"


def test_unknown_site_after_an_attack_verb_is_a_place(extractor: Extractor) -> None:
    text = "Militants stormed the outskirts of the Qarnoun Orchards, killing four soldiers."
    assert first_place(extractor, text) == "Qarnoun Orchards"
    assert _mentions(extractor, text)["Qarnoun Orchards"] == ("stormed", "outskirts")


def test_a_listed_name_shares_the_cue_of_the_first(extractor: Extractor) -> None:
    found = _mentions(extractor, "The army shelled Douma and Harasta on Monday.")
    assert found["Harasta"] == found["Douma"] == ("shelled", "")


def test_the_district_targeted_not_the_city_it_is_in(extractor: Extractor) -> None:
    text = (
        "The army continued its offensive in the northern districts of Aleppo on Saturday, targeting "
        "the Bustan al-Basha district."
    )
    assert first_place(extractor, text).startswith("Bustan al-Basha")


def test_a_source_location_is_not_the_event_place(extractor: Extractor) -> None:
    text = "According to a field correspondent based in the city of Homs, jets bombed Talbiseh on Sunday."
    assert first_place(extractor, text) == "Talbiseh"


def test_group_names_and_generic_words_are_not_places(extractor: Extractor) -> None:
    found = _mentions(extractor, "Fighters of Harakat Ahrar Al-Sham attacked Tal Jibbin on Monday.")
    assert "Al-Sham" not in found and "Tal" not in found


def test_headline_words_are_not_unknown_places(extractor: Extractor) -> None:
    found = _mentions(
        extractor, "Kurds Liberate Town and Kill Fighters in Week of Battles\n\nMore text here."
    )
    assert "Week" not in found


def test_ingest_records_offsets_confidence_and_no_unknown_accuser(extractor: Extractor) -> None:
    from datetime import UTC, datetime

    text = "  Government warplanes bombed Douma on Thursday, killing 12 people.\n"
    doc = Document("t", text)
    report, incidents, _allegations, _ = to_records(doc, extractor.extract(doc), "test", datetime.now(UTC))
    assert report.text == text
    link = incidents[0].reports[0]
    assert link.evidence_start is not None and link.evidence_end is not None
    assert text[link.evidence_start : link.evidence_end] == link.evidence
    assert incidents[0].confidence is not None and 0 < incidents[0].confidence <= 1


def test_gazetteer_of_a_missing_database_is_the_embedded_one(tmp_path: Path) -> None:
    geocoder = load_geocoder(ExtractorSpec(db=str(tmp_path / "absent.db")))
    assert not (tmp_path / "absent.db").exists()
    assert geocoder.geocode("Aleppo", limit=1)


@pytest.mark.parametrize("db_name", ["j.db"])
def test_gazetteer_of_an_existing_database(tmp_path: Path, db_name: str) -> None:
    from jointmap.store import Store

    path = tmp_path / db_name
    Store.open(str(path)).close()
    geocoder = load_geocoder(ExtractorSpec(db=str(path)))
    assert geocoder.geocode("Aleppo", limit=1)


def test_an_event_told_as_fact_before_the_blame_is_an_incident_too(extractor: Extractor) -> None:
    text = "The sarin attack on the outskirts of Douma killed dozens of people and was blamed on the regime."
    result = extractor.extract(Document("t", text))
    assert result.allegations and result.incidents
    assert result.incidents[0].place is not None and result.incidents[0].place.mention == "Douma"


def test_a_village_that_speaks_is_a_person(extractor: Extractor) -> None:
    found = _mentions(extractor, "Jets bombed Douma on Friday, Harasta said.")
    assert "Douma" in found and "Harasta" not in found


def test_dateline_capitals_and_generic_prefixes_keep_the_name(extractor: Extractor) -> None:
    found = _mentions(extractor, "BEIRUT Air strikes hit the Abu Zindin village on Monday.")
    assert "Abu Zindin" in found and not any(name.startswith("BEIRUT") for name in found)


def test_places_that_locate_a_site_are_references(extractor: Extractor) -> None:
    text = "The army began its assault at the Bardeh Mountains located between Qaryatayn and Palmyra."
    assert first_place(extractor, text) == "Bardeh Mountains"
