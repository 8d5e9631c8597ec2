"""Which event word a sentence reports, typed in ACLED terms (see :func:`find_trigger`).

One pass of an Aho-Corasick automaton over a document finds every trigger stem at a word start; a sentence
then tries only the trigger patterns whose stems it holds. A trigger that is denied ("no reports of
fighting"), not yet happened ("will meet to discuss"), a state ("the besieged town"), an aim ("to
recapture"), or the name of a unit or site ("the 137th Artillery Brigade", "the artillery academy") is not
the sentence's event.
"""

from __future__ import annotations

import re

import ahocorasick

from jointmap.domain.events import EventType as ET
from jointmap.domain.events import SubEventType as S
from jointmap.domain.events import event_type_of
from jointmap.extract.event_dates import FUTURE_MARKERS, future_pattern
from jointmap.extract.fatalities import tells_whole_war
from jointmap.extract.lexicon import ACCUSE_STEMS, AFTER_CLAUSE, STEMS, TRIGGERS
from jointmap.extract.placeclauses import background_end
from jointmap.extract.text import Caseless, Normalised, normalise

__all__ = ["SAID_STEMS", "Trigger", "find_trigger", "sentence_trigger", "stem_hits"]

#: (sub-event type, strength, offset in the sentence, the word as written)
Trigger = tuple[S, float, int, str]

# Words of saying, found by the same pass (index -2): a sentence that says something may accuse. The
# extractor builds its saying pattern (_SAID_RE) from these too.
SAID_STEMS = ("said", "says", "claimed", "claims", "stated", "reported", "announced")


def _stem_automaton() -> ahocorasick.Automaton:
    """Word-start stems → trigger indexes (-1 for accusation words), for one pass over a document."""
    table: dict[str, set[int]] = {}
    for index, stems in enumerate(STEMS):
        for stem in stems:
            table.setdefault(stem, set()).add(index)
    for stem in ACCUSE_STEMS:
        table.setdefault(stem, set()).add(-1)
    for stem in SAID_STEMS:
        table.setdefault(stem, set()).add(-2)
    automaton = ahocorasick.Automaton()
    for stem, indexes in table.items():
        key = " " + " ".join(stem.replace("-", " ").split())
        automaton.add_word(key, (len(key), tuple(sorted(indexes))))
    automaton.make_automaton()
    return automaton


_STEMS = _stem_automaton()


def stem_hits(norm: Normalised) -> list[tuple[int, tuple[int, ...]]]:
    """(offset in the original, trigger indexes) for every stem at a word start, in order."""
    return [(norm.offsets[end - length + 2], idx) for end, (length, idx) in _STEMS.iter(norm.text)]


def find_trigger(text: str, candidates: set[int]) -> Trigger | None:
    """The most specific trigger in a sentence: (sub-event type, strength, offset, word); only triggers
    whose stems occur in it are tried, in TRIGGERS order. One that tells an aim ("launched an offensive to
    recapture X"), what came before ("Not long after capturing X, the army entered Y") or a whole war's cost
    gives way to one that tells the sentence's own event; it is the event only when the sentence has no
    other."""
    aside: Trigger | None = None
    beside: Trigger | None = (
        None  # a violent event told in a clause beside the main one (see _TRAILING_ASIDE_RE)
    )
    for index in sorted(candidates):
        if index < 0:
            continue  # -1 accusation, -2 saying: not event triggers
        pattern, sub, strength = TRIGGERS[index]
        for m in pattern.finditer(text):
            future = not m.group().endswith("ed") and bool(
                _FUTURE_BEFORE_RE.search(text, max(0, m.start() - 72), m.start())
            )
            if future and _DUE_TO_END_RE.search(text, max(0, m.start() - 12), m.start()):
                future = not _NOUN_END_RE.search(m.group())  # "the deaths were due to shelling": a cause
            elif not future and _DUE_TO_BEFORE_RE.search(text, max(0, m.start() - 16), m.start()):
                # "Rebels are due to storm the base": the event word itself is the plan's verb (the pattern
                # above reads only up to the word, so it cannot see which verb follows "due to")
                future = not _NOUN_END_RE.search(m.group()) and not m.group()[:1].isupper()
            if (
                future
                or _NO_EVENT_BEFORE_RE.search(text, max(0, m.start() - 48), m.start())
                or _state_adjective(text, m.start(), m.end())
                or (
                    m.group().lower() == "struck"
                    and _DEAL_BEFORE_RE.search(text, max(0, m.start() - 48), m.start())
                )
            ):
                continue  # "no reports of fighting", "a pause in the fighting", "will meet to discuss"
            found = sub, strength, m.start(), text[m.start() : m.end()]
            # (what a whole war has cost, "a conflict that has killed 280,000", is an aside too: the
            # sentence's event only when it has no other, and the document's only when it tells no other,
            # see merging.merge)
            if not (_aside(text, m.start(), m.end()) or tells_whole_war(text, m.start(), m.end())):
                # (a violent event told aside outranks a non-violent one of the main clause: "the truce
                # collapsed in Daraa, where shelling killed 5")
                return beside if beside is not None and _outranked(sub, beside[0]) else found
            aside = aside or found
            if (
                beside is None
                and event_type_of(sub) in _VIOLENT
                and _WHERE_RE.search(text, max(0, m.start() - 100), m.start())
            ):
                beside = found
    return aside


