"""Sites that are named without a gazetteer name (a unit's base, a border), words that look like places and
are not (a time zone, nationalities joined by a hyphen), and cues that say which of a sentence's places is
the event's: an aim in a bare infinitive, the ends of a road, an opening phrase that sets the scene, a city's
suburb (short texts written for these tests; "Zawqara" is a name no gazetteer has)."""

from __future__ import annotations

from datetime import date

from jointmap.extract import Document, Extractor
from jointmap.extract.places import PlaceFinder
from jointmap.extract.text import normalise, split_sentences

from .places_of import first_place


def _names(finder: PlaceFinder, text: str) -> list[str]:
    found = finder.find(text, normalise(text), [(s.start, s.end) for s in split_sentences(text)])
    return [m.text for m in found]


def test_a_time_zone_is_not_a_place(extractor: Extractor) -> None:
    text = "The attack began around 10 A.M. (Damascus Time) when rebels stormed the village of Zawqara."
    assert "Damascus" not in _names(extractor.places, text)
    assert first_place(extractor, text) == "Zawqara"
    names = _names(extractor.places, "Shelling resumed at 6 am Damascus time in the town of Harasta.")
    assert names == ["Harasta"]
    # The city itself stays a place.
    assert _names(extractor.places, "Shelling resumed in Damascus at 6 am.") == ["Damascus"]


def test_a_units_base_is_a_site(extractor: Extractor) -> None:
    text = "ISIS stormed the northern flank of the 137th Brigade's HQ near the Deir Ezzor Military Airport."
    assert first_place(extractor, text) == "137th Brigade's HQ"
    assert "17th Division base" in _names(
        extractor.places, "Rebels shelled the 17th Division base on Monday."
    )
    assert "Brigade 93 base" in _names(extractor.places, "Jets struck the Brigade 93 base near Ain Issa.")
    # A unit that is not named as a base is not a place.
    assert _names(extractor.places, "The 137th Brigade advanced on Monday.") == []


def test_nationalities_joined_by_a_hyphen_are_not_a_place(extractor: Extractor) -> None:
    text = "A commander was killed in a US-Kurdish operation near the Iraqi-Syrian border on Thursday."
    assert _names(extractor.places, text) == ["Iraqi-Syrian border"]
    assert first_place(extractor, text) == "Iraqi-Syrian border"
    assert _names(extractor.places, "Russian-Syrian talks failed as jets bombed the town of Saraqib.") == [
        "Saraqib"
    ]


def test_a_border_is_only_as_precise_as_the_country(extractor: Extractor) -> None:
    # Alone, the border is the event's place, located no finer than the country.
    result = extractor.extract(Document("t", "A blast killed 30 rebels near the Turkish border on Monday."))
    place = result.incidents[0].place
    assert place is not None and place.mention == "Turkish border" and place.precision >= 6
    # In a document that names a town, the town is where it happened.
    text = (
        "Car bomb kills 17 near Turkish border\n\nA car bomb killed 17 people in the town of Azaz on Monday."
    )
    result = extractor.extract(Document("t", text))
    assert result.incidents[0].place is not None and result.incidents[0].place.mention == "Azaz"
    assert all(i.place is None or i.place.mention != "Turkish border" for i in result.incidents)


def test_a_bare_infinitive_of_capture_tells_the_aim(extractor: Extractor) -> None:
    text = (
        "The army began an offensive in the Homs Governroate's eastern countryside to liberate the city of "
        "Palmyra."
    )
    assert first_place(extractor, text) == "Homs"
    # Without the aim, the city is the event's place.
    assert first_place(extractor, "The army liberated the city of Palmyra on Sunday.") == "Palmyra"


def test_a_site_named_after_an_organisation_is_a_site(extractor: Extractor) -> None:
    text = "Jets struck rebel positions in the Association Quarter of Darayya."
    assert "Association Quarter" in _names(extractor.places, text)
    assert first_place(extractor, text) == "Association Quarter"
    # An organisation's name alone is not.
    assert _names(extractor.places, "The Syrian Arab Army Association said it would meet.") == []


