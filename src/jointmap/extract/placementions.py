"""Place mentions as records, and the finders that need no gazetteer.

:class:`PlaceMention` is what every place finder returns: a span, its resolution (if any) and its cue — the
preposition or attack verb before it and the noun that introduces it. Beside it are the cue helpers the
finders share (strong prepositions, a lower-case designator after a name, "X countryside" as an area, a name
listed after another taking its cue), and two finders that read the text alone: :func:`unnamed_sites` (unit
bases, borders and numbered heights: "the 137th Brigade's HQ", "the Iraqi-Syrian border", "Hill 1154") and
:func:`generic_mentions` (capitalised runs with their cues, what the place ranker is trained on). The
gazetteer-backed finder is :class:`jointmap.extract.places.PlaceFinder`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace

from jointmap.extract.placenames import DEMONYM_COMPOUND_RE, UNNAMED_SITE_RE, is_person
from jointmap.extract.placewords import (
    AREA_CUES,
    GENERIC_PREFIX,
    MONTHS_DAYS,
    ORG_WORDS,
    PERSONS,
    PLACE_VERBS,
    PLACE_WORDS,
    STOP,
    cue,
    fold,
)
from jointmap.extract.text import Word, capitalised_runs
from jointmap.geo import Candidate

__all__ = [
    "LOWER_DESIGNATOR_RE",
    "STRONG_PREPS",
    "PlaceMention",
    "area_after",
    "coordinate",
    "generic_mentions",
    "overlaps_before",
    "unnamed_sites",
]


STRONG_PREPS = (
    frozenset(
        ("in", "at", "near", "outside", "around", "into", "inside", "within", "across", "through", "over")
    )
    | PLACE_VERBS
) - {"hit", "hits"}
# A lower-case word after a name that says what it is: "the Al-Dahr Al-Aswad hill", "the Beit Na'im area".
LOWER_DESIGNATOR_RE = re.compile(
    r"[ \t]+(?:hill|hills|village|town|area|(?:sub-?)?district|neighbou?rhood|airport|airbase|base|"
    r"mountains?|farms?|camp|checkpoint|crossing|dam|valley|plain|orchards?|countryside|region|quarter|suburb)\b"
)


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in the text. ``candidate`` is None for a name the gazetteer lacks."""

    start: int
    end: int
    text: str
    candidate: Candidate | None
    match: str  # exact | normalised | variant | fuzzy | unresolved
    prep: str  # the preposition before it ("in", "near", ...), "" if none
    geo_noun: str  # "village", "countryside", "north" ... when "the village of X"
    sentence_start: bool
    #: Named as the container of an area ("the countryside of X", "X Governorate", "in southern X", "the
    #: outskirts of X", "northeast of X"; not "north of X": see placewords.AREA_CUES): context when a more
    #: specific place is named beside it.
    area: bool = False
    #: Listed after another name and given its cue ("in A and B": B); the first named leads.
    listed: bool = False
    #: A stretch of border ("near the Turkish border") or a country the gazetteer lacks ("in Turkey"): no
    #: more precise than a country.
    vague: bool = False
    #: A country the gazetteer lacks ("in Turkey"): the event, if there, is outside the map.
    abroad: bool = False

    @property
    def specific(self) -> bool:
        return self.candidate is not None and self.candidate.precision <= 3


_AREA_AFTER_RE = re.compile(r"\s*(?:'s|’s)?\s+(?:countryside|province|governorate)\b", re.I)


def area_after(text: str, end: int) -> bool:
    """ "X countryside", "X's countryside", "X province": X named as the container of an area."""
    return _AREA_AFTER_RE.match(text, end, min(len(text), end + 30)) is not None


def overlaps_before(covered: list[tuple[int, int]], k: int, run_start: int) -> bool:
    """Whether a covered span at index ``k`` or before (sorted by start) reaches past ``run_start``."""
    # Mentions do not nest; a few back suffice.
    return any(covered[i][1] > run_start for i in range(k, max(-1, k - 4), -1))


_COORD_RE = re.compile(r"^(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)(?:the\s+)?$")


