"""Words that qualify a place name rather than name it: "Idlib *province*", "*city of* Homs", "Tabqa *Dam*".

:func:`designator` strips them and says what they asked for (``admin1``, ``city``, ``part``, ``facility``).
English generic words that translate an Arabic one ("Assad *Suburb*" = *Dahiyat* al-Assad, "*Mount* Turkman"
= *Jabal* Turkman) are returned too, so the geocoder can try the Arabic form first.
"""

from __future__ import annotations

import re

from jointmap.geo.normalize import ARTICLES, fold, loose_word

__all__ = ["ARABIC_GENERIC", "GENERIC_HEADS", "PART_OF_RE", "designator", "generic_head", "may_designate"]

_ADMIN_WORDS = frozenset(
    ("province", "governorate", "governate", "governroate", "muhafazat", "countryside", "suburbs")
)
_CITY_WORDS = frozenset(("city", "town", "village"))
_PART_WORDS = frozenset(
    ("neighbourhood", "neighborhood", "district", "quarter", "suburb", "area", "region", "sector")
)
# Facilities and features named after a place: "Kuweires Military Airport", "Tabqa Dam", "Yarmouk camp".
_FACILITY_WORDS = frozenset(
    [
        "airport",
        "airbase",
        "base",
        "camp",
        "refugee",
        "military",
        "air",
        "housing",
        "project",
        "complex",
        "youth",
        "dam",
        "hill",
        "hills",
        "farms",
        "farm",
        "gas",
        "field",
        "fields",
        "checkpoint",
        "roundabout",
        "hospital",
        "school",
        "square",
        "street",
        "road",
        "station",
        "prison",
        "bridge",
        "crossing",
        "highway",
        "gate",
        "mount",
        "mountain",
        "valley",
        "spring",
    ]
)
_LEAD_WORDS = {
    "hai": "part",  # حي, "quarter": Hai al-Ansari
    "hay": "part",
    "hayy": "part",
    "rif": "admin1",
    "reef": "admin1",
    "rural": "admin1",
    "countryside": "admin1",
    "mount": "facility",
    "old": "part",
    "new": "part",
    "greater": "part",
    "downtown": "part",
    "central": "part",
    "eastern": "part",
    "western": "part",
    "northern": "part",
    "southern": "part",
    "east": "part",
    "west": "part",
    "north": "part",
    "south": "part",
}
#: English generic word → the Arabic word it translates, which gazetteers write before the name.
ARABIC_GENERIC: dict[str, str] = {
    "suburb": "Dahiyat",
    "quarter": "Harat",
    "hill": "Tall",
    "hills": "Tall",
    "bridge": "Jisr",
    "gate": "Bab",
    "mount": "Jabal",
    "mountain": "Jabal",
    "valley": "Wadi",
    "spring": "Ayn",
    "camp": "Mukhayyam",
    "palace": "Qasr",
    "farms": "Mazari",
}
_LEAD_RE = re.compile(
    r"^(?:the\s+)?(?:(city|town|village|province|governorate|countryside|citadel|old\s+city|outskirts)\s+of\s+)",
    re.I,
)
PART_OF_RE = re.compile(
    r"^(?P<part>.+?)\s+(?:neighbou?rhood|district|quarter|area|suburb)\s+(?:of|in)\s+(?P<city>.+)$", re.I
)


