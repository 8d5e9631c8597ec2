"""Assembling events: who did what to whom in a sentence (roles, refine) and who is blamed for it in the
sentences after (borrow_perpetrators). Merging the sentences about one event and ranking them is
:mod:`jointmap.extract.merging`'s."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from jointmap.domain.actors import ActorKind
from jointmap.domain.events import SubEventType as S
from jointmap.extract.actors import ActorMatcher, ActorMention
from jointmap.extract.clauses import opens_clause
from jointmap.extract.dates import DateSpan
from jointmap.extract.lexicon import ACCUSE_RE, AFTER_CLAUSE_RE, CAPTURE_RE, HEDGE_RE
from jointmap.extract.results import FoundPlace
from jointmap.extract.text import Sentence
from jointmap.extract.triggers import SAID_STEMS

__all__ = ["ATTACK_NOUN", "CLAIMED_RE", "Event", "borrow_perpetrators", "refine", "roles"]

# Words that may stand between a cue and the actor it governs ("by the Syrian army", "on rebel positions"):
# not a preposition or conjunction that opens another phrase, nor a time word ("On Monday Russian jets").
_FILLER = (
    r"(?:(?!(?:on|in|at|against|near|by|from|of|when|as|after|while|during|amid|and|with|to|into|since|"
    r"before|until|where|because|monday|tuesday|wednesday|thursday|friday|saturday|sunday|morning|"
    r"afternoon|evening|night|day|week|month|year|today|yesterday|dawn|dusk|nightfall|noon|midnight|sunset|"
    r"sunrise|daybreak|time|then|now)\b)[\w'-]+\s+)"
)
# "by X", "at the hands of X" just before a mention (not "by storming": the means); what X is depends on the
# word before "by" (see :func:`_by_kind`).
_BY_PHRASE_RE = re.compile(
    rf"(?:\bby|\bat\s+the\s+hands\s+of)\s+(?![\w'-]+ing\b)(?:the\s+|a\s+|an\s+)?{_FILLER}{{0,2}}$",
    re.I,
)
_WORD_BEFORE_RE = re.compile(r"([\w'-]+),?\s+$")
# "the army, backed by Russian jets": X fights on the side of the mention before.
# fmt: off
_SUPPORT_WORDS = frozenset({
    "backed", "supported", "led", "accompanied", "joined", "aided", "assisted", "helped", "escorted",
    "reinforced",
})
# "the town, held by X": X holds what was hit.
_HELD_WORDS = frozenset({"held", "controlled", "occupied"})
# "reported by X", "a deal brokered by X": X neither fires nor is hit.
_OTHER_WORDS = frozenset({
    "reported", "said", "confirmed", "denied", "condemned", "blamed", "brokered", "mediated", "signed",
    "agreed", "organised", "organized", "run", "manned", "operated", "used",
})
# fmt: on
# "from X": after a verb of capture X loses the place ("took Manbij from IS"); else X fires ("shelling from
# X").
# "shelling from X": X fired; not "fighters from X", members of it.
_FROM_RE = re.compile(
    r"(?<!fighters )(?<!members )(?<!soldiers )(?<!militants )(?<!commanders )(?<!troops )(?<!gunmen )"
    rf"\bfrom\s+(?:the\s+|a\s+|an\s+)?{_FILLER}{{0,2}}$",
    re.I,
)
# The object of an event verb, also counted ("killed dozens of rebel fighters"), is hit.
_TARGET_RE = re.compile(
    r"\b(?:against|on|targeting|targeted|at|hit|hits|struck|strikes|attacked|attacks|killing|killed|kills|"
    r"(?:killed|wounded|injured)\s+in|shell(?:ed|s)|bombed|bombard(?:ed|s)|pound(?:ed|s|ing)|ambushed|"
    r"raided|stormed|storming|overran|overrunning)"
    r"\s+(?:the\s+)?(?:(?:dozens|scores|hundreds|thousands|tens|a\s+number|several|many|some|\d[\d,]*)\s+of\s+"
    rf"(?:the\s+)?)?{_FILLER}{{0,2}}$",
    re.I,
)
# "killed in Russian air strikes", "in US-led coalition raids": X's attack is the means; X acts.
_MEANS_BEFORE_RE = re.compile(
    r"\b(?:in|during|amid|under|after|following)\s+(?:the\s+|a\s+|an\s+)?(?:[\w'-]+\s+)?$",
    re.I,
)
#: The nouns of an attack ("air strikes", "shelling", "mortars"): a means, or an event named again.
ATTACK_NOUN = (
    r"(?:air\s*strikes?|airstrikes?|strikes?|air[\s-]*raids?|raids?|shelling|bombardments?|bombing|"
    r"(?:barrel\s+)?bombs?|attacks?|assaults?|offensives?|fire|missiles?|rockets?|mortars?|artillery|"
    r"snipers?|ambush(?:es)?|onslaught)"
)
_MEANS_IN_RE = re.compile(rf"\b{ATTACK_NOUN}$", re.I)
# (not "killed in Red Crescent clinic bombing": the word between names what was hit)
_MEANS_AFTER_RE = re.compile(
    r"(?:'s)?(?:\s+(?!(?:clinic|hospital|school|market|mosque|bakery|camp|convoy|office|headquarters|facility|"
    rf"centre|center|building|warehouse|shelter|church)\b)[\w'-]+)?\s+{ATTACK_NOUN}\b",
    re.I,
)
# "Islamic State fighters were killed", "army positions were hit": the subject of a passive verb suffers it,
# also past a short phrase of its own ("army positions near Palmyra had been shelled", "the army, caught in
# the open, was shelled", "Islamic State (ISIS) fighters were killed"), but not past a relative or a new
# clause ("rebels, who were ...").
_PAREN_WORD = (
    r"(?!(?:which|who|whom|whose|that|where|when|while|after|before|because|since|until|if|but|then|and|or|"
    r"as|so|was|were|is|are|has|have|had)\b)[\w'-]+"
)
# Outside commas also no verb of the subject's own ("jets bombed Idlib and a school was hit").
_GAP_WORD = rf"(?![\w']+ed\b|(?:hit|struck|shot|fired|killing|hitting|striking)\b){_PAREN_WORD}"
_PASSIVE_AFTER_RE = re.compile(
    r"(?:\s+(?:fighters?|militants?|soldiers?|troops|members?|commanders?|positions?|units?|convoys?|"
    r"vehicles?|bases?|headquarters|leaders?|men|personnel|gunmen|officers?|jihadists?|insurgents?|"
    r"rebels?|forces|jets?|warplanes?|helicopters?|aircraft|drones?|checkpoints?|posts?|outposts?))*"
    rf"(?P<gap>(?:\s*\([^()]{{1,40}}\))?(?:\s+{_GAP_WORD}){{0,6}}|\s*,(?:\s+{_PAREN_WORD}){{1,6}}\s*,)"
    r"(?:\s+(?:was|were|has\s+been|have\s+been|had\s+been|is|are|being|got)\s+(?:\w+ly\s+)?"
    r"(?!(?:reported|said|believed|thought|alleged|accused|suspected|expected|understood|known|involved|"
    r"backed|supported|deployed|positioned|stationed|based|used|seen|spotted|heard|observed|filmed|"
    r"responsible|blamed|led|joined|allowed|determined|committed|prepared|engaged|locked|held|controlled)\b)"
    r"(?:\w+ed|hit|struck|shot|slain|beaten|driven|taken|overrun|caught|forced|expelled)\b|"
    # a headline's passive without its verb: "rebel fighters killed in IS attack"; and "died in": "four
    # fighters from Ahrar al-Sham died in the raid"
    r"\s+(?:killed|wounded|injured|hurt|slain|died|perished|lost\s+their\s+lives)\s+"
    r"(?:in|by|during|while|when|at\s+the\s+hands\s+of)\b)",
    re.I,
)
# "... when Russian warplanes bombed the town": the subject of a clause of its own acts.
_CLAUSE_BEFORE_RE = re.compile(
    r"(?:\b(?:when|as|after|while|where|because|since|until|before|then)|;)\s+(?:the\s+)?$",
    re.I,
)
# "clashes between A and B": A and B are the two sides.
# A capture of people, not of ground: "captured the pilot", "the crew were captured".
_PEOPLE_TAKEN_AFTER_RE = re.compile(
    r"\s+(?:the\s+|its\s+|a\s+|an\s+|his\s+|two\s+|three\s+)?(?:pilots?|co-pilot|crew|airm[ae]n|navigator)\b",
    re.I,
)
_PEOPLE_TAKEN_BEFORE_RE = re.compile(
    r"\b(?:pilots?|co-pilot|crew|airm[ae]n|navigator)\s+(?:was|were|had been|has been|have been)\s+$", re.I
)


def _ground_taken(text: str) -> bool:
    """Whether the sentence tells a capture of ground ("rebels captured the town"), not of people ("..., the
    pilot was captured")."""
    return any(
        not _PEOPLE_TAKEN_AFTER_RE.match(text, m.end())
        and not _PEOPLE_TAKEN_BEFORE_RE.search(text, max(0, m.start() - 30), m.start())
        for m in CAPTURE_RE.finditer(text)
    )


_BETWEEN_RE = re.compile(r"\bbetween\s+(?:the\s+)?$", re.I)
# "A and B", "A, B": what lies between two coordinated mentions; B shares A's part.
_AND_RE = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s+|as\s+well\s+as\s+)(?:the\s+)?", re.I)
# An event word naming a fight between sides: coordinated actors may stand on either.
_MUTUAL_RE = re.compile(
    r"(?:clash\w*|fighting|fought|battles?\b|battling|skirmish\w*|gun ?battles?|shoot-?outs?|"
    r"confrontations?)",
    re.I,
)
_HELD_RE = re.compile(r"\s*-?\s*(?:held|controlled|besieged)\b", re.I)


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
    sentence: Sentence,
    mentions: list[ActorMention],
    trigger_at: int,
    speakers: frozenset[str] = frozenset(),
) -> tuple[ActorMention | None, ActorMention | None]:
    """(perpetrator, target). The agent of a passive ("hit by X", "at the hands of X"), the means ("killed in
    X air strikes"), the subject of a clause ("when X bombed"), "from X" except after a capture, and X before
    the event word act; the subject of a passive ("X positions near Y had been shelled"), "on/against X", the
    object of an event verb ("killed dozens of X"), "from X" after a capture, X after the event word and
    X-held places suffer. The agent of the event's passive verb outranks a mention placed by position only.
    "between A and B" names both sides; "A and B", "A, backed by B" share a part, or, in a clash, stand on
    either side; an actor named again ("Islamic State (ISIS)") is no second side. ``speakers`` are actors that
    only speak (governments, ministries): "the State Department said jets struck Aleppo" names no side."""
    text = sentence.text
    base = sentence.start
    at = trigger_at - base
    mutual = _MUTUAL_RE.match(text, at) is not None
    slots: list[ActorMention | None] = [None, None]
    prev: ActorMention | None = None
    prev_role = 0
    between_pair = False  # the previous mention opened "between A and B"
    by_position = False  # slot 0 holds a mention that acts only for standing before the event word
    aside = None if mutual else AFTER_CLAUSE_RE.search(text, at)  # ", a day after X shelled": another event
    if aside is not None and not opens_clause(text, base + aside.end(), mentions, text_start=base):
        aside = None  # ", following clashes with X": the same event's other side, not another event
    for m in mentions:
        s = m.start - base
        if aside is not None and s >= aside.start():
            break  # "Jets bombed A, a day after rebels shelled B": the rebels are in another event
        if (
            (m.kind == "speaker" and (s > at or not _tells_own_part(text, m.end - base)))
            # "accused Saudi Arabia, Turkey and Qatar of backing the militants": charged with no attack
            or (m.kind == "metonym" and _charged_with_no_violence(text, m.end - base))
            # "Kerry said he was outraged by the strike": a government's man tells of others' deeds
            or (m.actor in speakers and s < at and _tells_of_others(text, m.end - base))
        ) or (
            _is_source(text, s, m.end - base, before_event=s < at)
            and (s > at or m.actor in speakers or any(m.end <= o.start < trigger_at for o in mentions))
        ):
            # "Rebels shelled Daraya, the Syrian army said", "US officials said Russian jets bombed ...", "the
            # shelling, condemned by the United States": who tells it, not a side in it. Before the event
            # word only when what is told names its own actor or a government speaks ("IS claimed the
            # bombing", "the army said Monday it shelled": the speaker's own part).
            continue
        coordinated = prev is not None and _AND_RE.fullmatch(text, prev.end - base, s) is not None
        if coordinated and between_pair:
            slots[1] = m  # "between A and B": B is the other side, whatever else the sentence names
            role, between_pair = 1, False
        elif _BETWEEN_RE.search(text, max(0, s - 12), s) and m.actor != "civilians":
            slots[0] = m
            role, between_pair = 0, True
        elif (again := _slot_of(slots, m.actor)) is not None:
            role = again  # "the Islamic State (ISIS)": named again, not another side
        else:
            between_pair = False
            by = _by_kind(text, s)
            if (
                m.actor in speakers
                and s > at
                and _SOURCE_AFTER_RE.match(text, m.end - base, m.end - base + 60)
            ):
                continue  # "..., the Russian defence ministry said on Monday": a government telling it
            if coordinated or (prev is not None and by == "support"):
                role, positional = prev_role, False  # "A and B", "A, backed by B": B is on A's side
            else:
                role, positional = _role(text, m, s, m.end - base, at, by)
            if slots[role] is None:
                slots[role] = m
                if role == 0:
                    by_position = positional
            elif role == 0 and by_position and s - 48 <= at <= m.end - base and by == "passive":
                # "By the time rebels arrived, the town had been shelled by the army": the agent of the
                # event's passive verb outranks a mention that only stands first
                slots[0], by_position = m, False
            elif mutual and slots[1 - role] is None and m.actor != "civilians":
                slots[1 - role] = m  # "A and B clashed", "A were killed in clashes with B": the two sides
        prev, prev_role = m, role
    perpetrator, target = slots
    if perpetrator is not None and target is not None and perpetrator.actor == target.actor:
        target = None
    return perpetrator, target


