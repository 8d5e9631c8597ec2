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
from jointmap.extract.text import Caseless, Normalised, may_contain
from jointmap.geo import fold

__all__ = ["ActorMatcher", "ActorMention"]

_BASE = {
    NameKind.OFFICIAL: 1.0,
    NameKind.ALIAS: 0.9,
    NameKind.ABBREVIATION: 0.9,
    NameKind.METONYM: 0.8,
    NameKind.DESCRIPTION: 0.6,
}
# Where a country or capital stands for its government (a METONYM name): before a verb of saying, blaming or
# attacking, with "'s defence ministry" and the like between ("Russia said", "Moscow's foreign ministry
# denied", "Russia bombed"), or as the one accused ("accused Damascus of", "blamed Russia for").
# (a day or "also" may stand between: "Lavrov on Monday accused", "Russia also denied")
_METONYM_BETWEEN = (
    r"(?:(?:on\s+)?(?i:mon|tues|wednes|thurs|fri|satur|sun)day\s+)?(?:(?:also|later|again)\s+)?"
)
_METONYM_SAYS = (
    rf"{_METONYM_BETWEEN}"
    r"(?:(?:has|have|had)\s+)?(?:[a-z]+ly\s+)?(?:said|says|told|tells|stated|states|announced|announces|claimed|"
    r"claims|accused|accuses|blamed|blames|denied|denies|rejected|rejects|condemned|condemns|warned|warns|"
    r"insisted|insists|charged|alleged|alleges|responded|dismissed|dismisses|called|calls|refuted|refutes|"
    r"denounced|denounces)\b"
)
# and as the one who acts ("Russia bombed Aleppo", "Syria bombs jihadist positions"); not "attacks" or
# "strikes", as often nouns ("Damascus attacks" over a story, "US strikes kill 50")
_METONYM_ACTS = (
    rf"{_METONYM_BETWEEN}"
    r"(?:(?:has|have|had)\s+)?(?:bombed|bombs|struck|shelled|shells|attacked|launched|launches|carried out|"
    r"carries out|conducted|conducts|targeted|targets|killed|kills)\b"
)
_METONYM_OWN = (
    r"(?:defen[cs]e\s+ministry|foreign\s+ministry|ministry\s+of\s+\w+|government|military|foreign\s+minister|"
    r"defen[cs]e\s+minister|president|envoy|ambassador|embassy|mission|spokes\w+)"
)
# What may not stand right before a country or capital that is the subject of its clause: a preposition or a
# verb whose object it is ("a car bomb in Syria killed", "strikes hit Damascus"), or another capitalised name
# it is part of ("in Aleppo Syria killed"; not a word opening the sentence, "But Russia denied"), unless that
# is a news agency, a weekday or a month ("told Reuters Russia had bombed", "On Monday Syria accused").
_NOT_SUBJECT_BEFORE_RE = re.compile(
    r"(?:\b(?:in|at|near|on|from|to|into|across|of|over|around|inside|outside|throughout|for|with|by|via|"
    r"between|towards?|hit|hits|struck|strikes|targeted|targets|bombed|bombs|shelled|shells|attacked|"
    r"attacks|visited|visits|left|reached|entered|shook|shakes|rocked|rocks|engulfed|pounded|hitting)\s+"
    r"(?:the\s+)?"
    r"|(?<=[a-z,;:] )(?!(?:Reuters|AFP|AP|SANA|TASS|Interfax|Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s)[A-Z][\w'’-]*[a-z][\w'’-]*\s+)$"
)
_ACCUSE_STEMS = ("accus", "blam", "condemn")
_WORD_GOES_ON_RE = re.compile(r"[\w-]")  # after a name: "Syrian", "Russia-backed" are longer words
_ACCUSED_BEFORE = r"\b(?:accus(?:ed|es|ing|e)|blam(?:ed|es|ing|e)|condemn(?:ed|s|ing)?)\s+"
# The accused may come in a list ("accuses Saudi Arabia, Turkey and Qatar of") or as a country's regime or
# army ("accused Syria's regime of"; the apostrophe often lost).
# (Capitalised names and the words that introduce a list; not "militants in Syria", a place.)
_LISTED_BEFORE = (
    r"(?:(?:[A-Z][\w-]*|and|mainly|including|notably|especially|namely|the|foreign|actors|countries|states|"
    r"powers|neighbours|neighbors),?\s+){0,8}?"
)
_COUNTRY_OWN = r"(?:['’]?s\s+(?:regime|government|forces|army|military|troops))?"
# A country or capital that denies or accuses in the passive ("denied by Brussels", "accused by Washington"):
# found from "ed by" (a literal the regex engine skips ahead to), then the verb's stem is read before it.
_BY_SPEAKER = r"ed\s+by\s+(?:the\s+)?"
_BY_VERBS = ("accus", "blam", "deni", "dismiss", "reject", "condemn", "refut", "denounc")
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
# "Rebel coalition raids", "anti-regime raids", "Saudi-led coalition raids": the lower-case word is part of
# another name or word.
_COMPOUND_BEFORE_RE = re.compile(r"(?:-|\b[A-Z][\w'’-]*[ \t]+)$")
# "anti-regime shelling", "Turkish-backed Syrian troops": the side word belongs to another compound (not
# "pro-regime militias").
_SIDE_COMPOUND_RE = re.compile(
    r"(?:\b(?:anti|non|ex)-|\w-(?:backed|led|supported|allied|aligned)[ \t]+)$", re.I
)
# A side's weapons, fire, units and posts: "rebel rockets", "regime shelling", "Turkish artillery", "a rebel
# convoy". Written after a side's adjective they name that side, which the roles then read as the one
# firing or the one hit.
_SIDE_NOUNS = (
    r"snipers?|shelling|shells|artillery|tanks?|mortars?|rockets?|missiles?|gunfire|"
    r"forces|troops|soldiers|positions|posts|outposts?|checkpoints?|convoys?|bases?|units?|vehicles?"
)
# Only after a common adjective ("regime gunmen"): "Syrian fighters" may be rebels as well as soldiers.
_SIDE_MEN = r"fighters|gunmen|militias?|militiamen|commanders?"
# Registry names "<adjective> <noun>" whose adjective names a side: "regime forces", "Turkish troops",
# "rebels" (the adjective "rebel"); by rank, the more general force first ("pro-government forces" before
# "pro-government militia").
_SIDE_HEADS = ("forces", "troops", "army", "soldiers", "rebels", "fighters", "militia")
_SIDE_PLURALS = ("rebels", "insurgents", "jihadists", "loyalists", "militants")
# Adjectives of such names that are ordinary English ("moderate rebels", but "moderate shelling").
_PLAIN_ADJECTIVES = frozenset(
    {"moderate", "armed", "heavy", "light", "local", "foreign", "allied", "regular"}
)
# "Forces loyal to the regime": the armed force of the political actor named after it.
_LOYAL_RE = re.compile(
    r"\b(?P<noun>(?i:forces|troops|soldiers|units|militias?|militiamen|fighters|gunmen))\s+(?i:loyal\s+to)"
    r"\s+(?:(?:President|Prime\s+Minister|Mr\.?|leader)\s+)?"
)
_AIR_NOUNS = ("warplanes", "jets", "aircraft", "air force")
_AIR_ATTACKS = (
    r"\s+(?:air\s*strikes?|air[ -]raids?|raids|bombing|bombardment|warplanes?|jets?|planes|aircraft|"
    r"barrel[ -]bombs?|strikes?(?!\s+(?:force|group|team|unit)))\b"  # "Russian strikes": from the air
)
_AIR_ATTACK_RE = re.compile(r"(?P<adj>[A-Z](?<!\w[A-Z])[a-z]+)" + _AIR_ATTACKS)


