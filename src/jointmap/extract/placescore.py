"""How well a place mention fits as an event's place: hand weights, shared by the extractor and (as a
feature) the learned ranker.

Specific beats general (a village over its governorate), a locative cue ("in", "near", "targeting") ties a
place to the event, a place after a verb of saying or in a source clause is where someone spoke, a city
followed by "said" stands for its government, and a container named beside a place inside it is context.
A place after "from" is where a move or a shot began, one in a purpose clause ("in order to retake X") the
aim, one in a trailing "after ..." clause what came before; an unknown name the text calls a site ("X town",
"the X area", "Tal X", "X Hospital") is as specific as a known village.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import ClassVar

from jointmap.extract.lexicon import SPEECH_RE
from jointmap.extract.placeclauses import PURPOSE_REACH, anchor, aside_clauses, background_end, scene_end
from jointmap.extract.placementions import LOWER_DESIGNATOR_RE, PlaceMention
from jointmap.extract.placewords import AREA_DIRECTIONS, PLACE_VERBS, SETTLEMENT_NOUNS, TOPONYM_START_RE
from jointmap.extract.text import Caseless, Sentence

__all__ = [
    "REFERENCE_RE",
    "flight_destination",
    "hand_place_score",
    "mention_kind",
    "nearest_known",
    "spoken_from",
]

_PLACE_BASE = {1: 1.0, 2: 0.95, 3: 0.85, 4: 0.7, 5: 0.65, 6: 0.25, 7: 0.2}

_LOCATIVE = PLACE_VERBS | {
    "in",
    "at",
    "near",
    "outside",
    "around",
    "into",
    "inside",
    "on",
    "within",
    "against",
}
_SITE_RE = re.compile(
    r"\b(?:Airport|Airbase|Base|Hill|Hills|Mountains?|Farms?|Fields?|District|Quarter|Suburb|Camp|Checkpoint|"
    r"Village|Valley|Dam|Bridge|Square|Neighbou?rhood|Project|Complex|Forests?|Highway|Road|Crossing|Hospital|"
    r"School|Mosque|Station|Prison|Academy|Factory|Stadium|Roundabout|Junction|Orchards?|Gardens?|Citadel|"
    r"Barracks|Refinery|Oilfields?|Silos|Quarry|Quarries|Heights|Plains?|Mountain|HQ|Headquarters|base|"
    r"headquarters|barracks|(?:[Pp]oints?|hills?|[Hh]eights?)(?=[ \t]+\d))\b"
)
# (read with match() at the end of a name, within _METONYM_REACH characters: no slice of the sentence's rest)
_METONYM_RE = re.compile(  # (anchored by match(): re.I costs nothing here, a Caseless word test would)
    r"\s*(?:'s|’s)?\s*(?:said|says|promises?|promised|accused|accuses|denied|denies|government|regime|party|"
    r"authorities|officials|announced|claimed|warned|insisted|rejected)\b",
    re.I,
)
_METONYM_REACH = 40
_DATELINE_MARK_RE = re.compile(r"\s*(?:\(|,|-|—)")
# (on a later line, a name with its date or agency: not "Saraqeb, Idlib and Binnish were bombed")
_LINE_DATELINE_RE = re.compile(r"\s*(?:\(|[-–—]|,\s*[A-Z][a-z]{2,8}\.?\s+\d)")
_NEAR = frozenset(("near", "outside", "around"))
_SETTLEMENT = SETTLEMENT_NOUNS
# "according to a field source inside Aleppo," — where the source is, not the event.
# "the road linking the town of A to B": a road's ends are reference points too.
REFERENCE_RE = Caseless(
    r"\b(?:located|situated|lying|lies|between|linking|links|connecting|connects|leading to|leads to)\b"
    r"[^,;]*$"
)
_ROAD_AFTER_RE = re.compile(r"[ \t]+(?:[Rr]oad|[Hh]ighway|[Ss]treet|[Mm]otorway)\b")
_SOURCE_CLAUSE_RE = Caseless(r"\baccording to\b[^,;]*$")
# "X countryside", "X region" after an unknown name: an area, not a site.
_AREA_WORDS = frozenset(("countryside", "region"))


def _specific(p: PlaceMention, sentence: Sentence) -> bool:
    """A site or settlement rather than an area's container (not a road or its end: a road is a line)."""
    if p.area:
        return False
    fine = bool(p.geo_noun or _SITE_RE.search(p.text)) if p.candidate is None else p.candidate.precision <= 3
    return fine and _reference_point(p, sentence) != "route"