def designator(name: str) -> tuple[str, str, str]:
    """(core name, kind, Arabic generic) for a qualified name.

    "Idlib province" → ("Idlib", "admin1", ""), "city of Homs" → ("Homs", "city", ""), "Tabqa Dam" →
    ("Tabqa", "facility", ""), "Al-Assad Suburb" → ("Al-Assad", "part", "Dahiyat").
    """
    text = name.strip()
    kind = generic = ""
    lead = _LEAD_RE.match(text)
    if lead:
        word = lead.group(1).lower()
        kind = "city" if word in _CITY_WORDS else "admin1" if word in _ADMIN_WORDS else "part"
        text = text[lead.end() :]
    words = text.split()
    while len(words) > 1 and (fold(words[0]) in _LEAD_WORDS or words[0].isdigit()):
        first = fold(words[0])
        kind = kind or _LEAD_WORDS.get(first, "part")
        generic = generic or ARABIC_GENERIC.get(first, "")
        words.pop(0)
    while len(words) > 1:
        last = fold(words[-1])
        if last in _ADMIN_WORDS:
            kind = kind or "admin1"
        elif last in _CITY_WORDS:
            kind = kind or "city"
        elif last in _PART_WORDS:
            kind = kind or "part"
        elif last in _FACILITY_WORDS or last.isdigit():
            kind = kind or "facility"
        else:
            break
        generic = generic or ARABIC_GENERIC.get(last, "")
        words.pop()
    return " ".join(words), kind, generic


# Every word designator() or PART_OF_RE acts on ("of" stands for the "city of X" lead phrases).
_TRIGGERS = frozenset(
    _ADMIN_WORDS | _CITY_WORDS | _PART_WORDS | _FACILITY_WORDS | frozenset(_LEAD_WORDS) | {"of", "in"}
)


def may_designate(name: str) -> bool:
    """False when ``designator(name)`` is certainly ``(" ".join(name.split()), "", "")`` and ``PART_OF_RE``
    cannot match: no word of the name is a designator word or a number (a set lookup per word)."""
    return not _TRIGGERS.isdisjoint(fold(name).split()) or any(w.isdigit() for w in name.split())


#: Arabic generic words that open the name of a natural feature or ruin – Tall (hill), Jabal (mountain),
#: ʿAyn (spring), Khirbat (ruin), Wadi (valley), Biʾr (well) – in the spellings transliterations use. Such a
#: feature is usually named after the settlement beside it ("Tall X" is the hill at X), and the word is part
#: of the name's structure: a skeleton match that loses it ("Tal Maa" ~ "Tulaymah", both t-l-m) is a
#: collision, not a spelling variant.
GENERIC_HEADS: dict[str, tuple[str, ...]] = {
    "tall": ("tall", "tal", "tell", "tel", "til"),
    "jabal": ("jabal", "jebel", "jabel", "jebal", "jibal", "jbel", "jbal", "djebel"),
    "ayn": ("ayn", "ain", "ein"),
    "khirbat": ("khirbat", "khirbet", "kherbet", "khirbeh", "khirba", "kharbat", "khirbit", "khurbat"),
    "wadi": ("wadi", "wady", "ouadi", "oued"),
    "bir": ("bir", "beer"),
}
# By loose key, so that spellings we did not list but that differ only in e/i, o/u or doubling count too.
_HEAD_OF: dict[str, str] = {loose_word(s): g for g, spellings in GENERIC_HEADS.items() for s in spellings}
# Glued on ("Tallkalakh", "Ainissa"): the same loose keys as prefixes, tried longest first.
_PREFIX_LENGTHS: tuple[int, ...] = tuple(sorted({len(k) for k in _HEAD_OF}, reverse=True))
_INITIALS = frozenset(k[0] for k in _HEAD_OF)


def generic_head(folded: str) -> tuple[str, bool]:
    """(generic, written apart) for a :func:`fold`-ed name: ``("tall", True)`` for "tal abyad",
    ``("tall", False)`` for "talkalakh" (glued on), ``("", False)`` when it opens with no generic word."""
    words = folded.split()
    first = 0
    while first < len(words) and words[first] in ARTICLES:
        first += 1
    if first == len(words) or words[first][0] not in _INITIALS:
        return "", False
    loose = loose_word(words[first])
    generic = _HEAD_OF.get(loose, "")
    if generic:
        # "Tall" alone is the name of a place, not a generic word opening one.
        return (generic, True) if first < len(words) - 1 else ("", False)
    for size in _PREFIX_LENGTHS:
        if len(loose) > size:
            generic = _HEAD_OF.get(loose[:size], "")
            if generic:
                return generic, False
    return "", False
