"""Which of a sentence's places is the event's: landmarks, containers, opening clauses, mastheads, headlines,
and capitalised words that are not places (short texts written for these tests)."""

from __future__ import annotations

from pathlib import Path

from jointmap.extract import Extractor
from jointmap.extract.clauses import captions, masthead
from jointmap.extract.places import PlaceFinder
from jointmap.extract.placewords import cue
from jointmap.extract.text import normalise, split_sentences
from jointmap.extract.triggers import sentence_trigger
from jointmap.geo import Geocoder, load_geonames_dir

from .places_of import first_place


def _names(finder: PlaceFinder, text: str) -> list[str]:
    found = finder.find(text, normalise(text), [(s.start, s.end) for s in split_sentences(text)])
    return [m.text for m in found]


def test_a_landmark_named_after_a_place_locates_it(extractor: Extractor) -> None:
    text = "The army launched an assault to recover the village of Hass near the key town of Maarat al-Numan."
    assert first_place(extractor, text) == "Hass"
    # Alone, the place near which something happened is the event's place.
    assert first_place(extractor, "Jets struck a market near the town of Saraqib.") == "Saraqib"


def test_the_opening_clause_tells_what_came_before(extractor: Extractor) -> None:
    text = (
        "After the advance in northern Hama, the army launched two more attacks that targeted positions "
        "at the village of Kafr Nabl."
    )
    assert first_place(extractor, text) == "Kafr Nabl"
    # Not an opening clause: the first place, with its cue, stays the event's.
    assert first_place(extractor, "Rebels shelled the town of Douma, then attacked Harasta.") == "Douma"


def test_a_place_named_as_part_of_another_is_the_place(extractor: Extractor) -> None:
    assert (
        first_place(extractor, "Jets struck the Qarnoun Farms in Talbiseh, killing three people.")
        == "Qarnoun Farms"
    )
    text = "Shells hit the Bab Amr district of Homs, killing two children."
    assert first_place(extractor, text).startswith("Bab Amr")


def test_who_holds_a_place_is_not_a_place(extractor: Extractor) -> None:
    text = "The army targeted the farms situated northeast of the Islamist-controlled town of Hazrama."
    assert _names(extractor.places, text) == ["Hazrama"]


def test_the_publisher_ending_a_title_is_not_a_place() -> None:
    title = "Jets strike market in Syria killing 12 - Region - World - Daily Sabah"
    text = f"{title}\n\nWarplanes struck a market in Saraqib on Monday."
    start, end = masthead(text)
    assert text[start:end] == " - Region - World - Daily Sabah"
    assert masthead("Rebels advance - the army retreats from the hills\n\nBody.") == (0, 0)
    assert masthead("No separator in this title\n\nBody text - Daily Sabah") == (0, 0)
    assert masthead("One line of body text, no title - The Syrian Army") == (0, 0)


def test_a_headline_without_a_place_takes_the_place_of_its_lead(extractor: Extractor) -> None:
    # The document names Aleppo most, but the headline's event is the one its lead tells, in Saraqib.
    text = (
        "Car bomb kills 12 in Syria\n\nCar bomb kills 12 in Syria. A car bomb exploded outside the city of "
        "Saraqib on Sunday, killing 12 people. Later jets bombed Aleppo. Aleppo residents fled Aleppo and "
        "Aleppo was empty."
    )
    assert first_place(extractor, text) == "Saraqib"
    text = (
        "Regime air strikes kill at least 39 in Syria\n\nGovernment air strikes on Tuesday killed at least "
        "39 people in the north of the country, a monitor said. Most died in air strikes targeting the "
        "outskirts of Saraqib. Officials in Aleppo said Aleppo was calm. Aleppo residents and Aleppo traders "
        "agreed."
    )
    assert first_place(extractor, text) == "Saraqib"


def _gazetteer(tmp_path: Path) -> Geocoder:
    rows = [
        (1, "Maas", 33.0, 35.8, "05"),
        (2, "Kafr Nabl", 35.6, 36.56, "12"),
        (3, "Jassim", 32.9, 36.1, "06"),
    ]
    lines = [
        f"{gid}\t{name}\t{name}\t\t{lat}\t{lon}\tP\tPPL\tSY\t\t{adm}\t\t\t\t0\t\t\tAsia/Damascus\t2020-01-01"
        for gid, name, lat, lon, adm in rows
    ]
    (tmp_path / "SY.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "admin1CodesASCII.txt").write_text(
        "SY.05\tQuneitra\tQuneitra\t1\nSY.06\tDaraa\tDaraa\t2\nSY.12\tIdlib\tIdlib\t3\n", encoding="utf-8"
    )
    return Geocoder(load_geonames_dir(tmp_path).gazetteer())