_CONTAINERS = frozenset(("ADM1", "PPLA", "PPLC", "PPLA2", "PCLI", "RGN"))


_BIG_CONTAINERS = _CONTAINERS - {"PPLA2", "RGN"}  # a governorate, its capital, the capital, the country
_CONTAINER_REACH = 400  # characters: a city named far off in a run-on sentence does not hold this place


def _is_container(p: PlaceMention, others: list[PlaceMention], sentence: Sentence) -> bool:
    """Whether a finer place the event could be at is named near ``p`` inside it ("Ma'an, in Hama": Hama).
    A road or its end is no such place ("operations in the Golan, targeting the road linking Hadar to X")."""
    c = p.candidate
    if c is None or (c.feature_code not in _CONTAINERS and c.precision < 4):
        return False
    lo = bisect_left(others, p.start - _CONTAINER_REACH, key=lambda o: o.start)
    for k in range(lo, len(others)):  # (not a slice: copying the rest of a long list is quadratic)
        o = others[k]
        if o.start > p.end + _CONTAINER_REACH:
            break
        if o is p or (
            0 <= o.start - p.end <= 60
            and o.candidate is not None
            and o.candidate.feature_code in _CONTAINERS
            and _PART_OF_GAP_RE.match(sentence.text[p.end - sentence.start : o.start - sentence.start])
        ):
            continue  # "the Golan Heights of Quneitra": a container named as p's is not inside it
        oc = o.candidate
        if oc is None:
            inner = bool(o.geo_noun or _SITE_RE.search(o.text))
        elif oc.geonameid == c.geonameid:
            continue
        else:
            # o is finer than p, inside p's governorate (or p is the country), and not itself a big place; a
            # neighbourhood or landmark (precision 2) is finer than the city it belongs to.
            finer = oc.precision < c.precision + (1 if c.precision < 4 else 0) or (
                c.precision == 1 and oc.precision == 2
            )
            inside = c.feature_code == "PCLI" or not c.admin1_code or oc.admin1_code == c.admin1_code
            inner = finer and inside and (oc.feature_code not in _CONTAINERS or c.precision >= 4)
        if inner and _reference_point(o, sentence) != "route":
            return True
    return False


def mention_kind(p: PlaceMention) -> str:
    """What the gazetteer knows of a mention, in the ranker's terms (see :func:`mention_features`)."""
    c = p.candidate
    if c is None:
        return "country" if p.vague else "admin" if p.area else "unknown"
    if c.feature_code == "PCLI" or c.precision >= 7:
        return "country"
    if c.feature_code == "ADM1" or p.area:
        return "admin"
    return "place"


# "..., just as in Syria", "unlike in Idlib": a place the event is compared with.
_COMPARED_BEFORE_RE = re.compile(
    r"\b(?:just as|(?<!such )as|like|unlike|similar to|as happened|as was the case)\s+(?:in|at)\s+"
    r"(?:the\s+)?$",
    re.I,
)
# "said in Damascus that jets struck X": what is said is a clause of its own, and X is in it (not a relative
# "that": "told a meeting that was held in Moscow").
_REPORTED_CLAUSE_RE = Caseless(r"\bthat\s+(?!(?:was|were|is|are|had|has|have|will|would)\b)")


def _spoken_at(before: str) -> bool:
    """Whether the words right ``before`` a place say someone spoke there ("told reporters in X"), not what
    was reported ("said that jets struck X")."""
    said = list(SPEECH_RE.finditer(before))
    return bool(said) and not _REPORTED_CLAUSE_RE.search(before, said[-1].end())


def _aside(m: PlaceMention, s_places: list[PlaceMention], sentence: Sentence, trigger_at: int) -> str:
    """What ``m`` is named in: an aim clause ("aim"), a before/after clause ("aside"), else "". A bare "to
    retake X" is an aim only when the event has a place of its own before it ("an offensive in A to retake
    X"); "the battle to retake X" is fought at X."""
    rel = m.start - sentence.start
    for start, end, kind in aside_clauses(sentence.text):
        if not (start < rel <= end and rel - start <= 100):
            continue
        if kind == "aim":
            return "aim"
        if kind == "aside" and sentence.start + start > trigger_at:
            return "aside"
        if kind == "purpose" and rel - start <= PURPOSE_REACH:
            own = any(
                trigger_at < o.start < sentence.start + start
                and o.prep in _LOCATIVE
                and o.candidate is not None
                for o in s_places
            )
            return "aim" if own else ""
    return ""


