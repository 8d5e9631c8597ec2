"""Place mentions: every place a text names, with its span, resolution and the words around it.

Two passes. An Aho-Corasick automaton over the gazetteer's folded names finds exact names in one pass
(any script). Capitalised runs the automaton did not cover are then tried through the geocoder, which knows
transliteration variants ("Al-Shadadi" ~ "Ash Shaddadah"); a run it cannot resolve is still a place
mention when its words say so ("T-3 Airport", "Jazal Mountains") or a locative cue precedes it ("the
village of Sharifah"): it is kept unresolved and located later by the places around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import ahocorasick

from jointmap.extract.text import Normalised, Word, capitalised_runs
from jointmap.geo import Candidate, Geocoder, fold, name_key

__all__ = ["PlaceFinder", "PlaceMention"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Capitalised words that are also (alternate) gazetteer names but almost never places in English prose.
_STOP = _words(
    """the a an in on at he she it we they but and as is was this that these those there his her its their
    our for from with by after before since during while when where who what which news today yesterday
    said monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun january
    february march april may june july august september october november december jan feb mar apr jun
    jul aug sep oct nov dec state army forces government president minister observatory ministry council
    ministry regime rebels islamic islam syrian kurdish turkish russian american arab arabs muslim sunni
    shiite shia christian reuters afp ap sana press agency tv tass un us eu nato un news group front
    brigade city town village rural northern southern eastern western central north south east west red
    cross crescent human rights al el abu bin ibn sheikh shaykh new old great big upper lower mount
    house home hospital school general colonel major king queen prince god allah mr mrs dr one two three
    four five sham al sham ash sham monitor tags video photo published updated"""
)
# Personal names that are also village names in GeoNames: a person is named far more often than the village.
_PERSONS = _words(
    """assad bashar hafez maher rami samir samira mohammed muhammad mohammad ahmed ahmad ali omar umar
    hassan hussein husain khaled khalid abdullah ibrahim mahmoud mustafa nasrallah putin obama erdogan
    trump lavrov kerry baghdadi jolani julani abdel abdul rahman salim salman karim kareem yousef
    youssef mousa musa issa jamil adnan walid riad riyad faisal fawaz nabil anas"""
)
_ORG_WORDS = _words(
    """army forces force front brigade brigades division observatory ministry council units unit party
    committee coalition news agency group state movement regiment corps guard guards rights nations
    crescent cross court union office government organization organisation command battalion network
    press post times reuters tv television media department legion president minister spokesman
    secretary commander general colonel company bank fund program programme agency association institute
    university"""
)
_PLACE_WORDS = _words(
    """airport airbase base governorate province district countryside mountains mountain hill hills valley
    farms farm camp checkpoint suburb fields field dam bridge square neighbourhood neighborhood quarter
    village town city plain plains desert lake river heights strip crossing highway road junction
    roundabout prison academy factory plant station barracks port island islands mosque gate citadel"""
)
_MONTHS_DAYS = _words(
    """january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday"""
)
_PREPS = _words(
    """in at on near outside around into inside across toward towards from within to of through between and
    targeting targeted striking attacking capturing captured seized seizing entered entering storming
    stormed liberated shelled bombed hit struck recapture recaptured against"""
)
_GEO_NOUNS = _words(
    """town towns city cities village villages district neighbourhood neighborhood neighbourhoods area
    region province governorate countryside suburb suburbs outskirts camp hill hills north south east
    west northeast northwest southeast southwest northern southern eastern western entrance edge part
    parts districts hamlet hamlets mountaintop axis sector corridor farms airbase airport base positions"""
)
_CUE_WORD_RE = re.compile(r"[A-Za-z]+")
_STRONG_PREPS = frozenset(
    ("in", "at", "near", "outside", "around", "into", "inside", "within", "across", "through")
)
_ARTICLE_BEFORE_RE = re.compile(r"(?:\b(?:[Aa][lnrsdtz]|[Ee][lnrsdtz]|[Aa]sh|[Ee]sh)[-\s])$")
_DESIGNATOR_RE = re.compile(
    r"\s+(?:(?:Governorate|Province|City|Countryside|District|Camp|province|governorate|city|countryside|"
    r"district)\b)"
)


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in the text. ``candidate`` is None for a name the gazetteer lacks."""

    start: int
    end: int
    text: str
    candidate: Candidate | None
    match: str  # exact | normalised | variant | fuzzy | unresolved
    prep: str  # the preposition before it ("in", "near", ...), "" if none
    geo_noun: str  # "village", "countryside", "north" ... when "the village of X"
    sentence_start: bool

    @property
    def specific(self) -> bool:
        return self.candidate is not None and self.candidate.precision <= 3


