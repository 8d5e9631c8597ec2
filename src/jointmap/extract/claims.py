"""Reported speech: allegations (who accuses whom of what) and claims of control ("X captured Y")."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from jointmap.extract.actors import ActorMention
from jointmap.extract.lexicon import AID_RE, CAPTURE_RE, COUNTER_RE, DENY_RE, TRIGGERS, TRUCE_RE
from jointmap.extract.places import PlaceMention
from jointmap.extract.results import CandidateAllegation, ControlClaim, FoundPlace
from jointmap.extract.text import Sentence

__all__ = ["allegation_of", "control_claims"]

_CLAUSE_START_RE = re.compile(r"[,;:\"“”]\s*|\b(?:while|but|and|as|after|when)\s+", re.I)
_HELD_RE = re.compile(r"^\s*-?\s*(?:held|controlled)\s+", re.I)


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


def allegation_of(
    sentence: Sentence, verb: re.Match[str], actors: list[ActorMention], ref: date | None
) -> CandidateAllegation:
    """An allegation from a sentence whose ``verb`` accuses, denies or (of a party) claims."""
    text = sentence.text
    head = text[: verb.start()]
    cut = 0
    for m in _CLAUSE_START_RE.finditer(head):
        if m.end() < len(head) - 2:
            cut = m.end()
    speaker = " ".join(head[cut:].split()[-8:]).strip(" ,")
    at = sentence.start + verb.start()
    accusers = [a for a in actors if a.actor and a.start < at and a.start >= sentence.start + cut]
    # (not a government that speaks after the verb: "..., which Washington blames on Damascus")
    accused = [
        a.actor
        for a in actors
        if a.actor and a.start >= at and a.actor != "civilians" and a.kind != "speaker"
    ]
    accuser = accusers[-1].actor if accusers else None
    denial = DENY_RE.search(text) is not None
    claim = text[verb.start() :].strip()
    return CandidateAllegation(
        accuser=accuser,
        speaker=speaker,
        accused=[a for a in dict.fromkeys(accused) if a and a != accuser],
        kind=_kind(text, denial),
        claim=claim[:300],
        evidence=text,
        date=ref,
        evidence_start=sentence.start,
        evidence_end=sentence.end,
    )


def control_claims(
    sentence: Sentence,
    actors: list[ActorMention],
    places: list[PlaceMention],
    found: Callable[[PlaceMention], FoundPlace],
    ref: date | None,
) -> list[ControlClaim]:
    """ "X captured/seized Y" (X before the verb, Y after it) and "X-held Y"."""
    claims: list[ControlClaim] = []
    located = [p for p in places if p.candidate is not None and p.candidate.precision <= 3]
    capture = CAPTURE_RE.search(sentence.text)
    if capture:
        at = sentence.start + capture.start()
        who = [a for a in actors if a.actor and a.end <= at and a.actor != "civilians"]
        where = [p for p in located if p.start > at]
        if who and where:
            claims.append(ControlClaim(who[-1].actor or "", found(where[0]), "captured", sentence.text, ref))
    for a in actors:
        if not a.actor:
            continue
        rel = a.end - sentence.start
        held = _HELD_RE.match(sentence.text[rel:])
        if held:
            after = sentence.start + rel + held.end()
            nxt = next((p for p in located if after <= p.start <= after + 40), None)
            if nxt is not None:
                claims.append(ControlClaim(a.actor, found(nxt), "holds", sentence.text, ref))
    return claims