def test_an_opening_phrase_sets_the_scene(extractor: Extractor) -> None:
    text = (
        "On Monday inside the Hama countryside, rebels attacked army posts in the Zawqara area on the edge "
        "of the plain."
    )
    assert first_place(extractor, text) == "Zawqara"
    # A governorate named by the main clause, with nothing more precise, stays the event's place.
    assert first_place(extractor, "On Monday, rebels attacked army posts in the Hama countryside.") == (
        "Hama countryside"
    )


def test_a_guessed_spelling_of_a_site_is_as_good_as_an_unknown_site(extractor: Extractor) -> None:
    text = (
        "On Wednesday afternoon inside the Latakia Governorate's northern countryside, rebels launched a "
        "counter-offensive in the Turkmen Mountains."
    )
    assert first_place(extractor, text) == "Turkmen Mountains"


def test_the_ends_of_a_road_are_reference_points(extractor: Extractor) -> None:
    # The road's ends locate the road; the site the clause names is where the attack was.
    text = (
        "Rebels shelled army posts at the Zawqara hill, cutting the road linking the town of Saraqib to "
        "Ariha."
    )
    assert first_place(extractor, text) == "Zawqara"
    text = "Jets struck the Zawqara checkpoint on the highway connecting the town of Saraqib with Ariha."
    assert first_place(extractor, text) == "Zawqara"


def test_a_citys_suburb_is_the_place_named_after_it(extractor: Extractor) -> None:
    # However the gazetteer files it (Ghouta is a region), "the <city> suburb of X" names X.
    text = "At least 40 people were killed in air strikes on the Damascus suburb of eastern Ghouta."
    assert first_place(extractor, text) == "Ghouta"
    assert first_place(extractor, "Shelling hit the Damascus suburb of Jobar on Monday.") == "Jobar"
    # "the Aleppo district of X": "district" is the noun of X, not part of the city's name.
    text = "At least 40 people were killed in air strikes on the Aleppo district of Sukkari."
    assert first_place(extractor, text) == "Sukkari"
    # The other order names the first place, inside the second.
    text = "At least 40 people were killed in air strikes on the Douma suburb of Damascus."
    assert first_place(extractor, text) == "Douma"


def test_a_country_the_gazetteer_lacks_is_as_vague_as_a_country(extractor: Extractor) -> None:
    # "Turkey" is not in Syria's gazetteer: it is a country, not an unknown village.
    text = "The militant filmed burning two Turkish soldiers alive in Syria was imprisoned in Turkey in 2015."
    result = extractor.extract(Document("t", text))
    assert result.incidents and result.incidents[0].sub_event_type == "Attack"
    assert first_place(extractor, text) == "Syria"
    assert _names(extractor.places, "Rebels trained in Turkey attacked Zawqara town.") == [
        "Turkey",
        "Zawqara",
    ]
    assert first_place(extractor, "Rebels trained in Turkey attacked Zawqara town.") == "Zawqara"
    # the country an invasion or a bombing is of, with no other cue
    text = "During the 2006 invasion of Lebanon, gunmen captured two soldiers."
    assert _names(extractor.places, text) == ["Lebanon"]
    assert first_place(extractor, text) == "Lebanon"
    assert _names(extractor.places, "The president of Lebanon met the envoy.") == []


def test_a_place_the_gazetteer_lacks_shares_the_governorate_of_the_place_that_locates_it(
    extractor: Extractor,
) -> None:
    # The document keeps returning to Aleppo: so does the unknown site the sentence puts in Aleppo, which is
    # where the event was (the city is its container).
    text = "Rebels launched a counter-attack at the Zawqara Hospital in northern Aleppo this morning."
    assert first_place(extractor, text) == "Zawqara Hospital"
    text = "Two fighters were killed in clashes in the Zawqara area in the northern suburb of Aleppo."
    assert first_place(extractor, text) == "Zawqara"
    text = "According to a correspondent in Damascus, gunmen executed 120 people at Zawqara."
    assert first_place(extractor, text) == "Zawqara"


