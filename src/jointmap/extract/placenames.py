"""What a capitalised name is when it is not a place of events: a person ("President Assad"), a headline's
word, an origin or a holder ("Aleppo-based", "ISIS-held"), a clock's time zone ("Damascus Time"), the ends
of a route ("the Aleppo-Damascus Highway"), nationalities joined by a hyphen ("US-Kurdish"); and the sites
the capitalised-run path cannot read (a unit's base, a stretch of border). The place finder reads names
with these."""

from __future__ import annotations

import re

from jointmap.extract.placewords import PERSONS, fold, words

__all__ = [
    "BANNED_IN_RE",
    "BORDER_TOWN_BEFORE_RE",
    "DEMONYM_COMPOUND_RE",
    "HOLDER_SUFFIX_RE",
    "JOINED_NAMES_RE",
    "NOT_ABROAD",
    "ORIGIN_SUFFIX_RE",
    "ROUTE_AFTER_RE",
    "TIME_ZONE_RE",
    "UNNAMED_SITE_RE",
    "UNNAMED_SITE_WORDS",
    "in_route_name",
    "is_person",
    "title_case",
]


# A title or role right before a name: "President Assad", "ISIS commander Jassim", "reporter Yusha Yuseef".
_TITLES_BEFORE = tuple(
    words(
        """president mr mr. mrs mrs. dr dr. minister leader general gen. sheikh director commander spokesman
    spokeswoman spokesperson emir colonel col. brigadier lieutenant lt. activist journalist correspondent
    reporter envoy ambassador governor mayor cleric imam"""
    )
)


_ROLE_AFTER_RE = re.compile(
    r",?[ \t]+(?:the[ \t]+)?(?:president|spokesman|spokeswoman|spokesperson|leader|head|chief|commander|"
    r"director|envoy|chairman|founder|secretary-general)[ \t]+of[ \t]"
)
# "an activist from Douma, head of the council": the office is that of the man named before the place (not
# "a statement from Zahran Alloush, head of Jaish al-Islam", "the killing of Zahran Alloush, head of ...")
_PLACE_BEFORE_RE = re.compile(
    r"\b(?:activist|resident|official|doctor|member|source|man|woman|spokes(?:man|woman)|mayor|governor|"
    r"commander|leader|fighter|journalist|reporter|correspondent|rebel|figure|lawyer|cleric|teacher|worker|"
    r"volunteer|medic|nurse|farmer|student|[A-Z][\w'’-]+)s?[ \t]+(?:of|in|from|at|near)"
    r"[ \t]+$"
)
_PATRONYMIC_BEFORE_RE = re.compile(r"\b(?:bin|ibn|bint)[ \t]+$", re.I)
_NAME_BEFORE_RE = re.compile(r"\b([A-Z][a-z]+) $")
_NAME_AFTER_RE = re.compile(r" ([A-Z][a-z]+)\b")


def is_person(text: str, start: int, end: int) -> bool:
    """A personal name ("Bashar al-Assad", "President Assad", "Mr. Kerry", "Sami Jassim Mohammed") rather
    than a place."""
    words = fold(text[start:end]).split()
    if words and (words[0] in PERSONS or words[-1] in PERSONS):
        return True
    # A name run on with a personal name: "Jassim Mohammed", "Mohammed Jassim".
    if start >= 2 and text[start - 2].islower():  # "...mi Jassim": a word right before
        name = _NAME_BEFORE_RE.search(text, max(0, start - 16), start)
        if name and name[1].lower() in PERSONS:
            return True
    if text[end + 1 : end + 2].isupper():  # "Jassim Mo...": a word right after
        name = _NAME_AFTER_RE.match(text, end, end + 16)
        if name and name[1].lower() in PERSONS:
            return True
    if _ROLE_AFTER_RE.match(text, end, end + 40) and not _PLACE_BEFORE_RE.search(
        text, max(0, start - 40), start
    ):
        # "Hadi al-Bahra, president of the Coalition": a person and his office (not "Abu Ahmad from Douma,
        # head of the local council": the office is the man's)
        return True
    if _PATRONYMIC_BEFORE_RE.search(text, max(0, start - 6), start):
        return True  # "Umar bin Khattab": a father's name, not the village of that name
    before = text[max(0, start - 12) : start].lower()
    title = before.rstrip()
    return len(title) < len(before) and title.endswith(_TITLES_BEFORE)


_LOWER_WORD_RE = re.compile(r"\b[a-z]{4,}\b")
_UPPER_WORD_RE = re.compile(r"\b[A-Z][a-z]{3,}\b")


def title_case(text: str, start: int, end: int) -> bool:
    """A headline: most words of four letters or more capitalised (read over 160 characters from
    ``start``, not past the sentence's ``end``)."""
    piece = text[start : min(end, start + 160)]
    upper = len(_UPPER_WORD_RE.findall(piece))
    return upper >= 4 and upper > 2 * len(_LOWER_WORD_RE.findall(piece))