def test_a_respelled_capitalised_word_in_a_headline_or_opening_a_sentence_is_no_place(
    tmp_path: Path,
) -> None:
    finder = PlaceFinder(_gazetteer(tmp_path))
    assert "Mass" not in _names(finder, "Mass graves were found after jets bombed Kafr Nabl.")
    assert "Mass" not in _names(finder, "Gunmen Captured Assyrian Mass Killing Reported Near Border Town")
    # Spelled as the gazetteer spells it, or with a cue, it is still the village.
    assert "Maas" in _names(finder, "Maas was shelled on Monday.")
    assert "Mass" in _names(finder, "Jets bombed the village of Mass on Monday.")


def test_places_joined_in_a_route_name_are_not_places(extractor: Extractor) -> None:
    names = _names(extractor.places, "Rebels cut the Aleppo-Damascus Highway near Saraqib on Monday.")
    assert "Aleppo" not in names and "Damascus" not in names and "Saraqib" in names
    # A border is named as a border (see test_place_cues_sites), not as the countries on either side.
    names = _names(extractor.places, "A blast at the Syria-Turkey border killed 20 rebels near Saraqib.")
    assert names == ["Syria-Turkey border", "Saraqib"]
    # A hyphenated name that is not a route stays a place.
    assert "Aleppo" in _names(extractor.places, "Jets struck Aleppo-city markets on Monday.")


def test_the_cue_of_a_name_is_not_borrowed_from_the_name_before_it() -> None:
    text = "The army advanced in the East Ghouta region of rural Damascus on Monday."
    assert cue(text, text.index("Damascus"), 0) == ("of", "region")
    text = "ISIS attacked positions in the eastern countryside of Greater Damascus."
    assert cue(text, text.index("Damascus"), 0) == ("in", "countryside")
    text = "Jets struck the ISIS-held town of Tadef."
    assert cue(text, text.index("Tadef"), 0) == ("struck", "town")


def test_a_name_after_a_title_or_role_is_a_person(tmp_path: Path) -> None:
    finder = PlaceFinder(_gazetteer(tmp_path))
    assert _names(finder, "ISIS commander Jassim was killed near Kafr Nabl.") == ["Kafr Nabl"]
    assert "Jassim" in _names(finder, "Jets bombed Jassim and Kafr Nabl on Monday.")


def test_a_stop_glued_to_the_next_quotation_ends_a_sentence(extractor: Extractor) -> None:
    text = "“We condemn this,” the director said.“This attack destroyed a hospital in Saraqib.”"
    assert [s.text[:4] for s in split_sentences(text)] == ["“We ", "“Thi"]
    assert first_place(extractor, text) == "Saraqib"  # the condemnation no longer swallows the attack


def test_a_name_with_its_article_before_a_road_is_still_a_place(extractor: Extractor) -> None:
    names = _names(extractor.places, "Gunmen attacked a convoy in the village of Al-Qarqour road junction.")
    assert any(name.startswith("Al-Qarqour") for name in names)


# -- which word is the event, which place is its place (extraction helper pass 2) ---------------------------


def test_an_aim_or_what_came_before_is_not_the_event_word() -> None:
    text = "Rebels launched an offensive in the hills to recapture the village of Kinsibba."
    assert sentence_trigger(text) == (text.index("offensive"), "offensive")
    text = "Not long after capturing Tal Jibbin, the army entered the Al-Malaah Farms."
    assert sentence_trigger(text) == (text.index("entered"), "entered")
    # Alone, the aim is still the event; "to" before a noun is no aim.
    assert sentence_trigger("Rebels tried to storm the town on Monday.") == (16, "storm")
    assert sentence_trigger("The town was subjected to shelling on Monday.") == (26, "shelling")