def test_a_road_or_front_named_after_places_is_not_at_them(extractor: Extractor) -> None:
    # "the Jandoul Road" passes by the Jandoul roundabout; the checkpoint on it is where the shelling was.
    assert first_place(extractor, "Rebels shelled the Zawqara checkpoint on the Jandoul Road.") == "Zawqara"
    # "the A-B axis" is a front between two places, not a place.
    text = (
        "Jihadists launched an attack in the east Hama countryside, targeting the Sheikh Hilal-Ithriya axis."
    )
    assert _names(extractor.places, text) == ["Hama countryside"]


def test_a_road_the_gazetteer_lacks_is_a_line_not_a_site(extractor: Extractor) -> None:
    # A highway is no point on the map: the area the clause puts the attack in is where it was.
    for text in (
        "Rebels attacked army posts in the southern Idlib countryside on Monday, near the Zawqara-Tamanah "
        "Highway.",
        "Rebels attacked army posts in the southern Idlib countryside, targeting the Zawqara-Tamanah axis "
        "near the Zawqara-Tamanah Highway.",
    ):
        assert first_place(extractor, text) == "Idlib countryside", text


def test_a_roads_end_does_not_make_the_area_a_mere_container(extractor: Extractor) -> None:
    text = (
        "Government forces pressed their offensive in the Hama countryside, targeting the road linking the "
        "village of Zawqara to the provincial capital."
    )
    assert first_place(extractor, text) == "Hama countryside"
    # Guards: a village that is itself the target, or that farms lie by, is still the finer place.
    text = (
        "Government forces pressed their offensive in the Hama countryside, targeting the village of Zawqara."
    )
    assert first_place(extractor, text) == "Zawqara"
    assert first_place(
        extractor, "Jets struck the farms located east of Saraqib in the Idlib countryside."
    ) == ("Saraqib")


def test_cutting_a_road_is_an_aim(extractor: Extractor) -> None:
    text = "ISIS launched an offensive in the Hama countryside to cut off the Zawqara Road."
    assert first_place(extractor, text) == "Hama countryside"


def test_border_as_a_modifier_names_no_border(extractor: Extractor) -> None:
    text = (
        "Two civilians were killed when shells hit the Syrian border town of Kobani while Kurdish fighters "
        "advanced in Tal Abyad."
    )
    assert _names(extractor.places, text) == ["Kobani", "Tal Abyad"]
    assert first_place(extractor, text) == "Kobani"


def test_a_province_of_the_country_stays_the_province(extractor: Extractor) -> None:
    text = "Government jets struck rebel positions in the Idlib province of northwestern Syria."
    result = extractor.extract(Document("t", text))
    place = result.incidents[0].place
    assert place is not None and place.mention == "Idlib province" and place.precision == 4


def test_the_battle_to_retake_a_place_is_fought_there(extractor: Extractor) -> None:
    # No place of its own before the infinitive: the operation is at Kabun, not aimed at it from elsewhere.
    assert (
        first_place(extractor, "The army continues the operation to liberate the district of Kabun.")
        == "Kabun"
    )


def test_a_place_a_move_starts_from_does_not_end_the_scene(extractor: Extractor) -> None:
    text = "In Idlib province, Russian jets flying from the Hmeimim airbase struck a market, killing 20."
    assert first_place(extractor, text) == "Idlib province"


def test_an_event_abroad_gets_no_place_on_the_map(extractor: Extractor) -> None:
    text = (
        "Jets struck Aleppo on Monday. Syrians who had taken shelter in Turkey were killed in a separate "
        "attack on Tuesday."
    )
    result = extractor.extract(Document("t", text))
    abroad = [i.place for i in result.incidents if i.place is not None and i.place.mention == "Turkey"]
    assert abroad and all(p.lat is None and p.admin1_code is None for p in abroad)


