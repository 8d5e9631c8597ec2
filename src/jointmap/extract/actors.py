"""Actor mentions through the registry: names, abbreviations, renamings and descriptions, with confidence.

A name's kind sets the base confidence (official 1.0, alias/abbreviation 0.9, description 0.6: "regime
forces" names the army only as others describe it). A hedge before the mention ("believed to be",
"reportedly") halves it, and "warplanes believed to be Russian" is read as the registry's "Russian
warplanes". "Unidentified jets" is an explicit unknown: no actor.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain

import ahocorasick

from jointmap.domain.actors import Actor, ActorKind, NameKind
from jointmap.extract.lexicon import HEDGE_RE, UNKNOWN_ACTOR_RE, UNKNOWN_ACTOR_WORDS
from jointmap.extract.text import Normalised, may_contain
from jointmap.geo import fold

__all__ = ["ActorMatcher", "ActorMention"]

_BASE = {NameKind.OFFICIAL: 1.0, NameKind.ALIAS: 0.9, NameKind.ABBREVIATION: 0.9, NameKind.DESCRIPTION: 0.6}
# "warplanes believed to be Russian", "the jets were thought to be Russian", "jets, reportedly Russian,".
_HEDGED_RE = re.compile(
    r"\b(?P<noun>(?i:warplanes?|jets?|aircraft|planes?|helicopters?|drones?|forces|troops|fighters|"
    r"militants?))(?:\s+"
    r"(?:(?:which|that)\s+)?(?:(?:were|was)\s+)?(?:believed|thought|suspected|said|reported|presumed|assumed)\s+"
    r"to\s+(?:be|have\s+been)\s+(?:from\s+)?(?:the\s+)?|\s*,\s*(?:reportedly|apparently|probably|likely|"
    r"possibly|presumably|allegedly)\s+)(?P<adj>[A-Z][\w-]+)",
)
# What every _HEDGED_RE match holds ("... believed to be ...", ", reportedly ..."): a cheap scan before the
# costly pattern (no leading \b: a literal first word lets the regex engine skip ahead).
_TO_BE_RE = re.compile(
    r"to\s+(?:be|have)\b|,\s*(?:reportedly|apparently|probably|likely|possibly|presumably|allegedly)\s"
)
# "[A-Z](?<!\w[A-Z])" is "\b[A-Z]" (no word character before the capital), written so that the regex engine
# can skip ahead to the next capital instead of trying the pattern at every position.
_ABBREV_RE = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z-]{1,5}\b")
# "Rebel coalition raids", "anti-regime raids": the lower-case word is part of another name or word.
_COMPOUND_BEFORE_RE = re.compile(r"(?:-|\b[A-Z][\w'’]*[ \t]+)$")
_GROUND_ATTACK_RE = re.compile(
    r"\b(?P<adj>(?i:regime|government|pro-government|rebel|opposition))\s+(?:snipers?|shelling|artillery|tanks?|"
    r"mortars?|rockets?|gunfire|troops|soldiers|fighters|gunmen|militias?)\b"
)
_AIR_NOUNS = ("warplanes", "jets", "aircraft", "air force")
_AIR_ATTACKS = (
    r"\s+(?:air\s*strikes?|air[ -]raids?|raids|bombing|bombardment|warplanes?|jets?|planes|aircraft)\b"
)
_AIR_ATTACK_RE = re.compile(r"(?P<adj>[A-Z](?<!\w[A-Z])[a-z]+)" + _AIR_ATTACKS)


@dataclass(frozen=True, slots=True)
class ActorMention:
    actor: str | None  # None: an explicit unknown ("unidentified jets")
    start: int
    end: int
    text: str
    confidence: float
    kind: str  # official | alias | abbreviation | description | hedged | unknown


class ActorMatcher:
    """Finds registry actors in text. Build once per registry; ``find`` is one automaton pass."""

    def __init__(self, actors: Iterable[Actor]) -> None:
        self.actors: dict[str, Actor] = {a.id: a for a in actors}
        self._automaton = ahocorasick.Automaton()
        self._abbrev: dict[str, tuple[str, NameKind]] = {}
        # Nationality adjective → its air actor, from "Russian warplanes" (to read "Russian air strikes").
        self._air: dict[str, str] = {}
        keys: dict[str, tuple[str, NameKind]] = {}
        for actor in self.actors.values():
            for name in actor.names:
                if name.kind is NameKind.ABBREVIATION or (name.name.isupper() and len(name.name) <= 5):
                    self._abbrev[name.name] = (actor.id, name.kind)
                    continue
                key = fold(name.name)
                if len(key) < 3:
                    continue
                old = keys.get(key)
                if old is None or _BASE[name.kind] > _BASE[old[1]]:
                    keys[key] = (actor.id, name.kind)
                parts = key.split()
                if len(parts) >= 2 and " ".join(parts[1:]) in _AIR_NOUNS:
                    self._air.setdefault(parts[0], actor.id)
        # "coalition air strikes", "regime jets": the same descriptions written in lower case
        self._air_lower = re.compile(
            rf"\b(?P<adj>{'|'.join(map(re.escape, sorted(self._air)))})" + _AIR_ATTACKS
        )
        for key, value in keys.items():
            self._automaton.add_word(f" {key} ", (len(key), *value))
        if keys:
            self._automaton.make_automaton()
        self._keys = keys

    def parent_chain(self, actor_id: str) -> list[Actor]:
        chain: list[Actor] = []
        current = self.actors.get(actor_id)
        while current is not None and current not in chain:
            chain.append(current)
            current = self.actors.get(current.parent) if current.parent else None
        return chain

    def is_state_side(self, actor_id: str) -> bool:
        """State forces, or an actor whose parent chain reaches one (for "government regains territory")."""
        return any(
            a.kind in (ActorKind.STATE_FORCES, ActorKind.FOREIGN_STATE) for a in self.parent_chain(actor_id)
        )

    def find(self, text: str, norm: Normalised) -> list[ActorMention]:
        """Actor mentions in ``text`` (``norm`` = its normalised form), longest match first, no overlaps."""
        found: list[ActorMention] = []
        if len(self._automaton):
            for end, (length, actor_id, kind) in self._automaton.iter(norm.text):
                start_n = end - length  # index of the first character of the key (after the leading space)
                s, e = norm.span(start_n, end)
                found.append(ActorMention(actor_id, s, e, text[s:e], _BASE[kind], kind.value))
        for m in _ABBREV_RE.finditer(text):
            hit = self._abbrev.get(m.group())
            if hit is None:
                continue
            if m.group() == "IS" and _looks_like_caps_text(text, m.start()):
                continue  # "IS" in an all-caps headline is the verb
            found.append(ActorMention(hit[0], m.start(), m.end(), m.group(), _BASE[hit[1]], hit[1].value))
        for m in _HEDGED_RE.finditer(text) if _TO_BE_RE.search(text) else ():
            key = fold(f"{m['adj']} {m['noun']}")
            hit = self._keys.get(key) or self._keys.get(fold(f"{m['adj']} warplanes"))
            actor_id = hit[0] if hit else self._air.get(fold(m["adj"]).split(" ")[0])
            if actor_id:
                found.append(ActorMention(actor_id, m.start(), m.end(), m.group(), 0.4, "hedged"))
        lower = (
            m
            for m in self._air_lower.finditer(text)
            if not _COMPOUND_BEFORE_RE.search(text, max(0, m.start() - 40), m.start())
        )
        for m in chain(_AIR_ATTACK_RE.finditer(text), lower):
            actor_id = self._air.get(fold(m["adj"]))
            if actor_id:
                found.append(ActorMention(actor_id, m.start(), m.end(), m.group(), 0.6, "description"))
        for m in _GROUND_ATTACK_RE.finditer(text):
            # "a regime sniper", "government shelling": the side the registry knows as "regime forces" ...
            hit = self._keys.get(fold(f"{m['adj']} forces"))
            if hit is not None:
                found.append(ActorMention(hit[0], m.start(), m.end(), m.group(), 0.6, "description"))
        for m in UNKNOWN_ACTOR_RE.finditer(text) if may_contain(text, UNKNOWN_ACTOR_WORDS) else ():
            found.append(ActorMention(None, m.start(), m.end(), text[m.start() : m.end()], 0.0, "unknown"))
        found.sort(key=lambda a: (a.start, -(a.end - a.start)))
        kept: list[ActorMention] = []
        hedged = HEDGE_RE.needs is None or may_contain(text, HEDGE_RE.needs)  # most texts hedge nothing
        for mention in found:
            if kept and mention.start < kept[-1].end:
                continue
            kept.append(_hedge(text, mention) if hedged else mention)
        return kept


def _looks_like_caps_text(text: str, at: int) -> bool:
    window = text[max(0, at - 20) : at + 22]
    letters = [c for c in window if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) > 0.8 * len(letters)


def _hedge(text: str, mention: ActorMention) -> ActorMention:
    if mention.actor is None or mention.kind == "hedged":
        return mention
    before = text[max(0, mention.start - 40) : mention.start]
    if HEDGE_RE.search(before):
        return ActorMention(
            mention.actor,
            mention.start,
            mention.end,
            mention.text,
            round(mention.confidence * 0.5, 2),
            "hedged",
        )
    return mention