# "the UK-based Observatory", "a London-born fighter": a compound adjective naming where someone comes from
# or works, not where anything happened (and too short a name to guess a spelling variant from).
ORIGIN_SUFFIX_RE = re.compile(r"-(?:based|born|made|headquartered)\b", re.I)
# "the ISIS-held village", "Islamist-controlled town": who holds a place, not a place.
HOLDER_SUFFIX_RE = re.compile(
    r"-(?:held|controlled|backed|led|run|allied|affiliated|linked|dominated|occupied|besieged)$", re.I
)
# "Islamic State (banned in Russia)", "(a terrorist group outlawed in Russia)": where a group is banned, in
# an aside that some agencies add to its every mention; not a place of the event.
BANNED_IN_RE = re.compile(
    r"\((?:[^()]{0,40}\s)?(?:banned|outlawed|prohibited|proscribed)\s+(?:[\w-]+\s+){0,2}?in\s+(?:the\s+)?$",
    re.I,
)
# "10 A.M. (Damascus Time)", "at noon Moscow time": a clock's time zone, not a place.
TIME_ZONE_RE = re.compile(r"[ \t]+(?:[Ss]tandard[ \t]+)?[Tt]ime\b")


# "the Aleppo-Damascus Highway", "the Iraqi-Syrian border": places joined by a hyphen name a route or a line
# between them, not where anything happened.
ROUTE_AFTER_RE = re.compile(
    r"[\w'’-]*(?:[ \t]+[A-Z][\w'’-]*)?[ \t]+(?:highway|road|motorway|railway|pipeline|border|frontier|"
    r"corridor|route|supply route|axis)\b",
    re.I,
)


# Two names joined by a hyphen ("Syria-Turkey"), not an article and its name ("Al-Kindi").
JOINED_NAMES_RE = re.compile(r"\b(?!(?:[Aa][lnrsdtz]|[Ee][lnrsdtz]|[Aa]sh|[Ee]sh)-)[A-Z][\w'’]+-[A-Z]")


def in_route_name(text: str, start: int, end: int) -> bool:
    joined_before = start > 1 and text[start - 1] == "-" and text[start - 2].isalpha()
    joined_after = end + 1 < len(text) and text[end] == "-" and text[end + 1].isupper()
    if not (joined_before or joined_after):
        return False
    return ROUTE_AFTER_RE.match(text, end, min(len(text), end + 60)) is not None


# Sites the capitalised-run path cannot read: a unit's base, named by the unit ("the 137th Brigade's HQ",
# "the 17th Division base", "Brigade 93 base"; the name opens with a number), and a stretch of border named
# by the countries on either side ("near the Iraqi-Syrian border", "the Turkish border").
# "the Syrian border town of Kobani", "the Turkish border crossing": "border" modifies the noun that names the
# place.
_BORDER_AS_MODIFIER = (
    r"(?:towns?|city|cities|villages?|province|governorate|crossings?|guards?|police|posts?|points?|"
    r"districts?|camps?)\b"
)
BORDER_TOWN_BEFORE_RE = re.compile(
    r"\b(?P<people>[A-Z][a-z]+(?:ish|ian|ese|i|an))[ \t]+border[ \t]+(?:town|city|village)[ \t]+of[ \t]+$"
)
# Names in the world list that, in news of the region, are as often inside the map as outside it.
NOT_ABROAD = frozenset(("kurdistan",))
_DEMONYM = r"(?:[A-Z][a-z]+(?:ish|ian|ese|i|an)|Syria|Turkey|Iraq|Jordan|Lebanon|Israel)"
UNNAMED_SITE_RE = re.compile(
    r"(?<![\w-])(?:(?:\d{1,3}(?:st|nd|rd|th)[ \t]+(?:[A-Z][a-z]+[ \t]+){0,3}(?:Brigade|Division|Regiment|"
    r"Battalion|Corps|Squadron)|(?:Brigade|Division|Regiment|Battalion)[ \t]+\d{1,3})(?:’s|'s)?[ \t]+"
    r"(?:HQ|[Hh]eadquarters|[Bb]ase|[Bb]arracks|[Aa]irbase)"
    rf"|{_DEMONYM}(?:-{_DEMONYM})?[ \t]+[Bb]order(?![ \t]+{_BORDER_AS_MODIFIER})"
    # "Hill 1154", "points 474 and 616": heights known by their elevation on the military map
    r"|(?<!this )(?<!that )(?<!which )(?<!what )(?:[Hh]ills?|[Pp]oints?|[Hh]eights?)[ \t]+\d{2,4}(?![\d.,:])"
    r"(?:[ \t]+and[ \t]+\d{2,4}(?![\d.,:]))?"
    # (not "at this point 12 people had died": a count, whose noun follows)
    r"(?![ \t]+(?!(?:and|near|in|on|at|of|overlooking|north|south|east|west|from|to|by)\b)[a-z]))\b"
)


# Nationality adjectives or abbreviations joined by hyphens: "US-Kurdish", "Russian-Syrian", "Iraqi-Syrian".
DEMONYM_COMPOUND_RE = re.compile(
    r"(?:[A-Z]{2,3}|[A-Z][a-z]+(?:ish|ian|ese|i|an))(?:-(?:[A-Z]{2,3}|[A-Z][a-z]+(?:ish|ian|ese|i|an)))+"
)


# What the pattern needs, as written (a cheap test before it).
UNNAMED_SITE_WORDS = (
    "Brigade",
    "Division",
    "Regiment",
    "Battalion",
    "Corps",
    "Squadron",
    "border",
    "Border",
    "Hill",
    "hill",
    "Point",
    "point",
    "Height",
    "height",
)