def test_an_event_word_in_the_name_of_a_unit_is_not_the_event() -> None:
    text = "The 137th Artillery Brigade launched a counter-attack near Saraqib."
    assert sentence_trigger(text) == (text.index("counter-attack"), "counter-attack")
    assert sentence_trigger("Artillery pounded Saraqib on Monday.") == (0, "Artillery")


def test_a_verb_acting_on_a_place_is_its_cue_but_not_a_noun_or_an_agent() -> None:
    text = "ISIS made another attempt to enter Salamiyah on Monday."
    assert cue(text, text.index("Salamiyah"), 0) == ("enter", "")
    assert cue("Jets attacked Saraqib.", 14, 0) == ("attacked", "")
    text = "Civilians died in attacks on Saraqib."
    assert cue(text, text.index("Saraqib"), 0) == ("on", "")
    # "attacks" is a noun, and "by" names who acted: no cue.
    text = "Civilians died in attacks launched by Assad forces."
    assert cue(text, text.index("Assad"), 0) == ("", "")
    text = "The farmland was captured by Israel in 1967."
    assert cue(text, text.index("Israel"), 0) == ("", "")


def test_the_place_the_event_word_acts_on_is_the_events(extractor: Extractor) -> None:
    # Both places have a verb before them; the one the event word ("shelled") acts on is the event's.
    assert first_place(extractor, "Rebels shelled the town of Douma, then attacked Harasta.") == "Douma"
    text = "In addition to liberating Harasta, the army captured the town of Douma."
    assert first_place(extractor, text) == "Douma"


def test_the_settlements_of_a_place_name_it(extractor: Extractor) -> None:
    text = "Rebels shelled the settlements of Ansar and Shufra, killing two."
    assert cue(text, text.index("Ansar"), 0) == ("shelled", "settlements")
    assert first_place(extractor, text) == "Ansar"


def test_a_city_naming_the_suburb_after_it_is_context(extractor: Extractor) -> None:
    assert (
        first_place(extractor, "Jets struck the Damascus suburb of Douma on Monday, killing five.") == "Douma"
    )
    assert (
        first_place(extractor, "Jets struck the Idlib town of Saraqib on Monday, killing five.") == "Saraqib"
    )
    # The bigger place named last contains the first, as before.
    assert (
        first_place(extractor, "Jets struck the Douma suburb of Damascus on Monday, killing five.") == "Douma"
    )


def test_the_arabic_article_written_apart_stays_with_the_name(extractor: Extractor) -> None:
    text = "US jets bombed positions in the vicinity of Ash Shaddadi on Monday."
    assert first_place(extractor, text) == "Ash Shaddadi"


def test_a_name_run_on_with_a_personal_name_is_a_person(tmp_path: Path) -> None:
    finder = PlaceFinder(_gazetteer(tmp_path))
    text = "ISIS commander Sami Jassim Mohammed was killed near Kafr Nabl."
    assert _names(finder, text) == ["Kafr Nabl"]
    assert _names(finder, "Militants fled Jassim for Kafr Nabl.") == ["Jassim", "Kafr Nabl"]


def test_a_photo_caption_is_not_the_event(extractor: Extractor) -> None:
    body = "Air strikes on the town of Saraqib killed 12 people on Tuesday, a monitor said."
    for caption in (
        "A man inspects the site of an air strike in the town of Douma on Monday. (Reuters) ",
        "A man inspects the site of an air strike in the town of Douma on July 9 2016 (AFP photo) BEIRUT ",
    ):
        assert first_place(extractor, f"Jets kill 12 in Syria\n\n{caption}{body}") == "Saraqib"
    # Without a credit the same sentence is the lead's event.
    text = f"Jets kill 12 in Syria\n\nAn air strike hit the town of Douma on Monday. {body}"
    assert first_place(extractor, text) == "Douma"


def test_a_credit_marks_a_caption_only_after_a_full_stop_or_a_date_or_saying_photo() -> None:
    text = (
        "A man walks past rubble in Douma on July 9 2016. (Reuters) Air strikes hit Saraqib. The Free Syrian "
        "Army (FSA) Fighters said so. Smoke rises over Douma (Photo AFP) Jets struck."
    )
    sentences = split_sentences(text)
    assert [sentences[i].text for i in captions(sentences)] == [
        "A man walks past rubble in Douma on July 9 2016.",
        "Smoke rises over Douma (Photo AFP)",
    ]