# The source of a report, named after the event: "..., the army said", "..., said the ministry", "according
# to the Russian Defence Ministry".
_SAYING = "|".join((*SAID_STEMS, "say", "told", "reports", "added", "noted"))
_SOURCE_AFTER_RE = re.compile(rf"\s*(?:\([^()]{{1,40}}\)\s*)?(?:(?:has|have|had)\s+)?(?:{_SAYING})\b", re.I)
_SOURCE_BEFORE_RE = re.compile(
    r"\b(?:according to|said|says|citing|cited by|reported by)\s+(?:the\s+)?$", re.I
)
# The verb a government speaks with, after its name ("Russia warned", "Russia's defence ministry said").
_SPEAKER_VERB_RE = re.compile(r"(?:['’]s\s+[\w\s]{1,30}?)?\s+(?:(?:has|have|had)\s+)?\w+", re.I)
_ACCORDING_TO_RE = re.compile(r"\b(?:according to|citing)\s+(?:the\s+)?$", re.I)
# "The army said it killed 30 militants", "Rebels said their positions were shelled": a speaker who tells of
# its own part keeps it.
_OWN_PART_RE = re.compile(
    r"\s*,?\s*(?:in\s+a\s+statement\s+)?(?:(?:late\s+|early\s+)?(?:on\s+)?\w+day,?\s+)?(?:that\s+)?"
    r"(?:it|its|they|their|he|his|she|her|we|our)\b",
    re.I,
)


