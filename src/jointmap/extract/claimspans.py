"""The clause around a verb of accusing or denying, read from a sentence's words without a parser: its
tokens, the verbs and their forms (verb, passive, participle, noun, adjective), whether one is negated, and
the token spans of the speaker (the subject of the verb, past auxiliaries, appositives and relative clauses)
and of the accused. :mod:`jointmap.extract.claims` makes allegations of them."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

from jointmap.extract.lexicon import ACCUSE_RE, DENY_RE
from jointmap.extract.placewords import words

__all__ = [
    "Tok",
    "Verb",
    "accused_span",
    "clause_reach",
    "find_verbs",
    "negated",
    "speaker_span",
    "tokens",
]


# A sentence is read as words with their offsets; who speaks is the noun phrase before the verb, read
# backwards to where its clause starts. No parser: these are the rules of plain news English.


_TOKEN_RE = re.compile(r"\w[\w'’-]*(?:\.[\w-][\w'’-]*)*\.?|[^\w\s]")  # "U.S.-led" is one word
# Between a subject and its verb: auxiliaries, adverbs, the day ("Russia on Sunday denied").
_SKIP = words(
    "has have had been not never also however meanwhile repeatedly previously already again both reportedly "
    "officially publicly immediately quickly flatly vehemently firmly often then now later earlier did does "
    "do will would may could can might must should today yesterday tonight on late early monday tuesday "
    "wednesday thursday friday saturday sunday"
)
# What ends a subject read backwards: conjunctions, relative words, sentence adverbs, verbs.
_STOP = words(
    "and or but while whereas where which who whom whose that when as after before because since though "
    "although if however meanwhile moreover furthermore also still yet instead so thus then separately "
    "nevertheless said says say told tells reported reports added adds stated announced claimed claims is "
    "are was were be been being has have had do does did will would can could should may might must week "
    "month year today yesterday tonight weekend including saying adding calling describing according amid "
    "despite"
)
_LY_NOUNS = words("ally family assembly rally supply anomaly monopoly")  # not adverbs
_BE = words("is are was were be been being stands stand stood")
_PUNCT = frozenset(',;:"“”‘’()[]–—-')
# Participles that stand inside a name or noun phrase ("armed groups", "US-backed rebels").
_ED_IN_NAMES = words(
    "armed displaced unidentified detained united based led backed supported allied wounded injured trapped "
    "besieged alleged suspected unnamed named organised organized designated exiled"
)
# A word before "and" that ends one actor's name in a subject naming several ("the government and Russia").
_ACTOR_HEADS = words(
    "government regime army forces troops opposition rebels militants sides groups countries states powers "
    "allies activists officials ministry coalition media militias fighters"
)
_AFTER_PARTICIPLE = words("in with by near on at for from")
# Before a relative pronoun, the noun it stands for ends at a preposition ("pointed at the regime, which").
_PREP_STOP = words(
    "at in on to with from for by against over into about toward towards"
)  # "groups involved in the truce"
_LEAD_PREPS = words("with in on after despite amid following since during for at before under")
_DATES = words(
    "january february march april may june july august september october november december monday tuesday "
    "wednesday thursday friday saturday sunday"
)
_ACCUSE_NOUNS = ("accusation", "allegation", "charges", "claims", "blame", "condemnation", "violation")
# "laid the blame on", "traded accusations": the verb that carries the noun.
_LIGHT_VERBS = words(
    "laid lay lays laying put puts putting pinned pinning pins placed placing exchanged exchanging exchange "
    "traded trading trade swapped swapping levelled leveled"
)
_MUTUAL = words("exchanged exchanging exchange traded trading trade swapped swapping")
_DETERMINERS = words("a an the its his her their this these those such any")
_SAY = words("said says say told tells stated added")
_FINITE = words("is are was were has have had will would said says told stated")
_PREPOSITIONS = words("for of by after without in on from while when before with about")
_OBJECT_END = words(
    "while but whereas saying adding calling describing although though which who because when where"
)
_RELATIVE = words("which who whom whose where")
# The verb that frames a denial told by an adjective or a noun ("dismissed the reports as fabricated",
# "called the accusations false", "called the reports a fabrication").
_FRAMING = words(
    "call calls called calling describe describes described describing dismiss dismisses dismissed "
    "dismissing reject rejects rejected rejecting brand brands branded branding term terms termed label "
    "labels labelled labeled"
)
_DENIAL_ADJECTIVES = ("baseless", "false", "untrue", "groundless", "unfounded")
# "called the accusations false", "the reports were untrue": the adjective said of what is denied, not one
# before a noun ("a false flag attack"), so followed by the end of its clause.
_FALSE_RE = re.compile(
    r"\b(?:false|untrue|groundless|unfounded)(?=\s*(?:[.,;:!?\"”)]|$)|\s+(?:and|but|while|saying|adding)\b)",
    re.I,
)
# A bound that keeps a long run-on sentence (a list, a lost full stop) linear: how far either side of a verb
# its clause is read.
_REACH = 300
_STATEMENT_RE = re.compile(
    r"\s(?:in|on)\s+(?:a|an|its|his|her|their)\s+(?:[\w-]+\s+){0,2}?(?:statement|interview|message|report|"
    r"letter|speech|tweet|broadcast|briefing)\s*$",
    re.I,
)


class Tok(NamedTuple):
    start: int
    end: int
    word: str  # lower case, without a final full stop
    upper: bool  # written with a capital


class Verb(NamedTuple):
    at: int  # token index of the verb (of "laid" in "laid the blame")
    denial: bool
    form: str  # verb | passive | participle | noun | adjective
    mutual: bool


def tokens(text: str) -> list[Tok]:
    return [
        Tok(m.start(), m.end(), m.group().lower().rstrip("."), m.group()[0].isupper())
        for m in _TOKEN_RE.finditer(text)
    ]


def _adverb(tok: Tok) -> bool:
    return tok.word in _SKIP or (tok.word.endswith("ly") and tok.word not in _LY_NOUNS and not tok.upper)


def clause_reach(toks: list[Tok], at: int) -> tuple[int, int]:
    """The tokens read for the verb at ``at``: those within ``_REACH`` characters of it (a news clause is
    shorter; a run-on sentence is not read whole for each of its verbs)."""
    lo, hi = at, min(at + 1, len(toks))
    while lo > 0 and toks[at].start - toks[lo - 1].start <= _REACH:
        lo -= 1
    while hi < len(toks) and toks[hi].end - toks[at].end <= _REACH:
        hi += 1
    return lo, hi


def _ends_subject(tok: Tok) -> bool:
    w = tok.word
    return (
        w in _PUNCT
        or w in _STOP
        or any(c.isdigit() for c in w)
        or (w.endswith("ed") and w not in _ED_IN_NAMES and not tok.upper)
    )


def _subject(toks: list[Tok], i: int, text: str, near: bool = False) -> tuple[int, int, str]:
    """The noun phrase before token ``i``: (first token, end token, the word that stopped it, or "");
    ``near``: only the noun right before (the one a relative pronoun or a passive verb stands for)."""
    j = i - 1
    while j >= 0 and _adverb(toks[j]):
        j -= 1  # "has categorically", "on Sunday"
    if j >= 1 and toks[j].word == "to":  # "rushed to blame", "has sought to deny"
        j -= 2
        while j >= 0 and _adverb(toks[j]):
            j -= 1
    if j >= 0 and (said := _STATEMENT_RE.search(text, max(0, toks[j].end - 80), toks[j].end)):
        while j >= 0 and toks[j].start > said.start():
            j -= 1  # "... Konashenkov in an emailed statement accused"
    end = j + 1
    stop = ""
    while j >= 0 and end - j <= 16:
        tok = toks[j]
        if tok.word in ("and", "as") and j + 1 < end and j >= 1:
            k = j - 2 if tok.word == "as" and j >= 2 and toks[j - 1].word == "well" else j
            before = toks[k - 1] if k >= 1 else None
            if (tok.word == "and" or k != j) and before and (before.word in _ACTOR_HEADS or before.upper):
                j = k - 1  # "the government and Russia", "the Coalition as well as Western states"
                continue
        if tok.word == ")":
            opened = next((k for k in range(j - 1, max(-1, j - 6), -1) if toks[k].word == "("), None)
            if opened is not None:  # "The Syrian National Coalition (SNC) accused"
                j = opened - 1
                continue
        if near and tok.word in _PREP_STOP:
            stop = tok.word
            break
        if _ends_subject(tok):
            if tok.word.endswith("ed") and toks[j + 1].word in _AFTER_PARTICIPLE and j + 1 < end:
                j -= 1  # "groups involved in the truce", "forces backed by Turkey"
                continue
            if tok.word.isdigit() and len(tok.word) <= 3 and j >= 1 and toks[j - 1].upper:
                j -= 1  # "Division 13", "Brigade 51": a unit's number is part of its name
                continue
            stop = tok.word
            break
        j -= 1
    first = j + 1
    ing = next((k for k in range(first + 1, end) if toks[k].word.endswith("ing") and not toks[k].upper), None)
    if ing is not None and toks[ing].word not in ("including", "during"):
        end = ing  # "Moscow, urging an inquiry, said"
    if first < end and toks[first].word in _LEAD_PREPS:  # "In July Human Rights Watch accused"
        cut = None
        for k in range(first, end - 1):
            if toks[k + 1].upper and (not toks[k].upper or toks[k].word in _DATES):
                cut = k + 1
        # A day or month ends the phrase that leads: "On Monday Russian Defence Ministry spokesman Igor
        # Konashenkov" is one noun phrase (not "Igor Konashenkov", the last capital after a small word).
        dated = [k + 1 for k in range(first, end - 1) if toks[k].word in _DATES and toks[k + 1].upper]
        if dated:
            cut = dated[-1]
        if cut is None:
            cut = next((k for k in range(first + 1, end) if toks[k].word in ("the", "a", "an")), first)
        first = cut
    return first, end, stop


def _aside(toks: list[Tok], comma: int, text: str) -> tuple[int, int] | None:
    """The subject before a phrase set off by commas between it and its verb, ``comma`` the second comma:
    with an appositive ("Igor Konashenkov, the Russian defence ministry spokesman, denied", "Abu Omar, of the
    Free Syrian Army, said": it may name the speaker's side), without a relative clause ("The regime, which
    denied the attack, blamed": it may name someone else) or an aside ("Moscow, however, denied")."""
    opened = next((k for k in range(comma - 1, max(-1, comma - 24), -1) if toks[k].word in _PUNCT), None)
    if opened is None or toks[opened].word != "," or opened + 1 >= comma:
        return None
    inner = toks[opened + 1 : comma]
    head = inner[0]
    # Said of the subject, not by it: a relative clause, a participle ("citing witnesses", "based in
    # Britain"), an adverb ("however") or a phrase of time or manner ("in a statement").
    aside = (
        head.word in _RELATIVE
        or head.word in _LEAD_PREPS
        or all(_adverb(t) for t in inner)
        or (not head.upper and head.word.endswith(("ing", "ed")))
    )
    if not aside and (
        len(inner) > 12
        or any(
            t.word in _STOP or (t.word.endswith("ed") and t.word not in _ED_IN_NAMES and not t.upper)
            for t in inner
        )
    ):
        return None  # a clause ("Russia, the ministry said, denied"), not a noun phrase
    first, end, stop = _subject(toks, opened, text)
    if first == end or (stop == "," and any(t.word == "and" for t in toks[first:end])):
        return None  # the end of a list ("Russia, Iran and Turkey, the guarantors of the truce, said")
    return (first, end) if aside else (first, comma)


def _clause_subject(toks: list[Tok], i: int, text: str, depth: int = 0) -> tuple[int, int]:
    """The subject of the verb at ``i``; through a relative pronoun to the noun it stands for ("the regime
    which denied", "the government which has long called for ... rejected", "the regime, which denied"); and
    back over a phrase set off by commas ("Lavrov, Russia's foreign minister, accused")."""
    first, end, stop = _subject(toks, i, text)
    if depth < 2 and stop in ("which", "who") and first == end:
        k = first - 2 if first >= 2 and toks[first - 2].word == "," else first - 1
        first, end, _ = _subject(toks, k, text, near=True)
        return first, end
    if stop == "," and first == end and (aside := _aside(toks, first - 1, text)) is not None:
        return aside
    if depth < 2 and stop not in ("which", "who", "that") and stop not in _PUNCT:
        for k in range(first - 1, max(-1, first - 20), -1):
            if toks[k].word in _PUNCT:
                break
            if toks[k].word in ("which", "who"):
                first, end, _ = _subject(toks, k, text, near=True)
                return first, end
    return first, end


def _sentence_subject(toks: list[Tok], before: int, text: str) -> tuple[int, int]:
    """The subject of the nearest verb of saying before token ``before``, else of the first verb (within
    reach)."""
    lo = clause_reach(toks, min(before, len(toks) - 1))[0] if toks else 0
    say = next((k for k in range(before - 1, lo - 1, -1) if toks[k].word in _SAY), None)
    if say is None:
        say = next((k for k in range(lo, before) if toks[k].word in _FINITE or _ends_subject(toks[k])), None)
    return _clause_subject(toks, say, text) if say is not None else (0, 0)


def _classify(toks: list[Tok], at: int, text: str) -> str:
    w = toks[at].word
    nxt = toks[at + 1].word if at + 1 < len(toks) else ""
    prev = at - 1
    while prev >= 0 and _adverb(toks[prev]) and toks[prev].word not in _BE:
        prev -= 1
    before = toks[prev].word if prev >= 0 else ""
    if w in _DENIAL_ADJECTIVES or w.startswith("fabricat"):
        return "adjective"
    if (
        w.startswith(_ACCUSE_NOUNS)
        and not w.startswith(("claimed", "blamed", "blames", "blaming"))
        and not (w in ("claims", "blame") and before not in _DETERMINERS)
    ):
        return "noun"  # (but "Russia claims that", "rebels blame the army")
    if w.startswith("denial"):
        return "noun"
    if w == "alleged" and not (
        before not in _PREPOSITIONS | _DETERMINERS
        and any(t.word == "that" for t in toks[at + 1 : at + 5])
        and (nxt == "that" or nxt in _SKIP or nxt in ("in", "last", "this"))
    ):
        return "noun"  # "an alleged attack", "alleged Russian strikes" (not "media alleged on Monday that")
    if w == "blame" and before == "to" and prev >= 1 and toks[prev - 1].word in _BE | {"not"}:
        return "passive"  # "government forces were (not) to blame"
    if w.endswith("ing"):
        return "noun" if before in _PREPOSITIONS else "participle"
    if w.endswith("ed") and (before in _BE or before == "to" or nxt == "by"):
        return "passive"
    if w in ("accused", "blamed") and nxt in ("of", "for", "on") and _subject(toks, at, text)[2] != "that":
        return "passive"  # "Syrian regime accused of bombing", "strikes blamed on the regime"
    return "verb"


def find_verbs(text: str, toks: list[Tok]) -> list[Verb]:
    starts = [t.start for t in toks]
    found: dict[int, Verb] = {}
    for pattern, denial in ((DENY_RE, True), (_FALSE_RE, True), (ACCUSE_RE, False)):
        for m in pattern.finditer(text):
            at = bisect_right(starts, m.start()) - 1
            if at < 0 or at in found:
                continue
            form = _classify(toks, at, text)
            mutual = False
            if form == "noun":
                k = at - 1
                while k >= 0 and toks[k].word in ("the", "mutual", "new", "fresh", "their"):
                    k -= 1
                if k >= 0 and toks[k].word in _LIGHT_VERBS:  # "laid the blame on", "traded accusations"
                    mutual = toks[k].word in _MUTUAL
                    at, form = (
                        k,
                        "participle"
                        if toks[k].word.endswith("ing")
                        and toks[k - 1].word not in ("been", "are", "is", "were", "was")
                        else "verb",
                    )
            if form == "passive" and toks[at].word == "blame" and at >= 2 and toks[at - 2].word == "not":
                denial = True  # "were not to blame"
            found[at] = Verb(at, denial, form, mutual)
    return [found[k] for k in sorted(found)]


def _object_end(toks: list[Tok], at: int, lists: bool = False) -> int:
    """Where the clause of the verb at ``at`` ends (``lists``: on past commas, "accused A, B and C of")."""
    hi = clause_reach(toks, at)[1]
    for k in range(at + 1, hi):
        w = toks[k].word
        if w in _OBJECT_END or (w in _PUNCT and w not in "()" and not (lists and w == "," and k < at + 12)):
            return k
    return hi


def accused_span(toks: list[Tok], v: Verb, text: str) -> list[tuple[int, int]]:
    """Token spans naming the accused of an accusation read at ``v``."""
    at, w = v.at, toks[v.at].word
    end = _object_end(toks, at)
    words = [t.word for t in toks[at + 1 : end]]

    def upto(*stops: str) -> int | None:
        return next((at + 1 + k for k, x in enumerate(words) if x in stops), None)

    def clause_subject(frm: int) -> tuple[int, int]:
        k = frm
        while k < min(end, frm + 8) and not (k > frm and _ends_subject(toks[k]) and toks[k].word != "and"):
            k += 1
        return frm, k

    by = upto("by")
    spans: list[tuple[int, int]] = []
    if v.form == "noun" and by is not None and by + 1 < end and not toks[by + 1].word.endswith("ing"):
        spans.append((by + 1, end))  # "alleged use of chemical arms by rebels"
    if v.form == "passive" or (v.form == "noun" and w.startswith("blame") and upto("on") is None):
        k = at - 1
        while k >= 0 and (toks[k].word in _BE or _adverb(toks[k]) or toks[k].word in ("to", "not")):
            k -= 1
        first, last, _ = _subject(toks, k + 1, text, near=True)
        spans.append((first, last))  # "The regime has been accused of", "Turkey stands accused"
        on = upto("on")
        if on is not None and w.startswith("blam"):
            spans.append((on + 1, end))  # "an attack blamed on the regime"
        return spans
    if w.startswith(("accus", "condemn", "denounc")) and v.form != "noun":
        listed = _object_end(toks, at, lists=True)
        of = next((k for k in range(at + 1, listed) if toks[k].word == "of"), None)
        spans.append((at + 1, of if of is not None else end))
    elif w.startswith("blam") or toks[at].word in _LIGHT_VERBS:
        on, for_ = upto("on"), upto("for")
        if on is not None and (for_ is None or on < for_):
            spans.append((on + 1, for_ if for_ is not None and for_ > on else end))
        else:
            spans.append((at + 1, for_ if for_ is not None else end))
    elif w in ("held", "hold", "holds", "holding"):
        spans.append((at + 1, upto("responsible") or end))
    elif w == "alleged" and v.form == "noun":
        spans.append((at + 1, min(end, at + 4)))  # "alleged Russian air strikes"
    else:  # "claimed that Russian jets hit", "allegations that both rebels and the army used"
        frm = at + 2 if at + 1 < len(toks) and toks[at + 1].word == "that" else at + 1
        if v.form != "noun" or frm == at + 2:
            spans.append(clause_subject(frm))
    return spans


_NEGATION = words("not never n't didn't doesn't don't hasn't haven't hadn't wasn't weren't won't")
_AUXILIARY = words("has have had did does do was were is are will would could can also yet ever")


def negated(toks: list[Tok], at: int) -> bool:
    """Whether "not"/"never" stands right before the verb at ``at`` ("did not accuse", "has never denied")."""
    for k in range(at - 1, max(-1, at - 4), -1):
        word = toks[k].word
        if word in _NEGATION:
            return True
        if word not in _AUXILIARY:
            return False
    return False


def speaker_span(toks: list[Tok], v: Verb, text: str, previous: tuple[int, int] | None) -> tuple[int, int]:
    at = v.at
    if v.form == "passive":  # "denied by Syrian state television which ...", "accused by Washington of"
        end = _object_end(toks, at)
        by = next((k for k in range(at + 1, end) if toks[k].word == "by"), None)
        if by is None or by + 1 >= end or toks[by + 1].word.endswith("ing"):
            # "X said the army was not to blame": the one who says it; else no one named
            return _sentence_subject(toks, at, text) if _said_before(toks, at) else (0, 0)
        k = by + 1
        while k < end and not _ends_subject(toks[k]) and toks[k].word not in ("of", "for", "in", "on"):
            k += 1
        return (by + 1, k)
    if v.form == "noun":
        return (0, 0)
    if v.form == "adjective" and (framing := _framing_verb(toks, at, text)) is not None:
        return speaker_span(toks, framing, text, previous)  # "Ankara dismissed the reports as fabricated"
    if v.form in ("participle", "adjective"):
        return (
            _sentence_subject(toks, at, text) if v.form == "participle" or _said_before(toks, at) else (0, 0)
        )
    first, end = _clause_subject(toks, at, text)
    if first == end and end > 0 and toks[end - 1].word in ("and", "but", "then"):
        # "Damascus denied responsibility and blamed rebels": the subject of the clause before
        return previous if previous is not None else _sentence_subject(toks, end - 1, text)
    return first, end


def _said_before(toks: list[Tok], at: int) -> bool:
    return any(t.word in _SAY for t in toks[clause_reach(toks, at)[0] : at])


def _framing_verb(toks: list[Tok], at: int, text: str) -> Verb | None:
    """The verb of the clause of a denial told by the adjective or noun at ``at`` ("called the reports a
    fabrication"): whose subject denies."""
    for k in range(at - 1, max(-1, at - 16), -1):
        w = toks[k].word
        if w in _FRAMING:
            form = _classify(toks, k, text)
            return Verb(k, True, form, False) if form in ("verb", "passive", "participle") else None
        if w in _PUNCT or w in _OBJECT_END or w in ("that", "and"):
            return None
    return None