def _said_there(m: PlaceMention, sentence: Sentence) -> bool:
    """Whether ``m`` is where someone spoke or a source is ("told reporters in Moscow", "according to a
    source in Damascus")."""
    return _said_at(sentence.text, m.start - sentence.start)


@lru_cache(maxsize=4096)
def _said_at(text: str, rel: int) -> bool:
    # Remembered: every place of a sentence asks it of every other (see nearest_known).
    return _spoken_at(text[max(0, rel - 45) : rel]) or bool(
        _SOURCE_CLAUSE_RE.search(text[max(0, rel - 90) : rel])
    )


# "the Salamiyah-Raqqa Highway" (a name the gazetteer lacks): a road is a line, not where anything is.
_ROUTE_NAME_RE = re.compile(r"[ \t](?:[Rr]oad|[Hh]ighway|[Ss]treet|[Mm]otorway|[Rr]oute)$")
_ROAD_END_RE = Caseless(r"\b(?:linking|links|connecting|connects|leading to|leads to)\b[^,;]*$")


def _reference_point(m: PlaceMention, sentence: Sentence) -> str:
    """What ``m`` is when it only locates something else: "route" for a road or its end ("the road linking
    A to B", "near the Jandoul Road", a road the gazetteer lacks), "located" for a point something lies by
    ("the hills located between A and B", "the farms situated east of A"), else ""."""
    if m.candidate is None and _ROUTE_NAME_RE.search(m.text):
        return "route"
    return _reference_at(
        sentence.text, m.start - sentence.start, m.end - sentence.start, m.candidate is not None
    )


@lru_cache(maxsize=4096)
def _reference_at(text: str, rel: int, end: int, resolved: bool) -> str:
    # Remembered: every place of a sentence asks it of every other (see _is_container).
    if (resolved and _ROAD_AFTER_RE.match(text, end)) or _ROAD_END_RE.search(text, max(0, rel - 60), rel):
        return "route"
    return "located" if REFERENCE_RE.search(text, max(0, rel - 60), rel) else ""


# "X was captured", "X has been shelled": the event word a passive verb; its subject is the place acted on.
_PASSIVE_BEFORE_RE = Caseless(r"\b(?:was|were|been|being|is|are)\s+(?:\w+ly\s+)?$")
_WORD_RE = re.compile(r"[A-Za-z]+")
# What ends the subject before the verb: a clause break, a verb of saying, or a verb of the subject's own.
_SUBJECT_BREAK_RE = Caseless(r"[,;:()—–]|\b(?:that|which|who|where|when|said|says|told|while|as)\b")
# How the subject may open before the place that heads it: "The X area", "the village of X", "two
# neighbourhoods of X" (not "a convoy heading to X", "residents of X": X is not what was acted on).
_SUBJECT_OPENING_RE = re.compile(
    r"(?:(?:the|a|an|all|several|some|many|two|three|four|most)\s+)?(?:[\w'’-]+\s+)?"
    r"(?:(?:towns?|villages?|city|districts?|neighbou?rhoods?|areas?|countryside|suburbs?|outskirts|hills?|"
    r"camp|base|airbase|airport|hospital|quarter|region|parts?|heart|centre|center|entrance|edge)\s+of\s*)?",
    re.I,
)
# A word after the place that makes it a modifier of people or a unit: "Douma fighters", "Aleppo residents".
_NOT_PLACE_HEAD = frozenset(
    (
        "residents", "resident", "fighters", "fighter", "rebels", "rebel", "militias", "militia", "family",
        "families", "governor", "governors", "convoy", "convoys", "people", "civilians", "troops", "forces",
        "soldiers", "men", "women", "children", "brigade", "brigades", "native", "natives",
    )
)  # fmt: skip


