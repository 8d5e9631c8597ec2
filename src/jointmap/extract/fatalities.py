"""Fatality phrases → (low, best, high), the way event datasets code them.

"at least 12" → 12; "more than 50" → 51; "between 5 and 7" → 5 (best = the lowest figure, as ACLED does)
with high 7; "dozens" → 24 (high 99); "a child and two women" → 3; "19 fighters and four civilians" → 23, but
"15, including six children" → 15. Wounded counts are not deaths, the killers ("two gunmen killed a soldier")
are not the dead, and what a whole war or siege has cost ("the toll since 2011 rose to 80,000") is no
incident's toll.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from jointmap.extract.text import Caseless, may_contain

__all__ = ["Toll", "find_tolls", "parse_number", "tells_whole_war"]

_UNITS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
    "a dozen": 12, "dozen": 12, "a couple of": 2, "couple of": 2, "a pair of": 2,
}  # fmt: skip
# Vague quantities: (low, best, high).
_VAGUE = {
    "dozens": (24, 24, 99), "scores": (40, 40, 99), "hundreds": (200, 200, 999),
    "thousands": (2000, 2000, 9999), "several": (3, 3, 9), "a few": (2, 3, 9), "many": (10, 10, 99),
    "numerous": (10, 10, 99), "tens": (20, 20, 99),
}  # fmt: skip
_NUM = (
    r"(?:(?:two|three|four|five|six|seven|eight|nine|ten)\s+dozen|\d{1,3}(?:,\d{3})+|\d+|"
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[ -](?:one|two|"
    r"three|"
    r"four|five|six|seven|eight|nine))?|a hundred|a dozen|a couple of|a pair of|one|two|three|four|five|"
    r"six|seven|"
    r"eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|an?|"
    r"dozens|scores|hundreds|thousands|several|a few|many|numerous|tens)"
)
_QUAL = (
    r"(?P<qual>at least|more than|over|nearly|almost|around|about|some|up to|as many as|roughly|"
    r"approximately)?"
)
# Who died: up to three modifiers ("pro-government", "ten-year-old", "Kurdish") and a noun. A modifier is
# never a figure nor a word that starts another phrase ("and wounding", "of them", "including"), so a phrase
# stops at its noun and "2016 Two children" is not "2016 children".
_MODIFIER = (
    r"(?:(?!(?:and|or|of|including|them|whom|were|was|had|have|has|wounding|injuring|wounded|injured|"
    r"at|least|than|over|nearly|almost|about|some|up|as|an?|one|two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve|dozens?|scores|hundreds|thousands|several|many|few|\d[\d,]*)\s)[\w'-]+\s+)"
)
_NOUNS = (
    r"(?:people|persons?|civilians?|child(?:ren)?|kids?|bab(?:y|ies)|infants?|toddlers?|wom[ae]n|m[ae]n|"
    r"boys?|girls?|teen(?:ager)?s?|youths?|adults?|elderly|individuals|fighters?|soldiers?|troops|"
    r"militants?|militiam[ae]n|rebels?|jihadists?|members?|residents?|villagers?|workers?|staff(?:ers)?|"
    r"(?:para)?medics?|doctors?|nurses?|teachers?|pupils?|students?|farmers?|shepherds?|drivers?|"
    r"passengers?|patients?|refugees?|worshippers?|protesters?|demonstrators?|policem[ae]n|officers?|"
    r"officials?|commanders?|leaders?|personnel|guards?|gunm[ae]n|insurgents?|terrorists?|combatants?|"
    r"volunteers?|journalists?|reporters?|rescuers?|firefighters?|engineers?|pilots?|detainees?|"
    r"prisoners?|hostages?|captives?|mothers?|fathers?|sons?|daughters?|brothers?|sisters?|wi(?:fe|ves)|"
    r"husbands?|citizens?|minors?|employees?|family members|relatives|victims|others|dead|bodies|lives)\b"
)
_PERSON = rf"(?:{_MODIFIER}{{0,3}}?{_NOUNS})"
# The longest reading, for an object list that goes on after it: "killed 19 rebel fighters and four
# civilians" is 19 "rebel fighters", not 19 "rebel" and a list that stops there.
_PERSON_LONG = rf"(?:{_MODIFIER}{{0,3}}{_NOUNS})"
_KILL = (
    r"(?:killed|dead|died|massacred|executed|slain|perished|lost their lives|were killed|have been killed|"
    r"killing|kills)"
)
# An aside between the subject and its verb: ", including seven children,", ", four of them children,",
# "(mostly civilians)", " including a child". What it counts is part of the subject, not more.
_ASIDE = (
    r"(?:\s*,\s*[^,;.()]{1,60}+,|\s*\([^()]{1,60}+\)|\s*\b(?:including|among them|among whom|mostly|mainly|"
    r"\w+ of (?:them|whom)(?:\s+(?:were|are))?)\s+(?:(?!(?:were|was|have|had|has|are|is)\s)[\w'-]+\s+){1,8}?"
    r"(?=(?:were|was|have|had|are|all|also|killed|died|dead)\b))"
)
_RANGE_RE = Caseless(
    rf"\b(?:between\s+)?(?P<a>{_NUM})\s+(?:and|to|-)\s+(?P<b>{_NUM})\s+{_PERSON}?\s*(?:were\s+|"
    rf"have been\s+)?{_KILL}"
)
# Subject: "At least 20 people, including seven children, were killed", "five members of a family died",
# "a man was shot dead", "all eight people on board were killed". The verb may be perfect or hedged: "have
# died", "has since died", "were reported killed", "are feared dead", "are believed to have been killed".
_BEFORE_RE = Caseless(
    rf"\b{_QUAL}\s*(?!(?:19|20)\d\d\b)(?P<n>{_NUM})\s+(?:of\s+(?:the\s+)?(?:(?P<n2>{_NUM})\s+)?)?"
    rf"(?:{_PERSON}(?:\s+(?:of|from)\s+(?:[\w'-]+\s+){{0,4}}?[\w'-]+|\s+(?:on board|aboard))?)?{_ASIDE}?"
    r"\s*(?P<aux>(?:were|was|are|is|have|has|had|may have|might have|could have|must have)\s+"
    r"(?:(?:now|since|also|all|reportedly|allegedly)\s+)?(?:been\s+)?(?:(?:reported|confirmed|feared|believed|"
    r"thought|said|presumed|known)\s+(?:to\s+(?:have\s+been|be)\s+)?)?)?"
    rf"(?:(?:reportedly|also|all|later|allegedly)\s+)?(?:(?P<how>shot|found|left|gunned down and)\s+)?"
    rf"(?P<kill>killed|dead|died|massacred|executed|slain|perished|lost their lives|"
    rf"(?:shot|stabbed|beaten|burned|burnt|tortured|hacked|starved|crushed) to death)\b"
)
# Object: "killing at least 12 civilians", "killed six.", "killing two and wounding five", "killing 15,
# including six children" (a bare figure only where a phrase ends, and never "a"/"an").
# "killing all eight on board", "shot dead a teacher"; "claimed 12 lives", "cost 12 lives" (only lives:
# "claimed 12 soldiers were killed" is a claim).
_AFTER_RE = Caseless(
    rf"\b(?P<verb>killing|killed|kills|kill|leaving|left|claimed the lives of|claiming the lives of|executed|"
    rf"executing|massacred|massacring|shot dead|gunned down|claimed|claiming|cost|costing)\s+{_QUAL}\s*"
    rf"(?:all\s+)?(?P<n>{_NUM})(?:\s+(?:of\s+)?(?P<who>{_PERSON_LONG})|"
    r"(?![.,]\d)(?=\s*(?:[,.;:)]|$)|\s+(?:and|in|on|at|near|when|while|after|as|during|including|across|"
    r"since|so far|overnight|today|yesterday|last|aboard)\b))"
)
# "killed a family of five", "wiped out an entire family of seven", "a family of five was killed".
_FAMILY_RE = Caseless(
    rf"\b(?:(?:killing|killed|kills|kill|wiping out|wiped out|wipes out|wipe out|massacred|massacring)\s+"
    rf"(?:(?:an?|the|all|entire|whole)\s+){{0,2}}family\s+of\s+(?P<n>{_NUM})\b|family\s+of\s+"
    rf"(?P<m>{_NUM})\s+(?:(?:was|were|has been|have been|had been)\s+)?(?:(?:all|also|reportedly)\s+)?"
    r"(?:killed|died|dead|slain|massacred|wiped out|perished)\b)"
)
_CLAIMED = ("claimed", "claiming", "cost", "costing")
_TOLL_RE = Caseless(
    rf"\b(?:death toll|toll|number of (?:dead|deaths|those killed))\s+(?P<owner>(?:\w+\s+){{0,3}}?)"
    rf"(?:to|at|of|reached|hit)\s+{_QUAL}\s*(?P<n>{_NUM})\b"
)
# "The death toll from Sunday's air strike on a market in Kafr Nabl rose to 23": a longer reach, a verb of
# rise.
_TOLL_LONG_RE = Caseless(
    rf"\b(?:death toll|toll|number of (?:dead|deaths|those killed))\b(?P<owner>[^;]{{0,90}}?)\b(?:rose|risen|"
    rf"climbed|increased|jumped|grew|mounted|reached|stood|stands)\s+(?:to\s+|at\s+)?{_QUAL}\s*(?P<n>{_NUM})\b"
)
_OWN = r"(?:(?:her|his|their)\s+)?"  # "a woman and her three children"
# One of a list without a figure: "a woman and child", "a man and his son".
_ONE = r"(?:child|woman|man|boy|girl|baby|infant|son|daughter|wife|husband|mother|father|brother|sister)\b"
_ITEM = rf"(?:{_NUM})\s+(?:of\s+{_OWN})?{_PERSON}"
_LIST_RE = Caseless(
    rf"\b(?P<list>{_ITEM}(?:(?:\s*,\s*|\s+(?=an?\s)){_OWN}{_ITEM})*\s*,?\s+(?:and|as well as)\s+{_OWN}"
    rf"(?:{_ITEM}|{_ONE})){_ASIDE}?\s*(?:were\s+|have been\s+|had been\s+|was\s+|are\s+|(?:have|had)\s+"
    r"(?=died))?(?:killed|died|dead|slain)"
)
_ITEM_RE = Caseless(rf"(?P<n>{_NUM})\s+(?:of\s+{_OWN})?{_PERSON}|\b(?P<one>{_ONE})")
_AFTER_RANGE_RE = Caseless(
    rf"\b(?:killing|killed|kills|kill|leaving|left)\s+(?:between\s+)?(?P<a>{_NUM})\s+(?:and|to|"
    rf"-)\s+(?P<b>{_NUM})\s+"
    rf"{_PERSON}"
)
# More of the object list: ", two women", " and a teacher", " and her three children"; not ", six of them".
_TAIL_RE = Caseless(
    rf"(?:\s*,\s*|,?\s+(?:and|as well as)\s+|\s+(?=an?\s)){_OWN}(?:(?P<n>{_NUM})\s+(?:of\s+{_OWN})?"
    rf"{_PERSON_LONG}|(?P<one>{_ONE}))"
    r"(?!\s+(?:of|among)\s+(?:them|whom)\b)"
)
_WOUNDED_AHEAD_RE = Caseless(r"^\s*(?:were\s+|was\s+|have been\s+|has been\s+)?(?:wounded|injured|hurt)")
# A figure followed by its own verb starts a clause: "... and 2 children were among the dead".
_CLAUSE_AHEAD_RE = re.compile(r"\s+(?:were|was|are|is|had|have|has)\b", re.I)
_AUXILIARY_RE = re.compile(r"\b(?:were|was|are|is|had|have|has|been)\b", re.I)
# A toll of a whole war, uprising or siege is no incident's: "the death toll from the war, which began in
# 2011, rose to 80,000", "80,000 people have been killed since 2011", "the conflict has killed 80,000".
_WHOLE = r"(?:(?:civil\s+)?war|conflict|uprising|revolution|crisis|siege|insurgency)(?![\w'’-])"
_MONTH_WORD = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
_SINCE = (
    r"since\s+(?:(?:early|late|mid|the\s+start\s+of|the\s+beginning\s+of|[a-z]+)\s+)?(?:19|20)\d\d\b|"
    # "since 21 May", "since May 21", "since June": a sum over weeks, not one event's toll
    rf"since\s+(?:(?:early|late|mid)[- ]?|\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTH_WORD}(?:\s+\d{{1,2}})?\b|"
    r"since\s+the\s+(?:start|beginning|outbreak|onset|war|conflict|uprising|revolution|siege|truce|ceasefire|"
    r"cease-fire|cessation|agreement|deal|resolution|un\b|united nations|security council)\b"
)
# Whose toll: the words after "toll" up to a comma: "from the war", "in Syria's five-year conflict", "since
# 2011".
_WHOLE_OWNER_RE = Caseless(rf"[^,(]{{0,60}}?\b(?:{_WHOLE}|{_SINCE})")
# What follows a toll within its clause: "killed since 2011", "killed in Syria's war" (not "killing 12 and
# bringing the toll since 2011 to ...").
_WHOLE_AFTER_RE = Caseless(
    r"(?:\s+(?!(?:and|but|as|after|before|when|while|which|who|that|bringing|raising|taking|pushing)\b)"
    rf"[\w'’-]+){{0,4}}?\s+(?:{_SINCE}|(?:in|during|throughout)\s+(?:[\w'’-]+\s+){{0,3}}?{_WHOLE}|"
    r"across\s+(?:the\s+)?(?:country|syria|nation)\b)"
)
# What the verb follows: "the war has killed", "the conflict, which has killed", "strikes since 21 May have
# killed".
_WHOLE_BEFORE_RE = Caseless(
    rf"(?:\b{_WHOLE},?\s+(?:(?:which|that)\s+)?|\b(?:{_SINCE})\s+)"
    r"(?:has|have|had)\s+(?:(?:so far|now|already)\s+)?$"
)
# An object after a subject's verb makes the subject the killer: "Two gunmen killed a soldier" (not "23
# Terrorists Killed in Turkey", "Five killed, two wounded", "Five killed 30 others injured"; nor a time:
# "Two killed a day after the truce", "Seven killed the first day of the ceasefire", "... over the weekend").
_OBJECT_AHEAD_RE = Caseless(
    rf"\s+{_QUAL}\s*(?:{_NUM}|the|his|her|their|its|him|them|all|every|each)\b"
    r"(?!(?:\s+(?!and\b)[\w'-]+)?\s+(?:were\s+)?(?:wounded|injured|hurt)\b)"
    r"(?!(?:\s+(?:same|next|following|previous|very|past|last|final|whole|entire|opening|first|second|third|"
    r"fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))){0,2}\s+(?:days?|weeks?|weekends?|"
    r"months?|years?|nights?|mornings?|afternoons?|evenings?|hours?|eve|dawn|dusk)\b)"
)
# "Of the 45 civilians killed the most were ...": a partitive names the dead, it does not kill.
_PARTITIVE_RE = re.compile(r"\bof\s+(?:the\s+)?$", re.I)
# A list inside an aside is a subset of the toll before it: "15 civilians including a woman and two children
# were killed" is 15.
_SUBSET_BEFORE_RE = re.compile(r"\b(?:including|among them|among whom|mostly|mainly)\W*$", re.I)
# "hundreds of thousands", "tens of thousands": a war's count, and no figure in it is an incident's.
_VAGUE_OF_RE = re.compile(r"\b(?:tens|hundreds|thousands|millions)\s+of\s+$", re.I)
# "No one was killed", "none of the 30 passengers died", "not a single child": not a toll.
_NEGATED_RE = re.compile(r"\b(?:no|not|nobody|none of(?: the| them| those)?)[ -]$", re.I)


@dataclass(frozen=True, slots=True)
class Toll:
    low: int
    best: int
    high: int
    start: int
    end: int


def parse_number(text: str) -> tuple[int, int, int] | None:
    """(low, best, high) for a number word or figure."""
    t = text.lower().strip()
    if t in _VAGUE:
        return _VAGUE[t]
    if t.replace(",", "").isdigit():
        n = int(t.replace(",", ""))
        return (n, n, n)
    if t in _UNITS:
        return (_UNITS[t],) * 3
    parts = re.split(r"[ -]+", t)
    if len(parts) == 2 and parts[0] in _UNITS and parts[1] == "dozen":
        n = _UNITS[parts[0]] * 12  # "two dozen"
        return (n, n, n)
    if len(parts) == 2 and parts[0] in _UNITS and parts[1] in _UNITS:
        n = _UNITS[parts[0]] + _UNITS[parts[1]]
        return (n, n, n)
    return None


def _qualified(qual: str | None, value: tuple[int, int, int]) -> tuple[int, int, int]:
    low, best, high = value
    q = (qual or "").lower()
    if q in ("more than", "over"):
        return (low + 1, best + 1, max(high, best + 1))
    if q == "up to":
        return (min(1, low), best, high)
    return value


_KILL_WORD_RE = Caseless(
    r"kill|dead|died|death|massacr|execut|slain|perish|lives|toll|wip(?:ed|es|ing|e) out|gunned down|"
    r"gunning down"
)


def find_tolls(text: str) -> list[Toll]:
    """Fatality figures in a sentence, in order, overlapping matches removed (a list beats its parts).

    Only the text around kill words is searched: the patterns are costly and most words are far from one.
    """
    found: list[Toll] = []
    windows: list[list[int]] = []  # [lo, hi, end of the last kill word]
    for k in _KILL_WORD_RE.finditer(text):
        lo, hi = max(0, k.start() - 120), min(len(text), k.end() + 100)
        if windows and lo <= windows[-1][1]:
            windows[-1][1:] = [hi, k.end()]  # overlapping windows are read once, as one
        else:
            windows.append([lo, hi, k.end()])
    for lo, hi, last in windows:
        for t in _tolls_in(text[lo:hi], min(hi, last + 16) - lo):
            toll = Toll(t.low, t.best, t.high, t.start + lo, t.end + lo)
            # windows do not overlap and each reads its tolls in order: only the last few can overlap
            if not any(f.start < toll.end and toll.start < f.end for f in found[-8:]):
                found.append(toll)
    return sorted(found, key=lambda t: t.start)


def _negated(text: str, at: int) -> bool:
    """Whether the figure at ``at`` follows "no", "not", "none of the": "No one was killed"."""
    return _NEGATED_RE.search(text, max(0, at - 12), at) is not None


def _whole_war(text: str, start: int, end: int, verb_at: int | None = None) -> bool:
    """Whether the toll at ``start:end`` is what a war, uprising or siege has cost so far: "killed since
    2011", "killed in the war", and (for an object, whose verb is at ``verb_at``) "the war has killed"."""
    if _WHOLE_AFTER_RE.match(text, end, min(len(text), end + 60)):
        return True
    return verb_at is not None and _WHOLE_BEFORE_RE.search(text, max(0, verb_at - 60), verb_at) is not None


