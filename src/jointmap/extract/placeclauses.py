"""The clauses of a sentence that tell where its event is not, or where it is told again: an opening clause
of what came before ("Following the assault on A, ISIS attacked B"), an opening scene ("In the province of
Aleppo, gunmen shelled A"), aims and before/after clauses ("an offensive in A in order to retake B"), and a
targeting verb that tells the event again nearer its target ("an attack in A that targeted positions near B").
Read by the place score and the event-word finder."""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache

from jointmap.extract.text import Caseless, Sentence

__all__ = ["PURPOSE_REACH", "anchor", "aside_clauses", "background_end", "scene_end"]


# Clauses that tell the aim of the action ("in order to retake X", "an offensive in A to retake X") or, after
# the event word, what came before or after it ("... after shelling X"); not a time of day ("after
# midnight"). A clause runs to the next break.
_ASIDE_CLAUSE_RE = Caseless(
    r"\b(?:(?P<aim>in order to|so as to)|(?P<purpose>to(?= (?:liberate|retake|recapture|capture|seize|"
    r"reopen|regain|expel|relieve|lift the siege|break the siege|encircle|besiege|cut(?:\s?off)?|sever|"
    r"isolate)\b))|after|before)\s+(?!\d|midnight|dawn|noon|dusk|sunset|sunrise|nightfall)[^,;:.()—–]*"
)
PURPOSE_REACH = 60  # a bare infinitive's object comes right after it


@lru_cache(maxsize=64)
def aside_clauses(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, kind) of the aim ("aim": "in order to"; "purpose": a bare "to retake") and before/after
    ("aside") clauses of a sentence (read once per sentence)."""
    return tuple(
        (m.start(), m.end(), "aim" if m["aim"] else "purpose" if m["purpose"] else "aside")
        for m in _ASIDE_CLAUSE_RE.finditer(text)
    )


# "an attack in A that targeted positions near B", "an offensive in A, targeting the village of B": the
# targeting verb tells the same event again, nearer its target.
_TARGETING_RE = Caseless(r"\b(?:targeting|targeted)\b")  # (not "targets": as often a noun)


@lru_cache(maxsize=1024)
def _targeting_at(text: str) -> tuple[int, ...]:
    return tuple(m.start() for m in _TARGETING_RE.finditer(text))


def anchor(sentence: Sentence, trigger_at: int, at: int) -> int:
    """Where the event is told nearest before ``at``: the trigger, or a targeting verb after it."""
    verbs = _targeting_at(sentence.text)
    i = bisect_left(verbs, at - sentence.start) - 1
    if i >= 0 and sentence.start + verbs[i] > trigger_at:
        return sentence.start + verbs[i]
    return trigger_at


# "Following the assault on A, ISIS attacked B": the opening clause tells what came before; the sentence is
# about what its main clause reports.
_BACKGROUND_RE = Caseless(
    r"^\W*(?:following|after|once|since|before|prior to|in addition to|"
    r"(?:not long|shortly|soon|hours|days|a day|weeks) after)\b[^,;:—–]{3,160}[,;:—–]"
)


@lru_cache(maxsize=128)
def _opening_end(pattern: Caseless, text: str) -> int:
    """Where ``pattern``, read at the start of a sentence, ends, -1 when it does not match (once per
    sentence: every place of it asks)."""
    m = pattern.match(text)
    return m.end() if m else -1


def background_end(text: str) -> int:
    """Where an opening clause of what came before ends in a sentence, -1 when it has none."""
    return _opening_end(_BACKGROUND_RE, text)


# "In the province of Aleppo, gunmen shelled the villages of A and B", "On Wednesday inside the Latakia
# countryside, rebels launched an offensive in the Turkmen Mountains": an opening locative phrase sets the
# scene; where the main clause puts the event is where it happened.
_SCENE_RE = Caseless(
    r"^\W*(?:(?:on|early|late|last|this|yesterday|today|earlier|overnight)\b[^,;:—–]{0,40}?)?"
    r"\b(?:in|inside|within|across|throughout)\s+[^,;:—–]{3,100},"
)


def scene_end(text: str) -> int:
    """Where an opening locative phrase ends in a sentence, -1 when it has none."""
    return _opening_end(_SCENE_RE, text)