def _passive_subject(m: PlaceMention, sentence: Sentence, trigger_at: int) -> bool:
    """Whether ``m`` opens the subject of a passive event verb ("The Chebaa Farms area on the foothills of
    Mount Hermon was captured": Chebaa Farms, not the mountain it lies on)."""
    at = trigger_at - sentence.start
    word = _WORD_RE.match(sentence.text, at)
    if word is None or word.group().lower() not in PLACE_VERBS or word.group().lower().endswith("ing"):
        return False  # (not "Aleppo rebels were attacking": a progressive is active)
    if not _PASSIVE_BEFORE_RE.search(sentence.text, max(0, at - 24), at):
        return False
    rel = m.start - sentence.start
    # the subject runs from the last break before the mention to the verb, and the mention opens it
    if _SUBJECT_BREAK_RE.search(sentence.text, rel, at) is not None:
        return False
    head = sentence.text[max(0, rel - 60) : rel]
    breaks = list(_SUBJECT_BREAK_RE.finditer(head))
    opening = head[breaks[-1].end() :] if breaks else (head if rel <= 60 else "")
    if not _SUBJECT_OPENING_RE.fullmatch(opening.lstrip()):
        return False
    end = m.end - sentence.start
    if sentence.text[end : end + 2] in ("'s", "’s"):
        return False  # "Aleppo's Sukkari district was shelled": the possessor is not the subject's head
    after = _WORD_RE.match(sentence.text, end + 1)
    return after is None or after.group().lower() not in _NOT_PLACE_HEAD


# People leaving: where they go is not where the event was ("sought to cross into Turkey", "were evacuated to
# Idlib"); not an armed advance ("advanced towards Raqqa"), nor what crosses ("rockets crossed into Turkey"),
# nor where people were taken to suffer the event ("taken to Palmyra, where they were executed").
_FLIGHT_BEFORE_RE = Caseless(
    r"\b(?:fle(?:e|d|es|eing)|escap(?:e|ed|es|ing)|evacuat(?:e|ed|es|ing)|deport(?:ed|ing)|displaced|refuge|"
    r"bus(?:s)?ed|(?:sought|seeking|seek|trying|tried|attempting|attempted)\s+to\s+cross)\s+"
    r"(?:[\w'’-]+\s+){0,3}?(?:into|to|towards?)\s+(?:the\s+)?(?:[\w'’-]+\s+)?$"
)


def spoken_from(m: PlaceMention, sentence: Sentence) -> bool:
    """Whether ``m`` is where someone spoke or stands for its government ("told reporters in Moscow",
    "Moscow said", "In Istanbul, the opposition said jets struck Douma"): never an event's place when it is
    abroad (not "the bombing in Istanbul claimed by IS")."""
    if _metonym_after(m, sentence):
        return True
    end = m.end - sentence.start
    scene = scene_end(sentence.text)
    opening = 0 <= end <= scene
    return _said_there(m, sentence) or (opening and SPEECH_RE.search(sentence.text, scene) is not None)


def _metonym_after(m: PlaceMention, sentence: Sentence) -> bool:
    """Whether ``m`` stands for its government: "Damascus said", "Moscow's promises" (not "the bombing in
    Istanbul claimed by IS": a passive)."""
    end = m.end - sentence.start
    metonym = _METONYM_RE.match(sentence.text, end, end + _METONYM_REACH)
    return metonym is not None and not _BY_AFTER_RE.match(sentence.text, metonym.end())


_BY_AFTER_RE = re.compile(r"\s+by\b")  # "claimed by": a passive, not a government claiming


def flight_destination(m: PlaceMention, sentence: Sentence) -> bool:
    """Whether ``m`` is where people fled or were taken ("sought to cross into Turkey", "were evacuated to
    Idlib")."""
    rel = m.start - sentence.start
    return m.prep in ("into", "to", "towards", "toward") and (
        _FLIGHT_BEFORE_RE.search(sentence.text, max(0, rel - 60), rel) is not None
    )


