"""Place mentions: every place a text names, with its span, resolution and the words around it.

Two passes. An Aho-Corasick automaton over the gazetteer's folded names finds exact names in one pass
(any script). Capitalised runs the automaton did not cover are then tried through the geocoder, which knows
transliteration variants ("Al-Shadadi" ~ "Ash Shaddadah"); a run it cannot resolve is still a place
mention when its words say so ("T-3 Airport", "Jazal Mountains") or a locative cue precedes it ("the
village of Sharifah"): it is kept unresolved and located later by the places around it.

Each mention carries its cue — the preposition or attack verb before it, across a few lower-case modifiers
("targeting the key X"), and the noun that introduces it ("the village of X" names a settlement, "the
countryside of X" a container, "north of X" a reference point) — and a name listed after another shares the
first one's cue ("the villages of A, B and C"). Arabic generic words ("Tal", "Jabal", "Abu") are never a place
alone when a name follows; headline title case, datelines, group names and a village that "said" are not
places. Unknown and variant names are looked for only in the sentences the caller names (the extractor passes
the title, the lead and event sentences).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

import ahocorasick

from jointmap.extract.text import Normalised, Word, capitalised_runs
from jointmap.geo import Candidate, Geocoder, name_key
from jointmap.geo import fold as _fold

# Place names recur within and across documents, and folding one is a few string passes: remember them.
fold = lru_cache(maxsize=1 << 16)(_fold)

__all__ = ["PLACE_VERBS", "SETTLEMENT_NOUNS", "PlaceFinder", "PlaceMention", "cue", "generic_mentions"]


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
    four five sham al sham ash sham monitor tags video photo published updated war iraqi iranian lebanese
    jordanian israeli palestinian saudi qatari egyptian afghan chechen libyan yemeni emirati kuwaiti
    liwa liwaa jaysh jaish harakat harakah jabhat jabhah kataeb kataib katibat faylaq ahrar jund saraya
    tahrir fateh fatah air daily islamist islamists jihadist jihadists"""
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
    university liwa liwaa jaysh jaish harakat harakah jabhat jabhah kataeb kataib katibat faylaq ahrar jund
    saraya daily herald tribune gazette online"""
)
_PLACE_WORDS = _words(
    """airport airbase base governorate province district countryside mountains mountain hill hills valley
    farms farm camp checkpoint suburb fields field dam bridge square neighbourhood neighborhood quarter
    village town city plain plains desert lake river heights strip crossing highway road junction
    roundabout prison academy factory plant station barracks port island islands mosque gate citadel
    orchards orchard gardens garden hospital school stadium complex project housing silos quarries
    quarry refinery oilfield oilfields jabal jebel tal tel tell tall wadi khirbet khirbat"""
)
_MONTHS_DAYS = _words(
    """january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday"""
)
# A verb whose object is the place it acts on ("stormed X", "attempt to enter X") is a cue like a preposition.
# Not the forms that are as often nouns ("attacks launched by X", "shelling carried out by X").
PLACE_VERBS = _words(
    """targeting targeted target striking attacking attacked capturing captured capture captures seized
    seizing seize seizes entered entering enter enters storming stormed storm storms liberated liberating
    liberate liberates shelled bombed hit struck recapture recaptured recapturing recaptures retook retaking
    retake retakes overran overrun raided raiding besieged besieging encircled encircling pounded"""
)
_PREPS = (
    _words(
        """in at on near outside around into inside across toward towards from within to of through between
        and against over"""
    )
    | PLACE_VERBS
)
# "the village of X": X is a settlement or site, the specific place. "the countryside of X": X is the
# container of the area meant, context when a more specific place is named beside it.
SETTLEMENT_NOUNS = _words(
    """town towns city cities village villages district neighbourhood neighborhood hamlet hamlets camp hill
    hills farms airbase airport base mountaintop quarter suburb settlement settlements community"""
)
_AREA_NOUNS = _words(
    """countryside area areas region province governorate suburbs districts neighbourhoods
    neighborhoods part parts axis sector corridor environs vicinity"""
)
# "north of X", "the entrance of X": X is the reference point, usually what a report locates the event by.
_DIRECTIONS = _words(
    """north south east west northeast northwest southeast southwest northern southern eastern western
    entrance edge heart centre center outskirts perimeter slope slopes flank flanks approaches gates"""
)
_GEO_NOUNS = SETTLEMENT_NOUNS | _AREA_NOUNS | _DIRECTIONS
# Arabic generic toponym words: alone, a prefix of a longer name ("Tal Jibbin", "Jabal Zahiyah").
_GENERIC_PREFIX = _words(
    """tal tel tell tall talat jabal jebel jabel wadi deir dayr kafr kfar ain ayn khan beit bayt qasr ras abu
    umm bir sheikh shaykh hay hai hayy mountains mountain hill maarat maaret marat bab nahr jisr khirbet
    khirbat qalaat mazraat ard"""
)
# The Arabic article written as a word of its own: part of the name ("Ash Shaddadi", "Al Bab").
_ARTICLES = _words("al el ad an ar as ash at az ed es et ez")
_MODIFIERS_MAX = 3  # lower-case words allowed between a cue and the name ("targeting the key Al-Assad ...")
_CUE_WORD_RE = re.compile(r"[A-Za-z]+")
_STRONG_PREPS = (
    frozenset(
        ("in", "at", "near", "outside", "around", "into", "inside", "within", "across", "through", "over")
    )
    | PLACE_VERBS
) - {"hit", "hits"}
# A lower-case word after a name that says what it is: "the Al-Dahr Al-Aswad hill", "the Beit Na'im area".
_LOWER_DESIGNATOR_RE = re.compile(
    r"[ \t]+(?:hill|hills|village|town|area|district|neighbou?rhood|airport|airbase|base|mountains?|farms?|"
    r"camp|checkpoint|crossing|dam|valley|plain|orchards?|countryside|region|quarter|suburb)\b"
)
_ARTICLE_BEFORE_RE = re.compile(r"(?:\b(?:[Aa][lnrsdtz]|[Ee][lnrsdtz]|[Aa]sh|[Ee]sh)[-\s])$")
_DESIGNATOR_RE = re.compile(
    r"\s+(?:(?:Governorate|Province|City|Countryside|District|Camp|province|governorate|city|countryside|"
    r"district)\b)"
)
_AREA_DESIGNATORS = frozenset(("governorate", "province", "countryside"))


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
    #: Named as the container of an area ("the countryside of X", "X Governorate", "north of X"): context
    #: when a more specific place is named beside it.
    area: bool = False
    #: Listed after another name and given its cue ("in A and B": B); the first named leads.
    listed: bool = False

    @property
    def specific(self) -> bool:
        return self.candidate is not None and self.candidate.precision <= 3


# A title or role right before a name: "President Assad", "ISIS commander Jassim", "reporter Yusha Yuseef".
_TITLES_BEFORE = tuple(
    _words(
        """president mr mr. mrs mrs. dr dr. minister leader general gen. sheikh director commander spokesman
    spokeswoman spokesperson emir colonel col. brigadier lieutenant lt. activist journalist correspondent
    reporter envoy ambassador governor mayor cleric imam"""
    )
)


_NAME_BEFORE_RE = re.compile(r"\b([A-Z][a-z]+) $")
_NAME_AFTER_RE = re.compile(r" ([A-Z][a-z]+)\b")


def _is_person(text: str, start: int, end: int) -> bool:
    """A personal name ("Bashar al-Assad", "President Assad", "Mr. Kerry", "Sami Jassim Mohammed") rather
    than a place."""
    words = fold(text[start:end]).split()
    if words and (words[0] in _PERSONS or words[-1] in _PERSONS):
        return True
    # A name run on with a personal name: "Jassim Mohammed", "Mohammed Jassim".
    if start >= 2 and text[start - 2].islower():  # "...mi Jassim": a word right before
        name = _NAME_BEFORE_RE.search(text, max(0, start - 16), start)
        if name and name[1].lower() in _PERSONS:
            return True
    if text[end + 1 : end + 2].isupper():  # "Jassim Mo...": a word right after
        name = _NAME_AFTER_RE.match(text, end, end + 16)
        if name and name[1].lower() in _PERSONS:
            return True
    before = text[max(0, start - 12) : start].lower()
    title = before.rstrip()
    return len(title) < len(before) and title.endswith(_TITLES_BEFORE)


_AREA_AFTER_RE = re.compile(r"\s*(?:'s|’s)?\s+(?:countryside|province|governorate)\b", re.I)
_LOWER_WORD_RE = re.compile(r"\b[a-z]{4,}\b")
_UPPER_WORD_RE = re.compile(r"\b[A-Z][a-z]{3,}\b")


def _area_after(text: str, end: int) -> bool:
    """ "X countryside", "X's countryside", "X province": X named as the container of an area."""
    return _AREA_AFTER_RE.match(text, end, min(len(text), end + 30)) is not None


def _title_case(text: str, sent_start: int) -> bool:
    """A headline: most words of four letters or more capitalised."""
    piece = text[sent_start : sent_start + 160]
    upper = len(_UPPER_WORD_RE.findall(piece))
    return upper >= 4 and upper > 2 * len(_LOWER_WORD_RE.findall(piece))


_BIG_PLACES = frozenset(("PPLA", "PPLA2", "PPLC", "PCLI", "ADM1", "ADM2"))
_SPEAKS_RE = re.compile(r"\s*,?\s*(?:said|says|told|added|stated|explained|noted|wrote|tweeted)\b")
# "Tal Hamis" is not the village "Hamis": a name right after a capitalised generic toponym word (hill, mount,
# monastery, spring, ...) is part of a longer name the gazetteer lacks; the run path reads the whole name.
_GENERIC_BEFORE_RE = re.compile(
    r"(?<![\w'’-])(?:"
    + "|".join(sorted((w.capitalize() for w in _GENERIC_PREFIX), key=len, reverse=True))
    + r")[ \t-]$"
)
_SURE_MATCHES = frozenset(("exact", "normalised"))
# A place followed by the governorate it is in: "X in (the) (northeastern) Hasakeh", "X, in Aleppo".
_IN_GOVERNORATE_RE = re.compile(
    r"\s*,?\s+(?:in|of)\s+(?:the\s+)?(?:(?:north|south|east|west|northeast|northwest|southeast|southwest)"
    r"(?:ern)?\s+)?(?P<name>[A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)?)"
)
# "the UK-based Observatory", "a London-born fighter": a compound adjective naming where someone comes from
# or works, not where anything happened (and too short a name to guess a spelling variant from).
_ORIGIN_SUFFIX_RE = re.compile(r"-(?:based|born|made|headquartered)\b", re.I)
# "the ISIS-held village", "Islamist-controlled town": who holds a place, not a place.
_HOLDER_SUFFIX_RE = re.compile(
    r"-(?:held|controlled|backed|led|run|allied|affiliated|linked|dominated|occupied|besieged)$", re.I
)
_STOP_KEYS = frozenset(("al sham", "ash sham", "as sham", "bilad al sham", "sham"))


# "the Aleppo-Damascus Highway", "the Iraqi-Syrian border": places joined by a hyphen name a route or a line
# between them, not where anything happened.
_ROUTE_AFTER_RE = re.compile(
    r"[\w'’-]*(?:[ \t]+[A-Z][\w'’-]*)?[ \t]+(?:highway|road|motorway|railway|pipeline|border|frontier|"
    r"corridor|route|supply route)\b",
    re.I,
)


# Two names joined by a hyphen ("Syria-Turkey"), not an article and its name ("Al-Kindi").
_JOINED_NAMES_RE = re.compile(r"\b(?!(?:[Aa][lnrsdtz]|[Ee][lnrsdtz]|[Aa]sh|[Ee]sh)-)[A-Z][\w'’]+-[A-Z]")


def _in_route_name(text: str, start: int, end: int) -> bool:
    joined_before = start > 1 and text[start - 1] == "-" and text[start - 2].isalpha()
    joined_after = end + 1 < len(text) and text[end] == "-" and text[end + 1].isupper()
    if not (joined_before or joined_after):
        return False
    return _ROUTE_AFTER_RE.match(text, end, min(len(text), end + 60)) is not None


def _overlaps_before(covered: list[tuple[int, int]], k: int, run_start: int) -> bool:
    """Whether a covered span at index ``k`` or before (sorted by start) reaches past ``run_start``."""
    # Mentions do not nest; a few back suffice.
    return any(covered[i][1] > run_start for i in range(k, max(-1, k - 4), -1))


_NEXT_CAPITAL_RE = re.compile(r"[ \t]+(?:(?:al|el|ad|an|ar|as|ash|at|az|ed|es|et|ez)-)?[A-Z\u0600-\u06ff]")
_COORD_RE = re.compile(r"^(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)(?:the\s+)?$")


def _coordinate(text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """ "the villages of A, B and C", "targeting A and B": a name listed after another shares its cue."""
    out: list[PlaceMention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None
            and (prev.prep or prev.geo_noun)
            and m.prep in ("", "and", "or")
            and not m.geo_noun
            and _COORD_RE.match(text[prev.end : m.start])
        ):
            m = replace(m, prep=prev.prep, geo_noun=prev.geo_noun, area=prev.area, listed=True)
        out.append(m)
    return out


def _subspans(n: int) -> list[tuple[int, int]]:
    return [(i, i + length) for length in range(n, 0, -1) for i in range(n - length + 1)]


_AREA_ADJECTIVES = frozenset(("greater", "rural", "eastern", "western", "northern", "southern"))


def cue(text: str, start: int, sentence_start: int) -> tuple[str, str]:
    """(preposition, geographic noun) before a mention: "in the northern town of X" → ("in", "town");
    up to a few lower-case modifiers may stand between ("targeting the key X")."""
    window = text[max(sentence_start, start - 80) : start]
    if not window.rstrip()[-1:].isalpha():
        return "", ""  # "Region - World", "Aleppo, Idlib": punctuation cuts the cue off
    ws = _CUE_WORD_RE.findall(window)[-9:]
    low = [w.lower() for w in ws]
    j = len(low) - 1
    if j >= 1 and low[j] in _AREA_ADJECTIVES and low[j - 1] in ("of", "the"):
        j -= 1  # "the countryside of Greater Damascus", "the suburbs of rural Damascus"
    if j >= 1 and low[j] in ("the", "a"):
        j -= 1  # "of the Panorama Orchards"
    noun = ""
    if j >= 0 and low[j] == "of":
        j -= 1
        if j >= 0 and low[j] in _GEO_NOUNS and ws[j] == low[j]:
            noun = low[j]
            j -= 1
        elif j >= 0:
            return "of", ""
    elif (
        j >= 0
        and ws[j] == low[j]
        and low[j] in _GEO_NOUNS
        and low[j] not in ("north", "south", "east", "west")
    ):
        noun = low[j]
        j -= 1
    if noun and j >= 0 and ws[j][:1].isupper() and low[j] not in _STOP:
        # "in the East Ghouta region of X": the "in" is the cue of the name before; not "the ISIS-held town
        # of X", where the capitalised word is joined to a modifier
        word = list(_CUE_WORD_RE.finditer(window))[j - len(ws)]
        if window[word.end() : word.end() + 1] != "-":
            return "of", noun
    skipped = 0
    limit = _MODIFIERS_MAX + (2 if noun else 0)
    while j >= 0 and low[j] not in _PREPS and low[j] != "the" and skipped < limit:
        if (not noun and ws[j][:1].isupper()) or low[j] == "by":
            break  # "captured by Israel": who acted, not where
        j -= 1
        skipped += 1
    if j >= 0 and low[j] == "the":
        j -= 1
    if j >= 0 and low[j] in _PREPS:
        return low[j], noun
    return "", noun


class PlaceFinder:
    """Find place mentions; build once per geocoder (the automaton takes about a second for 10k places)."""

    def __init__(self, geocoder: Geocoder) -> None:
        self.geocoder = geocoder
        self._memo: dict[
            tuple[str, str | None], Candidate | None
        ] = {}  # the geocoder's answers, per document
        self._headlines: dict[int, bool] = {}  # sentence start → title case, per document
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

    def _resolve(self, name: str, hint: str | None) -> Candidate | None:
        key = (name, hint)
        if key in self._memo:
            return self._memo[key]
        found = self.geocoder.geocode(name, governorate=hint, limit=1)
        if hint and found and found[0].match not in _SURE_MATCHES:
            # The hint breaks ties between places of the same name; it does not turn a name spelled exactly
            # as one place into a guessed spelling of another inside the hinted governorate.
            plain = self._resolve(name, None)
            if plain is not None and plain.match in _SURE_MATCHES:
                found = [plain]
        self._memo[key] = found[0] if found else None
        return self._memo[key]

    def _headline(self, text: str, sent_start: int) -> bool:
        """Whether the sentence starting at ``sent_start`` is a title-case headline (found out when asked)."""
        known = self._headlines.get(sent_start)
        if known is None:
            known = self._headlines[sent_start] = _title_case(text, sent_start)
        return known

    def _local_hint(self, text: str, end: int, hint: str | None) -> str | None:
        """ "Shadadi in northeastern Hasakeh", "Taduf, in Aleppo province": the governorate the text puts a
        place in, named right after it; else the document's ``hint``."""
        m = _IN_GOVERNORATE_RE.match(text, end, min(len(text), end + 60))
        if m is None:
            return hint
        return self.geocoder.resolve_governorate(m["name"]) or hint

    def find(
        self,
        text: str,
        norm: Normalised,
        sentences: list[tuple[int, int]],
        hint: str | None = None,
        run_sentences: list[tuple[int, int]] | None = None,
    ) -> list[PlaceMention]:
        """All place mentions in ``text``; ``sentences`` are (start, end) spans, ``hint`` a governorate.
        Names the gazetteer lacks or spells differently are looked for in ``run_sentences`` (default all)."""
        self._memo.clear()
        self._headlines.clear()
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
            if fold(text[s:e]) in _GENERIC_PREFIX and _NEXT_CAPITAL_RE.match(text, e):
                continue  # "Tal" of "Tal Jibbin": the run path reads the whole name
            if _GENERIC_BEFORE_RE.search(text, max(0, s - 12), s):
                continue  # "Hamis" of "Tal Hamis"
            cand = self._resolve(text[s:e], self._local_hint(text, e, hint))
            if cand is None or _is_person(text, s, e):
                continue
            if _ORIGIN_SUFFIX_RE.match(text, e):
                continue  # "Aleppo-based": an origin, not a place of events
            if _in_route_name(text, s, e):
                continue  # "the Aleppo-Damascus Highway": the run path reads the road's whole name
            if cand.feature_code not in _BIG_PLACES and _SPEAKS_RE.match(text, e, min(len(text), e + 24)):
                continue  # "Mourad said": a village does not speak; a city may stand for its government
            prep, noun = cue(text, s, current[0])
            if "alternate name" in cand.why and cand.precision == 1 and not (prep in _STRONG_PREPS or noun):
                continue  # a village's alternate name without a cue is more often a word or a person
            area = noun in _AREA_NOUNS or _area_after(text, e)
            if d and d.group().split()[0].lower() in _AREA_DESIGNATORS:
                area = True
            mentions.append(
                PlaceMention(s, e, text[s:e], cand, cand.match or "exact", prep, noun, s == current[0], area)
            )
        covered = sorted((m.start, m.end) for m in mentions)
        starts = [c[0] for c in covered]
        for sent_start, sent_end in sentences if run_sentences is None else run_sentences:
            for run_start, run_end, run_words in capitalised_runs(text[sent_start:sent_end], sent_start):
                if len(run_words) == 1 and run_words[0].text.lower() in _STOP:
                    continue  # "The", "Syrian": the commonest capitalised words, never a place alone
                k = bisect_left(starts, run_end)  # covered spans starting before the run ends
                if _overlaps_before(covered, k - 1, run_start):
                    continue
                mention = self._run_mention(text, run_start, run_words, sent_start, hint)
                if mention is not None:
                    mentions.append(mention)
        mentions.sort(key=lambda m: m.start)
        return _coordinate(text, mentions)

    def _run_mention(
        self,
        text: str,
        run_start: int,
        run_words: list[Word],
        sent_start: int,
        hint: str | None,
    ) -> PlaceMention | None:
        ws = list(run_words)
        last = ws[-1]
        if _ORIGIN_SUFFIX_RE.search(last.text) or _HOLDER_SUFFIX_RE.search(last.text):
            return None  # "UK-based", "Damascus-born", "ISIS-held"
        if last.text.endswith(("'s", "’s")):
            ws[-1] = Word(last.start, last.end - 2, last.text[:-2])
        lowered = [fold(w.text) for w in ws]
        # Drop leading title/org words ("President", "Syrian") and leading months/days ("Thursday").
        while len(ws) > 1 and (
            # "Abu Zindin" keeps its "Abu", "Ash Shaddadi" its article
            (lowered[0] in _STOP and lowered[0] not in _GENERIC_PREFIX and lowered[0] not in _ARTICLES)
            or lowered[0] in _MONTHS_DAYS
            or (len(ws[0].text) >= 4 and ws[0].text.isupper())
        ):  # "President ...", "Thursday ...", a dateline "BEIRUT ..."
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
        prep, noun = cue(text, start, sent_start)
        at_start = start == sent_start
        designated = any(w in _PLACE_WORDS for w in lowered) or bool(_LOWER_DESIGNATOR_RE.match(text, end))
        strong_cue = prep in _STRONG_PREPS or bool(noun)
        if (
            not designated
            and _JOINED_NAMES_RE.search(name)
            and _ROUTE_AFTER_RE.match(text, end, min(len(text), end + 60))
        ):
            return None  # "the Syria-Turkey border": a line between places, not a place of events
        if not _is_person(text, start, end):
            # The whole run, then its sub-spans, longest first ("Syrias Deir el-Zour" → "Deir el-Zour").
            one_name = lowered[0] in _GENERIC_PREFIX  # "Tal Jibbin": not "Jibbin"
            for i, j in _subspans(len(ws)):
                if one_name and i > 0:
                    continue
                s_, e_ = ws[i].start, ws[j - 1].end
                sub = text[s_:e_]
                key_ = fold(sub)
                if key_ in _STOP or key_ in _PERSONS or key_ in _STOP_KEYS:
                    continue
                if j - i == 1 and len(ws) > 1 and key_ in _GENERIC_PREFIX:
                    continue  # "Tal" of "Tal Jibbin": a generic word, not the place
                cand = self._resolve(sub, self._local_hint(text, e_, hint))
                if cand is None:
                    continue
                key = name_key(sub)
                sub_prep, sub_noun = (prep, noun) if i == 0 else ("", "")
                ok = cand.match in ("exact", "normalised", "part-of") or (
                    cand.match == "variant" and len(key) >= 4 and (strong_cue or designated or len(sub) >= 8)
                )
                if cand.match == "fuzzy" and strong_cue and i == 0 and len(key) >= 5 and cand.score >= 0.45:
                    ok = True
                whole = i == 0 and j == len(ws)
                if (
                    ok
                    and cand.match not in ("exact", "normalised")
                    and (not whole or self._headline(text, sent_start))
                ):
                    ok = False  # a spelling variant of a headline word or of part of a name is a guess
                if (
                    ok
                    and cand.match == "normalised"
                    and j - i == 1
                    and not (strong_cue and i == 0)
                    and (s_ == sent_start or self._headline(text, sent_start))
                ):
                    ok = False  # "Mass killing", "Many of them": a capitalised word respelled is a guess
                if ok and not whole and designated and cand.precision <= 4:
                    break  # "Kuweires Military Airport": a site named after a town is not the town
                if ok and cand.feature_code not in _BIG_PLACES and _SPEAKS_RE.match(text, e_, e_ + 24):
                    return None  # "..., Harasta said": a person
                if ok:
                    area = sub_noun in _AREA_NOUNS or _area_after(text, e_)
                    return PlaceMention(
                        s_, e_, sub, cand, cand.match, sub_prep, sub_noun, s_ == sent_start, area
                    )
        if designated or (prep in _STRONG_PREPS and not at_start) or noun:
            letters = [c for c in name if c.isalpha()]
            if len(letters) < 4 and all(c.isupper() for c in letters):
                return None  # an unknown abbreviation (US, UN) is not a place
            if len(name) < 3 or fold(name) in _STOP:
                return None
            if not (designated or noun) and self._headline(text, sent_start):
                return None  # a headline capitalises every word: "... Members in Week"
            return PlaceMention(start, end, name, None, "unresolved", prep, noun, at_start)
        return None


