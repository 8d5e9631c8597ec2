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

# Words that may stand between a cue and the actor it governs ("by the Syrian army", "on rebel positions"):
# not a preposition or conjunction that opens another phrase, nor a time word ("On Monday Russian jets").
_FILLER = (
    r"(?:(?!(?:on|in|at|against|near|by|from|of|when|as|after|while|during|amid|and|with|to|into|since|"
    r"before|until|where|because|monday|tuesday|wednesday|thursday|friday|saturday|sunday|morning|"
    r"afternoon|evening|night|day|week|month|year|today|yesterday|dawn|dusk|nightfall|noon|midnight|sunset|"
    r"sunrise|daybreak|then|now)\b)[\w'-]+\s+)"
)
# "hit by X": the agent of a passive verb acts.
_BY_RE = re.compile(rf"\bby\s+(?:the\s+|a\s+|an\s+)?{_FILLER}{{0,2}}$", re.I)
# "from X": after a verb of capture X loses the place ("took Manbij from IS"); else X fires ("shelling from
# X").
_FROM_RE = re.compile(rf"\bfrom\s+(?:the\s+|a\s+|an\s+)?{_FILLER}{{0,2}}$", re.I)
_TARGET_RE = re.compile(
    r"\b(?:against|on|targeting|targeted|at|hit|struck|attacked|killing|killed|(?:killed|wounded|injured)\s+in)"
    r"\s+(?:the\s+)?"
    rf"{_FILLER}{{0,2}}$",
    re.I,
)
# "killed in Russian air strikes", "in US-led coalition raids": X's attack is the means; X acts.
_MEANS_BEFORE_RE = re.compile(
    r"\b(?:in|during|amid|under|after|following)\s+(?:the\s+|a\s+|an\s+)?(?:[\w'-]+\s+)?$", re.I
)
_ATTACK_NOUN = (
    r"(?:air\s*strikes?|airstrikes?|strikes?|air[\s-]*raids?|raids?|shelling|bombardments?|bombing|"
    r"(?:barrel\s+)?bombs?|attacks?|assaults?|offensives?|fire|missiles?|rockets?|mortars?|artillery|"
    r"snipers?|ambush(?:es)?|onslaught)"
)
_MEANS_IN_RE = re.compile(rf"\b{_ATTACK_NOUN}$", re.I)
# (not "killed in Red Crescent clinic bombing": the word between names what was hit)
_MEANS_AFTER_RE = re.compile(
    r"^(?:'s)?(?:\s+(?!(?:clinic|hospital|school|market|mosque|bakery|camp|convoy|office|headquarters|facility|"
    rf"centre|center|building|warehouse|shelter|church)\b)[\w'-]+)?\s+{_ATTACK_NOUN}\b",
    re.I,
)
# "Islamic State fighters were killed", "army positions were hit": the subject of a passive verb suffers it.
_PASSIVE_AFTER_RE = re.compile(
    r"^(?:\s+(?:fighters?|militants?|soldiers?|troops|members?|commanders?|positions?|units?|convoys?|"
    r"vehicles?|bases?|headquarters|leaders?|men|personnel|gunmen|officers?|jihadists?|insurgents?|"
    r"rebels?|forces|jets?|warplanes?|helicopters?|aircraft|drones?|checkpoints?|posts?|outposts?))*"
    r"\s+(?:was|were|has\s+been|have\s+been|had\s+been|is|are|being|got)\s+(?:\w+ly\s+)?"
    r"(?!(?:reported|said|believed|thought|alleged|accused|suspected|expected|understood|known|involved|"
    r"backed|supported|deployed|positioned|stationed|based|used|seen|spotted|heard|observed|filmed|"
    r"responsible|blamed|led|joined|allowed|determined|committed|prepared|engaged|locked)\b)"
    r"(?:\w+ed|hit|struck|shot|slain|beaten|driven|taken|overrun|caught|forced|expelled)\b",
    re.I,
)
# "... when Russian warplanes bombed the town": the subject of a clause of its own acts.
_CLAUSE_BEFORE_RE = re.compile(
    r"(?:\b(?:when|as|after|while|where|because|since|until|before|then)|;)\s+(?:the\s+)?$", re.I
)
# "clashes between A and B": A and B are the two sides.
_BETWEEN_RE = re.compile(r"\bbetween\s+(?:the\s+)?$", re.I)
# "A and B", "A, B": what lies between two coordinated mentions; B shares A's part.
_AND_RE = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s+|as\s+well\s+as\s+)(?:the\s+)?", re.I)
# An event word naming a fight between sides: coordinated actors may stand on either.
_MUTUAL_RE = re.compile(
    r"(?:clash\w*|fighting|fought|battles?\b|battling|skirmish\w*|gun ?battles?|shoot-?outs?|"
    r"confrontations?)",
    re.I,
)
#: Older than the latest date of a document's events by more than this: background, not the news.
_BACKGROUND_DAYS = 60
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
    #: Dated long before the document's other events (see :func:`merge`): background, not the news.
    background: bool = False