@dataclass(frozen=True, slots=True)
class ActorMention:
    actor: str | None  # None: an explicit unknown ("unidentified jets")
    start: int
    end: int
    text: str
    confidence: float
    kind: str  # official | alias | abbreviation | description | metonym | speaker | hedged | unknown


# "X-backed", "X-sponsored": X names who stands behind the actor that follows, not a side of the event.
_BACKER_AFTER_RE = re.compile(r"-(?:backed|allied|supported|sponsored|trained|armed|funded|aligned)\b", re.I)


class ActorMatcher:
    """Finds registry actors in text. Build once per registry; ``find`` is one automaton pass."""

    def __init__(self, actors: Iterable[Actor]) -> None:
        self.actors: dict[str, Actor] = {a.id: a for a in actors}
        self._automaton = ahocorasick.Automaton()
        self._abbrev: dict[str, tuple[str, NameKind]] = {}
        # Nationality adjective → its air actor, from "Russian warplanes" (to read "Russian air strikes").
        self._air: dict[str, str] = {}
        # Side adjective (folded) → (actor, the adjective as the registry writes it, rank of its noun).
        self._side: dict[str, tuple[str, str, int]] = {}
        keys: dict[str, tuple[str, NameKind]] = {}
        metonyms: dict[str, str] = {}
        for actor in self.actors.values():
            for name in actor.names:
                if name.kind is NameKind.METONYM:
                    metonyms[name.name] = actor.id
                    continue
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
                self._add_side(name.name, actor.id)
        # "coalition air strikes", "regime jets": the same descriptions written in lower case
        self._air_lower = re.compile(
            rf"\b(?P<adj>{'|'.join(map(re.escape, sorted(self._air)))})" + _AIR_ATTACKS
        )
        self._side_re = self._side_pattern()
        self._metonyms = metonyms
        self._metonym_names = frozenset(metonyms)
        names = "|".join(map(re.escape, sorted(metonyms, key=len, reverse=True))) or "(?!)"
        # Read where a name stands (found by str.find: "Syria" is in nearly every text, and a pattern that
        # starts with the names would be tried at every position of it).
        self._metonym_subject_re = re.compile(
            rf"(?P<own>['’]s\s+{_METONYM_OWN})?(?=\s+(?:(?P<says>{_METONYM_SAYS})|{_METONYM_ACTS}))"
        )
        self._metonym_accused_re = re.compile(
            rf"{_ACCUSED_BEFORE}{_LISTED_BEFORE}(?:the\s+)?(?P<obj>{names}){_COUNTRY_OWN}"
            rf"(?=\s+(?:[\w-]+\s+){{0,3}}?(?:of|for)\b)"
        )
        self._metonym_by_re = re.compile(rf"{_BY_SPEAKER}(?P<by>{names})\b")
        # A political actor's armed forces ("forces loyal to the regime"): its state force, or its militia.
        self._armed: dict[tuple[str, bool], str] = {}
        armed = [
            a
            for a in self.actors.values()
            if a.parent and a.kind in (ActorKind.STATE_FORCES, ActorKind.MILITIA)
        ]
        for exact in (True, False):  # the force of the kind asked for, else the other
            for actor in armed:
                militia = actor.kind is ActorKind.MILITIA
                self._armed.setdefault((actor.parent or "", militia == exact), actor.id)
        for key, value in _possessives(keys).items():
            self._automaton.add_word(f" {key} ", (len(key), *value))
        if keys:
            self._automaton.make_automaton()
        self._keys = keys

    def _add_side(self, name: str, actor_id: str) -> None:
        """Record the side adjective of a registry name ("regime" of "regime forces", "rebel" of "rebels")."""
        words = name.split()
        if not name.isascii() or not 1 <= len(words) <= 2:
            return
        head = words[-1].lower()
        if len(words) == 1:
            if head not in _SIDE_PLURALS:
                return
            adj = words[0][:-1]
        elif head in _SIDE_HEADS:
            adj = words[0]
        else:
            return
        key = fold(adj)
        rank = _SIDE_HEADS.index(head) if head in _SIDE_HEADS else len(_SIDE_HEADS)
        old = self._side.get(key)
        if key not in _PLAIN_ADJECTIVES and (old is None or rank < old[2]):
            self._side[key] = (actor_id, adj, rank)

    def _side_pattern(self) -> Caseless:
        """ "<side adjective> <weapon, unit or post>": common adjectives ("regime") also before "gunmen",
        "commander"; proper ones ("Turkish") not. Run on lower-cased text (see :class:`Caseless`)."""
        common = sorted(
            (a.lower() for _, a, _ in self._side.values() if not a[0].isupper()), key=len, reverse=True
        )
        proper = sorted(
            (a.lower() for _, a, _ in self._side.values() if a[0].isupper()), key=len, reverse=True
        )
        alternatives = []
        if common:
            alternatives.append(
                rf"(?P<adj>{'|'.join(map(re.escape, common))})\s+(?:{_SIDE_NOUNS}|{_SIDE_MEN})"
            )
        if proper:
            alternatives.append(rf"(?P<padj>{'|'.join(map(re.escape, proper))})\s+(?:{_SIDE_NOUNS})")
        return Caseless(rf"\b(?:{'|'.join(alternatives) or '(?!)'})\b")

    @property
    def metonyms(self) -> frozenset[str]:
        """The names that stand for an actor only where they speak or act ("Russia", "Damascus")."""
        return self._metonym_names

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
        for m in self._side_re.finditer(text):
            # "a regime sniper", "rebel rockets", "Turkish artillery": the side the registry knows as "regime
            # forces", "rebels", "Turkish troops" (the match is of the lower-cased text: case from ``text``)
            written = text[m.start() : m.end()]
            if _SIDE_COMPOUND_RE.search(text, max(0, m.start() - 30), m.start()) or (
                m["adj"] and written[0].isupper() and written.rsplit(None, 1)[-1][0].isupper()
            ):
                continue  # (and "Coalition of ... Opposition Forces": a common word capitalised in a name)
            side = self._side.get(fold(m["adj"] or m["padj"]))
            if side is not None:
                found.append(ActorMention(side[0], m.start(), m.end(), written, 0.6, "description"))
        if "loyal" in text:
            found.extend(self._loyal(text, found))
        if self._metonyms:
            found.extend(self._metonym_mentions(text))
        for m in UNKNOWN_ACTOR_RE.finditer(text) if may_contain(text, UNKNOWN_ACTOR_WORDS) else ():
            found.append(ActorMention(None, m.start(), m.end(), text[m.start() : m.end()], 0.0, "unknown"))
        found.sort(key=lambda a: (a.start, -(a.end - a.start)))
        kept: list[ActorMention] = []
        hedged = HEDGE_RE.needs is None or may_contain(text, HEDGE_RE.needs)  # most texts hedge nothing
        for mention in found:
            if kept and mention.start < kept[-1].end:
                continue
            if _BACKER_AFTER_RE.match(text, mention.end):
                continue  # "Pentagon-backed forces": the backer takes no part; the forces are named after it
            kept.append(_hedge(text, mention) if hedged else mention)
        return kept

    def _metonym_mentions(self, text: str) -> list[ActorMention]:
        """A country or capital as its government: the subject of a verb of saying or acting ("Russia said",
        "Moscow's foreign ministry denied"), or the one accused ("accused Damascus of")."""
        out: list[ActorMention] = []
        base = _BASE[NameKind.METONYM]
        for name, actor_id in self._metonyms.items():
            at = text.find(name)
            while at >= 0:
                end = at + len(name)
                before = text[at - 1 : at]
                after = _WORD_GOES_ON_RE.match(text, end)
                if (
                    not (before.isalnum() or before == "-" or after)
                    and not _NOT_SUBJECT_BEFORE_RE.search(text, max(0, at - 24), at)
                    and (m := self._metonym_subject_re.match(text, end)) is not None
                ):
                    # ("a car bomb in Syria killed", "in Aleppo Syria killed": a place, not a subject)
                    e = m.end("own") if m["own"] else end  # "Russia's defence ministry"
                    # (a speaker is no one accused, see claims, nor a perpetrator lent to another sentence)
                    kind = "speaker" if m["says"] else "metonym"
                    out.append(ActorMention(actor_id, at, e, text[at:e], base, kind))
                at = text.find(name, end)
        if may_contain(text, _ACCUSE_STEMS):
            for m in self._metonym_accused_re.finditer(text):
                s, e = m.span("obj")
                out.append(ActorMention(self._metonyms[m["obj"]], s, e, m["obj"], base, "metonym"))
        if "ed by " in text:  # who denies or accuses in the passive speaks: no one accused
            for m in self._metonym_by_re.finditer(text):
                if not text[max(0, m.start() - 8) : m.start()].lower().endswith(_BY_VERBS):
                    continue
                s, e = m.span("by")
                out.append(ActorMention(self._metonyms[m["by"]], s, e, m["by"], base, "speaker"))
        return out

    def _loyal(self, text: str, found: list[ActorMention]) -> list[ActorMention]:
        """ "Forces loyal to the regime", "militias loyal to the Syrian government": the armed force of the
        actor named, over the whole phrase."""
        starts = {m.start: m for m in found if m.actor}
        out: list[ActorMention] = []
        for m in _LOYAL_RE.finditer(text):
            named = starts.get(m.end())
            if named is None and text[m.end() : m.end() + 4].lower() == "the ":
                named = starts.get(m.end() + 4)  # "loyal to the Syrian government" ("the regime" is a name)
            if named is None or named.actor is None:
                continue
            militia = m["noun"].lower().startswith("militia")
            actor = self.actors.get(named.actor)
            armed = named.actor
            if actor is not None and actor.kind is ActorKind.POLITICAL:
                armed = self._armed.get((named.actor, militia), named.actor)
            confidence = min(named.confidence, _BASE[NameKind.DESCRIPTION])
            out.append(
                ActorMention(
                    armed, m.start(), named.end, text[m.start() : named.end], confidence, "description"
                )
            )
        return out


def _possessives(keys: dict[str, tuple[str, NameKind]]) -> dict[str, tuple[str, NameKind]]:
    """Each name "<Name> <noun>" also as the possessive "<Name>'s <noun>" (normalised "assad s forces") and as
    news copy often writes it with the apostrophe lost ("assads forces")."""
    out = dict(keys)
    for key, value in keys.items():
        head, _, rest = key.partition(" ")
        if rest and not head.endswith("s") and head.isalpha() and len(head) > 3:
            out.setdefault(f"{head} s {rest}", value)
            out.setdefault(f"{head}s {rest}", value)
    return out


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
