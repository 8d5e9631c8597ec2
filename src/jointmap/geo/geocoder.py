"""Place name → ranked candidate places.

Lookup is one dict access on the consonant skeleton (:func:`~jointmap.geo.normalize.name_key`), with a
one-edit fallback (deletion index) for typos. Candidates are ranked by

* how the name matched: exact (folded) > normalised (:func:`loose_key`) > variant spelling > one edit. A
  variant or typo match must keep the Arabic generic word a name opens with (Tall, Jabal, ʿAyn, Khirbat,
  Wadi, Biʾr: :data:`~jointmap.geo.designators.GENERIC_HEADS`); a two-consonant skeleton gives variants only
  when nothing matched better, and only with the same consonant-vowel shape;
* which name matched: the place's own name or a known exonym > one of its alternate names;
* importance: feature code (capital, governorate, district centre ...), our major-city data, number of
  alternate names, and only weakly population (0 in most GeoNames rows);
* the governorate hint and the governorates of other places named in the context text;
* a designator in the name itself ("Idlib province" wants the governorate, "Aleppo city" the city).

"Tall X" (or Jabal X, ʿAyn X ...) that matches nothing is located at the place X it is named after
(precision 2). Spellings of indexed names are keyed once, when the index is built.

Results are cached per (name, hint, context governorates, limit).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import ahocorasick

from jointmap.geo.designators import PART_OF_RE, designator, generic_head, may_designate
from jointmap.geo.index import (
    Bucket,
    Entry,
    deletions,
    lcs,
    lcs_masks,
    lcs_ratio,
    shape_weights,
    variant_groups,
    vowel_shape,
)
from jointmap.geo.normalize import fold, keys, loose_key, tokens
from jointmap.geo.places import Gazetteer, Place, importance

__all__ = ["Candidate", "Geocoder", "lcs_ratio", "precision_of"]

_TIERS = {"exact": 1.0, "normalised": 0.95, "variant": 0.72, "fuzzy": 0.5}
_REGION_CODES = frozenset({"RGN", "AREA", "MTS", "VAL", "PLN", "DSRT"})


@dataclass(slots=True, unsafe_hash=True)
class Candidate:
    """One possible place for a name. ``precision`` is UCDP ``where_prec`` (1 exact … 7 sea/air).

    Treat it as a value (it hashes by content; do not mutate it). Not ``frozen``: a frozen dataclass takes
    several times longer to construct, and the geocoder builds millions.
    """

    geonameid: int
    name: str
    lat: float
    lon: float
    admin1_code: str
    admin1_name: str
    feature_code: str
    precision: int
    score: float
    why: str
    admin2_name: str = ""
    matched_name: str = ""
    match: str = ""  # exact | normalised | variant | fuzzy | part-of


def precision_of(place: Place) -> int:
    """UCDP where_prec for a place: 1 settlement, 2 our approximate neighbourhood, 3 district, ..."""
    code = place.feature_code
    if code == "PCLI":
        return 6
    if code == "ADM1":
        return 4
    if code == "ADM2":
        return 3
    if place.geonameid < 0 and place.radius_km is None:
        return 2  # our neighbourhood and landmark points are approximate (within a few km)
    if code in _REGION_CODES or place.feature_class in ("L", "T", "H"):
        return 5
    return 1


class Geocoder:
    """Rank gazetteer places for a name. Build once (about a second for 10k places), then query.

    The typo index and the context automaton are built on first use (a one-name CLI call needs neither).
    """

    def __init__(self, gazetteer: Gazetteer, cache_size: int = 200_000) -> None:
        self.gazetteer = gazetteer
        self._importance: dict[int, float] = {p.geonameid: importance(p) for p in gazetteer}
        self._index: dict[str, list[Entry]] = defaultdict(list)
        self._governorates: dict[str, str] = {}
        self._admin1_place: dict[str, Place] = {}
        self._cache: dict[tuple[object, ...], list[Candidate]] = {}
        self._cache_size = cache_size
        self._info: dict[int, tuple[Place, int, str, str, str]] = {}
        self._deletes: dict[str, list[str]] | None = None
        self._buckets: dict[str, Bucket] = {}
        self._context: ahocorasick.Automaton | None = None
        # Every indexed spelling, folded → (loose key, skeleton key, vowel shape, generic head, apart): all
        # functions of the folded text alone, so a query spelt as some gazetteer name skips computing them.
        self._known: dict[str, tuple[str, str, str, str, bool]] = {}
        for place in gazetteer:
            seen: set[str] = set()
            base = 0.3 * self._importance[place.geonameid]
            settlement = place.feature_class == "P"
            for alias, preferred in place.all_names():
                folded, loose, key = keys(alias)
                if not folded or folded in seen:
                    continue
                seen.add(folded)
                known = self._known.get(folded)
                if known is None:
                    known = self._known[folded] = (loose, key, vowel_shape(loose), *generic_head(folded))
                head, head_apart = known[3], known[4]
                entry = Entry(
                    place.geonameid,
                    alias,
                    f" match on {'name' if preferred else 'alternate name'} '{alias}'",
                    folded,
                    loose,
                    known[2],
                    preferred,
                    base,
                    place.admin1_code,
                    place.feature_code,
                    settlement,
                    head,
                    head_apart,
                    base if preferred else 0.6 * base - 0.55 * 0.15,
                    base if preferred else 0.8 * base - 0.55 * 0.06,
                )
                # The same sums _rank makes, so the fast path's scores are bit-identical.
                entry.exact_score = 0.55 * 1.0 + entry.exact_order
                entry.normalised_score = 0.55 * 0.95 + entry.order
                self._index[key].append(entry)
            if place.feature_code == "ADM1" and place.admin1_code:
                self._admin1_place.setdefault(place.admin1_code, place)
                for alias, _ in place.all_names():
                    self._governorates[loose_key(alias)] = place.admin1_code
        for code, admin_name in gazetteer.admin1_names.items():
            self._governorates.setdefault(loose_key(admin_name), code)
            self._governorates[loose_key(code)] = code

    def _bucket(self, key: str) -> Bucket | None:
        """The entries under a skeleton key, grouped by folded name, loose key and vowel shape."""
        entries = self._index.get(key)
        if entries is None:
            return None
        bucket = Bucket({}, {}, {}, {}, {})
        for entry in entries:
            bucket.by_folded.setdefault(entry.folded, []).append(entry)
            bucket.by_loose.setdefault(entry.loose, []).append(entry)
            bucket.by_shape.setdefault(entry.shape, []).append(entry)
        for shape, group in bucket.by_shape.items():
            # Within one vowel shape every entry gets the same variant strength, so their order is fixed:
            # keep each place's best entry, best first (a query without hints then stops after `limit`).
            group.sort(key=lambda e: (-e.order, e.place_id))
            best: dict[int, Entry] = {}
            for entry in group:
                best.setdefault(entry.place_id, entry)
            bucket.by_shape[shape] = list(best.values())
        bucket.shape_masks = {shape: (lcs_masks(shape), group) for shape, group in bucket.by_shape.items()}
        if len(key) > 2:
            bucket.weights = {shape: shape_weights(bucket, shape) for shape in bucket.shape_masks}
        self._buckets[key] = bucket
        return bucket

    def _typo_index(self) -> dict[str, list[str]]:
        if self._deletes is None:
            deletes: dict[str, list[str]] = defaultdict(list)
            for key in self._index:
                if len(key) >= 4 and key.isascii():
                    for short in deletions(key):
                        deletes[short].append(key)
            self._deletes = deletes
        return self._deletes

    # -- context -------------------------------------------------------------------------------------
    def _context_automaton(self) -> ahocorasick.Automaton:
        if self._context is not None:
            return self._context
        # Only important places vote: village names are too often ordinary words.
        votes: dict[str, set[str]] = defaultdict(set)
        for place in self.gazetteer:
            if place.admin1_code and self._importance[place.geonameid] >= 0.45:
                for alias, _ in place.all_names():
                    words = " ".join(tokens(alias))
                    if len(words) >= 4:
                        votes[f" {words} "].add(place.admin1_code)
        automaton = ahocorasick.Automaton()
        for key, codes in votes.items():
            automaton.add_word(key, tuple(sorted(codes)))
        if len(automaton):
            automaton.make_automaton()
        self._context = automaton
        return automaton

    def context_governorates(self, text: str) -> dict[str, float]:
        """Governorate code → share of important place mentions in ``text`` (sums to 1, or empty)."""
        if not text:
            return {}
        automaton = self._context_automaton()
        if not len(automaton):
            return {}
        counts: dict[str, float] = defaultdict(float)
        for _, codes in automaton.iter(f" {' '.join(tokens(text))} "):
            for code in codes:
                counts[code] += 1.0 / len(codes)
        total = sum(counts.values())
        return {code: n / total for code, n in counts.items()} if total else {}

    def resolve_governorate(self, text: str) -> str:
        """ "SY.09", "Aleppo", "aleppo", "Hasakeh province", "Deir Ezzor" → admin1 code ("" if unknown)."""
        core, _, _ = designator(text)
        for attempt in (text, core):
            code = self._governorates.get(loose_key(attempt))
            if code:
                return code
        return ""

    # -- lookup --------------------------------------------------------------------------------------
    def _entries(self, name: str, fuzzy: bool = True, top: int = 0) -> list[tuple[Entry, str, float]]:
        """Index entries for ``name``: (entry, match tier, match strength 0..1).

        The one-edit fallback runs only with ``fuzzy`` and when nothing else matched. With ``top`` only the
        best ``top`` variant places per vowel shape are returned (enough when no hint or context reorders).
        """
        folded, loose, key = keys(name)
        found: list[tuple[Entry, str, float]] = []
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._bucket(key)
        if bucket is not None:
            exact = bucket.by_folded.get(folded, ())
            for entry in exact:
                found.append((entry, "exact", 1.0))
            for entry in bucket.by_loose.get(loose, ()):
                if entry.folded != folded:
                    found.append((entry, "normalised", 0.95))
            groups = variant_groups(bucket, key, loose, bool(found))
            if groups:
                head, apart = generic_head(folded)
                for strength, entries in groups:
                    taken = 0
                    for entry in entries:
                        if entry.loose != loose and not ((apart or entry.head_apart) and entry.head != head):
                            found.append((entry, "variant", strength))
                            taken += 1
                            if taken == top:
                                break
        if found or not fuzzy:
            return found
        return self._fuzzy(folded, loose, key)

    def _fuzzy(self, folded: str, loose: str, key: str) -> list[tuple[Entry, str, float]]:
        """Entries one edit away on the skeleton whose spelling is also ≥ 75 % alike (the typo fallback)."""
        found: list[tuple[Entry, str, float]] = []
        if len(key) < 4 or not key.isascii():
            return found
        head, apart = generic_head(folded)
        deletes = self._typo_index()
        near: set[str] = set(deletes.get(key, ()))
        for short in deletions(key):
            if short in self._index and len(short) >= 3:
                near.add(short)
            near.update(deletes.get(short, ()))
        near.discard(key)
        masks = lcs_masks(loose)
        for other in sorted(near):
            for entry in self._index[other]:
                if (apart or entry.head_apart) and entry.head != head:
                    continue  # a generic word gained or lost (see designators.GENERIC_HEADS)
                # One edit on the skeleton is loose; ask the spelt names to look alike too.
                ratio = 2.0 * lcs(masks, len(loose), entry.loose) / (len(loose) + len(entry.loose))
                if ratio >= 0.75:
                    found.append((entry, "fuzzy", 0.2 + 0.4 * ratio))
        return found

    def geocode(
        self,
        name: str,
        context: str | None = None,
        governorate: str | None = None,
        when: date | None = None,
        limit: int = 5,
    ) -> list[Candidate]:
        """Ranked candidates for ``name`` (best first, at most ``limit``); ``[]`` when nothing matches.

        ``when`` is accepted for time-bounded names; the gazetteer has no name validity dates yet, so
        it does not change the result.
        """
        del when  # see docstring
        hint = self.resolve_governorate(governorate) if governorate else ""
        votes = self.context_governorates(context) if context else {}
        vote_key = tuple(sorted((c, round(v, 2)) for c, v in votes.items())) if votes else ()
        cache_key: tuple[object, ...] = (name, hint, vote_key, limit)
        cached = self._cache.get(cache_key)
        if cached is not None:
            return cached
        result = self._geocode(name.strip(), hint, votes, limit)
        if len(self._cache) >= self._cache_size:
            self._cache.clear()
        self._cache[cache_key] = result
        return result

    def _plain(self, name: str, limit: int) -> list[Candidate] | None:
        """The common case in one pass: no hint or context, and the name matched as it stands.

        The same entries in the same order, and the same scores, as ``_rank(_entries(name, False, limit),
        "", "", {}, limit)``; ``None`` when ``_geocode`` would go further (designators, "X, Y", typos).
        """
        folded = fold(name)
        known = self._known.get(folded)
        if known is None:
            _, loose, key = keys(name)
            shape, head, apart = "", None, False
        else:
            loose, key, shape, head, apart = known
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._bucket(key)
            if bucket is None:
                return None
        # place id → (−score, place id, entry, tier): sorted tuples give _rank's order.
        best: dict[int, tuple[float, int, Entry, str]] = {}
        for entry in bucket.by_folded.get(folded, ()):
            old = best.get(entry.place_id)
            if old is None or -entry.exact_score < old[0]:
                best[entry.place_id] = (-entry.exact_score, entry.place_id, entry, "exact")
        for entry in bucket.by_loose.get(loose, ()):
            if entry.folded != folded:
                old = best.get(entry.place_id)
                if old is None or -entry.normalised_score < old[0]:
                    best[entry.place_id] = (-entry.normalised_score, entry.place_id, entry, "normalised")
        if not best and (may_designate(name) or "," in name or " ".join(name.split()) != name):
            return None
        if len(key) > 2:
            # variant_groups inlined (this is the hot path): the same strengths in the same order.
            if head is None:
                shape = vowel_shape(loose)
                head, apart = generic_head(folded)
            weights = bucket.weights.get(shape)
            if weights is None:
                weights = shape_weights(bucket, shape)
            for weight, entries in weights:
                taken = 0
                for entry in entries:
                    if entry.loose != loose and not ((apart or entry.head_apart) and entry.head != head):
                        score = weight + entry.order
                        old = best.get(entry.place_id)
                        if old is None or -score < old[0]:
                            best[entry.place_id] = (-score, entry.place_id, entry, "variant")
                        taken += 1
                        if taken == limit:
                            break
        elif len(key) == 2 and not best:
            groups = variant_groups(bucket, key, loose, False)
            if groups:
                if head is None:
                    head, apart = generic_head(folded)
                for entry in groups[0][1]:
                    if entry.loose != loose and not ((apart or entry.head_apart) and entry.head != head):
                        best[entry.place_id] = (
                            -(0.55 * 0.75 + entry.order),
                            entry.place_id,
                            entry,
                            "variant",
                        )
                        if len(best) == limit:
                            break
        if not best:
            return None
        ranked = sorted(best.values())[:limit]
        return [self._plain_candidate(-score, entry, tier) for score, _, entry, tier in ranked]

    def _plain_candidate(self, score: float, entry: Entry, tier: str) -> Candidate:
        """``_candidate(score, entry, tier, "", "", {})`` from the entry's prebuilt fields."""
        fields = entry.plain
        if fields is None:
            place, precision, admin1_name, static, source = self._place_info(entry.place_id)
            fields = entry.plain = (
                place.geonameid,
                place.name,
                place.lat,
                place.lon,
                place.admin1_code,
                admin1_name,
                place.feature_code,
                precision,
                entry.label + static + source,
                place.admin2_name,
            )
        geonameid, name, lat, lon, admin1_code, admin1_name, feature_code, precision, tail, admin2 = fields
        return Candidate(
            geonameid,
            name,
            lat,
            lon,
            admin1_code,
            admin1_name,
            feature_code,
            precision,
            round(max(0.0, min(1.0, score)), 3),
            tier + tail,
            admin2,
            entry.name,
            tier,
        )

    def _geocode(self, name: str, hint: str, votes: dict[str, float], limit: int) -> list[Candidate]:
        if not name:
            return []
        found: list[tuple[Entry, str, float]] | None = None
        if not hint and not votes:
            plain = self._plain(name, limit)
            if plain is not None:
                return plain
            # No exact or normalised match; the variants are looked up only if they are needed below.
        else:
            found = self._entries(name, fuzzy=False)
            if any(tier in ("exact", "normalised") for _, tier, _ in found):
                return self._rank(found, "", hint, votes, limit)
        kind = ""
        designated = may_designate(name)
        if designated:
            core, kind, generic = designator(name)
            if generic:
                # "Al-Assad Suburb" is how English writes Dahiyat al-Assad: try the Arabic form first.
                arabic = self._entries(f"{generic} {core}", fuzzy=False)
                if any(tier in ("exact", "normalised", "variant") for _, tier, _ in arabic):
                    return self._rank(arabic, "", hint, votes, limit)
        else:
            # No designator word (so no "X district of Y" either): what designator() would return.
            core = " ".join(name.split())
        if core != name:
            return self._rank(self._entries(core), kind, hint, votes, limit)
        if "," in name:
            # "Jobar, Damascus" / "Khan Shaykhun, Idlib": the tail is a hint or the parent.
            head, _, tail = name.rpartition(",")
            return self._with_parent(head.strip(), tail.strip(), hint, votes, limit)
        part = PART_OF_RE.match(name) if designated else None
        if part:
            return self._with_parent(part["part"], part["city"], hint, votes, limit)
        if found is None:
            found = self._entries(name, fuzzy=False, top=limit)
        if not found:
            found = self._generic_core(name)
            if found:
                return self._rank(found, "feature", hint, votes, limit)
            folded, loose, key = keys(name)
            found = self._fuzzy(folded, loose, key)
        return self._rank(found, kind, hint, votes, limit)

    def _generic_core(self, name: str) -> list[tuple[Entry, str, float]]:
        """For "Tall X" / "Jabal X" / "Ayn X" ... that matched nothing: the places named X (no typo fallback).

        A hill, mountain, spring, ruin, valley or well is named after the settlement beside it, so when
        the feature itself is missing from the gazetteer, X locates it within a few km (precision 2).
        """
        words = name.split()
        if len(words) < 2 or not generic_head(fold(name))[1]:
            return []
        # Dropping the generic word is already a step away from the name: no looser match on top of it.
        found = self._entries(" ".join(words[1:]), fuzzy=False)
        return [match for match in found if match[1] != "variant"]

    def _with_parent(
        self, part: str, parent: str, hint: str, votes: dict[str, float], limit: int
    ) -> list[Candidate]:
        parents = self._geocode(parent, hint, votes, 1)
        code = (parents[0].admin1_code if parents else "") or hint
        own = self._geocode(part, code, votes, limit) if part else []
        if own and (not parents or own[0].admin1_code == parents[0].admin1_code):
            return own
        if not parents:
            return own
        city = parents[0]
        # Unknown (or elsewhere) part of a known place: the place itself, within ~25 km.
        why = f"'{part}' not found in {city.name}; located as part of {city.name} ({city.why})"
        fallback = Candidate(
            city.geonameid,
            city.name,
            city.lat,
            city.lon,
            city.admin1_code,
            city.admin1_name,
            city.feature_code,
            max(city.precision, 2),
            round(city.score * 0.8, 3),
            why,
            city.admin2_name,
            city.matched_name,
            "part-of",
        )
        return [fallback, *own][:limit]

    def _rank(
        self,
        found: list[tuple[Entry, str, float]],
        kind: str,
        hint: str,
        votes: dict[str, float],
        limit: int,
    ) -> list[Candidate]:
        # place id → (−score, place id, entry, tier); sorted, best first, ties by place id.
        best: dict[int, tuple[float, int, Entry, str]] = {}
        for entry, tier, match in found:
            # A match only through an alternate name loses 0.06 of match strength (0.15 unless spelt
            # exactly) and part of the place's importance: a place's fame is in its main names.
            score = 0.55 * match + (entry.exact_order if tier == "exact" else entry.order)
            if hint:
                score += 0.2 if entry.admin1_code == hint else -0.1
            if votes:
                # Context picks among equally good spellings more than it rescues a loose one.
                score += (0.25 if match >= 0.9 else 0.12) * votes.get(entry.admin1_code, 0.0)
            if kind == "admin1":
                score += 0.3 if entry.feature_code == "ADM1" else -0.05
            elif kind == "city":
                score += 0.08 if entry.settlement else -0.1
            old = best.get(entry.place_id)
            if old is None or -score < old[0]:
                best[entry.place_id] = (-score, entry.place_id, entry, tier)
        ranked = sorted(best.values())[:limit]
        return [self._candidate(-score, entry, tier, kind, hint, votes) for score, _, entry, tier in ranked]

    def _place_info(self, place_id: int) -> tuple[Place, int, str, str, str]:
        """(place, precision, admin1 name, the reason's parts that depend on the place alone, its source
        part), built once per place."""
        info = self._info.get(place_id)
        if info is None:
            place = self.gazetteer.places[place_id]
            parts = [place.feature_code]
            if place.parent_id is not None:
                parent = self.gazetteer.get(place.parent_id)
                if parent is not None:
                    parts.append(f"neighbourhood of {parent.name}")
            precision = precision_of(place)
            if precision == 2:
                parts.append("approximate centre")
            if place.radius_km:
                parts.append(f"coarse extent: {place.radius_km:g} km around centre")
            source = f"; source: {place.source}" if place.source else ""
            admin1_name = self.gazetteer.admin1_name(place.admin1_code)
            info = (place, precision, admin1_name, "; " + "; ".join(parts), source)
            self._info[place_id] = info
        return info

    def _candidate(
        self, score: float, entry: Entry, tier: str, kind: str, hint: str, votes: dict[str, float]
    ) -> Candidate:
        place, precision, admin1_name, static, source = self._place_info(entry.place_id)
        why = tier + entry.label
        if kind in ("facility", "part", "feature") and precision == 1:
            # A site or quarter named after a settlement lies within a few km of it.
            precision = 2
            why += f"; a {kind} of/at {place.name}, located at the place itself"
        why += static
        if hint:
            why += "; in the hinted governorate" if place.admin1_code == hint else "; outside hint"
        if votes and votes.get(place.admin1_code):
            why += "; governorate also named in context"
        if kind:
            why += f"; name says {kind}"
        why += source
        return Candidate(
            place.geonameid,
            place.name,
            place.lat,
            place.lon,
            place.admin1_code,
            admin1_name,
            place.feature_code,
            precision,
            round(max(0.0, min(1.0, score)), 3),
            why,
            place.admin2_name,
            entry.name,
            tier,
        )

    def clear_cache(self) -> None:
        """Forget cached results (e.g. to measure uncached speed)."""
        self._cache.clear()

    def admin1_place(self, code: str) -> Place | None:
        """The governorate (ADM1) place for a code, when the gazetteer has one."""
        return self._admin1_place.get(code)
