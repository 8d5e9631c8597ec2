"""A learned ranker for the event's place among the places a sentence names.

Each place mention in a sentence that reports an event is described by sparse features of the words around it
— the preposition before it, how far it is from the event word and whether a clause break lies between, a
verb of saying before it ("said in Damascus"), its rank among the sentence's places, whether it is a country
or the container of an area, ... — and scored by a linear model; the highest score is the event's place.

The weights are learned (conditional logit: a softmax over the mentions of one sentence) by
``benchmarks/train_place_ranker.py`` from Halterman's event-location sentences that do *not* mention Syria,
and stored in ``place_ranker.json`` beside this module. Every feature is read off the text alone (no
gazetteer), so the same features describe a capitalised name in a sentence about Kenya, on which the model is
trained, and a gazetteer match in a sentence about Syria, on which it is used and evaluated.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Any, Protocol

from jointmap.extract.lexicon import SPEECH_RE
from jointmap.extract.placescore import REFERENCE_RE
from jointmap.extract.placewords import AREA_NOUNS, SETTLEMENT_NOUNS, country_names
from jointmap.geo import fold

__all__ = [
    "FEATURE_VERSION",
    "PlaceRanker",
    "RankedMention",
    "load_ranker",
    "mention_features",
]

#: Bumped whenever a feature changes meaning: a weights file for another version is refused.
FEATURE_VERSION = 3
WEIGHTS_FILE = "place_ranker.json"


class RankedMention(Protocol):
    """What the ranker reads of a place mention (a :class:`~jointmap.extract.placementions.PlaceMention`
    has it)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def prep(self) -> str: ...
    @property
    def geo_noun(self) -> str: ...
    @property
    def sentence_start(self) -> bool: ...
    @property
    def area(self) -> bool: ...
    @property
    def listed(self) -> bool: ...


_PREP_GROUP = {
    "in": "in",
    "at": "at",
    "on": "on",
    "near": "near",
    "outside": "near",
    "around": "near",
    "from": "from",
    "to": "to",
    "toward": "to",
    "towards": "to",
    "into": "into",
    "inside": "inside",
    "within": "inside",
    "across": "across",
    "through": "across",
    "over": "across",
    "of": "of",
    "between": "between",
    "and": "and",
}
_CLAUSE_BREAK_RE = re.compile(r"[,;:()\[\]—–]|\s-\s|\b(?:that|which|who|where|while|after|before|when|as)\b")
_WORD_RE = re.compile(r"\w+")
_SOURCE_RE = re.compile(r"\baccording to\b[^,;]*$", re.I)
_METONYM_RE = re.compile(
    r"^\s*(?:'s|’s)?\s*(?:said|says|promises?|promised|accused|accuses|denied|denies|government|regime|"
    r"authorities|officials|announced|claimed|warned|insisted|rejected|told)\b",
    re.I,
)
_POSSESSIVE_RE = re.compile(r"^(?:'s|’s|s’|')")
_DESIGNATOR_RE = re.compile(
    r"^\s+(?:governorate|province|countryside|region|district|city|state|county|area)\b", re.I
)
_SPEECH_GOVERNS_RE = re.compile(
    r"\b(?:said|says|told|speaking|spoke|stated|announced|declared|met|meeting|talks|conference|summit|"
    r"statement|interview|reporters|based|headquartered|visit(?:ed|ing)?)\b(?:\s+\w+){0,3}\s*$",
    re.I,
)
_DATELINE_RE = re.compile(r"^\s*(?:\(|,|-|—|–)")


def _bucket(d: int) -> str:
    if d <= 2:
        return "0-2"
    if d <= 5:
        return "3-5"
    if d <= 10:
        return "6-10"
    if d <= 20:
        return "11-20"
    return "21+"