def test_a_headline_run_on_into_prose_does_not_hide_the_places_after_it(extractor: Extractor) -> None:
    text = (
        "Posted by Youssef Diab Russians and the Syrian Regime Use Internationally Banned Bombs to Attack "
        "Aleppo The chairman said that a helicopter dropped a barrel bomb on the Zubdiya neighbourhood in "
        "Aleppo on Wednesday night."
    )
    assert "Zubdiya" in _names(extractor.places, text)
    # A headline's capitalised words are not a site because one of them is "Hospital".
    assert _names(extractor.places, "Deadly Russian Airstrikes Kill 35 & Destroy Hospital in Idlib") == [
        "Idlib"
    ]


def test_what_was_said_happened_where_the_clause_says(extractor: Extractor) -> None:
    # Damascus is where the minister spoke; the strike his clause reports was at Kafr Nabl.
    text = "The minister said in Damascus that jets struck Kafr Nabl on Monday."
    assert first_place(extractor, text) == "Kafr Nabl"
    text = "The minister, speaking to reporters in Damascus, said nothing of the strikes on Kafr Nabl."
    assert first_place(extractor, text) == "Kafr Nabl"


def test_a_denied_or_paused_fight_is_no_event(extractor: Extractor) -> None:
    for text in (
        "The truce largely held on Sunday, with no reports of fighting in Aleppo or Homs.",
        "In Geneva, the UN envoy called for a 48-hour pause in the fighting around Aleppo.",
        "Rebels and the army observed the truce, and there was no shelling of Douma on Monday.",
    ):
        result = extractor.extract(Document("t", text))
        assert all(
            i.sub_event_type not in ("Armed clash", "Shelling/artillery/missile attack")
            for i in result.incidents
        ), text
    # A number between the negation and the event word: a toll, not a denial.
    assert first_place(extractor, "No fewer than 177 people were killed in attacks on Douma.") == "Douma"


def test_an_unknown_place_is_located_by_the_known_place_nearest_it(extractor: Extractor) -> None:
    text = (
        "The foreign minister, speaking to reporters in Damascus, said the army had repelled an attack by "
        "terrorists on the town of Zawqara in Latakia province."
    )
    result = extractor.extract(Document("t", text))
    place = result.incidents[0].place
    assert place is not None and place.mention == "Zawqara" and place.admin1_name == "Latakia"


def test_the_gazetteers_own_country_is_never_abroad(extractor: Extractor) -> None:
    result = extractor.extract(Document("t", "Air strikes killed 12 civilians in Syrias north on Monday."))
    place = result.incidents[0].place
    assert place is not None and place.lat is not None


def test_a_country_abroad_named_beside_the_home_country_does_not_take_the_event(extractor: Extractor) -> None:
    text = (
        "Militants operating in Iraq and Syria were killed in clashes with Kurdish troops in northeastern "
        "Syria."
    )
    result = extractor.extract(Document("t", text))
    assert all(i.place is None or i.place.mention != "Iraq" for i in result.incidents)
    # Only places abroad: the unknown city is abroad too, not put on the map at the country's centre.
    text = "A car bomb in Turkey killed five people in the city of Gaziantep on Monday."
    place = extractor.extract(Document("t", text)).incidents[0].place
    assert place is not None and place.lat is None and place.admin1_code is None


def test_a_town_across_the_border_is_abroad(extractor: Extractor) -> None:
    text = (
        "Shelling was heard from the Turkish border town of Kilis, north of the Syrian city of Azaz, where "
        "rebels clashed with IS on Monday."
    )
    assert first_place(extractor, text) == "Azaz"
    # A border area is still a (vague) place.
    assert _names(extractor.places, "Rebels clashed with the army in the Jordanian border area.") == [
        "Jordanian border"
    ]