def _tells_own_part(text: str, e: int) -> bool:
    """Whether the speaker whose name ends at ``e`` tells of its own part ("Russia said on Monday that its
    jets ...")."""
    verb = _SPEAKER_VERB_RE.match(text, e)
    return verb is not None and _OWN_PART_RE.match(text, verb.end()) is not None


_ITSELF_RE = re.compile(
    r"\s*,?\s*(?:(?:on\s+)?\w+day,?\s+)?(?:that\s+)?(?:it|its|we|our|they|their|his|her)\b", re.I
)


def _tells_of_others(text: str, e: int) -> bool:
    """Whether the speaker ending at ``e`` says something not of its own (institutional) part: "X said he was
    outraged", not "X said its jets struck"."""
    said = _SOURCE_AFTER_RE.match(text, e, e + 60)
    return said is not None and _ITSELF_RE.match(text, said.end()) is None


def _is_source(text: str, s: int, e: int, before_event: bool) -> bool:
    """Whether the actor at ``s:e`` tells the event: "..., the army said", "according to the ministry", or,
    before the event word, "US officials said jets bombed ..." (not "the army said it killed ...")."""
    said = _SOURCE_AFTER_RE.match(text, e, e + 60)
    if before_event:
        # ("said rebels shelled ...": after "said", before the event word, is the subject of what was said)
        return bool(
            (said and not _OWN_PART_RE.match(text, said.end()))
            or _ACCORDING_TO_RE.search(text, max(0, s - 20), s)
        )
    return bool(said or _SOURCE_BEFORE_RE.search(text, max(0, s - 20), s))


