"""Place name → ranked candidate places.

Lookup is one dict access on the consonant skeleton (:func:`~jointmap.geo.normalize.name_key`), with a
one-edit fallback (deletion index) for typos. Candidates are ranked by

* how the name matched: exact (folded) > normalised (:func:`loose_key`) > variant spelling > one edit;
* which name matched: the place's own name or a known exonym > one of its alternate names;
* importance: feature code (capital, governorate, district centre ...), our major-city data, number of
  alternate names, and only weakly population (0 in most GeoNames rows);
* the governorate hint and the governorates of other places named in the context text;
* a designator in the name itself ("Idlib province" wants the governorate, "Aleppo city" the city).

Results are cached per (name, hint, context governorates, limit).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher

import ahocorasick

from jointmap.geo.normalize import fold, loose_key, name_key, tokens
from jointmap.geo.places import Gazetteer, Place, importance

__all__ = ["Candidate", "Geocoder", "precision_of"]

_TIERS = {"exact": 1.0, "normalised": 0.85, "variant": 0.72, "fuzzy": 0.5}
_ADMIN_WORDS = ("province", "governorate", "governate", "governroate", "muhafazat", "countryside", "suburbs")
_CITY_WORDS = ("city", "town", "village")
_PART_WORDS = ("neighbourhood", "neighborhood", "district", "quarter", "suburb", "area", "region", "sector")
# Facilities and features named after a place: "Kuweires Military Airport", "Tabqa Dam", "Yarmouk camp".
_FACILITY_WORDS = [
    "airport",
    "airbase",
    "base",
    "camp",
    "refugee",
    "military",
    "air",
    "housing",
    "project",
    "complex",
    "youth",
    "dam",
    "hill",
    "hills",
    "farms",
    "farm",
    "gas",
    "field",
    "fields",
    "checkpoint",
    "roundabout",
    "hospital",
    "school",
    "square",
    "street",
    "road",
    "station",
    "prison",
    "bridge",
    "crossing",
    "highway",
]
_LEAD_WORDS = {
    "rif": "admin1",
    "reef": "admin1",
    "rural": "admin1",
    "countryside": "admin1",
    "old": "part",
    "new": "part",
    "greater": "part",
    "downtown": "part",
    "central": "part",
    "eastern": "part",
    "western": "part",
    "northern": "part",
    "southern": "part",
    "east": "part",
    "west": "part",
    "north": "part",
    "south": "part",
}
_LEAD_RE = re.compile(
    r"^(?:the\s+)?(?:(city|town|village|province|governorate|countryside|citadel|old\s+city|outskirts)\s+of\s+)",
    re.I,
)
_PART_OF_RE = re.compile(
    r"^(?P<part>.+?)\s+(?:neighbou?rhood|district|quarter|area|suburb)\s+(?:of|in)\s+(?P<city>.+)$", re.I
)
_REGION_CODES = frozenset({"RGN", "AREA", "MTS", "VAL", "PLN", "DSRT"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """One possible place for a name. ``precision`` is UCDP ``where_prec`` (1 exact … 7 sea/air)."""

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


@dataclass(frozen=True, slots=True)
class _Entry:
    place_id: int
    name: str
    folded: str
    loose: str
    preferred: bool


def precision_of(place: Place) -> int:
    """UCDP where_prec for a place: 1 settlement, 2 our approximate neighbourhood, 3 district, ..."""
    code = place.feature_code
    if code == "PCLI":
        return 6
    if code == "ADM1":
        return 4
    if code == "ADM2":
        return 3
    if code in _REGION_CODES or place.feature_class in ("L", "T", "H"):
        return 5
    if code == "PPLX" and place.geonameid < 0:
        return 2  # our neighbourhood centres are approximate (within a few km)
    return 1


def _deletions(key: str) -> set[str]:
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


def _designator(name: str) -> tuple[str, str]:
    """Strip words that qualify a name: "Idlib province" → ("Idlib", "admin1"), "city of Homs" →
    ("Homs", "city"), "Tabqa Dam" → ("Tabqa", "facility"), "Old Damascus" → ("Damascus", "part")."""
    text = name.strip()
    kind = ""
    lead = _LEAD_RE.match(text)
    if lead:
        word = lead.group(1).lower()
        kind = "city" if word in _CITY_WORDS else "admin1" if word in _ADMIN_WORDS else "part"
        text = text[lead.end() :]
    words = text.split()
    while len(words) > 1 and (fold(words[0]) in _LEAD_WORDS or words[0].isdigit()):
        kind = kind or _LEAD_WORDS.get(fold(words[0]), "part")
        words.pop(0)
    while len(words) > 1:
        last = fold(words[-1])
        if last in _ADMIN_WORDS:
            kind = kind or "admin1"
        elif last in _CITY_WORDS:
            kind = kind or "city"
        elif last in _PART_WORDS:
            kind = kind or "part"
        elif last in _FACILITY_WORDS or last.isdigit():
            kind = kind or "facility"
        else:
            break
        words.pop()
    return " ".join(words), kind


class Geocoder:
    """Rank gazetteer places for a name. Build once (about a second for 10k places), then query."""

    def __init__(self, gazetteer: Gazetteer, cache_size: int = 200_000) -> None:
        self.gazetteer = gazetteer
        self._importance: dict[int, float] = {p.geonameid: importance(p) for p in gazetteer}
        self._index: dict[str, list[_Entry]] = defaultdict(list)
        self._governorates: dict[str, str] = {}
        self._admin1_place: dict[str, Place] = {}
        self._cache: dict[tuple[object, ...], list[Candidate]] = {}
        self._cache_size = cache_size
        seen: set[tuple[int, str]] = set()
        for place in gazetteer:
            for alias, preferred in place.all_names():
                folded = fold(alias)
                if not folded or (place.geonameid, folded) in seen:
                    continue
                seen.add((place.geonameid, folded))
                entry = _Entry(place.geonameid, alias, folded, loose_key(alias), preferred)
                self._index[name_key(alias)].append(entry)
            if place.feature_code == "ADM1" and place.admin1_code:
                self._admin1_place.setdefault(place.admin1_code, place)
                for alias, _ in place.all_names():
                    self._governorates[loose_key(alias)] = place.admin1_code
        for code, admin_name in gazetteer.admin1_names.items():
            self._governorates.setdefault(loose_key(admin_name), code)
            self._governorates[loose_key(code)] = code
        self._deletes: dict[str, list[str]] = defaultdict(list)
        for key in self._index:
            if len(key) >= 4 and key.isascii():
                for short in _deletions(key):
                    self._deletes[short].append(key)
        self._context = self._context_automaton()

    # -- context -------------------------------------------------------------------------------------
    def _context_automaton(self) -> ahocorasick.Automaton:
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
        return automaton

    def context_governorates(self, text: str) -> dict[str, float]:
        """Governorate code → share of important place mentions in ``text`` (sums to 1, or empty)."""
        if not text or not len(self._context):
            return {}
        counts: dict[str, float] = defaultdict(float)
        for _, codes in self._context.iter(f" {' '.join(tokens(text))} "):
            for code in codes:
                counts[code] += 1.0 / len(codes)
        total = sum(counts.values())
        return {code: n / total for code, n in counts.items()} if total else {}

    def resolve_governorate(self, text: str) -> str:
        """ "SY.09", "Aleppo", "aleppo", "Hasakeh province", "Deir Ezzor" → admin1 code ("" if unknown)."""
        core, _ = _designator(text)
        for attempt in (text, core):
            code = self._governorates.get(loose_key(attempt))
            if code:
                return code
        return ""

    # -- lookup --------------------------------------------------------------------------------------
    def _entries(self, name: str) -> tuple[list[tuple[_Entry, str]], str]:
        """Index entries for ``name`` with their match tier, and the key tier reached."""
        folded, loose, key = fold(name), loose_key(name), name_key(name)
        found: list[tuple[_Entry, str]] = []
        for entry in self._index.get(key, ()):
            tier = "exact" if entry.folded == folded else "normalised" if entry.loose == loose else "variant"
            # A one- or two-consonant skeleton ("Foo" ~ "Fu'ah") is too weak to stand alone.
            if tier != "variant" or len(key) > 2:
                found.append((entry, tier))
        if found or len(key) < 4 or not key.isascii():
            return found, "key"
        near: set[str] = set(self._deletes.get(key, ()))
        for short in _deletions(key):
            if short in self._index and len(short) >= 3:
                near.add(short)
            near.update(self._deletes.get(short, ()))
        near.discard(key)
        for other in near:
            for entry in self._index[other]:
                # One edit on the skeleton is loose; ask the spelt names to look alike too.
                if SequenceMatcher(None, loose, entry.loose).ratio() >= 0.75:
                    found.append((entry, "fuzzy"))
        return found, "fuzzy"

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
        vote_key = tuple(sorted((c, round(v, 2)) for c, v in votes.items()))
        cache_key: tuple[object, ...] = (name, hint, vote_key, limit)
        cached = self._cache.get(cache_key)
        if cached is not None:
            return cached
        result = self._geocode(name.strip(), hint, votes, limit)
        if len(self._cache) >= self._cache_size:
            self._cache.clear()
        self._cache[cache_key] = result
        return result

    def _geocode(self, name: str, hint: str, votes: dict[str, float], limit: int) -> list[Candidate]:
        if not name:
            return []
        found, _ = self._entries(name)
        kind = ""
        if not any(tier in ("exact", "normalised") for _, tier in found):
            core, kind = _designator(name)
            if core != name:
                found, _ = self._entries(core)
            elif "," in name:
                # "Jobar, Damascus" / "Khan Shaykhun, Idlib": the tail is a hint or the parent.
                head, _, tail = name.rpartition(",")
                return self._with_parent(head.strip(), tail.strip(), hint, votes, limit)
            else:
                part = _PART_OF_RE.match(name)
                if part:
                    return self._with_parent(part["part"], part["city"], hint, votes, limit)
        return self._rank(found, kind, hint, votes, limit)

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
        found: Iterable[tuple[_Entry, str]],
        kind: str,
        hint: str,
        votes: dict[str, float],
        limit: int,
    ) -> list[Candidate]:
        best: dict[int, tuple[float, _Entry, str]] = {}
        for entry, tier in found:
            place = self.gazetteer.places[entry.place_id]
            match = _TIERS[tier] - (0.0 if entry.preferred else 0.06)
            score = 0.55 * match + 0.3 * self._importance[entry.place_id]
            code = place.admin1_code
            if hint:
                score += 0.2 if code == hint else -0.1
            if votes:
                score += 0.15 * votes.get(code, 0.0)
            if kind == "admin1":
                score += 0.3 if place.feature_code == "ADM1" else -0.05
            elif kind == "city":
                score += 0.08 if place.feature_class == "P" else -0.1
            old = best.get(entry.place_id)
            if old is None or score > old[0]:
                best[entry.place_id] = (score, entry, tier)
        ranked = sorted(best.values(), key=lambda item: (-item[0], item[1].place_id))[:limit]
        return [self._candidate(score, entry, tier, kind, hint, votes) for score, entry, tier in ranked]

    def _candidate(
        self, score: float, entry: _Entry, tier: str, kind: str, hint: str, votes: dict[str, float]
    ) -> Candidate:
        place = self.gazetteer.places[entry.place_id]
        precision = precision_of(place)
        reasons = [f"{tier} match on {'name' if entry.preferred else 'alternate name'} '{entry.name}'"]
        if kind in ("facility", "part") and precision == 1:
            # A site or quarter named after a settlement lies within a few km of it.
            precision = 2
            reasons.append(f"a {kind} of/at {place.name}, located at the place itself")
        reasons.append(f"{place.feature_code}")
        if place.parent_id is not None:
            parent = self.gazetteer.get(place.parent_id)
            if parent is not None:
                reasons.append(f"neighbourhood of {parent.name}")
        if precision_of(place) == 2:
            reasons.append("approximate centre")
        if place.radius_km:
            reasons.append(f"coarse extent: {place.radius_km:g} km around centre")
        if hint:
            reasons.append("in the hinted governorate" if place.admin1_code == hint else "outside hint")
        if votes.get(place.admin1_code):
            reasons.append("governorate also named in context")
        if kind:
            reasons.append(f"name says {kind}")
        reasons.append(f"source: {place.source}" if place.source else "")
        return Candidate(
            geonameid=place.geonameid,
            name=place.name,
            lat=place.lat,
            lon=place.lon,
            admin1_code=place.admin1_code,
            admin1_name=self.gazetteer.admin1_name(place.admin1_code),
            feature_code=place.feature_code,
            precision=precision,
            score=round(max(0.0, min(1.0, score)), 3),
            why="; ".join(r for r in reasons if r),
            admin2_name=place.admin2_name,
            matched_name=entry.name,
            match=tier,
        )

    def clear_cache(self) -> None:
        """Forget cached results (e.g. to measure uncached speed)."""
        self._cache.clear()

    def admin1_place(self, code: str) -> Place | None:
        """The governorate (ADM1) place for a code, when the gazetteer has one."""
        return self._admin1_place.get(code)