def test_a_source_elsewhere_does_not_take_the_event(extractor: Extractor) -> None:
    text = (
        "Rebel shelling killed three civilians in the Aleppo countryside, the Observatory said, citing its "
        "sources in Damascus."
    )
    assert first_place(extractor, text) == "Aleppo countryside"
    # A front between two places is a line; the places named with a hyphen otherwise stay places.
    assert _names(extractor.places, "Clashes in Hama-Idlib in front of rebel lines killed 15.") == [
        "Hama",
        "Idlib",
    ]


def test_what_has_not_happened_yet_is_no_event(extractor: Extractor) -> None:
    for text in (
        "Foreign ministers will meet in Munich on Thursday to discuss a ceasefire.",
        "Aid agencies will try again on Friday to reach the besieged town.",
        "The opposition called for a nationwide truce on Monday.",
    ):
        assert extractor.extract(Document("t", text)).incidents == [], text
    # A future word after the event, or a past-tense event inside the future's reach, does not undo it.
    text = "Jets struck Saraqib on Monday, and officials said the attack will be investigated."
    assert first_place(extractor, text) == "Saraqib"
    text = "Officials said they will investigate the air strike that killed 12 civilians in Douma on Monday."
    assert first_place(extractor, text) == "Douma"
    text = (
        "Rebels who will attend the talks in Geneva next week shelled Aleppo on Monday, killing 5 civilians."
    )
    assert (
        extractor.extract(Document("t", text)).incidents[0].sub_event_type
        == "Shelling/artillery/missile attack"
    )


def test_a_besieged_place_is_a_state_not_an_event(extractor: Extractor) -> None:
    assert (
        extractor.extract(Document("t", "Residents of the besieged town of Madaya are starving.")).incidents
        == []
    )
    text = (
        "Aid agencies will try again on Friday to reach besieged Madaya. On Tuesday, a convoy was turned "
        "back after government forces fired on it near the town, killing a driver."
    )
    incidents = extractor.extract(Document("t", text, date=date(2016, 1, 14))).incidents
    assert [(i.date_start, i.fatalities["best"]) for i in incidents] == [(date(2016, 1, 12), 1)]
    # The verb is still an event.
    assert extractor.extract(Document("t", "Government forces besieged Madaya in July.")).incidents


def test_encircled_after_and_is_the_verb(extractor: Extractor) -> None:
    text = "IS fighters advanced and encircled the Kurdish town of Kobane on Monday."
    assert first_place(extractor, text) == "Kobane"


def test_a_headline_naming_the_province_is_about_the_leads_town(extractor: Extractor) -> None:
    # "Idlib" is both the city and the province; the lead says where in it the strikes fell.
    text = (
        "Air strikes kill 11 in Idlib\n\n"
        "Air strikes on the town of Saraqib killed 11 people on Tuesday, activists said."
    )
    result = extractor.extract(Document("t", text, date=date(2016, 6, 1)))
    assert [i.place.mention for i in result.incidents if i.place] == ["Saraqib"]
    # A lead of another kind of event leaves the headline alone.
    text = "Air strikes kill 11 in Idlib\n\nRebels clashed with the army in Saraqib on Tuesday."
    result = extractor.extract(Document("t", text, date=date(2016, 6, 1)))
    assert next(i.place.mention for i in result.incidents if i.place) == "Idlib"


def test_a_headline_keeps_its_place_when_the_lead_tells_another_event(extractor: Extractor) -> None:
    day = date(2016, 6, 10)
    for text in (
        # another day, another toll, or the lead is a sentence of its own rather than a headline
        "Air strikes kill 11 in Idlib\n\nThe air strikes came a day after jets bombed the town of Saraqib "
        "last week, killing 30 people.",
        "Barrel bombs kill 6 in Aleppo\n\nGovernment helicopters dropped barrel bombs on al-Bab last month, "
        "killing 40.",
        "Air strikes killed 11 people in Idlib province on Wednesday. Last week, jets bombed the town of "
        "Saraqib, killing 30.",
    ):
        result = extractor.extract(Document("t", text, date=day))
        first = result.incidents[0]
        assert first.place is not None and first.place.mention in ("Idlib", "Aleppo", "Idlib province"), text
        assert first.fatalities["best"] in (11, 6), text


