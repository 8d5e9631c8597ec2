"""Reported speech: allegations (who accuses whom of what, who denies it). Claims of control ("X captured
Y") are :mod:`jointmap.extract.control`'s."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from datetime import date
from typing import NamedTuple

from jointmap.extract.actors import ActorMention
from jointmap.extract.claimspans import (
    Tok,
    Verb,
    accused_span,
    clause_reach,
    find_verbs,
    negated,
    speaker_span,
    tokens,
)
from jointmap.extract.lexicon import AID_RE, COUNTER_RE, TRIGGERS, TRUCE_RE
from jointmap.extract.placewords import words
from jointmap.extract.results import CandidateAllegation
from jointmap.extract.text import Sentence

__all__ = ["allegations_of"]


def _kind(text: str, denial: bool) -> str:
    if denial:
        return "counter_claim" if COUNTER_RE.search(text) else "denial"
    if TRUCE_RE.search(text):
        return "ceasefire_violation"
    if AID_RE.search(text):
        return "aid_obstruction"
    if any(p.search(text) for p, _, strength in TRIGGERS if strength >= 0.55):
        return "attack_on_party"
    return "other"


# -- allegations --------------------------------------------------------------------------------------------


_EACH_OTHER_RE = re.compile(r"\b(?:each other|one another)\b")
_OTHER_CLAUSE = words("where while whereas but")
_ASIDE = words("saying adding calling describing stressing arguing")
# Bounds that keep a long run-on sentence (a list, a lost full stop) linear: how many allegations one sentence
# gives and the part of it read around the verb (how far either side of a verb its clause is read is
# :mod:`jointmap.extract.claimspans`'s).
_MAX_ALLEGATIONS = 8
_LONG = 2000


class _Actors(NamedTuple):
    """The sentence's actor mentions that name an actor, by start, and their starts (to bisect)."""

    mentions: list[ActorMention]
    starts: list[int]


def _in(actors: _Actors, toks: list[Tok], span: tuple[int, int], offset: int) -> list[ActorMention]:
    first, last = span
    if first >= last or first >= len(toks):
        return []
    lo, hi = offset + toks[first].start, offset + toks[last - 1].end
    return actors.mentions[bisect_left(actors.starts, lo) : bisect_left(actors.starts, hi)]


def allegations_of(
    sentence: Sentence, verb: re.Match[str], actors: list[ActorMention], ref: date | None
) -> list[CandidateAllegation]:
    """The allegations of a sentence whose ``verb`` accuses, denies or (of a party) claims: one per verb
    (an accusation and the denial that answers it; a denial and the blame laid on the other side instead)."""
    sentence, at = _around(sentence, verb.start())
    text = sentence.text
    toks = tokens(text)
    mentions = sorted((a for a in actors if a.actor), key=lambda a: a.start)
    named_in = _Actors(mentions, [a.start for a in mentions])
    verbs = find_verbs(text, toks)
    if any(v.denial for v in verbs):
        # "denied the allegations", "said the claims were fabricated": what is denied is no allegation
        verbs = [v for v in verbs if v.denial or v.form != "noun"]
    affirmed = [v for v in verbs if not negated(toks, v.at)]
    if verbs and not affirmed:
        return []  # "Russia did not accuse ...", "has never denied ...": no allegation
    verbs = affirmed
    told = [v for v in verbs if v.form in ("verb", "passive", "participle")]
    if not told:
        told = [v for v in verbs if v.form == "adjective"][:1] or verbs[:1]
    if not told and toks:  # a party's "said" and a truce word (see Extractor._allegation)
        told = [Verb(max(0, bisect_right([t.start for t in toks], at) - 1), False, "verb", False)]
    told = told[:_MAX_ALLEGATIONS]
    out: list[tuple[Verb, tuple[int, int], list[ActorMention], list[str]]] = []
    for v in told:
        span = speaker_span(toks, v, text, out[-1][1] if out else None)
        named = _head_first(_in(named_in, toks, span, sentence.start), toks, span, text, sentence.start)
        hi = clause_reach(toks, v.at)[1]
        reach = (toks[v.at].end, toks[hi - 1].end)
        accuser = named[0].actor if named else None
        accused: list[str] = []
        if v.denial:  # a denial accuses no one, unless it blames the other side instead
            spans = [(v.at + 1, hi)] if COUNTER_RE.search(text, *reach) else []
        else:
            spans = accused_span(toks, v, text)
        for s in spans:
            accused += [
                a.actor for a in _in(named_in, toks, s, sentence.start) if a.kind != "speaker" and a.actor
            ]
        accused = [a for a in dict.fromkeys(accused) if a not in (accuser, "civilians")]
        if out and not v.denial and not out[-1][0].denial and out[-1][1] == span:
            out[-1][3].extend(
                a for a in accused if a not in out[-1][3]
            )  # "condemned ..., holding X responsible"
            continue
        if (v.mutual or _EACH_OTHER_RE.search(text, toks[v.at].start, reach[1])) and not v.denial:
            out.extend(_each_way(toks, v, span, named, named_in, sentence.start))
            continue
        out.append((v, span, named, accused))
    denied = {o[1] for o in out if o[0].denial}
    found = [
        CandidateAllegation(
            accuser=named[0].actor if named else None,
            speaker=text[toks[span[0]].start : toks[span[1] - 1].end].strip(" ,.")
            if span[0] < span[1]
            else "",
            accused=accused,
            kind=_kind_of(text, toks, v, span, span in denied),
            claim=text[toks[v.at].start : toks[v.at].start + 300].strip(),
            evidence=text,
            date=ref,
            evidence_start=sentence.start,
            evidence_end=sentence.end,
        )
        for v, span, named, accused in out[:_MAX_ALLEGATIONS]
    ]
    # ("dismissed the reports as false and blamed ...": the adjective and its framing verb tell one denial)
    seen: set[tuple[str, str | None, tuple[str, ...], str]] = set()
    unique = []
    for a in found:
        key = (a.speaker, a.accuser, tuple(a.accused), a.kind)
        if key not in seen:
            seen.add(key)
            unique.append(a)
    return unique