def _place_score(m: PlaceMention, sentence: Sentence, trigger_at: int) -> float:
    c = m.candidate
    at_event = anchor(sentence, trigger_at, m.start)
    reference = _reference_point(m, sentence)
    if c is not None:
        score = _PLACE_BASE.get(c.precision, 0.5)
    elif m.vague:
        # a border, a country the gazetteer lacks: as vague as a country (one outside the map, less likely)
        score = _PLACE_BASE[7] if m.abroad else _PLACE_BASE[6]
    else:
        # An unknown name the text calls a village, hill or airport is a site: specific ("the village of X",
        # "X Airport", "X town").
        named = LOWER_DESIGNATOR_RE.match(sentence.text, m.end - sentence.start)  # "X town"
        site = (
            m.geo_noun
            or _SITE_RE.search(m.text)
            or TOPONYM_START_RE.match(m.text)
            or (named is not None and named.group().split()[0] not in _AREA_WORDS)
        )
        score = 0.9 if site else 0.55
    if m.match in ("variant", "fuzzy"):
        score -= 0.1 if m.match == "variant" else 0.25
        if c is not None and _SITE_RE.search(m.text) and not c.feature_code.startswith("PPL"):
            # "Turkmen Mountains" ~ "Jabal al-Turkman": a guessed spelling of a name the text calls a site,
            # that guesses a site, is at least as good as a site the gazetteer lacks (not "Water Station" ~
            # the village "Al Waytira")
            score = max(score, 0.9)
    if m.prep in _LOCATIVE:
        score += 0.12 if m.prep in _NEAR else 0.25
        at = trigger_at - sentence.start
        if (
            m.prep in PLACE_VERBS
            and trigger_at < m.start
            and sentence.text[at : at + len(m.prep)].lower() == m.prep
        ):
            score += 0.15  # "shelled the town of X": the event word itself acts on the place
        elif (
            m.start > trigger_at
            and at_event != trigger_at
            and not reference
            # (a place: not an unknown capitalised word, "targeting the Emir of Fika's palace")
            and (c is not None or bool(m.geo_noun) or _SITE_RE.search(m.text) is not None)
        ):
            score += 0.15  # "an offensive at A, targeting positions in B": what the event targets
    elif m.prep == "from":
        score -= 0.25  # "withdrew from A", "advanced from A to B": where a move or a shot began
    elif trigger_at < m.start and flight_destination(m, sentence):
        score -= 0.2  # "clashes ..., and residents fled into Turkey": where people went after the event
    elif m.start < trigger_at and _passive_subject(m, sentence, trigger_at):
        score += 0.4  # "the town of X was shelled": the place acted on, as "shelled the town of X"
    if m.listed:
        score -= 0.1  # "in A and B": A leads
    if m.geo_noun and not m.area:
        score += 0.2 if m.geo_noun in _SETTLEMENT else 0.1
    if _said_there(m, sentence):
        score -= 0.6  # "told reporters in Moscow", "according to a source in Damascus"
    if reference:
        score -= 0.3
    rel = m.start - sentence.start
    if _COMPARED_BEFORE_RE.search(sentence.text, max(0, rel - 30), rel):
        score -= 0.3  # "..., just as in Syria", "unlike in Idlib": a place the event is compared with
    if _metonym_after(m, sentence):
        score -= 0.5  # "Damascus said", "Moscow's promises": the government, not the place
    rel = m.start - sentence.start
    end = m.end - sentence.start
    if (m.sentence_start and sentence.start == 0 and _DATELINE_MARK_RE.match(sentence.text, end)) or (
        sentence.text[rel - 1 : rel] == "\n"
        and (m.text.isupper() or _LINE_DATELINE_RE.match(sentence.text, end))
        and _DATELINE_MARK_RE.match(sentence.text, end)
    ):
        score -= 0.5  # a dateline, also one on the line after a headline ("...\nBEIRUT, May 20 (Reuters) -")
    distance = abs(m.start - at_event) / 8.0  # ~words
    return score - 0.012 * min(distance, 30.0)


# "the villages of A and B near the town of C", "the Sheikh Lufti area near the airport", "the Chebaa Farms
# area on the foothills of Mount Hermon": C is the landmark that the place just named is located by; the
# event is at that place. Not across a clause break.
_NEAR_GAP_RE = Caseless(
    r"^[^,;:()—–]{0,60}?\b(?:near|outside|around|close to|next to|in the vicinity of|"
    r"on the (?:outskirts|foothills|slopes|edges?) of)\b[^,;:()—–]{0,40}$"
)
_CLAUSE_WORD_RE = Caseless(r"\b(?:that|which|who|where|while|when|after|before|and then|as)\b")
# "the Deir al-Asafir suburb of Damascus", "the Nabi Younis sub-district in Latakia", "the Youth Housing
# Complex in the Halwanyah District": the second name contains the first, named right before it.
_DIRECTION = r"(?:(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?|rural|greater)"
_PART_OF_GAP_RE = Caseless(
    r"^(?:'s|’s)?(?:\s+(?:sub-?)?(?:suburbs?|district|neighbou?rhood|quarter|area|part|section|region|sector|"
    r"countryside|village|town|hamlet|camp))?\s*,?\s+(?:of|in|inside|within)\s+(?:the\s+)?"
    rf"(?:(?:{_DIRECTION}\s+)?(?:city|town|province|governorate|suburbs?|outskirts|countryside|part)\s+of\s+"
    rf"(?:the\s+)?)?(?:{_DIRECTION}\s+)?$"
)


