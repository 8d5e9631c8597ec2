"""The geocoder's index: one entry per (place, name), buckets of entries per consonant skeleton, and the
string measures that compare spellings within a bucket (vowel shape, bit-parallel LCS, deletions)."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "Bucket",
    "Entry",
    "PlainFields",
    "deletions",
    "lcs",
    "lcs_masks",
    "lcs_ratio",
    "shape_weights",
    "variant_groups",
    "vowel_shape",
]

# geonameid, name, lat, lon, admin1 code, admin1 name, feature code, precision, reason tail, admin2 name.
PlainFields = tuple[int, str, float, float, str, str, str, int, str, str]


@dataclass(slots=True)
class Entry:
    """One (place, name) in the index, with what ranking needs precomputed."""

    place_id: int
    name: str
    label: str  # " match on name 'X'" / " match on alternate name 'X'", for the reason
    folded: str
    loose: str
    shape: str  # loose key with vowel runs as "V": kuwayris → kVrVs
    preferred: bool
    base: float  # 0.3 × importance
    admin1_code: str
    feature_code: str
    settlement: bool  # feature class P
    # The Arabic generic word the name opens with ("tall" for Tall Birak, see designators.GENERIC_HEADS)
    # and whether it is written apart ("Tall Birak") rather than glued on ("Tallkalakh").
    head: str
    head_apart: bool
    order: float = 0.0  # its score apart from 0.55 × match strength (see Geocoder._rank)
    exact_order: float = 0.0  # the same for an exact match (an alternate spelt exactly loses less)
    # The plain score (no hint, context or designator) of an exact and of a normalised match.
    exact_score: float = 0.0
    normalised_score: float = 0.0
    # A plain candidate's fields but score, reason, matched name and tier – with what follows the tier in
    # its reason (label + place parts + source) in the reason's place – built on first use.
    plain: PlainFields | None = None


@dataclass(slots=True)
class Bucket:
    by_folded: dict[str, list[Entry]]
    by_loose: dict[str, list[Entry]]
    by_shape: dict[str, list[Entry]]
    # by_shape with each shape's LCS bit masks: shape → (masks, entries).
    shape_masks: dict[str, tuple[dict[str, int], list[Entry]]]
    # For a query whose vowel shape is one of the bucket's own (any name spelt as some gazetteer name):
    # shape → [(0.55 × variant strength, entries) per shape of the bucket], computed once with the bucket.
    weights: dict[str, list[tuple[float, list[Entry]]]]


_VOWEL_RUN_RE = re.compile(r"[aeiouwy]+")


def vowel_shape(loose: str) -> str:
    """The loose key with vowel runs (w and y too) as "V": kuwayris → kVrVs."""
    return _VOWEL_RUN_RE.sub("V", loose)


def deletions(key: str) -> set[str]:
    """Every string one deletion away from ``key`` (the typo index's keys)."""
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


def lcs_masks(text: str) -> dict[str, int]:
    """Character → bit mask of its positions in ``text``, for :func:`lcs`."""
    masks: dict[str, int] = {}
    for i, ch in enumerate(text):
        masks[ch] = masks.get(ch, 0) | (1 << i)
    return masks


def lcs(masks: dict[str, int], length: int, other: str) -> int:
    """Length of the longest common subsequence of ``other`` and the text of ``masks`` (``length`` long)."""
    # Bit-parallel longest common subsequence (Allison & Dix 1986; Hyyrö 2004).
    full = (1 << length) - 1
    v = full
    for ch in other:
        u = v & masks.get(ch, 0)
        v = ((v + u) | (v - u)) & full
    return length - v.bit_count()


def lcs_ratio(a: str, b: str) -> float:
    """2·LCS / (len a + len b): 1.0 for equal strings, 0.0 for nothing in common."""
    if not a or not b:
        return 1.0 if a == b else 0.0
    return 2.0 * lcs(lcs_masks(a), len(a), b) / (len(a) + len(b))


def shape_weights(bucket: Bucket, shape: str) -> list[tuple[float, list[Entry]]]:
    """(0.55 × variant strength, entries) per vowel shape of ``bucket`` for a query of vowel shape
    ``shape``: the same numbers as ``variant_groups`` (times 0.55, as ``_rank`` multiplies)."""
    size = len(shape)
    weights = []
    for other, (other_masks, entries) in bucket.shape_masks.items():
        # LCS is symmetric: run it over the query with the group's precomputed masks.
        common = size if other == shape else lcs(other_masks, len(other), shape)
        weights.append((0.55 * (0.6 + 0.15 * (2.0 * common / (size + len(other)))), entries))
    return weights


def variant_groups(bucket: Bucket, key: str, loose: str, matched: bool) -> list[tuple[float, list[Entry]]]:
    """(variant strength, entries) per vowel shape in ``bucket``, for a name of this key and loose key.

    Same consonants: rank by whether the vowels sit in the same places (Kweires ~ Kuwayris, both
    kVrVs, more than Kirs, kVrs). One LCS per distinct shape. A one-consonant skeleton is too weak
    for variants at all; a two-consonant one ("Foo" ~ "Fu'ah") only as a fallback (``matched`` False:
    no exact or normalised match) and only with the very same consonant-vowel shape – Noweira ~
    Nuwayrah (nVrV) but not Nayr (nVr) – since two consonants alone are shared by hundreds of places.
    """
    shape = vowel_shape(loose)
    if len(key) == 2:
        if matched:
            return []
        same = bucket.shape_masks.get(shape)
        return [(0.75, same[1])] if same else []
    if len(key) < 2:
        return []
    size = len(shape)
    groups = []
    for other, (other_masks, entries) in bucket.shape_masks.items():
        common = size if other == shape else lcs(other_masks, len(other), shape)
        groups.append((0.6 + 0.15 * (2.0 * common / (size + len(other))), entries))
    return groups
