"""More cues for which of a sentence's places is the event's, and for what is a place at all: origins,
purposes, trailing clauses, plural area nouns, site nouns and designators, whole names over their parts and
names of armed groups (short texts written for these tests; "Zawqara" is a name no gazetteer has)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jointmap.extract import Document, Extractor
from jointmap.extract.places import PlaceFinder
from jointmap.extract.placewords import cue
from jointmap.extract.text import normalise, split_sentences
from jointmap.geo import Geocoder, load_geonames_dir

from .places_of import first_place


def _names(finder: PlaceFinder, text: str) -> list[str]:
    found = finder.find(text, normalise(text), [(s.start, s.end) for s in split_sentences(text)])
    return [m.text for m in found]


def _geocoder(tmp_path: Path) -> Geocoder:
    """A gazetteer of a few places, some of whose names are also parts of longer names."""
    rows = [
        (1, "Salah", "PPL", "05"),
        (2, "Salah al-Din", "PPLX", "09"),
        (3, "Nasr", "PPL", "06"),
        (4, "Deir Hafer", "PPL", "09"),
        (5, "Maskanah", "PPL", "09"),
        (6, "Kafr Nabl", "PPL", "12"),
    ]
    lines = [
        f"{gid}\t{name}\t{name}\t\t35.0\t37.0\tP\t{code}\tSY\t\t{adm}\t\t\t\t0\t\t\tAsia/Damascus\t2020-01-01"
        for gid, name, code, adm in rows
    ]
    (tmp_path / "SY.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "admin1CodesASCII.txt").write_text(
        "SY.05\tQuneitra\tQuneitra\t1\nSY.06\tDaraa\tDaraa\t2\nSY.09\tAleppo\tAleppo\t3\nSY.12\tIdlib\tIdlib\t4\n",
        encoding="utf-8",
    )
    return Geocoder(load_geonames_dir(tmp_path).gazetteer())


def _finder(tmp_path: Path) -> PlaceFinder:
    return PlaceFinder(_geocoder(tmp_path))


def test_where_a_move_began_is_not_its_place(tmp_path: Path) -> None:
    extractor = Extractor(_geocoder(tmp_path), [])
    text = "Troops advanced from the village of Kafr Nabl to Maskanah, killing eight militants."
    assert first_place(extractor, text) == "Maskanah"
    text = "Fighters pulled back from the hills of Deir Hafer to Maskanah after heavy clashes."
    assert first_place(extractor, text) == "Maskanah"


def test_a_place_in_a_purpose_clause_is_the_aim(extractor: Extractor) -> None:
    text = (
        "The army launched an offensive inside Hama province on Monday in order to recapture the Zawqara "
        "Oil Fields from ISIS."
    )
    assert first_place(extractor, text) == "Hama province"


def test_a_place_in_a_trailing_after_clause_came_before(extractor: Extractor) -> None:
    text = "Rebels kept up their offensive on Douma on Friday after reaching the town of Harasta."
    assert first_place(extractor, text) == "Douma"
    # A time of day is no clause of its own.
    assert (
        first_place(extractor, "Jets struck Douma shortly after midnight in the town of Harasta.")
        == "Harasta"
    )


def test_the_plural_of_an_area_noun_is_one_too() -> None:
    text = "Jets struck targets in the provinces of Idlib and Hama."
    assert cue(text, text.index("Idlib"), 0) == ("in", "provinces")
    text = "Rebels shelled towns across the governorates of Daraa and Quneitra."
    assert cue(text, text.index("Daraa"), 0) == ("across", "governorates")


def test_a_checkpoint_a_mountain_or_a_stronghold_of_x_names_x(extractor: Extractor) -> None:
    text = "Smugglers were shot crossing through the border checkpoint of Zawqara."
    assert cue(text, text.index("Zawqara"), 0) == ("through", "checkpoint")
    text = "Jets bombed the hills overlooking the rebel stronghold of Zawqara on Monday."
    assert cue(text, text.index("Zawqara"), 0)[1] == "stronghold"
    assert "Zawqara" in _names(extractor.places, text)


def test_securing_a_place_acts_on_it() -> None:
    text = "The army secured the town of Zawqara on Monday."
    assert cue(text, text.index("Zawqara"), 0) == ("secured", "town")


def test_outside_of_is_a_preposition(extractor: Extractor) -> None:
    text = "Soldiers planted mines outside of Zawqara before dawn."
    assert cue(text, text.index("Zawqara"), 0) == ("outside", "")
    assert "Zawqara" in _names(extractor.places, text)


def test_an_unknown_name_the_text_calls_a_town_or_area_is_a_site(extractor: Extractor) -> None:
    text = "Jets hit army positions in Zawqara town, located 20 km southwest of Damascus."
    assert first_place(extractor, text) == "Zawqara"
    assert (
        first_place(extractor, "Rebels shelled army posts in the Zawqara area of Hama on Monday.")
        == "Zawqara"
    )
    text = "Rebels shelled army posts in the Zawqara sub-district of Hama on Monday."
    assert first_place(extractor, text) == "Zawqara"
    assert cue(text, text.index("Hama"), 0) == ("of", "district")
    # The countryside of a name is an area, not a site.
    text = "Rebels attacked the town of Saraqib in the Zawqara countryside on Monday."
    assert first_place(extractor, text) == "Saraqib"


def test_a_cue_is_not_looked_for_across_a_comma() -> None:
    text = "Jets struck positions in Zawqara, some 20 km southwest of Damascus."
    assert cue(text, text.index("Damascus"), 0) == ("", "southwest")


def test_an_unknown_name_opening_with_a_toponym_word_is_a_site(extractor: Extractor) -> None:
    text = "According to a source in Homs, the army captured two hilltops near Tal Zawqara on Friday."
    assert first_place(extractor, text) == "Tal Zawqara"


def test_an_unknown_hospital_or_station_is_a_site_inside_the_city_named(extractor: Extractor) -> None:
    text = "Rebels attacked the Zawqara Hospital in northern Aleppo on Monday."
    assert first_place(extractor, text) == "Zawqara Hospital"


def test_a_designator_left_alone_names_nothing(extractor: Extractor) -> None:
    text = "The army shelled the village of Kinsibba in Jabal al-Akrad (Kurdish Mountains) on Monday."
    assert "Mountains" not in _names(extractor.places, text)


def test_a_place_in_the_name_of_an_armed_group_is_not_a_place(extractor: Extractor) -> None:
    assert _names(extractor.places, "Fighters of Fatah Halab shelled Saraqib on Monday.") == ["Saraqib"]
    assert "Quds" not in " ".join(_names(extractor.places, "Liwa al-Quds fighters attacked Saraqib."))


def test_a_whole_name_beats_its_first_word(tmp_path: Path) -> None:
    finder = _finder(tmp_path)
    assert _names(finder, "Rockets hit the Salah Eddin neighbourhood on Monday.") == ["Salah Eddin"]
    # A word after the name that does not make a longer name leaves it alone.
    assert _names(finder, "Rockets hit Salah Tuesday and Kafr Nabl.") == ["Salah", "Kafr Nabl"]


def test_a_name_inside_a_longer_name_opened_by_a_toponym_word_is_not_a_place(tmp_path: Path) -> None:
    finder = _finder(tmp_path)
    text = "Troops stormed the mountaintop of Jabal Maskan Nasr on Monday."
    assert _names(finder, text) == ["Jabal Maskan Nasr"]
    # Two names in a row are two places, the second no part of the first.
    assert _names(finder, "Rockets fell on Deir Hafer Maskanah and Kafr Nabl.") == [
        "Deir Hafer",
        "Maskanah",
        "Kafr Nabl",
    ]


def test_where_people_fled_is_not_where_the_event_was(extractor: Extractor) -> None:
    # Fleeing abroad: the document's place, not the country they fled to.
    text = (
        "Fighting raged in Kobani on Friday. The fighting in the area has prompted an exodus of residents, "
        "many of whom have sought to cross into Turkey."
    )
    result = extractor.extract(Document("t", text))
    assert {i.place.mention for i in result.incidents if i.place} == {"Kobani"}
    # Taken elsewhere in Syria: the place of the clashes, not of the hospital.
    text = "Clashes killed five fighters in Aleppo, and the wounded were evacuated to Idlib."
    result = extractor.extract(Document("t", text))
    assert result.incidents[0].place is not None and result.incidents[0].place.mention == "Aleppo"


def test_a_number_that_opens_a_name_does_not_hide_its_cue(extractor: Extractor) -> None:
    text = "targeting the 1070 Hamdaniyah"
    assert cue(text, text.index("Ham"), 0) == ("targeting", "")
    text = "Rebels launched an assault in southern Aleppo, targeting the 1070 Hamdaniyah Housing Project."
    assert first_place(extractor, text) == "Hamdaniyah"


def test_an_event_verb_used_as_an_adjective_is_no_cue() -> None:
    text = "evacuees from the besieged towns of Fua"
    assert cue(text, text.index("Fua"), 0) == ("from", "towns")  # where they came from
    text = "the army besieged the town of Fua"
    assert cue(text, text.index("Fua"), 0) == ("besieged", "town")


def test_a_part_of_a_place_is_an_area_beside_a_site_targeted(extractor: Extractor) -> None:
    # "in southern A", "at the outskirts of A": A is the area's container; the site targeted is the place.
    text = (
        "Islamic State fighters launched an attack at the western outskirts of the Kuweires airbase on "
        "Tuesday, targeting the army-held village of Tal Sbeen."
    )
    assert first_place(extractor, text) == "Tal Sbeen"
    # The verb that names the target tells the event again: a site far after the event word is not
    # penalised for the words between.
    text = (
        "Islamic State fighters began a late-night attack in southwest Deir Ezzor on Wednesday that targeted "
        "army positions near the Panorama Checkpoint."
    )
    assert first_place(extractor, text) == "Panorama Checkpoint"
    # Alone, the part of the place is still the place.
    assert first_place(extractor, "Jets bombed rebel positions in southern Aleppo on Monday.") == "Aleppo"


def test_a_container_named_after_a_region_does_not_make_the_region_a_container(extractor: Extractor) -> None:
    # "the Qalamoun Mountains of Rif Dimashq": the governorate holds the mountains, not the other way round;
    # the ends of the road shelled only locate the road.
    text = (
        "Government forces pressed their operations in the Qalamoun Mountains of Rif Dimashq on Monday, "
        "shelling the road linking Yabroud to Rankous."
    )
    assert first_place(extractor, text) == "Qalamoun Mountains"


def test_what_the_event_targets_beats_where_it_was_launched(extractor: Extractor) -> None:
    text = (
        "The army opened an assault at the southern slopes of the Jabal al-Zawiya on Friday, targeting rebel "
        "defences in the Ghab Plain area."
    )
    assert first_place(extractor, text) == "Ghab Plain"
    # Not a place that only locates the target.
    text = (
        "Rebels pressed an offensive in northern Aleppo on Saturday, targeting several villages located "
        "about 10 km north of Al-Bab."
    )
    assert first_place(extractor, text) == "Aleppo"


def test_a_place_the_event_is_compared_with_is_not_its_place(extractor: Extractor) -> None:
    text = "Rebels shelled the town of Harasta on Monday, just as in Douma last year."
    assert first_place(extractor, text) == "Harasta"
    text = "Militants stormed a police post in Jordan, as in Syria, where the group began."
    result = extractor.extract(Document("t", text))
    assert result.incidents[0].place is not None and result.incidents[0].place.mention == "Jordan"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an unknown capitalised word that a targeting verb names is not promoted over the place
        (
            "Gunmen launched an attack in Potiskum town, targeting the Emir of Fika's palace, killing 13.",
            "Potiskum",
        ),
        # designators alone name nothing
        (
            "Rebels attacked army posts in the 3000 Housing Project in southwestern Aleppo, killing 5.",
            "Aleppo",
        ),
        # the outskirts of a place are at its edge; a city after it holds it
        ("Rebels captured regime positions on the outskirts of eastern Ghouta in rural Damascus.", "Ghouta"),
        # "X city in Y": Y is where; the city is a landmark
        ("The mosque north of Hama city in Kafr Zeita was destroyed by Russian airstrikes.", "Kafr Zeita"),
    ],
)
def test_place_cue_regressions(extractor: Extractor, text: str, expected: str) -> None:
    assert first_place(extractor, text) == expected


def test_a_year_does_not_carry_the_cue_of_a_number_before_a_name() -> None:
    text = "In the 1967 Mideast war"
    assert cue(text, text.index("Mideast"), 0) == ("", "")