# A word that denies the event ("no reports of fighting", "without clashes", "nobody was killed", "no
# details of casualties", "the army did not shell": not "no fewer than 12 were killed", where the number
# stands between), asks for it to stop ("a pause in the
# fighting", "an end to the bombing"), only talks of it ("to discuss a ceasefire", "called for a truce") or
# warns of it ("warned against new strikes").
_NO_EVENT_BEFORE_RE = Caseless(
    r"(?:\b(?:no|without|nor|never|nobody|no one|none)\s+(?:(?:reports?|signs?|word|news|one|more|"
    r"further|new|major|serious|heavy|was|were|has|have|been|of|any|details?|information|immediate|official|"
    r"confirmed|figures?|on|about|for)\s+){0,3}|"
    # the event verb itself denied: "the army did not shell the town", "rebels have not attacked", "did not
    # carry out any strikes" (not "did not stop the shelling", "was not clear who shelled": it took place)
    r"\b(?:did|does|do|has|have|had|will|would|was|were|is|are|could|can)(?:\s+not|n't)\s+"
    r"(?:(?:yet|been|be|ever|actually|deliberately|intentionally|directly)\s+){0,2}"
    # or its light verb: "had not carried out any strikes", "did not use chemical weapons"
    r"(?:(?:carr(?:y|ied) out|conduct(?:ed)?|launch(?:ed)?|used?|fired?|stage[ds]?)\s+"
    r"(?:(?:any|an?|the|such)\s+)?(?:[a-z]+\s+)?)?|"
    r"\b(?:pause|halt|end|stop|"
    r"cessation|freeze|lull|reduction|suspension)\s+(?:in|to|of)\s+(?:the\s+)?(?:\w+\s+){0,1}|"
    r"\b(?:discuss(?:es|ed|ing)?|negotiat\w+|call(?:s|ed|ing)?\s+for|push(?:es|ed|ing)?\s+for)\s+"
    r"(?:a\s+|an\s+|the\s+)?(?:[\w-]+\s+){0,1}|"
    # a warning of what may come: "Moscow warns against new US missile strikes"
    r"\bwarn(?:s|ed|ing)?\s+(?:against|of)\s+(?:a\s+|an\s+|the\s+|any\s+)?"
    r"(?:(?!(?:after|when|as|because|before|while|since|but|and)\b)[\w-]+\s+){0,3})$"
)


# "A reconciliation agreement was finally struck", "the deals were struck in Madaya": a deal, not a blow.
_DEAL_BEFORE_RE = Caseless(
    r"\b(?:deals?|agreements?|accords?|truces?|ceasefires?|cease-fires?|compromises?)\s+(?:was|were|has been|"
    r"have been|had been|is|are|being|to be)\s+(?:\w+ly\s+)?$"
)