# An appositive that says whom the speaker speaks for ("X, the Russian defence ministry's spokesman", "X, a
# Free Syrian Army fighter", "X, of Ahrar al-Sham"), not one that names whom he opposes, suffered or left
# ("X, a critic of the government", "X, an activist besieged by Hezbollah", "X, a Syrian army deserter").
_MEMBER_RE = re.compile(
    r"\b(?:spokes(?:man|woman|person)|minister|ministry|commander|official|officer|envoy|ambassador|"
    r"representative|head|leader|chief|member|president|director|fighters?|militants?|figure|negotiator|"
    r"adviser|advisor|colonel|general|brigadier|captain|lieutenant|major|emir|lawmaker|mp|deputy|cleric|"
    r"militiam[ae]n|rebel|soldier|of|for|with|to|from|in)\b",
    re.I,
)
_OPPONENT_RE = re.compile(
    r"\b(?:critic|opponent|foe|rival|enemy|adversary|ally|supporter|backer|deserter|defector|survivor|hostage|"
    r"victim|prisoner|detainee|former|ex|besieged|held|displaced|talks|by)\b",
    re.I,
)


def _head_first(
    named: list[ActorMention], toks: list[Tok], span: tuple[int, int], text: str, offset: int
) -> list[ActorMention]:
    """The actors named in a speaker's words, those of its head (before an appositive's comma) first; not
    those of an appositive that names whom he opposes."""
    comma = next((k for k in range(span[0], span[1]) if toks[k].word == ","), None)
    if comma is None or not named:
        return named
    cut = toks[comma].start
    head = [a for a in named if a.start - offset < cut]
    aside = text[cut : toks[span[1] - 1].end]
    if _MEMBER_RE.search(aside) and not _OPPONENT_RE.search(aside):
        return head + [a for a in named if a.start - offset >= cut]
    return head


def _around(sentence: Sentence, at: int) -> tuple[Sentence, int]:
    """A very long sentence (a run-on: a list, a lost full stop) cut to ``_LONG`` characters around the verb
    at ``at`` (from its start), between words, and where the verb is in the cut: the allegations are read
    there, and it is their evidence (its offsets those of the cut)."""
    text = sentence.text
    if len(text) <= _LONG:
        return sentence, at
    lo = max(0, min(at - _LONG // 2, len(text) - _LONG))
    hi = min(len(text), lo + _LONG)
    if lo > 0 and (space := text.find(" ", lo, at)) >= 0:
        lo = space + 1
    if hi < len(text) and (space := text.rfind(" ", at, hi)) > at:
        hi = space
    while hi > at + 1 and text[hi - 1].isspace():
        hi -= 1
    return Sentence(sentence.start + lo, sentence.start + hi, text[lo:hi]), at - lo


def _kind_of(text: str, toks: list[Tok], v: Verb, span: tuple[int, int], speaker_denied: bool) -> str:
    lo, hi = clause_reach(toks, v.at)
    if v.denial:
        return "counter_claim" if COUNTER_RE.search(text, toks[v.at].end, toks[hi - 1].end) else "denial"
    if speaker_denied:
        return "counter_claim"  # "Damascus denied responsibility and blamed rebels"
    # What is alleged: the sentence (its event may come before: "the attack that the West blames on ..."),
    # less another clause before the speaker's ("Syria was hit by unrest where the government accuses ...")
    # and the speaker's words after it ("..., saying that Washington is not honest in fighting ISIL").
    first = span[0] if 0 < span[0] < span[1] and toks[span[0] - 1].word in _OTHER_CLAUSE else 0
    first = max(first, lo)  # (within reach of the verb)
    end = next((k for k in range(v.at + 1, hi) if toks[k].word in _ASIDE), hi)
    return _kind(text[toks[first].start : toks[end - 1].end], denial=False)


def _each_way(
    toks: list[Tok],
    v: Verb,
    span: tuple[int, int],
    named: list[ActorMention],
    actors: _Actors,
    offset: int,
) -> list[tuple[Verb, tuple[int, int], list[ActorMention], list[str]]]:
    """ "A and B traded accusations", "both sides blamed each other": one allegation each way when the
    subject names two actors, else one by whom it names."""
    parts: list[tuple[int, int]] = []
    start = span[0]
    for k in range(span[0], span[1]):
        if toks[k].word == "and":
            parts.append((start, k))
            start = k + 1
    parts.append((start, span[1]))
    sides = [(p, _in(actors, toks, p, offset)) for p in parts]
    sides = [(p, n) for p, n in sides if n]
    ids = list(dict.fromkeys(n[0].actor for _, n in sides if n[0].actor))
    if len(ids) < 2:
        return [(v, span, named, [])]
    return [(v, p, n, [i for i in ids if i != n[0].actor]) for p, n in sides]
