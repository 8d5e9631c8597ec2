"""The geocoder's fast paths give exactly what the straightforward ones give.

* :func:`keys` (one pass) against the earlier separate ``loose_key`` / ``name_key`` passes, kept here as the
  reference, over every name in the gazetteer and misspellings of them;
* ``Geocoder._geocode`` (``_plain`` for a name with no hint or context that matched as it stands, the
  ``may_designate`` shortcut, variants looked up once) against its earlier form, kept here as the reference:
  same candidates, hence the same top candidate (geonameid, score), for every spelling in
  ``benchmarks/data/geocode_spellings.csv`` and a few hundred gazetteer names and misspellings.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from jointmap.geo.designators import PART_OF_RE, designator
from jointmap.geo.geocoder import Candidate, Geocoder
from jointmap.geo.normalize import _DIGRAPHS, _drop_final_h, _tokens, _undouble, fold, has_arabic, keys

SPELLINGS = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "geocode_spellings.csv"

_REF_LOOSE_VOWELS = (("ou", "u"), ("oo", "u"), ("o", "u"), ("ee", "i"), ("ie", "i"), ("e", "i"), ("ey", "ay"))


def _ref_loose_key(text: str) -> str:
    parts = []
    for word in _tokens(text):
        if not word.isascii() and has_arabic(word):
            parts.append(word)
            continue
        word = _drop_final_h(word)
        if word.endswith("y") and len(word) > 3:
            word = word[:-1] + "i"
        for old, new in _REF_LOOSE_VOWELS:
            word = word.replace(old, new)
        parts.append(word)
    return _undouble("".join(parts))


def _ref_skeleton(word: str) -> str:
    word = _drop_final_h(_undouble(word))
    for old, new in _DIGRAPHS:
        word = word.replace(old, new)
    head, rest = word[:1], word[1:]
    if head in "aeiou":
        head = ""
    return head + rest.translate(str.maketrans("", "", "aeiouwy"))


def _ref_name_key(text: str) -> str:
    words = _tokens(text)
    parts = []
    for i, word in enumerate(words):
        if not word.isascii() and has_arabic(word):
            parts.append(word)
            continue
        if i < len(words) - 1 and len(word) > 4 and word[-1] == "t" and word[-2] in "aei":
            word = word[:-1]
        parts.append(_ref_skeleton(word))
    return "".join(parts) or _ref_loose_key(text)


def _misspell(rng: random.Random, name: str) -> str:
    op = rng.randrange(9)
    if op == 0 and len(name) > 3:
        i = rng.randrange(len(name))
        return name[:i] + name[i + 1 :]
    if op == 1:
        return name.replace("a", "e", 1).replace("ou", "u")
    if op == 2:
        return "al-" + name
    if op == 3:
        return name + rng.choice([" province", " city", " district", " camp", " Dam", " countryside", " 2"])
    if op == 4:
        return rng.choice(["city of ", "the countryside of ", "Hai ", "eastern ", "Mount ", "  "]) + name
    if op == 5:
        return name + ", " + rng.choice(["Damascus", "Aleppo", "Idlib", "Homs", "Hama"])
    if op == 6 and len(name) > 2:
        i = rng.randrange(1, len(name))
        return name[:i] + name[i - 1] + name[i:]
    if op == 7:
        return name.upper() if rng.random() < 0.5 else name.replace("q", "k").replace("sh", "ch")
    return name.replace("i", "ee", 1).replace("y", "i")


def _names(geocoder: Geocoder, sample: int) -> list[str]:
    with SPELLINGS.open(encoding="utf-8") as handle:
        spellings = [row["spelling"] for row in csv.DictReader(handle)]
    rng = random.Random(4)
    places = sorted(geocoder.gazetteer, key=lambda p: p.geonameid)
    picked = [rng.choice([alias for alias, _ in p.all_names()]) for p in rng.sample(places, sample)]
    return spellings + picked + [_misspell(rng, name) for name in picked + spellings]


def test_keys_match_the_separate_passes(embedded_geocoder: Geocoder) -> None:
    rng = random.Random(1)
    texts = {alias for place in embedded_geocoder.gazetteer for alias, _ in place.all_names()}
    texts |= {_misspell(rng, text) for text in sorted(texts)}
    texts |= set(_names(embedded_geocoder, 200))
    texts |= {"", "al", "Ayia", "abcحلب oo", "Oued", "ouu", "x", "ee", "ey", "Dahiyat al-Assad", "Raqqah"}
    for text in sorted(texts):
        assert keys(text) == (fold(text), _ref_loose_key(text), _ref_name_key(text)), text


def _results(geocoder: Geocoder, names: list[str]) -> list[list[Candidate]]:
    out = []
    for i, name in enumerate(names):
        geocoder.clear_cache()
        out.append(geocoder.geocode(name))
        out.append(geocoder.geocode(name, context="Shelling in Aleppo and the Idlib countryside"))
        out.append(geocoder.geocode(name, governorate="Idlib" if i % 2 else "SY.09", limit=3))
        out.append(geocoder.geocode(name, limit=1))
    return out


def _reference_geocode(
    self: Geocoder, name: str, hint: str, votes: dict[str, float], limit: int
) -> list[Candidate]:
    """``Geocoder._geocode`` as it was before the fast paths: every name through ``_entries``, then
    ``designator`` whenever nothing matched exactly or normalised (plus the generic-word fallback)."""
    if not name:
        return []
    found = self._entries(name, fuzzy=False, top=0 if hint or votes else limit)
    kind = ""
    if not any(tier in ("exact", "normalised") for _, tier, _ in found):
        core, kind, generic = designator(name)
        if generic:
            arabic = self._entries(f"{generic} {core}", fuzzy=False)
            if any(tier in ("exact", "normalised", "variant") for _, tier, _ in arabic):
                return self._rank(arabic, "", hint, votes, limit)
        if core != name:
            found = self._entries(core)
        elif "," in name:
            head, _, tail = name.rpartition(",")
            return self._with_parent(head.strip(), tail.strip(), hint, votes, limit)
        else:
            part = PART_OF_RE.match(name)
            if part:
                return self._with_parent(part["part"], part["city"], hint, votes, limit)
            if not found:
                # "Tall X" that matched nothing: the places named X, as a feature at them.
                found = self._generic_core(name)
                if found:
                    return self._rank(found, "feature", hint, votes, limit)
                found = self._entries(name)
    return self._rank(found, kind, hint, votes, limit)


def _check_against_general_path(
    geocoder: Geocoder, names: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = _results(geocoder, names)
    with monkeypatch.context() as patch:
        patch.setattr(Geocoder, "_geocode", _reference_geocode)
        general = _results(geocoder, names)
    geocoder.clear_cache()
    assert len(fast) == len(general)
    for name_index, (got, want) in enumerate(zip(fast, general, strict=True)):
        name = names[name_index // 4]
        top = [(c.geonameid, round(c.score, 3)) for c in got[:1]]
        assert top == [(c.geonameid, round(c.score, 3)) for c in want[:1]], name
        assert got == want, name


def test_fast_paths_change_no_result_embedded(
    embedded_geocoder: Geocoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    _check_against_general_path(embedded_geocoder, _names(embedded_geocoder, 150), monkeypatch)


def test_fast_paths_change_no_result_full(full_geocoder: Geocoder, monkeypatch: pytest.MonkeyPatch) -> None:
    _check_against_general_path(full_geocoder, _names(full_geocoder, 400), monkeypatch)