# "... since Syria's war began in 2011 with the repression of protests": the war's beginning, told as history.
_WAR_BEGAN_BEFORE_RE = Caseless(
    rf"\b{_WHOLE},?\s+(?:(?:which|that)\s+)?(?:first\s+)?(?:began|started|erupted|broke out)\b"
    # (within the clause: not "the war began in 2011 and fighting continued on Monday in Latakia")
    r"(?:(?!\b(?:and|but|as|when|while|after|before|then|yet)\b)[^,;:.]){0,90}$"
    # or in the clause that tells how: "the conflict began when the regime responded with force to protests",
    # "locked in a civil war since early 2011, when the regime cracked down on protests"
    r"|\b(?:(?:civil\s+)?war|conflict|uprising|revolution)\b[^;.]{0,60}?\b(?:began|started|erupted|broke out|"
    r"since\s+[^;.]{0,20}?\d{4})"
    # (the clause that tells how, up to the next clause: not ", and on Tuesday jets bombed Saraqeb")
    r",?\s+(?:when|with|after)\b(?:(?!,?\s+(?:and|but|while|yet|then)\b)[^;.]){0,200}$"
)


_DEATH_WORD_RE = re.compile(r"(?i:killed|died|dead|deaths?)")


_WAR_WORDS = ("war", "conflict", "uprising", "revolution", "crisis", "siege", "insurgency", "since", "across")