def generic_mentions(
    text: str, sentences: list[tuple[int, int]], known: Callable[[str], bool] | None = None
) -> list[PlaceMention]:
    """Place-like mentions without the scenario's gazetteer: capitalised runs that are not titles, months,
    organisations or people, each with its cue, all unresolved. With ``known`` (a test on a folded name, e.g.
    a world list of cities and countries), a run is kept, as :meth:`PlaceFinder.find` keeps one, only when it
    is a known name or its words or cue say it is a place ("the village of X", "in X", "X Airport"). What
    the place ranker is trained on: sentences about any country, with the same cues as the finder gives."""
    mentions: list[PlaceMention] = []
    for sent_start, sent_end in sentences:
        for _s, _e, run_words in capitalised_runs(text[sent_start:sent_end], sent_start):
            ws = list(run_words)
            last = ws[-1]
            if last.text.endswith(("'s", "’s")):
                ws[-1] = Word(last.start, last.end - 2, last.text[:-2])
            lowered = [fold(w.text) for w in ws]
            while len(ws) > 1 and (
                (lowered[0] in _STOP and lowered[0] not in _GENERIC_PREFIX) or lowered[0] in _MONTHS_DAYS
            ):
                ws, lowered = ws[1:], lowered[1:]
            if any(w in _ORG_WORDS for w in lowered) or all(w in _STOP or w in _MONTHS_DAYS for w in lowered):
                continue
            start, end = ws[0].start, ws[-1].end
            if end <= start or _is_person(text, start, end) or fold(text[start:end]) in _PERSONS:
                continue
            letters = [c for c in text[start:end] if c.isalpha()]
            if len(letters) < 2:
                continue
            prep, noun = cue(text, start, sent_start)
            if known is not None and not known(fold(text[start:end])):
                designated = any(w in _PLACE_WORDS for w in lowered) or bool(
                    _LOWER_DESIGNATOR_RE.match(text, end)
                )
                if not (designated or noun or (prep in _STRONG_PREPS and start != sent_start)):
                    continue
            area = noun in _AREA_NOUNS or _area_after(text, end)
            mentions.append(
                PlaceMention(
                    start, end, text[start:end], None, "unresolved", prep, noun, start == sent_start, area
                )
            )
    return _coordinate(text, mentions)