def _is_person(text: str, start: int, end: int) -> bool:
    """A personal name ("Bashar al-Assad", "President Assad", "Mr. Kerry") rather than a place."""
    words = fold(text[start:end]).split()
    if words and (words[0] in _PERSONS or words[-1] in _PERSONS):
        return True
    before = text[max(0, start - 12) : start].lower()
    return bool(re.search(r"(?:president|mr\.?|minister|leader|general|gen\.|sheikh|director)\s+$", before))


_STOP_KEYS = frozenset(("al sham", "ash sham", "as sham", "bilad al sham"))


def _subspans(n: int) -> list[tuple[int, int]]:
    return [(i, i + length) for length in range(n, 0, -1) for i in range(n - length + 1)]


class PlaceFinder:
    """Find place mentions; build once per geocoder (the automaton takes about a second for 10k places)."""

    def __init__(self, geocoder: Geocoder) -> None:
        self.geocoder = geocoder
        self._automaton = ahocorasick.Automaton()
        seen: set[str] = set()
        for place in geocoder.gazetteer:
            for alias, _preferred in place.all_names():
                key = fold(alias)
                if len(key) < 3 or key in seen or key in _STOP or key in _STOP_KEYS:
                    continue
                seen.add(key)
                self._automaton.add_word(f" {key} ", len(key))
        if len(self._automaton):
            self._automaton.make_automaton()

    def _cue(self, text: str, start: int, sentence_start: int) -> tuple[str, str]:
        """(preposition, geographic noun) before a mention: "in the northern town of X" → ("in", "town")."""
        ws = [w.lower() for w in _CUE_WORD_RE.findall(text[max(sentence_start, start - 60) : start])][-6:]
        j = len(ws) - 1
        noun = ""
        if j >= 0 and ws[j] == "of":
            j -= 1
            if j >= 0 and ws[j] in _GEO_NOUNS:
                noun = ws[j]
                j -= 1
            elif j >= 0:
                return "of", ""
        elif j >= 0 and ws[j] in _GEO_NOUNS and ws[j] not in ("north", "south", "east", "west"):
            noun = ws[j]
            j -= 1
        skipped = 0
        while j >= 0 and ws[j] not in _PREPS and skipped < 3 and noun:
            j -= 1
            skipped += 1
        if j >= 0 and ws[j] == "the":
            j -= 1
        if j >= 0 and ws[j] in _PREPS:
            return ws[j], noun
        return "", noun

    def _resolve(self, name: str, hint: str | None) -> Candidate | None:
        found = self.geocoder.geocode(name, governorate=hint, limit=1)
        return found[0] if found else None

    def find(
        self, text: str, norm: Normalised, sentences: list[tuple[int, int]], hint: str | None = None
    ) -> list[PlaceMention]:
        """All place mentions in ``text``; ``sentences`` are (start, end) spans, ``hint`` a governorate."""
        spans: list[tuple[int, int]] = []
        if len(self._automaton):
            for end, length in self._automaton.iter(norm.text):
                s, e = norm.span(end - length, end)
                first = text[s]
                if first.isupper() or (not first.isascii() and not first.islower()):
                    spans.append((s, e))
        # Longest leftmost, no overlaps.
        spans.sort(key=lambda se: (se[0], -(se[1] - se[0])))
        exact: list[tuple[int, int]] = []
        for s, e in spans:
            if exact and s < exact[-1][1]:
                if e - s > exact[-1][1] - exact[-1][0] and s == exact[-1][0]:
                    exact[-1] = (s, e)
                continue
            exact.append((s, e))
        mentions: list[PlaceMention] = []
        sentence_iter = iter(sentences)
        current = next(sentence_iter, (0, len(text)))
        for s, e in exact:
            while s >= current[1]:
                current = next(sentence_iter, (current[1], len(text)))
            d = _DESIGNATOR_RE.match(text, e)
            if d:
                e = d.end()
            article = _ARTICLE_BEFORE_RE.search(text[max(0, s - 4) : s])
            if article and text[s - len(article.group()) - 1 : s - len(article.group())] in (
                "",
                " ",
                "(",
                "\n",
            ):
                s -= len(article.group())  # "Al-Shadadi": the article is part of the name as written
            cand = self._resolve(text[s:e], hint)
            if cand is None or _is_person(text, s, e):
                continue
            prep, noun = self._cue(text, s, current[0])
            if "alternate name" in cand.why and cand.precision == 1 and not (prep in _STRONG_PREPS or noun):
                continue  # a village's alternate name without a cue is more often a word or a person
            mentions.append(
                PlaceMention(s, e, text[s:e], cand, cand.match or "exact", prep, noun, s == current[0])
            )
        covered = [(m.start, m.end) for m in mentions]
        for sent_start, sent_end in sentences:
            for run_start, run_end, run_words in capitalised_runs(text[sent_start:sent_end], sent_start):
                if any(s < run_end and run_start < e for s, e in covered):
                    continue
                mention = self._run_mention(text, run_start, run_words, sent_start, hint)
                if mention is not None:
                    mentions.append(mention)
        mentions.sort(key=lambda m: m.start)
        return mentions

    def _run_mention(
        self, text: str, run_start: int, run_words: list[Word], sent_start: int, hint: str | None
    ) -> PlaceMention | None:
        ws = list(run_words)
        last = ws[-1]
        if last.text.endswith(("'s", "’s")):
            ws[-1] = Word(last.start, last.end - 2, last.text[:-2])
        lowered = [fold(w.text) for w in ws]
        # Drop leading title/org words ("President", "Syrian") and leading months/days ("Thursday").
        while ws and (lowered[0] in _STOP or lowered[0] in _MONTHS_DAYS) and len(ws) > 1:
            ws, lowered = ws[1:], lowered[1:]
        if (
            not ws
            or any(w in _ORG_WORDS for w in lowered)
            or all(w in _STOP or w in _MONTHS_DAYS for w in lowered)
        ):
            return None
        if len(ws) > 6:
            return None
        start, end = ws[0].start, ws[-1].end
        name = text[start:end]
        prep, noun = self._cue(text, start, sent_start)
        at_start = start == sent_start
        designated = any(w in _PLACE_WORDS for w in lowered)
        strong_cue = prep in _STRONG_PREPS or bool(noun)
        if not _is_person(text, start, end):
            # The whole run, then its sub-spans, longest first ("Syrias Deir el-Zour" → "Deir el-Zour").
            for i, j in _subspans(len(ws)):
                s_, e_ = ws[i].start, ws[j - 1].end
                sub = text[s_:e_]
                if fold(sub) in _STOP or fold(sub) in _PERSONS:
                    continue
                cand = self._resolve(sub, hint)
                if cand is None:
                    continue
                key = name_key(sub)
                sub_prep, sub_noun = (prep, noun) if i == 0 else ("", "")
                ok = cand.match in ("exact", "normalised", "part-of") or (
                    cand.match == "variant" and len(key) >= 4 and (strong_cue or designated or len(sub) >= 8)
                )
                if cand.match == "fuzzy" and strong_cue and i == 0 and len(key) >= 5 and cand.score >= 0.45:
                    ok = True
                if ok and not (i == 0 and j == len(ws)) and designated and cand.precision <= 4:
                    break  # "Kuweires Military Airport": a site named after a town is not the town
                if ok:
                    return PlaceMention(s_, e_, sub, cand, cand.match, sub_prep, sub_noun, s_ == sent_start)
        if designated or (prep in _STRONG_PREPS and not at_start) or noun:
            letters = [c for c in name if c.isalpha()]
            if len(letters) < 4 and all(c.isupper() for c in letters):
                return None  # an unknown abbreviation (US, UN) is not a place
            if len(name) < 3 or fold(name) in _STOP:
                return None
            return PlaceMention(start, end, name, None, "unresolved", prep, noun, at_start)
        return None
