"""Rules added in issue 5's second pass: case-insensitive matching on lower-cased text, the cheap tests before
the date patterns, the wider event lexicon, claimed captures, origin adjectives, generic toponym prefixes and
a governorate named after a place. Sentences are written for these tests."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from jointmap.extract import Document, Extractor
from jointmap.extract.dates import DateSpan, find_date_phrases
from jointmap.extract.event_dates import FUTURE_MARKERS, event_date
from jointmap.extract.places import PlaceFinder
from jointmap.extract.text import Caseless, normalise, split_sentences
from jointmap.extract.triggers import sentence_trigger
from jointmap.geo import Candidate, Geocoder, load_geonames_dir

# -- Caseless ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pattern",
    [
        r"\b(?:held\s+\S+|SVBIED|[A-Z]x)\b",
        r"\b(?P<n>\d+|dozens)\s+(?:people|Civilians)\s+(?:were\s+)?killed",
        r"\baccording to\b[^,;]*$",
        r"\b(?:shell(?:ed|ing|s)\b|mortars?)",
    ],
)
@pytest.mark.parametrize(
    "text",
    [
        "Rebels HELD Them back; an SVBIED hit, Ax said.",
        "DOZENS people were Killed and 12 Civilians killed",
        "According To a source in the city",
        "Shelling and MORTARS; shells fell",
        "İstanbul ıs ſhelled Kelvin \u212a",  # characters re.I folds unlike str.lower()
        "",
    ],
)
def test_caseless_finds_what_ignorecase_finds(pattern: str, text: str) -> None:
    reference = re.compile(pattern, re.I)
    fast = Caseless(pattern)
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in reference.finditer(text)]
    a, b = fast.search(text), reference.search(text)
    assert (a.span() if a else None) == (b.span() if b else None)
    for pos in range(0, len(text), 7):
        a, b = fast.match(text, pos), reference.match(text, pos)
        assert (a.span() if a else None) == (b.span() if b else None)


def test_caseless_keeps_group_names_and_escapes() -> None:
    c = Caseless(r"(?P<word>\S+)\s+(?P<num>\d+)")
    m = c.search("Killed 12")
    assert m is not None and m["num"] == "12" and m.span("word") == (0, 6)
    with pytest.raises(ValueError):
        Caseless(r"(?P<Word>x)")


# -- dates ---------------------------------------------------------------------------------------------------


def test_date_phrases_of_each_kind_still_found() -> None:
    ref = date(2016, 3, 10)  # a Thursday
    text = "On Monday, and on 5 March 2016, and last week, and 2016-03-02, and in February 2016."
    found = [span.phrase for _, span in find_date_phrases(text, ref)]
    assert found == ["On Monday", "5 March 2016", "last week", "2016-03-02", "in February 2016"]
    assert find_date_phrases("Rebels may 5 times attack; the monday meeting.", ref) == []
    assert find_date_phrases("No date here at all.", ref) == []


# -- a plan: one list of future words drops both its day and its event word ----------------------------------

# A sentence for each marker (a marker added to FUTURE_MARKERS needs one here).
_PLANS = {
    "will": "Rebels will storm the base on Monday.",
    "shall": "We shall storm the base on Monday, a commander said.",
    "won't": "Rebels won’t storm the base on Monday.",
    "'ll": "Rebels say they'll storm the base on Monday.",
    "upcoming": "The upcoming assault on the base begins on Monday.",
    "expected to": "Rebels are expected to storm the base on Monday.",
    "scheduled to": "Rebels are scheduled to storm the base on Monday.",
    "planned to": "Rebels planned to storm the base on Monday.",
    "set to": "Rebels are set to storm the base on Monday.",
    "plan to": "Rebels plan to storm the base on Monday.",
    "plans to": "The group plans to storm the base on Monday.",
    "planning to": "Rebels are planning to storm the base on Monday.",
    "intend to": "Rebels intend to storm the base on Monday.",
    "intends to": "The group intends to storm the base on Monday.",
    "hope to": "Rebels hope to storm the base on Monday.",
    "hopes to": "The group hopes to storm the base on Monday.",
    "due to": "Rebels are due to storm the base on Monday.",
}


@pytest.mark.parametrize("marker", FUTURE_MARKERS)
def test_a_future_marker_drops_the_plans_day_and_event_word(marker: str) -> None:
    sentence = _PLANS[marker]
    ref, earlier = date(2016, 6, 14), DateSpan(date(2016, 6, 12), date(2016, 6, 12), 1, "on Sunday")
    assert event_date(sentence, ref, earlier) == earlier  # not Monday the 13th
    assert sentence_trigger(sentence) is None


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("The damage is due to shelling of the market.", "shelling"),  # a cause
        ("The deaths were due to air strikes on the town.", "air strikes"),
        ("Rebels vowed to storm the base but were pushed back.", None),  # a vow: no date marker, an event one
    ],
)
def test_due_to_a_noun_is_a_cause(sentence: str, word: str | None) -> None:
    found = sentence_trigger(sentence)
    assert (found[1] if found else None) == word


# -- event words ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("Government troops began entering the town from the south.", "entering"),
        ("Militias enter the village after a week of fighting.", "enter"),
        ("The army is advancing toward the river.", "advancing"),
        ("A cross-border incursion left the crossing closed.", "incursion"),
        ("Guards were shot at a checkpoint on the road.", "shot"),
        ("Gunmen kill 9 people at a wedding.", "kill"),
        ("Gunmen fired upon a minibus near the bridge.", "fired upon"),
        ("Police said a device was detonated outside the station.", "detonated"),
        ("The air force flew a dozen sorties over the plain.", "sorties"),
        ("The mayor was assassinated outside his home.", "assassinated"),
        ("Thousands took to the streets of the capital.", "took to the streets"),
        ("Howitzers pounded the ridge overnight.", "Howitzers"),
        ("Bombs continue to fall on the city despite the truce.", "Bombs"),
        ("Bombs fell silent in the city on Monday as the shelling stopped.", "shelling"),
    ],
)
def test_general_event_words_are_triggers(sentence: str, word: str) -> None:
    found = sentence_trigger(sentence)
    assert found is not None and found[1] == word, (sentence, found)


@pytest.mark.parametrize(
    "sentence",
    [
        "The new rules enter into force in the spring.",
        "Envoys were asked to register in advance of the meeting.",
        "The minister will enter talks with the council.",
        # aid that enters a town; targets as a noun
        "Aid trucks entered the town of Madaya on Monday.",
        "Relief supplies entered the town on Monday.",
        "Officials listed Islamic State targets in Raqqa.",
    ],
)
def test_idioms_are_not_event_words(sentence: str) -> None:
    assert sentence_trigger(sentence) is None


def test_an_aircraft_shot_down_is_a_clash_not_a_strike(extractor: Extractor) -> None:
    text = "Rebels shot down a government helicopter over Kafr Nabl on Tuesday."
    first = extractor.extract(Document("t", text)).incidents[0]
    assert (first.sub_event_type, first.actor1) == ("Armed clash", "fsa")
    # "a downed pilot" tells no downing
    assert sentence_trigger("Officials met a downed pilot's family.") is None


@pytest.mark.parametrize(
    ("sentence", "attack"),
    [
        ("It took months before an agreement was struck to let the team in.", False),
        ("Moscow and Washington struck a deal on the new truce.", False),
        ("The two sides struck a compromise over the crossing.", False),
        ("A reconciliation agreement was finally struck in the town.", False),
        ("The deals were struck in Madaya.", False),
        # a deal's word that only modifies what was hit: an attack
        ("Unknown gunmen struck the truce committee office in Daraa.", True),
        ("Coalition planes struck the accord signatories' headquarters.", True),
        # the verb of an attack still is one
        ("Gunmen struck the market at dawn.", True),
        ("The checkpoint was struck twice overnight.", True),
    ],
)
def test_a_deal_struck_is_no_attack(sentence: str, attack: bool) -> None:
    found = sentence_trigger(sentence)
    assert (found is not None and found[1] == "struck") is attack, (sentence, found)


@pytest.mark.parametrize(
    ("sentence", "event"),
    [
        # the event word denied, or only its details missing
        ("There were no details of casualties.", False),
        ("There was no immediate word on casualties.", False),
        ("The army did not shell the town.", False),
        ("Rebels have not attacked the base since May.", False),
        ("The town has not yet been shelled.", False),
        ("The ministry said it had not carried out any strikes near the town.", False),
        # not denied: what is denied is something else
        ("The truce did not stop the shelling of the town.", True),
        ("It is not clear who shelled the market.", True),
        ("Officials were not sure whether the shelling killed anyone.", True),
        ("Jets that could not be identified bombed the town.", True),
        ("Government forces did not only shell the town but also stormed it.", True),
    ],
)
def test_a_denied_event_word_is_no_event(sentence: str, event: bool) -> None:
    assert (sentence_trigger(sentence) is not None) is event, (sentence, sentence_trigger(sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "Workers went on strike in the town on Monday.",
        "Prisoners began a hunger strike in the central prison.",
        "Shops stayed shut in response to the strike call.",
    ],
)
def test_a_labour_strike_is_no_attack(sentence: str) -> None:
    assert sentence_trigger(sentence) is None


@pytest.mark.parametrize(
    ("sentence", "event"),
    [
        ("There are 592,700 people living under siege in the country.", False),
        ("The two women were besieged for nearly two years.", False),
        ("Thousands left Madaya, a town near the capital besieged by government forces.", False),
        # a siege laid or broken is an event
        ("Government forces besieged the town in July.", True),
        ("Rebels broke the siege of the city on Saturday.", True),
        ("The army imposed a siege on the town in July.", True),
        ("Government forces placed the town under siege on Monday.", True),
        ("Fighters in the town of Zabadani were besieged by Hezbollah on Monday.", True),
        ("Madaya, which was placed under siege by Hezbollah last year, received aid on Monday.", False),
        ("Rebels said that Hezbollah fighters placed Zabadani under siege on Sunday.", True),
        ("Madaya, which Hezbollah fighters placed under siege, received aid on Monday.", False),
    ],
)
def test_a_siege_as_a_state_is_no_event(sentence: str, event: bool) -> None:
    assert (sentence_trigger(sentence) is not None) is event, (sentence, sentence_trigger(sentence))


# -- a side claiming a capture -------------------------------------------------------------------------------


def test_a_claimed_capture_is_an_incident_and_a_control_claim(extractor: Extractor) -> None:
    result = extractor.extract(
        Document("c", "The Free Syrian Army claimed that it captured the town of Saraqib.")
    )
    assert result.allegations  # the claim is still recorded
    assert [i.place.name for i in result.incidents if i.place] == ["Saraqib"]
    assert [(c.actor, c.place.name, c.claim) for c in result.control_claims] == [
        ("fsa", "Saraqib", "captured")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The army accused the Free Syrian Army of capturing the town of Saraqib.",
        "The Free Syrian Army denied that it captured the town of Saraqib.",
    ],
)
def test_an_accused_or_denied_capture_is_not_an_incident(extractor: Extractor, text: str) -> None:
    result = extractor.extract(Document("c", text))
    assert result.allegations and not result.incidents and not result.control_claims


# -- places --------------------------------------------------------------------------------------------------


def _mentions(extractor: Extractor, text: str) -> dict[str, str | None]:
    spans = [(s.start, s.end) for s in split_sentences(text)]
    found = extractor.places.find(text, normalise(text), spans)
    return {m.text: (m.candidate.name if m.candidate else None) for m in found}


def test_an_origin_adjective_is_not_a_place(extractor: Extractor) -> None:
    found = _mentions(
        extractor, "The UK-based monitor and an Aleppo-born commander spoke of shelling in Idlib."
    )
    assert "UK-based" not in found and "Aleppo" not in found and "Idlib" in found


def _gazetteer(tmp_path: Path) -> Geocoder:
    rows = [
        (1, "Qasr Warda", 36.0, 37.0, "09"),  # in Aleppo
        (2, "Qasr Warda", 35.0, 40.5, "01"),  # a namesake in Al-Hasakah
        (3, "Marjan", 35.5, 36.5, "12"),
        (4, "Aleppo", 36.2, 37.15, "09"),
    ]
    lines = [
        f"{gid}\t{name}\t{name}\t\t{lat}\t{lon}\tP\tPPL\tSY\t\t{adm}\t\t\t\t0\t\t\tAsia/Damascus\t2020-01-01"
        for gid, name, lat, lon, adm in rows
    ]
    (tmp_path / "SY.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "admin1CodesASCII.txt").write_text(
        "SY.01\tAl-Hasakah\tAl-Hasakah\t1\nSY.09\tAleppo\tAleppo\t2\nSY.12\tIdlib\tIdlib\t3\n",
        encoding="utf-8",
    )
    return Geocoder(load_geonames_dir(tmp_path).gazetteer())


def _found(finder: PlaceFinder, text: str, hint: str | None = None) -> list[tuple[str, str | None]]:
    spans = [(s.start, s.end) for s in split_sentences(text)]
    return [
        (m.text, m.candidate.admin1_code if m.candidate else None)
        for m in finder.find(text, normalise(text), spans, hint)
    ]


def test_the_governorate_named_after_a_place_picks_among_namesakes(tmp_path: Path) -> None:
    finder = PlaceFinder(_gazetteer(tmp_path))
    assert ("Qasr Warda", "SY.01") in _found(finder, "Shelling hit Qasr Warda in northern Al-Hasakah.")
    assert ("Qasr Warda", "SY.09") in _found(finder, "Shelling hit Qasr Warda, in Aleppo province.")


def test_a_name_after_a_generic_toponym_word_is_not_that_place(tmp_path: Path) -> None:
    finder = PlaceFinder(_gazetteer(tmp_path))
    assert ("Marjan", "SY.12") in _found(finder, "Clashes near Marjan.")
    assert all(name != "Marjan" for name, _ in _found(finder, "Clashes near Tal Marjan and Jabal Marjan."))


def test_a_hint_does_not_turn_an_exact_name_into_a_guess(tmp_path: Path) -> None:
    finder = PlaceFinder(_gazetteer(tmp_path))
    exact = Candidate(3, "Marjan", 35.5, 36.5, "SY.12", "Idlib", "PPL", 1, 1.0, "", match="exact")
    guess = Candidate(9, "Marjana", 36.0, 37.0, "SY.09", "Aleppo", "PPL", 1, 0.6, "", match="variant")

    class Stub:
        gazetteer = finder.geocoder.gazetteer

        def geocode(self, name: str, governorate: str | None = None, limit: int = 1) -> list[Candidate]:
            return [guess if governorate == "SY.09" else exact]

    finder.geocoder = Stub()  # type: ignore[assignment]
    finder._memo.clear()
    assert finder._resolve("Marjan", "SY.09") == exact


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        # a plan's clause ends at its own verb; "due to" before anything but a plan's verb is a cause
        ("A truce due to begin Monday did not stop shelling in Daraya.", "shelling"),
        ("The upcoming talks did not stop shelling in Daraya.", "shelling"),
        ("Most of the deaths were due to Russian air strikes on Saraqib on Monday.", "air strikes"),
    ],
)
def test_a_plan_named_before_does_not_cancel_the_event(sentence: str, word: str) -> None:
    found = sentence_trigger(sentence)
    assert found is not None and found[1].lower() == word


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("Moscow warns against new US missile strikes on Syria.", None),
        ("The UN warned of more air strikes on Aleppo.", None),
        ("21 killed as rebels shell an election rally in Daraa", "shell"),
    ],
)
def test_a_warning_is_no_event_and_shell_is_a_verb(sentence: str, found: str | None) -> None:
    hit = sentence_trigger(sentence)
    assert (hit[1] if hit else None) == found


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        # an event told beside the sentence's own, after a comma: before or after it, the site of
        (
            "Warplanes bombed Saraqeb on Tuesday, a day after a Russian helicopter was shot down nearby.",
            "Warplanes",
        ),
        ("Jets struck Douma, the site of the 2013 chemical attack, killing 12 people.", "Jets"),
    ],
)
def test_an_event_told_beside_the_sentences_own_gives_way(sentence: str, word: str) -> None:
    found = sentence_trigger(sentence)
    assert found is not None and found[1] == word, found


def test_downing_street_is_no_downing() -> None:
    assert sentence_trigger("Officials met outside Downing Street on Sunday.") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a violent event told aside outranks a non-violent main one; not a main violent one
        (
            "The truce collapsed in Daraa, where shelling killed 5 on Monday.",
            "Shelling/artillery/missile attack",
        ),
        (
            "Syrian jets pounded the town of Saraqeb, where rebels downed a Russian helicopter.",
            "Air/drone strike",
        ),
        # a specific event told where the generic main one happened
        (
            "Islamic State attacked the town of Sheikh Maqsoud on Friday, where a suicide bomber killed 10.",
            "Suicide bomb",
        ),
        # not one told before or after the main one
        (
            "Hundreds of people protested in Kafranbel on Friday, a day after an air strike killed 12.",
            "Peaceful protest",
        ),
        # a shoot-down takes no ground, whoever is captured after it; ground taken after one is taken
        (
            "Rebels shot down a government warplane over Hama countryside on Monday, the pilot was captured.",
            "Armed clash",
        ),
        (
            "Rebels captured the town of Morek on Friday after shooting down a warplane.",
            "Non-state actor overtakes territory",
        ),
    ],
)
def test_which_event_a_sentence_tells(extractor: Extractor, text: str, expected: str) -> None:
    assert extractor.extract(Document("t", text)).incidents[0].sub_event_type == expected


def test_only_an_aircraft_is_downed() -> None:
    assert sentence_trigger("Strong winds downed power lines across Latakia on Monday.") is None
    for text in (
        "Rebels downed a Russian Mi-28 attack helicopter near Palmyra.",
        "Russian military helicopter downed in Syria",
    ):
        found = sentence_trigger(text)
        assert found is not None and found[1] == "downed", text
    text = "A Russian helicopter was downed over Idlib on Monday."
    assert sentence_trigger(text) == (text.index("downed"), "downed")