def _by_kind(text: str, s: int) -> str:
    """What a "by X" phrase ending at ``s`` makes X: "" (no such phrase), "passive" (the agent of a passive
    verb: "shelled by X", "at the hands of X"), "agent" ("an attack by X"), "support" ("backed by X"), "held"
    ("held by X") or "other" ("reported by X")."""
    lo = max(0, s - 40)
    if text.find("by", lo, s) < 0 and text.find("By", lo, s) < 0 and text.find("hands", lo, s) < 0:
        return ""  # (the common case, at C speed)
    by = _BY_PHRASE_RE.search(text, lo, s)
    if by is None:
        return ""
    if by.group()[0] in "aA":
        return "passive"
    before = _WORD_BEFORE_RE.search(text, max(0, by.start() - 25), by.start())
    word = before.group(1).lower() if before else ""
    if word in _SUPPORT_WORDS:
        return "support"
    if word in _HELD_WORDS:
        return "held"
    if word in _OTHER_WORDS:
        return "other"
    return (
        "passive"
        if word.endswith(("ed", "en")) or word in ("hit", "struck", "shot", "slain", "out")
        else "agent"
    )


def _slot_of(slots: list[ActorMention | None], actor: str | None) -> int | None:
    """The slot already holding ``actor``, if any."""
    first, second = slots
    if actor is None:
        return None
    if first is not None and first.actor == actor:
        return 0
    return 1 if second is not None and second.actor == actor else None