def _after_named(
    p: PlaceMention, s_places: list[PlaceMention], sentence: Sentence
) -> tuple[bool, bool, PlaceMention | None]:
    """(landmark, container, named in): whether ``p`` follows a place named just before it as the
    landmark that place lies near ("A near the town of B": B), or as the place it is part of ("the A suburb
    of B" with B the bigger, "A in B": B); or is the place named inside the one before ("the Damascus suburb
    of Douma": that one is returned). Not when the place before is a country or an area ("in Syria, in the
    town of B")."""
    # The mentions of a sentence do not overlap, so their ends are in order too (a scan would be quadratic).
    k = bisect_right(s_places, p.start, key=lambda o: o.end)
    prev = s_places[k - 1] if k else None
    if (
        prev is None
        or (prev.area and prev.geo_noun not in AREA_DIRECTIONS)
        or prev.vague
        or (prev.candidate is not None and prev.candidate.precision >= 6)
    ):
        return False, False, None
    gap = sentence.text[prev.end - sentence.start : p.start - sentence.start]
    if len(gap) > 110:
        return False, False, None
    if _PART_OF_GAP_RE.match(gap):
        if _named_by_container(prev, p, gap, sentence):
            return False, False, prev
        return False, True, None
    landmark = (
        len(gap.split()) <= 9
        and bool(_NEAR_GAP_RE.search(gap))
        and not _CLAUSE_WORD_RE.search(gap)
        and prev.prep != "from"  # "fighters from A attacked posts near B": A is where they came from
    )
    return landmark, False, None


# "the Damascus suburb of Douma", "the Idlib town of Saraqib": a city or province named as the modifier of the
# noun of the place that follows (not "the Douma suburb of Damascus": the bigger place comes last).
_PART_NOUN_GAP_RE = Caseless(
    r"^\s+(?:sub-?)?(?:suburb|district|neighbou?rhood|quarter|village|town|city)\s+of\s"
)
_THE_BEFORE_RE = Caseless(r"\bthe\s+$")
_SUBURB_GAP_RE = Caseless(r"^\s+(?:suburb|district|neighbou?rhood|quarter)\s+of\s")
_CITIES = frozenset(("PPLC", "PPLA"))
_RANK = {"PCLI": 5, "ADM1": 4, "PPLC": 3, "PPLA": 2, "PPLA2": 1}


def _named_by_container(a: PlaceMention, b: PlaceMention, gap: str, sentence: Sentence) -> bool:
    """Whether "the A <noun> of B" names B, inside A: A is a bigger place than B."""
    ca, cb = a.candidate, b.candidate
    if ca is None or cb is None or not _PART_NOUN_GAP_RE.match(gap):
        return False
    rel = a.start - sentence.start
    if not _THE_BEFORE_RE.search(sentence.text, max(0, rel - 6), rel):
        return False
    if ca.precision == 2:
        return False  # "the Bab Amr district of Homs": a neighbourhood or landmark holds no other place
    if ca.feature_code in _CITIES and _SUBURB_GAP_RE.match(gap):
        return (
            True  # "the Damascus suburb of eastern Ghouta": a city's suburb, however the gazetteer files it
        )
    return (ca.precision, _RANK.get(ca.feature_code, 0)) > (cb.precision, _RANK.get(cb.feature_code, 0))


def _names_inside(p: PlaceMention, s_places: list[PlaceMention], sentence: Sentence) -> bool:
    """Whether ``p`` is the bigger place in "the P <noun> of B" ("the Damascus suburb of Douma")."""
    rel = p.end - sentence.start
    if not _PART_NOUN_GAP_RE.match(sentence.text[rel : rel + 40]):
        return False
    b = next((o for o in s_places if o.start >= p.end), None)
    if b is None:
        return False
    gap = sentence.text[p.end - sentence.start : b.start - sentence.start]
    return len(gap) < 40 and _named_by_container(p, b, gap, sentence)