def mention_features(
    sentence: str,
    sentence_start: int,
    mentions: Sequence[RankedMention],
    index: int,
    trigger_at: int | None,
    kinds: Sequence[str] | None = None,
    prior: float | None = None,
) -> dict[str, float]:
    """Sparse features of ``mentions[index]`` in ``sentence`` (which starts at ``sentence_start`` in the
    document; mention offsets and ``trigger_at`` are document offsets; ``trigger_at`` None when no event word
    was found). ``kinds``, one per mention, says what a gazetteer knows of each name: ``country``,
    ``admin`` (a province or state), ``place`` (a known settlement or site) or ``unknown``; a known place
    beside a country or province makes that one a container. ``prior`` is the extractor's hand-weighted
    score of the mention (:func:`jointmap.extract.extractor.hand_place_score`): the model learns how far to
    trust it."""
    m = mentions[index]
    rel_start, rel_end = m.start - sentence_start, m.end - sentence_start
    f: dict[str, float] = {}
    if prior is not None:
        f["hand_score"] = prior
    prep = _PREP_GROUP.get(m.prep, "verb" if m.prep else "none")
    f[f"prep={prep}"] = 1.0
    if m.geo_noun:
        kind = (
            "settlement"
            if m.geo_noun in SETTLEMENT_NOUNS
            else "area"
            if m.geo_noun in AREA_NOUNS
            else "direction"
        )
        f[f"noun={kind}"] = 1.0
    if m.area:
        f["area"] = 1.0
    if m.listed:
        f["listed"] = 1.0
    if m.sentence_start:
        f["sentence_start"] = 1.0
        if _DATELINE_RE.match(sentence, rel_end):
            f["dateline"] = 1.0
    key = fold(m.text)
    if key in country_names():
        f["country"] = 1.0
    n_words = len(m.text.split())
    f["words=1" if n_words == 1 else "words=2" if n_words == 2 else "words=3+"] = 1.0
    if m.text.isupper() and len(m.text) > 3:
        f["all_caps"] = 1.0
    before = sentence[max(0, rel_start - 60) : rel_start]
    after = sentence[rel_end : rel_end + 40]
    near = before[-45:]
    breaks = list(_CLAUSE_BREAK_RE.finditer(near))
    if SPEECH_RE.search(near, breaks[-1].end() if breaks else 0):
        f["speech_before"] = 1.0  # "told reporters in Moscow"; not "said that jets struck X"
    if _SPEECH_GOVERNS_RE.search(before):
        f["speech_governs"] = 1.0
    if _SOURCE_RE.search(sentence[max(0, rel_start - 90) : rel_start]):
        f["source_clause"] = 1.0
    if REFERENCE_RE.search(before):
        f["reference"] = 1.0
    if _METONYM_RE.match(after):
        f["metonym"] = 1.0
    if _POSSESSIVE_RE.match(after):
        f["possessive"] = 1.0
    if _DESIGNATOR_RE.match(after):
        f["designator_after"] = 1.0
    if before.endswith(("the ", "The ")):
        f["the_before"] = 1.0
    if sentence.count("(", 0, rel_start) > sentence.count(")", 0, rel_start):
        f["in_parens"] = 1.0
    prev = mentions[index - 1] if index > 0 else None
    nxt = mentions[index + 1] if index + 1 < len(mentions) else None
    if prev is not None and re.fullmatch(r"\s*,\s*", sentence[prev.end - sentence_start : rel_start]):
        f["apposition_after_place"] = 1.0  # "Aleppo, Syria": Syria
    if nxt is not None and re.fullmatch(r"\s*,\s*", sentence[rel_end : nxt.start - sentence_start]):
        f["place_apposition_follows"] = 1.0  # "Aleppo, Syria": Aleppo
    if index == 0:
        f["first"] = 1.0
    if index == len(mentions) - 1:
        f["last"] = 1.0
    if sum(1 for o in mentions if fold(o.text) == key) > 1:
        f["repeated"] = 1.0
    f["rel_position"] = rel_start / max(1, len(sentence))
    if trigger_at is None:
        f["no_trigger"] = 1.0
        return f
    t = trigger_at - sentence_start
    side = "after" if rel_start >= t else "before"
    lo, hi = (t, rel_start) if side == "after" else (rel_end, t)
    gap = sentence[lo:hi] if hi > lo else ""
    distance = len(_WORD_RE.findall(gap))
    clause = not _CLAUSE_BREAK_RE.search(gap)
    f[side] = 1.0
    f[f"dist={_bucket(distance)}"] = 1.0
    f["log_distance"] = math.log1p(distance) / 3.0
    if clause:
        f["same_clause"] = 1.0
    f[f"prep={prep}&{side}"] = 1.0
    if clause:
        f[f"prep={prep}&same_clause"] = 1.0
    if distance <= 5:
        f[f"prep={prep}&close"] = 1.0
    after_trigger = [o for o in mentions if o.start - sentence_start >= t]
    if after_trigger and after_trigger[0] is m:
        f["first_after_trigger"] = 1.0
    nearest = min(
        mentions, key=lambda o: abs((o.start if o.start - sentence_start >= t else o.end) - trigger_at)
    )
    if nearest is m:
        f["nearest_trigger"] = 1.0
    if kinds is not None:
        kind = kinds[index]
        f[f"kind={kind}"] = 1.0
        if kind in ("country", "admin") or m.area:
            finer = any(
                k in ("place", "unknown") and not o.area for k, o in zip(kinds, mentions, strict=True)
            )
            if finer:
                f["container_of_named"] = 1.0
                f[f"container_of_named&{side}"] = 1.0
    if "country" in f:
        f[f"country&{side}"] = 1.0
        if len(mentions) > 1:
            f["country_among_others"] = 1.0
    return f


class PlaceRanker:
    """Linear scores over :func:`mention_features`; weights from ``place_ranker.json``."""

    def __init__(self, weights: dict[str, float], meta: dict[str, Any] | None = None) -> None:
        self.weights = weights
        self.meta = meta or {}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PlaceRanker:
        if data.get("feature_version") != FEATURE_VERSION:
            raise ValueError(
                f"place ranker weights are for feature version {data.get('feature_version')}, "
                f"this code has {FEATURE_VERSION}: retrain with benchmarks/train_place_ranker.py"
            )
        weights = {str(k): float(v) for k, v in data["weights"].items()}
        return cls(weights, {k: v for k, v in data.items() if k != "weights"})

    def score(self, features: dict[str, float]) -> float:
        w = self.weights
        return sum(w.get(k, 0.0) * v for k, v in features.items())

    def scores(
        self,
        sentence: str,
        sentence_start: int,
        mentions: Sequence[RankedMention],
        trigger_at: int | None,
        kinds: Sequence[str] | None = None,
        priors: Sequence[float] | None = None,
    ) -> list[float]:
        return [
            self.score(
                mention_features(
                    sentence, sentence_start, mentions, i, trigger_at, kinds, priors[i] if priors else None
                )
            )
            for i in range(len(mentions))
        ]


@lru_cache(maxsize=1)
def load_ranker() -> PlaceRanker:
    """The packaged ranker (``jointmap/extract/place_ranker.json``)."""
    text = resources.files("jointmap.extract").joinpath(WEIGHTS_FILE).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return PlaceRanker.from_json(data)