def _role(text: str, m: ActorMention, s: int, e: int, trigger_at: int, by: str) -> tuple[int, bool]:
    """(0 (acts) or 1 (suffers), whether only the mention's place before or after the event word tells it)
    for the mention at ``s:e`` of a sentence, by the words around it (``by``: see :func:`_by_kind`)."""
    lo, hi = max(0, s - 40), e + 90  # the words before and after it (read in place: no slices)
    if m.actor == "civilians" or by == "held" or _HELD_RE.match(text, e, hi):
        return 1, False
    if by in ("passive", "agent") or _MEANS_IN_RE.search(m.text):
        return 0, False  # (a side named by its attacks, "what were likely Russian strikes", is never hit)
    if _FROM_RE.search(text, lo, s):
        # a capture just before ("captured Manbij from IS"), not one told earlier in the sentence
        return (1 if CAPTURE_RE.search(text, max(0, s - 50), s) else 0), False
    if _MEANS_BEFORE_RE.search(text, lo, s) and _MEANS_AFTER_RE.match(text, e, hi):
        return 0, False  # "killed in Russian air strikes" (a name that ends in its means returned above)
    passive = _PASSIVE_AFTER_RE.match(text, e, hi)
    # not when the event word stands between: "jets bombed Idlib and a school was hit" (the jets act); an
    # aside in commas is not the subject's own verb
    if passive and (
        passive.group("gap").lstrip().startswith(",")
        or not passive.start("gap") <= trigger_at < passive.end("gap")
    ):
        return 1, False
    if _CLAUSE_BEFORE_RE.search(text, lo, s):
        return 0, False
    if _TARGET_RE.search(text, lo, s):
        return 1, False
    return (0 if m.kind == "unknown" or s <= trigger_at else 1), True