def test_where_a_group_is_banned_is_no_place(extractor: Extractor) -> None:
    text = (
        "Government forces clashed with Islamic State (banned in Russia) fighters east of Palmyra on Monday, "
        "killing 20."
    )
    assert first_place(extractor, text) == "Palmyra"
    # With no other place, the aside gives none (it gave "Russia").
    text = (
        "The army clashed with Islamic State (banned in Russia) fighters near the town on Monday, killing 20."
    )
    result = extractor.extract(Document("t", text, date=date(2016, 6, 10)))
    assert all(i.place is None or i.place.mention != "Russia" for i in result.incidents)


def test_a_headline_and_its_lead_with_a_toll_that_grew_are_one_event(extractor: Extractor) -> None:
    day = date(2016, 6, 14)
    text = (
        "Air strikes kill 11 in Idlib\n\n"
        "Air strikes on the town of Saraqib killed at least 12 people on Monday."
    )
    result = extractor.extract(Document("t", text, date=day))
    assert [i.place.mention for i in result.incidents if i.place] == ["Saraqib"]
    text = (
        "Army kills 40 Nusra militants in Homs\n\nArmy kills 40 Nusra militants in Homs. "
        "Syrian troops stormed the town of al-Rastan on Monday, killing 40 militants."
    )
    result = extractor.extract(Document("t", text, date=day))
    assert [i.place.mention for i in result.incidents if i.place] == ["al-Rastan"]


def test_a_neighbourhood_of_another_city_is_not_the_one_named(extractor: Extractor) -> None:
    # The gazetteer knows Damascus's Midan, not Aleppo's: the text says which city, so the name is one the
    # gazetteer lacks, located by Aleppo.
    text = "Rebel shelling killed two women in the Midan district of Aleppo on Tuesday."
    place = extractor.extract(Document("t", text, date=date(2016, 6, 10))).incidents[0].place
    assert place is not None and (place.admin1_code, place.resolved) == ("SY.09", False)
    text = "Rebel shelling hit the Midan district of Damascus on Tuesday."
    place = extractor.extract(Document("t", text, date=date(2016, 6, 10))).incidents[0].place
    assert place is not None and (place.admin1_code, place.resolved) == ("SY.13", True)


def test_where_speakers_live_is_a_place_and_a_toponym_needs_no_cue(extractor: Extractor) -> None:
    # "Residents of X said": X is where they are, not a person who speaks; the hedged jets are Russia's.
    text = (
        "Residents of Kafr Zita said warplanes believed to be Russian circled for an hour before striking a "
        "bakery on Tuesday, killing six people queuing for bread."
    )
    first = extractor.extract(Document("t", text, date=date(2016, 2, 17))).incidents[0]
    assert first.place is not None and first.place.mention == "Kafr Zita"
    assert (first.actor1, first.actor1_confidence, first.fatalities["best"]) == ("ru-af", 0.4, 6)
    # An Arabic word that opens a toponym names a place the gazetteer lacks, with no preposition before it.
    text = "Rebels said Kafr Zawqara had been shelled all night by the army."
    assert first_place(extractor, text) == "Kafr Zawqara"


def test_a_town_in_damascus_province_is_in_the_countryside(extractor: Extractor) -> None:
    place = extractor.extract(
        Document("t", "Air strikes hit Douma in Damascus province on Monday.")
    ).incidents[0]
    assert place.place is not None and (place.place.mention, place.place.admin1_code) == ("Douma", "SY.08")


