"""Claims of control read from a sentence: "X captured/seized Y" and "X-held Y" (who says a side holds a
place, for the control layers' reviewers; not a finding of control)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from jointmap.extract.actors import ActorMention
from jointmap.extract.lexicon import CAPTURE_RE
from jointmap.extract.placementions import PlaceMention
from jointmap.extract.results import ControlClaim, FoundPlace
from jointmap.extract.text import Sentence

__all__ = ["control_claims"]

_HELD_RE = re.compile(r"^\s*-?\s*(?:held|controlled)\s+", re.I)


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