# Killing the defenceless, whoever they are: no clash.
_CAPTIVES_RE = re.compile(
    r"\b(?:execut(?:ed|ing)\s+(?!(?:an?|the|its|their|his|her)\s)|executions?|behead\w*|"
    r"burn(?:ed|t|ing)\s+(?:[\w'-]+\s+){0,3}alive|tortur\w+|lynch\w*|"
    r"(?:taken|taking|took|held|holding)\s+(?:as\s+)?(?:prisoners?|hostages?|captives?)|"
    # captives killed, not "freeing hundreds of prisoners" in a raid on a prison
    r"(?:kill\w*|shot|shooting|murder\w*|slaughter\w*|gunned\s+down|gunning\s+down)\s+(?:[\w'-]+\s+){0,3}"
    r"(?:captives?|prisoners?|hostages?)|"
    r"(?:captives?|prisoners?|hostages?)\b[^.;]{0,40}?\b(?:were|was)\s+(?:killed|shot|executed|murdered))",
    re.I,
)


# Fire that only one side aims, typed a clash by its word: on a civilian it is an attack.
_ONE_SIDED_RE = re.compile(r"\b(?:sniper|gunfire)\b", re.I)


def _clause_start(text: str, at: int) -> int:
    return max(text.rfind(",", 0, at), text.rfind(";", 0, at)) + 1


def _clause_end(text: str, at: int) -> int:
    ends = [i for i in (text.find(",", at), text.find(";", at)) if i >= 0]
    return min(ends) if ends else len(text)


def _may_fly(actor: str, actors: ActorMatcher) -> bool:
    """A state or its forces (who have aircraft), not a rebel or jihadist group."""
    known = actors.actors.get(actor)
    return actors.is_state_side(actor) or (known is not None and known.kind is ActorKind.POLITICAL)


# "strikes" alone, and what says they came from the air: an air force or coalition, or planes named near.
_BARE_STRIKE_RE = re.compile(r"(?i:strikes?)")
_AIR_ACTORS = frozenset(("ru-af", "syaaf", "tr-af", "us-coalition"))
_AIR_STRIKE_HINT_RE = re.compile(
    r"\b(?:Russian|US|U\.S\.|American|coalition|US-led|U\.S\.-led|Belgian|French|British|Israeli|Jordanian|"
    r"Turkish)(?:-led)?\s+strikes?\b|"
    r"(?<!anti-)(?<!destroyed )(?<!destroying )(?<!downed )(?<!shot down )(?<!\bIS )"
    r"\b(?:aircraft|planes?|warplanes?|jets?|drones?|air force|helicopters?)\b"
    r"(?!\s+(?:base|bases)\b)",
    re.I,
)
_COMBATANTS_RE = re.compile(
    r"\b(?:fighters?|soldiers?|troops|militants?|rebels?|gunmen|militiam[ae]n|jihadists?|terrorists?|"
    r"commanders?|officers?|guards?)\b",
    re.I,
)


def refine(
    sub: S,
    text: str,
    perpetrator: ActorMention | None,
    target: ActorMention | None,
    civilians: bool,
    actors: ActorMatcher,
    word: str = "",
    at: int = 0,
) -> S:
    """Territory changes by who took it; a generic attack between armed actors is a clash (not the killing
    of captives: "executed two soldiers"); one-sided fire on a civilian is an attack ("a man was shot dead
    by a sniper"), not a clash."""
    if (
        sub is S.ARMED_CLASH
        and civilians
        and _ONE_SIDED_RE.search(word)
        and (target is None or target.actor == "civilians")
        # "sniper fire killed two fighters near the hospital", within the event's clause (not ", rebels said")
        and not _COMBATANTS_RE.search(text, _clause_start(text, at), _clause_end(text, at))
    ):
        return S.ATTACK
    bare = _BARE_STRIKE_RE.fullmatch(word) is not None
    if sub in (S.ATTACK, S.ARMED_CLASH) and (
        # an air force's strikes, or one named by them ("dozens dead after a suspected Russian strike")
        (
            perpetrator is not None
            and perpetrator.actor in _AIR_ACTORS
            and (bare or _MEANS_IN_RE.search(perpetrator.text) is not None)
        )
        # (not "rebel strikes with anti-aircraft guns", "IS strikes ..., where regime planes are kept": a
        # ground side's, one without aircraft)
        or (
            bare
            and (perpetrator is None or _may_fly(perpetrator.actor or "", actors))
            and _AIR_STRIKE_HINT_RE.search(text, max(0, at - 40), at + 200) is not None
        )
    ):
        # "Russian strikes kill 53", "Turkish aircraft carried out three strikes": in this war, from the air
        return S.AIR_DRONE_STRIKE
    if sub is S.ARMED_CLASH and perpetrator is not None and perpetrator.actor and _ground_taken(text):
        state = actors.is_state_side(perpetrator.actor)
        return S.GOVERNMENT_REGAINS_TERRITORY if state else S.NON_STATE_ACTOR_OVERTAKES_TERRITORY
    if (
        sub is S.ATTACK
        and not civilians
        and (perpetrator is not None or target is not None)
        and not _CAPTIVES_RE.search(text)
    ):
        return S.ARMED_CLASH
    return sub


