"""The cheap tests the extractor runs before its costly ones (and the patterns rewritten so the regex engine
can skip ahead) must never change what is found: each is checked against the plain form on sentences
written for these tests."""

from __future__ import annotations

import re
from datetime import date

import pytest

from jointmap.extract import actors, dates, fatalities, lexicon, placescore
from jointmap.extract.actors import ActorMention
from jointmap.extract.extractor import _outside
from jointmap.extract.placementions import PlaceMention
from jointmap.extract.results import CandidateAllegation, CandidateIncident, Extraction, FoundPlace
from jointmap.extract.text import Caseless, capitalised_runs, may_contain, needed_literals, normalise

SENTENCES = [
    "Reportedly, rebels RECAPTURED the town of Kafr Nabl; the regime denied it and accused ISIS of shelling.",
    "Warplanes believed to be Russian struck a market, killing at least 12 civilians and wounding 30.",
    "Between 5 and 7 people were killed, and the death toll rose to 20 on Thursday, 12 March 2016.",
    "The ministry said the truce was violated; unidentified gunmen kidnapped two aid workers near a convoy.",
    "A car bomb exploded yesterday; ISIS claimed that its fighters seized the hill, the army took control.",
    "Protesters rallied on Friday, 2016-03-04, after a suicide bomber blew himself up in the afternoon.",
    "Shells hit the Damascus suburb of Douma, which lies between Harasta and Arbeen, according to SANA.",
    "İstanbul ıs ſhelled, \u212aILLED: dozens dead",  # characters re.I folds unlike str.lower()
    "Nothing happened here at all.",
    "",
]


def _caseless_patterns() -> list[Caseless]:
    found: list[Caseless] = []
    for module in (lexicon, dates, fatalities, placescore, actors):
        found.extend(v for v in vars(module).values() if isinstance(v, Caseless))
    found.extend(pattern for pattern, _sub, _strength in lexicon.TRIGGERS)
    found.extend(pattern for _kind, pattern in dates._PATTERNS)
    return found


def test_most_word_lists_get_a_test_of_the_words_they_need() -> None:
    patterns = _caseless_patterns()
    assert len([p for p in patterns if p.needs]) >= 30
    assert lexicon.TRUCE_RE.needs == (
        "breach",
        "cease-fire",
        "ceasefire",
        "cessation of hostilities",
        "truce",
        "violat",
    )


@pytest.mark.parametrize("text", SENTENCES)
def test_every_word_list_finds_with_its_test_what_ignorecase_finds(text: str) -> None:
    for fast in _caseless_patterns():
        reference = re.compile(fast.pattern, re.I)
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in reference.finditer(text)], fast
        a, b = fast.search(text), reference.search(text)
        assert (a.span() if a else None) == (b.span() if b else None), fast
        a, b = fast.match(text), reference.match(text)
        assert (a.span() if a else None) == (b.span() if b else None), fast


def test_the_sentences_exercise_the_word_lists() -> None:
    """The test above means something only if the sentences match many of the patterns."""
    matched = [p for p in _caseless_patterns() if any(p.search(t) for t in SENTENCES)]
    assert len(matched) >= 25


@pytest.mark.parametrize(
    ("pattern", "needed"),
    [
        (r"\b(?:said|says) that\b", ("said that", "says that")),
        (r"\bclaim(?:ed|s)? that", ("claim that", "claimed that", "claims that")),
        (r"\b(?:accus\w+|blam\w+)", ("accus", "blam")),
        (r"\b(?:allegation|allegations)\b", ("allegation",)),  # "allegations" holds "allegation"
        (r"(?:\d+)\s+(?:killed|dead)", ("dead", "killed")),
        (r"\b(?:at least\s+)?\d+\s+killed", ("killed",)),
        (r"\bto\s+be\b", None),  # too short to be worth a test
        (r"\b(?:killed)?\s*\d+", None),  # the word is optional
        (r"(?i:killed) \d+", None),  # case-folded inside: no literal test
        (r"(?:rocket|mortar)s+ fire", ("mortar", "rocket")),
    ],
)
def test_needed_literals(pattern: str, needed: tuple[str, ...] | None) -> None:
    assert needed_literals(pattern) == needed


def test_may_contain() -> None:
    assert may_contain("Unidentified JETS", ("unidentified",))
    assert not may_contain("Known jets", ("unidentified",))
    assert may_contain("Known jets \u0130", ("unidentified",))  # folds specially: always maybe