def coordinate(text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """ "the villages of A, B and C", "targeting A and B": a name listed after another shares its cue."""
    out: list[PlaceMention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None
            and (prev.prep or prev.geo_noun)
            and m.prep in ("", "and", "or")
            and not m.geo_noun
            and _COORD_RE.match(text[prev.end : m.start])
        ):
            m = replace(m, prep=prev.prep, geo_noun=prev.geo_noun, area=prev.area, listed=True)
        out.append(m)
    return out


def unnamed_sites(
    text: str, sentences: list[tuple[int, int]], found: list[PlaceMention]
) -> list[PlaceMention]:
    """Unit bases, borders and numbered heights named in ``sentences`` ("the 137th Brigade's HQ", "the
    Iraqi-Syrian border", "Hill 1154"), as unresolved sites, where no other mention lies."""
    out = []
    starts = [start for start, _end in sentences]
    covered = sorted((o.start, o.end) for o in found)  # (bisected: a scan per site would be quadratic)
    covered_starts = [c[0] for c in covered]
    for m in UNNAMED_SITE_RE.finditer(text):
        s, e = m.span()
        k = bisect_right(starts, s) - 1
        if k < 0 or e > sentences[k][1]:
            continue
        if overlaps_before(covered, bisect_left(covered_starts, e) - 1, s):
            continue
        sent_start = sentences[k][0]
        prep, noun = cue(text, s, sent_start)
        vague = m.group().lower().endswith("border")
        out.append(
            PlaceMention(s, e, m.group(), None, "unresolved", prep, noun, s == sent_start, vague=vague)
        )
    return out


def generic_mentions(
    text: str, sentences: list[tuple[int, int]], known: Callable[[str], bool] | None = None
) -> list[PlaceMention]:
    """Place-like mentions without the scenario's gazetteer: capitalised runs that are not titles, months,
    organisations or people, each with its cue, all unresolved. With ``known`` (a test on a folded name, e.g.
    a world list of cities and countries), a run is kept, as :meth:`PlaceFinder.find` keeps one, only when it
    is a known name or its words or cue say it is a place ("the village of X", "in X", "X Airport"). What
    the place ranker is trained on: sentences about any country, with the same cues as the finder gives."""
    mentions: list[PlaceMention] = []
    for sent_start, sent_end in sentences:
        for _s, _e, run_words in capitalised_runs(text[sent_start:sent_end], sent_start):
            ws = list(run_words)
            last = ws[-1]
            if last.text.endswith(("'s", "’s")):
                ws[-1] = Word(last.start, last.end - 2, last.text[:-2])
            lowered = [fold(w.text) for w in ws]
            while len(ws) > 1 and (
                (lowered[0] in STOP and lowered[0] not in GENERIC_PREFIX) or lowered[0] in MONTHS_DAYS
            ):
                ws, lowered = ws[1:], lowered[1:]
            if any(w in ORG_WORDS for w in lowered) or all(w in STOP or w in MONTHS_DAYS for w in lowered):
                continue
            if (len(ws) == 1 and DEMONYM_COMPOUND_RE.fullmatch(ws[0].text)) or lowered[-1] == "time":
                continue  # "US-Kurdish", "(Damascus Time)", as the finder reads them
            start, end = ws[0].start, ws[-1].end
            if end <= start or is_person(text, start, end) or fold(text[start:end]) in PERSONS:
                continue
            letters = [c for c in text[start:end] if c.isalpha()]
            if len(letters) < 2:
                continue
            prep, noun = cue(text, start, sent_start)
            if known is not None and not known(fold(text[start:end])):
                designated = any(w in PLACE_WORDS for w in lowered) or bool(
                    LOWER_DESIGNATOR_RE.match(text, end)
                )
                if not (designated or noun or (prep in STRONG_PREPS and start != sent_start)):
                    continue
            area = noun in AREA_CUES or area_after(text, end)
            mentions.append(
                PlaceMention(
                    start, end, text[start:end], None, "unresolved", prep, noun, start == sent_start, area
                )
            )
    return coordinate(text, mentions)
