"""Assembling events: who did what to whom in a sentence, merging sentences about one event, centrality."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, replace

from jointmap.domain.events import SubEventType as S
from jointmap.domain.events import event_type_of
from jointmap.extract.actors import ActorMatcher, ActorMention
from jointmap.extract.dates import DateSpan
from jointmap.extract.lexicon import ACCUSE_RE, CAPTURE_RE, HEDGE_RE
from jointmap.extract.places import PlaceMention
from jointmap.extract.results import FoundPlace
from jointmap.extract.text import Sentence

__all__ = ["Event", "borrow_perpetrators", "centrality", "governorate_shares", "merge", "refine", "roles"]

_BY_RE = re.compile(r"\b(?:by|from)\s+(?:the\s+|a\s+|an\s+)?(?:\w+\s+){0,2}$", re.I)
_TARGET_RE = re.compile(
    r"\b(?:against|on|targeting|targeted|at|hit|struck|attacked|killing|"
    r"killed)\s+(?:the\s+)?(?:\w+\s+){0,2}$",
    re.I,
)
_HELD_RE = re.compile(r"^\s*-?\s*(?:held|controlled|besieged)\b", re.I)


@dataclass
class Event:
    sentence: Sentence
    index: int
    sub: S
    strength: float
    trigger_at: int
    trigger: str
    place: FoundPlace | None
    place_score: float
    actors: tuple[ActorMention | None, ActorMention | None]
    tolls: tuple[int, int, int]
    civilians: bool
    when: DateSpan | None
    support: int = 1
    share: float = 0.0
    #: The place is the sentence's own, not the document's most named place lent to it.
    own_place: bool = True


def roles(
    sentence: Sentence, mentions: list[ActorMention], trigger_at: int
) -> tuple[ActorMention | None, ActorMention | None]:
    """(perpetrator, target): "by X" and X before the trigger act; "on/against X", after it, X-held suffer."""
    perpetrator: ActorMention | None = None
    target: ActorMention | None = None
    for m in mentions:
        before = sentence.text[max(0, m.start - sentence.start - 30) : m.start - sentence.start]
        after = sentence.text[m.end - sentence.start : m.end - sentence.start + 12]
        if m.actor == "civilians" or _HELD_RE.match(after) or _TARGET_RE.search(before):
            target = target or m
        elif _BY_RE.search(before) or m.kind == "unknown" or m.start <= trigger_at:
            perpetrator = perpetrator or m
        else:
            target = target or m
    if perpetrator is not None and target is not None and perpetrator.actor == target.actor:
        target = None
    return perpetrator, target


def refine(
    sub: S,
    text: str,
    perpetrator: ActorMention | None,
    target: ActorMention | None,
    civilians: bool,
    actors: ActorMatcher,
) -> S:
    """Territory changes by who took it; a generic attack between armed actors is a clash."""
    if sub is S.ARMED_CLASH and perpetrator is not None and perpetrator.actor and CAPTURE_RE.search(text):
        state = actors.is_state_side(perpetrator.actor)
        return S.GOVERNMENT_REGAINS_TERRITORY if state else S.NON_STATE_ACTOR_OVERTAKES_TERRITORY
    if sub is S.ATTACK and not civilians and (perpetrator is not None or target is not None):
        return S.ARMED_CLASH
    return sub


def borrow_perpetrators(events: list[Event], sentences: list[Sentence], mentions: list[ActorMention]) -> None:
    """An event without a perpetrator takes one blamed in the next two sentences, at reduced confidence."""
    checked: dict[int, ActorMention | None] = {}
    for e in events:
        if e.actors[0] is not None:
            continue
        for i in range(e.index + 1, min(e.index + 3, len(sentences))):
            if i not in checked:
                s = sentences[i]
                # The cheap test first: most sentences name no actor to blame.
                blamed = next(
                    (
                        m
                        for m in mentions
                        if s.start <= m.start < s.end and m.actor not in (None, "civilians")
                    ),
                    None,
                )
                if blamed is not None and not (ACCUSE_RE.search(s.text) or HEDGE_RE.search(s.text)):
                    blamed = None
                checked[i] = blamed
            m = checked[i]
            if m is not None:
                e.actors = (replace(m, confidence=round(m.confidence * 0.8, 2)), e.actors[1])
                break


def merge(events: list[Event]) -> list[Event]:
    """Sentences about the same event (same place, same event type) become one incident."""
    out: list[Event] = []
    for e in events:
        key = _place_key(e.place)
        twin = next(
            (
                o
                for o in out
                if key is not None
                and _place_key(o.place) == key
                and event_type_of(o.sub) is event_type_of(e.sub)
            ),
            None,
        )
        if twin is None:
            out.append(e)
            continue
        twin.support += 1
        if e.tolls[1] > twin.tolls[1]:
            twin.tolls = e.tolls
        if twin.actors[0] is None and e.actors[0] is not None:
            twin.actors = (e.actors[0], twin.actors[1] or e.actors[1])
        twin.civilians = twin.civilians or e.civilians
    return out


def _place_key(place: FoundPlace | None) -> tuple[object, ...] | None:
    if place is None:
        return None
    return (place.geonameid, place.mention.lower() if not place.resolved else "")


def governorate_shares(places: list[PlaceMention]) -> dict[str, float]:
    """Share of the document's resolved place mentions in each governorate."""
    counts: Counter[str] = Counter(
        p.candidate.admin1_code for p in places if p.candidate is not None and p.candidate.admin1_code
    )
    total = sum(counts.values())
    return {code: n / total for code, n in counts.items()} if total else {}


def centrality(e: Event) -> float:
    precision = e.place.precision if e.place else 7
    share = e.share
    lead = 0.4 if e.index < 2 else 0.0
    return (
        e.strength
        + 0.5 * max(0.0, min(1.0, e.place_score))
        + lead
        - 0.03 * min(e.index, 20)
        + 0.15 * math.log(e.support)
        + (0.15 if e.tolls[1] else 0.0)
        - (0.4 if precision >= 6 else 0.0)
        + 0.4 * share
    )