def roles(
    sentence: Sentence, mentions: list[ActorMention], trigger_at: int
) -> tuple[ActorMention | None, ActorMention | None]:
    """(perpetrator, target). The agent of a passive ("hit by X"), the means ("killed in X air strikes"), the
    subject of a clause ("when X bombed"), "from X" except after a capture, and X before the event word act;
    the subject of a passive ("X fighters were killed"), "on/against X", "from X" after a capture, X after
    the event word and X-held places suffer. "between A and B" names both sides; "A and B" share a part,
    or, in a clash, stand on either side."""
    text = sentence.text
    base = sentence.start
    at = trigger_at - base
    mutual = _MUTUAL_RE.match(text, at) is not None
    slots: list[ActorMention | None] = [None, None]
    prev: ActorMention | None = None
    prev_role = 0
    between_pair = False  # the previous mention opened "between A and B"
    for m in mentions:
        s = m.start - base
        coordinated = prev is not None and _AND_RE.fullmatch(text, prev.end - base, s) is not None
        if coordinated and between_pair:
            slots[1] = m  # "between A and B": B is the other side, whatever else the sentence names
            role, between_pair = 1, False
        elif _BETWEEN_RE.search(text, max(0, s - 12), s) and m.actor != "civilians":
            slots[0] = m
            role, between_pair = 0, True
        else:
            between_pair = False
            role = prev_role if coordinated else _role(text, m, s, m.end - base, at)
            if slots[role] is None:
                slots[role] = m
            elif coordinated and mutual and slots[1 - role] is None:
                slots[1 - role] = m  # "A and B clashed": the two sides
        prev, prev_role = m, role
    perpetrator, target = slots
    if perpetrator is not None and target is not None and perpetrator.actor == target.actor:
        target = None
    return perpetrator, target


def _role(text: str, m: ActorMention, s: int, e: int, trigger_at: int) -> int:
    """0 (acts) or 1 (suffers) for the mention at ``s:e`` of a sentence, by the words around it."""
    before = text[max(0, s - 40) : s]
    after = text[e : e + 60]
    if m.actor == "civilians" or _HELD_RE.match(after):
        return 1
    if _BY_RE.search(before):
        return 0
    if _FROM_RE.search(before):
        # a capture just before ("captured Manbij from IS"), not one told earlier in the sentence
        return 1 if CAPTURE_RE.search(text, max(0, s - 50), s) else 0
    if _MEANS_BEFORE_RE.search(before) and (_MEANS_IN_RE.search(m.text) or _MEANS_AFTER_RE.match(after)):
        return 0
    if _PASSIVE_AFTER_RE.match(after):
        return 1
    if _CLAUSE_BEFORE_RE.search(before):
        return 0
    if _TARGET_RE.search(before):
        return 1
    return 0 if m.kind == "unknown" or s <= trigger_at else 1


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


# "Islamic State claimed responsibility": the perpetrator names itself.
# Not a claim of another attack: "claimed responsibility for a bombing in Baghdad last week".
_CLAIMED_RE = re.compile(
    r"\b(?:claimed|claims|claiming|took|takes|admitted|accepted)\s+(?:responsibility|credit)(?:\s+for\s+"
    r"(?:the|this|that|these|those|its|their)(?:\s+[\w'-]+){1,3})?\s*(?:[.;,]|$)",
    re.I,
)


def borrow_perpetrators(events: list[Event], sentences: list[Sentence], mentions: list[ActorMention]) -> None:
    """An event without a perpetrator takes one blamed, or one claiming it, in the next two sentences, at
    reduced confidence."""
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
                if blamed is not None and not (
                    ACCUSE_RE.search(s.text) or HEDGE_RE.search(s.text) or _CLAIMED_RE.search(s.text)
                ):
                    blamed = None
                checked[i] = blamed
            m = checked[i]
            if m is not None:
                e.actors = (replace(m, confidence=round(m.confidence * 0.8, 2)), e.actors[1])
                break


def merge(events: list[Event]) -> list[Event]:
    """Sentences about the same event (same place, same event type, dates that can be one) become one
    incident; an event dated long before the document's latest is marked background."""
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
                and _same_time(o.when, e.when)
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
    latest = max((e.when.end for e in out if e.when is not None), default=None)
    if latest is not None:
        for e in out:
            e.background = e.when is not None and (latest - e.when.end).days > _BACKGROUND_DAYS
    return out


def _same_time(a: DateSpan | None, b: DateSpan | None) -> bool:
    """Whether two events' dates can be one event's: unless both are told ("on Monday", not the document's
    date) and do not overlap."""
    if a is None or b is None or not a.phrase or not b.phrase:
        return True
    return a.start <= b.end and b.start <= a.end


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
        - (1.0 if e.background else 0.0)
    )