# "the besieged town of Madaya", "to reach besieged Madaya": a state the place is in, not an event of the day
# (not "Government forces besieged Madaya in July", "advanced and encircled the Kurdish town": the verb).
_STATE_WORD_RE = re.compile(r"(?i:besieged|encircled)")
_STATE_BEFORE_RE = re.compile(
    r"(?:^|\b(?:the|a|an|of|in|into|to|from|at|for|reach|reached|enter|entered)\s+)$", re.I
)
_STATE_AFTER_RE = re.compile(
    r"[ \t]+(?:(?:town|city|village|area|areas|district|neighbou?rhood|enclave|suburbs?|towns|villages|"
    r"parts?|pocket|population|residents|civilians|people)\b|(?:(?!the\b)[a-z]+[ \t]+)?[A-Z])"
)


def _state_adjective(text: str, start: int, end: int) -> bool:
    word = text[start:end].lower()
    if word == "siege" or word == "sieges":
        # "living under siege", "areas under army siege": a state (not "broke the siege", "a siege began",
        # "placed the town under siege": laid)
        if _UNDER_BEFORE_RE.search(text, max(0, start - 30), start) is None:
            return False
        laid = _LAID_BEFORE_RE.search(text, max(0, start - 90), start)
        # (laid, but told of the place as its past: "Madaya, which was placed under siege last year, ...")
        return laid is None or bool(
            _RELATIVE_BEFORE_RE.search(text, max(0, laid.start() - 60), laid.start())
            or _PAST_AFTER_RE.match(text, end)
        )
    if _STATE_WORD_RE.fullmatch(word) is None:
        return False
    if _LASTING_AFTER_RE.match(text, end):
        return True  # "besieged for nearly two years": how long a state lasted
    if _PLACE_NOUN_BEFORE_RE.search(text, max(0, start - 40), start) and _BY_AFTER_RE.match(text, end):
        return True  # "Madaya, a town near Damascus besieged by government forces": the town's state
    return (
        _STATE_AFTER_RE.match(text, end) is not None
        and _STATE_BEFORE_RE.search(text, max(0, start - 20), start) is not None
    )


_UNDER_BEFORE_RE = re.compile(r"\bunder\s+(?:(?:a|an|the|its|their)\s+)?(?:[\w'’-]+\s+){0,2}$", re.I)
_LASTING_AFTER_RE = re.compile(
    r"[ \t]+(?:for|since)[ \t]+(?:(?:nearly|almost|more than|over|about|some|around)[ \t]+)?"
    r"(?:\d+|a|an|one|two|three|four|five|six|several|many)[ \t]+(?:years?|months?)\b",
    re.I,
)
# (a relative clause, not the "that" of what was said: "Rebels said that Hezbollah placed Zabadani under
# siege")
_RELATIVE_BEFORE_RE = re.compile(
    r"\b(?:which|whom|who|(?<!said )(?<!says )(?<!reported )(?<!claimed )that)\s+(?!said\b)"
    r"(?:[\w'’-]+\s+){0,4}$",
    re.I,
)
_PAST_AFTER_RE = re.compile(
    r"[ \t]+(?:last\s+(?:year|month)|since\b|in\s+(?:(?:19|20)\d\d|January|February|March|April|May|June|"
    r"July|August|September|October|November|December)\b)"
)
_LAID_BEFORE_RE = re.compile(
    r"\b(?:plac(?:e|ed|es|ing)|put(?:s|ting)?|c[ao]me|comes|coming|f[ae]ll|falls|brought|laid|lay)\b[^,;.]{0,60}"
    r"\bunder\s+(?:\S+\s+){0,2}$",
    re.I,
)
# (not "fighters in the town were besieged by Hezbollah on Monday": a finite passive tells the event)
_PLACE_NOUN_BEFORE_RE = re.compile(
    r"\b(?:town|city|village|areas?|district|neighbou?rhood|enclave|suburbs?|towns|villages)\b"
    r"(?:(?!\b(?:was|were|is|are|been|being)\b)[^,;.]){0,25}$",
    re.I,
)
_BY_AFTER_RE = re.compile(r"[ \t]+by\b", re.I)


# What has not happened yet: "Ministers will meet on Thursday to discuss a ceasefire", "Aid agencies plan
# to reach besieged Madaya on Friday" (within the clause: no comma or full stop between). The markers are
# the dates' (a plan's day), and a threat or a vow (whose day may be the vow's, so not a date marker).
_FUTURE_BEFORE_RE = Caseless(
    rf"\b{future_pattern((*FUTURE_MARKERS, 'threatened to', 'vowed to'))}\s+"
    # (a plan's clause ends at its own finite verb: "a truce due to begin Monday did not stop shelling")
    r"(?:(?!(?:after|when|as|because|since|that|which|who|where|while|investigate|probe|condemn|discuss|did|"
    r"does|has|had|was|were|is|are|failed|fails|despite)\b)"
    r"[^\s,;.:]+\s+){0,6}$"
)