class _KnownMemo:
    """The known places of the last sentence asked (every place of a sentence asks :func:`nearest_known`:
    reading them once keeps a long list of places linear)."""

    places: ClassVar[list[PlaceMention] | None] = None
    starts: ClassVar[list[int]] = []
    known: ClassVar[list[PlaceMention]] = []


def _known_places(s_places: list[PlaceMention], sentence: Sentence) -> tuple[list[int], list[PlaceMention]]:
    if _KnownMemo.places is not s_places:
        known = [
            o
            for o in s_places
            if o.candidate is not None and o.candidate.precision <= 5 and not _said_there(o, sentence)
        ]
        _KnownMemo.places, _KnownMemo.starts, _KnownMemo.known = s_places, [o.start for o in known], known
    return _KnownMemo.starts, _KnownMemo.known


def nearest_known(p: PlaceMention, s_places: list[PlaceMention], sentence: Sentence) -> PlaceMention | None:
    """The gazetteer place (precision ≤ 5) named nearest ``p`` in its sentence, a place after it first at
    equal distance ("Kessab in Latakia province", not Damascus where a minister spoke), and not where someone
    spoke or a source is: what locates a place the gazetteer lacks."""
    starts, known = _known_places(s_places, sentence)
    i = bisect_left(starts, p.end)  # the first known place after p (mentions do not overlap)
    after = known[i] if i < len(known) else None
    j = i - 1
    while j >= 0 and known[j] is p:
        j -= 1
    before = known[j] if j >= 0 else None
    if before is None:
        return after
    if after is None or p.start - before.end + 1 <= after.start - p.end:
        return before  # (the scan this replaces kept the first of equals, and the one before comes first)
    return after


def hand_place_score(
    p: PlaceMention,
    s_places: list[PlaceMention],
    sentence: Sentence,
    trigger_at: int,
    shares: dict[str, float],
) -> float:
    """The hand-weighted quality of a place for an event: how specific, how surely tied to the event."""
    score = _place_score(p, sentence, trigger_at)
    aside = _aside(p, s_places, sentence, trigger_at)
    if aside:
        # "an offensive in A in order to recapture B": B is the aim, not yet where it happened; "X took A
        # after shelling B": B is what came before (or after) the event told
        score -= 0.3
    landmark, contains, named_in = _after_named(p, s_places, sentence)
    if landmark:
        score -= 0.3  # "A near the town of B": A
    if named_in is not None and named_in.prep in _LOCATIVE and p.prep not in _LOCATIVE:
        # "shelling on the Damascus suburb of Douma": the cue of the phrase is the named place's too
        score += 0.12 if named_in.prep in _NEAR else 0.25
    cut = background_end(sentence.text)
    if cut >= 0 and p.end <= sentence.start + cut and any(o.start >= sentence.start + cut for o in s_places):
        score -= 0.3  # "After the assault on A, rebels attacked B": B
    scene = scene_end(sentence.text)
    if (
        scene >= 0
        and (p.area or (p.candidate is not None and p.candidate.precision >= 4))
        and p.end <= sentence.start + scene
        and any(o.start >= sentence.start + scene and o.prep in _LOCATIVE for o in s_places)
    ):
        score -= 0.3  # "In the province of Aleppo, gunmen shelled A": A
    # A city or governorate named beside a place inside it is context ("Ma'an, near Kawkab, in Hama").
    if contains or (
        p.candidate is not None
        and (_is_container(p, s_places, sentence) or _names_inside(p, s_places, sentence))
    ):
        score -= 0.35  # also "the A suburb of B", "A in B": A
    elif p.area and any(
        _specific(o, sentence) and (o.candidate is None or o.candidate.feature_code not in _BIG_CONTAINERS)
        for o in s_places
        if o is not p
    ):  # (not a city the area may lie in: "the outskirts of eastern Ghouta in rural Damascus")
        score -= 0.15  # "the countryside of Hama, targeting the village of X": X
    # The document keeps returning there; a place the gazetteer lacks is where the sentence's first known
    # place puts it (as the extractor locates it).
    c = p.candidate
    if c is None and not p.vague and aside != "aim":  # an aim is not there yet
        known = nearest_known(p, s_places, sentence)
        c = known.candidate if known is not None else None
    if c is not None and not (p.candidate is not None and _said_there(p, sentence)):
        # (not where a source speaks from: "according to a correspondent in Damascus")
        score += 0.2 * shares.get(c.admin1_code, 0.0)
    return score