@lru_cache(maxsize=256)
def _names_a_war(text: str) -> bool:
    # (remembered: every event word of a sentence, and every event of a document when merged, asks)
    return may_contain(text, _WAR_WORDS)


def tells_whole_war(text: str, start: int, end: int) -> bool:
    """Whether the event word at ``start:end`` tells what a whole war has cost or how it began, not an event:
    "a conflict that has killed 280,000", "280,000 have been killed since 2011", "the war began in 2011 with
    the repression of protests"."""
    if not _names_a_war(text):
        return False  # most sentences: every pattern below needs one of these words
    if _WHOLE_BEFORE_RE.search(text, max(0, start - 60), start) or _WAR_BEGAN_BEFORE_RE.search(
        text, max(0, start - 300), start
    ):
        return True
    # "killed in Syria's war", "killed since 2011" is its toll; "the deadliest attack in Syria's war", "have
    # shelled Daraya five times since the truce began" events
    return (
        _DEATH_WORD_RE.fullmatch(text, start, end) is not None
        and _WHOLE_AFTER_RE.match(text, end, min(len(text), end + 60)) is not None
    )


def _tolls_in(text: str, before_end: int) -> list[Toll]:
    """Tolls in a window; the patterns that end on the kill word read only up to ``before_end``."""
    found: list[Toll] = []
    # Spans read as something else (a war's toll): no smaller match inside them counts either.
    blocked: list[tuple[int, int]] = []
    head = text[:before_end]

    def add(low: int, best: int, high: int, start: int, end: int, verb_at: int | None = None) -> None:
        if any(a < end and start < b for a, b in blocked):
            return
        if _whole_war(text, start, end, verb_at):
            blocked.append((start, end))
        elif not any(t.start < end and start < t.end for t in found) and 0 < best < 100_000:
            found.append(Toll(low, best, high, start, end))

    for m in _FAMILY_RE.finditer(text):
        value = parse_number(m["n"] or m["m"])
        if value is not None and value[1] > 1:
            add(*value, m.start(), m.end())
    for m in _LIST_RE.finditer(head):
        if _negated(text, m.start("list")) or _SUBSET_BEFORE_RE.search(
            text, max(0, m.start() - 16), m.start()
        ):
            continue
        total = [0, 0, 0]
        for item in _ITEM_RE.finditer(m["list"]):
            value = (1, 1, 1) if item["one"] else parse_number(item["n"])
            if value is not None:
                total = [a + b for a, b in zip(total, value, strict=True)]
        if total[1]:
            add(total[0], total[1], total[2], m.start(), m.end())
    for m in _RANGE_RE.finditer(head):
        a, b = parse_number(m["a"]), parse_number(m["b"])
        if a and b and a[1] <= b[1] and not _negated(text, m.start("a")):
            add(a[0], a[1], b[2], m.start(), m.end())
    for m in _AFTER_RANGE_RE.finditer(text):
        a, b = parse_number(m["a"]), parse_number(m["b"])
        if a and b and a[1] <= b[1]:
            add(a[0], a[1], b[2], m.start(), m.end(), m.start())
    for m in _BEFORE_RE.finditer(head):
        if _active(text, m):
            continue  # "Two gunmen killed a soldier": the figure counts the killers; the object is read below
        if _VAGUE_OF_RE.search(text, max(0, m.start("n") - 16), m.start("n")):
            blocked.append((m.start(), m.end()))
            continue
        # "Six of the 20 dead were children": the dead are the 20 (not "two of the five hostages were killed")
        whole = m["n2"] is not None and not _AUXILIARY_RE.search(text, m.end("n2"), m.start("kill"))
        value = parse_number(m["n2"] if whole else m["n"])
        if value is not None and not _negated(text, m.start("n")):
            low, best, high = _qualified(m["qual"], value)
            add(low, best, high, m.start(), m.end())
    for m in _AFTER_RE.finditer(text):
        verb = m["verb"].lower()
        if m["who"] is None and (m["n"] in ("a", "an") or verb in ("leaving", "left")):
            continue  # "killed a ..." is no figure; "left 3 in critical condition" is no toll
        if verb in _CLAIMED and not (m["who"] or "").lower().endswith("lives"):
            continue  # "claimed 12 lives" is a toll, "claimed 12 soldiers were killed" a claim read above
        value = parse_number(m["n"])
        if value is not None and not _WOUNDED_AHEAD_RE.match(text[m.end() :]):
            low, best, high = _qualified(m["qual"], value)
            end = m.end()
            # "killing a child and two women": the list after the verb adds up.
            while tail := _TAIL_RE.match(text, end):
                more = (1, 1, 1) if tail["one"] else parse_number(tail["n"])
                if (
                    more is None
                    or _WOUNDED_AHEAD_RE.match(text[tail.end() :])
                    or _CLAUSE_AHEAD_RE.match(text, tail.end())
                ):
                    break  # "killing 40, and 2 children were among the dead": a clause of its own
                low, best, high, end = low + more[0], best + more[1], high + more[2], tail.end()
            add(low, best, high, m.start(), end, m.start())
    for pattern in (_TOLL_RE, _TOLL_LONG_RE):
        for m in pattern.finditer(text):
            value = parse_number(m["n"])
            if _WHOLE_OWNER_RE.match(text, m.start("owner"), m.end("owner")):
                blocked.append((m.start(), m.end()))
            elif value is not None:
                low, best, high = _qualified(m["qual"], value)
                add(low, best, high, m.start(), m.end())
    return sorted(found, key=lambda t: t.start)


def _active(text: str, m: re.Match[str]) -> bool:
    """Whether a subject match is the killer of an object: "Two gunmen killed a soldier", "three rebels
    have killed two soldiers", "gunmen shot dead a teacher" (not "12 killed in Aleppo", "five have died")."""
    aux = (m["aux"] or "").lower()
    kill = m["kill"].lower()
    if (
        kill in ("died", "perished", "lost their lives")
        or "been" in aux
        or aux.startswith(("were", "was", "are", "is"))
    ):
        return False
    if _PARTITIVE_RE.search(text, max(0, m.start("n") - 8), m.start("n")):
        return False
    if aux:
        return True  # "have killed", "has massacred": an active perfect
    if kill in ("killed", "massacred", "executed") or (m["how"] or "").lower() == "shot":
        return _OBJECT_AHEAD_RE.match(text, m.end()) is not None
    return False