_DUE_TO_BEFORE_RE = Caseless(r"\b(?:is|are|was|were|be|been)\s+due\s+to\s+$")
_DUE_TO_END_RE = Caseless(r"\bdue\s+to\s+$")


# "to recapture", "in order to storm": an aim, when the word after "to" is a verb (not "subjected to
# shelling", "led to clashes").
_AIM_BEFORE_RE = Caseless(r"\bto\s+$")
_NOUN_END_RE = Caseless(r"(?:ing|ment|tion|s)$")


# "the 137th Artillery Brigade", "the Rocket Forces": an event word in the name of a unit.
_UNIT_AFTER_RE = re.compile(
    r"[\w-]*(?:\s+[A-Z][\w-]*)?\s+(?:Brigades?|Divisions?|Regiments?|Battalions?|Corps|Forces?|Units?|Squadrons?)\b"
)


# A weapon word that names a place or unit, not an attack: "the artillery academy", "a missile base".
_SITE_AFTER_RE = re.compile(
    r"[ \t]+(?:academy|college|school|base|barracks|battalion|brigade|regiment|depot|factory|warehouse|"
    r"battery|batteries)\b"
)


def _aside(text: str, start: int, end: int) -> bool:
    """Whether the event word at ``start:end`` tells an aim or a preceding event rather than the sentence's
    own, or is no event at all: after "to" as a verb, inside an opening clause of what came before, or in the
    name of a unit."""
    head = text[max(0, start - 8) : start]
    if head[-1:].isspace() and _AIM_BEFORE_RE.search(head) and not _NOUN_END_RE.search(text, start, end):
        return True
    if start > 0 and text[start].isupper() and _UNIT_AFTER_RE.match(text, end):
        return True
    if _SITE_AFTER_RE.match(text, end):
        return True  # "captured the artillery academy", "the missile base": a place named for a weapon
    if _beside(text, start):
        return True  # "Warplanes bombed Saraqeb, a day after a helicopter was shot down", "..., where rebels
        # downed a helicopter", "Jets struck Douma, the site of the 2013 chemical attack": another event
    cut = background_end(text)
    return cut >= 0 and end <= cut


# A clause after the sentence's own event that tells another: before or after it, one where it happened, or
# one its place is known for.
_TRAILING_ASIDE_RE = re.compile(
    rf"{AFTER_CLAUSE}[^,;]*$|,\s+where\s[^,;]*$|,\s+(?:the\s+)?(?:site|scene)\s+of\s[^,;]*$", re.I
)


def _beside(text: str, start: int) -> bool:
    return _TRAILING_ASIDE_RE.search(text, max(0, start - 100), start) is not None


# ", where shelling killed 5": the clause tells what happened at the place of the main one, the same days
_WHERE_RE = re.compile(r",\s+where\s[^,;]*$", re.I)
_GENERIC = frozenset((S.ATTACK, S.ARMED_CLASH))


def _outranked(main: S, where: S) -> bool:
    """Whether the event word of a ", where" clause tells the sentence's event better than the main one: a
    violent one beside a non-violent one ("the truce collapsed in Daraa, where shelling killed 5"), a specific
    one beside a generic attack ("IS attacked the town, where a suicide bomber killed 10")."""
    return event_type_of(main) not in _VIOLENT or (main in _GENERIC and where not in _GENERIC)


_VIOLENT = frozenset((ET.BATTLES, ET.EXPLOSIONS_REMOTE_VIOLENCE, ET.VIOLENCE_AGAINST_CIVILIANS))


def sentence_trigger(text: str) -> tuple[int, str] | None:
    """(offset, word) of the event word the extractor would read in one sentence, None if it finds none."""
    norm = normalise(text)
    candidates: set[int] = set()
    for _at, indexes in stem_hits(norm):
        candidates.update(indexes)
    found = find_trigger(text, candidates) if candidates else None
    return (found[2], found[3]) if found else None