# "Islamic State claimed responsibility": the perpetrator names itself.
# Not a claim of another attack: "claimed responsibility for a bombing in Baghdad last week".
CLAIMED_RE = re.compile(
    r"\b(?:(?:claimed|claims|claiming|took|takes|admitted|accepted)\s+(?:responsibility|credit)|"
    # "Islamic State said it carried out the attack", "... said it was behind the bombing"
    r"(?:said|says)\s+(?:that\s+)?it\s+(?:had\s+)?(?:carried out|was behind|was responsible for))"
    r"(?:\s+for)?(?:\s+"
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
                        if s.start <= m.start < s.end
                        and m.actor not in (None, "civilians")
                        and m.kind != "speaker"
                    ),
                    None,
                )
                accuse = ACCUSE_RE.search(s.text) if blamed is not None else None
                if accuse is not None and _charged_with_no_violence(s.text, accuse.end()):
                    blamed = None  # "accuses Turkey of funding terrorist groups": not of an attack
                elif accuse is not None:
                    # "X accused Y of ...", "held Y responsible": Y, after the verb ("Y was blamed": before)
                    at = s.start + accuse.start()
                    blamed = next(
                        (
                            m
                            for m in mentions
                            if at < m.start < s.end
                            and m.actor not in (None, "civilians")
                            and m.kind != "speaker"
                        ),
                        blamed,
                    )
                elif blamed is not None and not (HEDGE_RE.search(s.text) or CLAIMED_RE.search(s.text)):
                    blamed = None
                checked[i] = blamed
            m = checked[i]
            if m is not None:
                target = e.actors[1]
                if target is not None and target.actor == m.actor:
                    target = None  # the side blamed is not also the side hit
                e.actors = (replace(m, confidence=round(m.confidence * 0.8, 2)), target)
                break


# What an accusation may charge that is no attack: "accuses Turkey of funding and arming terrorist groups"
# (its first charge: not "accused Turkey of the shelling and of backing terrorists").
_CHARGE_RE = re.compile(r"\b(?:of|for)\s+", re.I)
_APPOSITIVE_RE = re.compile(
    r",\s+(?:a|an|the|its|which|who)\b", re.I
)  # (not a list: "Saudi Arabia, Turkey and")
_NOT_VIOLENCE_RE = re.compile(
    r"(?:\w+ly\s+)?(?:funding|financing|arming|supporting|backing|sponsoring|harbou?ring|aiding|helping|"
    r"training|hosting|lying|spreading|fabricating|orchestrating|inciting|smuggling|supplying)\b",
    re.I,
)


def _charged_with_no_violence(text: str, at: int) -> bool:
    for charge in _CHARGE_RE.finditer(text, at, at + 200):
        if text.count(",", at, charge.start()) % 2 and _APPOSITIVE_RE.search(text, at, charge.start()):
            continue  # "accused Turkey, a member of NATO, of funding ...": inside an aside
        return _NOT_VIOLENCE_RE.match(text, charge.end()) is not None
    return False