@pytest.mark.parametrize(
    "text",
    [
        "The US-backed SDF and the YPG met the UN envoy; ISIS and IS-held Raqqa, A-B C.",
        "Russian air strikes, Syrian air raids and Turkish warplanes hit Aleppo. SYRIAN JETS struck.",
        "In U.S. and U.K. reports, Mr. A. Smith (Jr.) said Syria's and Syria’s allies' towns, O.K.",
    ],
)
def test_patterns_rewritten_to_skip_ahead_match_as_before(text: str) -> None:
    assert [m.span() for m in actors._ABBREV_RE.finditer(text)] == [
        m.span() for m in re.finditer(r"\b[A-Z][A-Z-]{1,5}\b", text)
    ]
    air = actors._AIR_ATTACK_RE.pattern.replace(r"(?P<adj>[A-Z](?<!\w[A-Z])", r"\b(?P<adj>[A-Z]")
    assert [m.span("adj") for m in actors._AIR_ATTACK_RE.finditer(text)] == [
        m.span("adj") for m in re.finditer(air, text)
    ]
    from jointmap.extract import text as text_module

    assert [m.span(1) for m in text_module._INITIAL_DOT_RE.finditer(text)] == [
        m.span(1) for m in re.finditer(r"(?<![A-Za-z])[A-Z](\.)", text)
    ]


def test_capitalised_runs_keep_offsets() -> None:
    text = "Jets hit Kafr Nabl and ‘Ayn Issa; Douma al-Sharqi, then Aleppo."
    runs = [
        (text[s:e], [w.text for w in ws], [text[w.start : w.end] for w in ws])
        for s, e, ws in capitalised_runs(text)
    ]
    assert runs == [
        ("Jets", ["Jets"], ["Jets"]),
        ("Kafr Nabl", ["Kafr", "Nabl"], ["Kafr", "Nabl"]),
        ("‘Ayn Issa", ["‘Ayn", "Issa"], ["‘Ayn", "Issa"]),
        ("Douma al-Sharqi", ["Douma", "al-Sharqi"], ["Douma", "al-Sharqi"]),
        ("Aleppo", ["Aleppo"], ["Aleppo"]),
    ]
    assert [(s, e) for s, e, _ in capitalised_runs("x Idlib", 100)] == [(102, 107)]


def test_normalise_folds_initials_and_possessives_keeping_offsets() -> None:
    text = "The U.S. struck Syria's Raqqa. O'Brien’s men"
    norm = normalise(text)
    assert norm.text == " the us struck syria s raqqa  obrien s men "
    start = norm.text.index("raqqa")
    assert norm.span(start, start + 5) == (text.index("Raqqa"), text.index("Raqqa") + 5)
    start = norm.text.index("obrien")
    assert text[slice(*norm.span(start, start + 6))] == "O'Brien"


def _mention(start: int, end: int) -> PlaceMention:
    return PlaceMention(start, end, "x" * (end - start), None, "unresolved", "", "", False)


def test_places_inside_an_actors_name_are_dropped() -> None:
    places = [_mention(0, 5), _mention(10, 16), _mention(20, 25), _mention(40, 45)]
    names = [ActorMention("a", 8, 30, "n", 1.0, "official"), ActorMention("b", 44, 50, "n", 1.0, "official")]
    assert [(p.start, p.end) for p in _outside(places, names)] == [(0, 5)]
    assert _outside(places, []) == places


def test_the_json_line_holds_iso_dates_and_copies() -> None:
    place = FoundPlace("Douma", "Douma", 3, 8, 1, 33.5, 36.4, "SY.08", "Rif Dimashq", 1)
    incident = CandidateIncident(
        "Battles", "Armed clash", date(2016, 2, 1), date(2016, 2, 2), 2, place, "saa", None,
        {"best": 1, "low": 1, "high": 1}, False, "e", 0.5,
    )  # fmt: skip
    allegation = CandidateAllegation("saa", "army", ["fsa"], "other", "c", "e", date(2016, 2, 3))
    result = Extraction("d", date(2016, 2, 4), [incident], [allegation])
    line = result.to_json()
    assert line["date"] == "2016-02-04"
    assert (
        line["incidents"][0]["date_start"] == "2016-02-01"
        and line["incidents"][0]["place"]["name"] == "Douma"
    )
    assert line["allegations"][0]["date"] == "2016-02-03"
    line["incidents"][0]["fatalities"]["best"] = 9
    line["allegations"][0]["accused"].append("x")
    assert incident.fatalities["best"] == 1 and allegation.accused == ["fsa"]