def test_a_province_headline_over_a_neighbourhood_of_its_city(extractor: Extractor) -> None:
    text = "Rebels Shell Aleppo\n\nRebel shelling on the Sheikh Maqsoud district killed 10 people on Monday."
    incidents = extractor.extract(Document("t", text, date=date(2016, 6, 10))).incidents
    assert [(i.place.mention if i.place else None, i.fatalities["best"]) for i in incidents] == [
        ("Sheikh Maqsoud district", 10)
    ]


def test_a_title_case_headline_run_on_into_its_repeat_is_a_headline(extractor: Extractor) -> None:
    text = (
        "Many Civilians Martyred as Terrorists Shell Aleppo  05-04-2016 "
        "Many Civilians Martyred as Terrorists Shell Aleppo. "
        "Ten civilians were killed in terrorist shelling of the Sheikh Maqsoud neighborhood in Aleppo city "
        "on Monday."
    )
    first = extractor.extract(Document("t", text, date=date(2016, 4, 5))).incidents[0]
    assert first.place is not None and "Sheikh Maqsoud" in first.place.mention
    assert first.fatalities["best"] == 10


def test_a_big_city_abroad_is_a_place_off_the_map(extractor: Extractor) -> None:
    # a city of a million or more that the gazetteer lacks: its own word, no coordinates, no governorate
    for text, city in (
        ('Chanting "Syria Out", protesters marched to the Sydney offices of the UN on Sunday.', "Sydney"),
        ("A car bomb killed 12 people in Istanbul on Tuesday, Syria's neighbour said.", "Istanbul"),
    ):
        place = extractor.extract(Document("t", text)).incidents[0].place
        assert place is not None and place.mention == city, text
        assert place.lat is None and place.admin1_code is None
    # a capital without a locative cue is its government; where someone spoke is no event's place
    for text in (
        "Moscow vetoed the resolution as jets bombed the town of Saraqib.",
        "The ministry said in Moscow that its jets struck the town of Saraqib.",
    ):
        place = extractor.extract(Document("t", text)).incidents[0].place
        assert place is not None and place.mention == "Saraqib", text


def test_a_city_abroad_needs_a_cue_and_is_not_where_someone_spoke(extractor: Extractor) -> None:
    # names of big cities that are also persons': no cue, no place
    for text in (
        "Clashes between rebels and the army killed 8 people on Monday, Salvador told reporters.",
        "Fighters loyal to Sadr clashed with government troops on Monday, killing 6 people.",
    ):
        assert extractor.extract(Document("t", text)).incidents == [], text
    # an opening scene where the speakers are is not the event's place; a passive "claimed by" is no speaker
    text = "In Istanbul, the opposition coalition said regime jets killed 12 people in Douma on Monday."
    assert first_place(extractor, text) == "Douma"
    text = "The bombing in Istanbul claimed by Islamic State killed 39 people at a nightclub."
    assert first_place(extractor, text) == "Istanbul"
    # a country an invasion is of, named in an aside, is not where the sentence's event was
    text = "Hezbollah, formed in response to Israel's 1982 invasion of Lebanon, lost 12 fighters in clashes."
    assert extractor.extract(Document("t", text)).incidents == []


def test_a_dateline_after_a_headline_line_is_not_the_place(extractor: Extractor) -> None:
    text = (
        "Rebels and government forces clash in Latakia mountains\nBEIRUT, May 20 (Reuters) - Rebels clashed "
        "with government forces in northern Latakia province on Friday, killing 12 fighters."
    )
    assert first_place(extractor, text) == "Latakia"
    # a place opening a later line is no dateline without a date or an agency
    text = (
        "Bombing in the north\nSaraqeb, Idlib and Binnish were bombed by Russian jets on Friday, killing 12."
    )
    assert first_place(extractor, text) == "Saraqeb"
    # a unit's name is no city abroad
    text = "The Phoenix brigade said its fighters killed 14 soldiers in clashes near Khan Touman on Monday."
    assert first_place(extractor, text) == "Khan Touman"
