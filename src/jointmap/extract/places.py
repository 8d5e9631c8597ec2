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
the title, the lead and event sentences). The mention record, the cue helpers and the finders that need no
gazetteer (unnamed sites, generic mentions) are in :mod:`jointmap.extract.placementions`.
"""

from __future__ import annotations

import re
from bisect import bisect_left

import ahocorasick

from jointmap.extract.placementions import (
    LOWER_DESIGNATOR_RE,
    STRONG_PREPS,
    PlaceMention,
    area_after,
    coordinate,
    overlaps_before,
    unnamed_sites,
)
from jointmap.extract.placenames import (
    BANNED_IN_RE,
    BORDER_TOWN_BEFORE_RE,
    DEMONYM_COMPOUND_RE,
    HOLDER_SUFFIX_RE,
    JOINED_NAMES_RE,
    NOT_ABROAD,
    ORIGIN_SUFFIX_RE,
    ROUTE_AFTER_RE,
    TIME_ZONE_RE,
    UNNAMED_SITE_WORDS,
    in_route_name,
    is_person,
    title_case,
)
from jointmap.extract.placewords import (
    AREA_CUES,
    ARTICLES,
    GENERIC_PREFIX,
    GROUP_WORDS,
    MONTHS_DAYS,
    MOUNT_WORDS,
    NOT_NAME_TAIL,
    ORG_WORDS,
    PERSONS,
    PLACE_WORDS,
    STOP,
    TOPONYM_START_RE,
    capital_names,
    country_names,
    cue,
    fold,
    world_city_names,
)
from jointmap.extract.text import Normalised, Word, capitalised_runs
from jointmap.geo import Candidate, Geocoder, name_key

__all__ = ["PlaceFinder"]


_ARTICLE_BEFORE_RE = re.compile(r"(?:\b(?:[Aa][lnrsdtz]|[Ee][lnrsdtz]|[Aa]sh|[Ee]sh)[-\s])$")
_DESIGNATOR_RE = re.compile(
    r"\s+(?:(?:Governorate|Province|City|Countryside|District|Camp|province|governorate|city|countryside|"
    r"district)\b)"
)
_AREA_DESIGNATORS = frozenset(("governorate", "province", "countryside"))
_OF_AFTER_RE = re.compile(r"[ \t]+of[ \t]")
_CITY_CODES = frozenset(("PPLC", "PPLA", "PPLA2"))


_HEADLINE_BEFORE = 80  # characters before a name read to tell a headline (160 in all)
_BIG_PLACES = frozenset(("PPLA", "PPLA2", "PPLC", "PCLI", "ADM1", "ADM2"))
_SPEAKS_RE = re.compile(r"\s*,?\s*(?:said|says|told|added|stated|explained|noted|wrote|tweeted)\b")
_PARTY_AFTER_RE = re.compile(r"[ \t]+(?:regime|party|partys|movement)\b")
_COMPLEMENT_BEFORE_RE = re.compile(r"\b(?:of|in|from|at)\s+$")


def _speaks(text: str, s: int, e: int) -> bool:
    """Whether the name at ``s:e`` is someone who speaks ("Mourad said"), not where speakers are from
    ("residents of Kafr Zita said")."""
    return bool(_SPEAKS_RE.match(text, e, min(len(text), e + 24))) and not _COMPLEMENT_BEFORE_RE.search(
        text, max(0, s - 6), s
    )


# "Tal Hamis" is not the village "Hamis": a name right after a capitalised generic toponym word (hill, mount,
# monastery, spring, ...) is part of a longer name the gazetteer lacks; the run path reads the whole name.
_GENERIC_BEFORE_RE = re.compile(
    r"(?<![\w'’-])(?:"
    + "|".join(sorted((w.capitalize() for w in GENERIC_PREFIX), key=len, reverse=True))
    + r")[ \t-](?:[A-Z][\w'’]*[ \t-]){0,2}$"
)
# A place named right after a word that opens the name of an armed group is part of the group's name.
_GROUP_BEFORE_RE = re.compile(
    r"(?<![\w'’-])(?:"
    + "|".join(sorted((w.capitalize() for w in GROUP_WORDS), key=len, reverse=True))
    + r")[ \t-]$"
)
_SURE_MATCHES = frozenset(("exact", "normalised"))
# One or two capitalised words right after a name: perhaps the rest of it ("Salah Eddin").
_NAME_TAIL_RE = re.compile(r"[ \t]+(?P<one>[A-Z][a-z'’]+)(?:[ -](?P<two>[A-Z][a-z'’]+))?(?![\w'’-])")
# A place followed by the governorate it is in: "X in (the) (northeastern) Hasakeh", "X, in Aleppo".
_IN_GOVERNORATE_RE = re.compile(
    r"(?:\s+(?:district|neighbou?rhood|quarter|area|suburb|town|village))?"  # "the Midan district of Aleppo"
    r"\s*,?\s+(?:in|of)\s+(?:the\s+)?(?:(?:north|south|east|west|northeast|northwest|southeast|southwest)"
    r"(?:ern)?\s+)?(?P<name>[A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)?(?:\s+(?:countryside|suburbs|outskirts))?)"
)
_PART_OF_CITY_RE = re.compile(
    r"(?P<part>\s+(?:district|neighbou?rhood|quarter))?\s+of\s+(?:the\s+)?(?:city\s+of\s+)?"
    r"(?P<name>[A-Z][\w'’-]+)"
)
_PART_END_RE = re.compile(r"(?:district|neighbou?rhood|quarter)$", re.I)
_STOP_KEYS = frozenset(("al sham", "ash sham", "as sham", "bilad al sham", "sham"))


_NEXT_CAPITAL_RE = re.compile(r"[ \t]+(?:(?:al|el|ad|an|ar|as|ash|at|az|ed|es|et|ez)-)?[A-Z\u0600-\u06ff]")


def _subspans(n: int) -> list[tuple[int, int]]:
    return [(i, i + length) for length in range(n, 0, -1) for i in range(n - length + 1)]


_THE_BEFORE_RE = re.compile(r"\bthe\s$", re.I)
_NOUN_AFTER_RE = re.compile(r"\s(?!(?:and|or|the|of|for|with|said|told|says)\b)(?P<noun>[a-z]{3,})\b")
# (only as the time of what the sentence tells: not "formed in response to Israel's 1982 invasion of Lebanon")
_EVENT_OF_RE = re.compile(
    r"\b(?:during|amid|throughout)\s+(?:[\w'’-]+\s+){0,3}?(?:invasion|occupation|bombing|bombardment|shelling)"
    r"\s+of\s+(?:the\s+)?$",
    re.I,
)


class PlaceFinder:
    """Find place mentions; build once per geocoder (the automaton takes about a second for 10k places)."""

    def __init__(self, geocoder: Geocoder) -> None:
        self.geocoder = geocoder
        self._memo: dict[
            tuple[str, str | None], Candidate | None
        ] = {}  # the geocoder's answers, per document
        self._headlines: dict[int, bool] = {}  # window start → title case, per document
        # The gazetteer's own country ("Syria", "Syrian Arab Republic"): its name is never abroad.
        self._home = frozenset(
            fold(alias)
            for place in geocoder.gazetteer
            if place.feature_code == "PCLI"
            for alias, _ in place.all_names()
        )
        self._cities_abroad = frozenset(
            k for k, country in world_city_names().items() if country not in self._home
        )
        self._automaton = ahocorasick.Automaton()
        seen: set[str] = set()
        for place in geocoder.gazetteer:
            for alias, _preferred in place.all_names():
                key = fold(alias)
                if len(key) < 3 or key in seen or key in STOP or key in _STOP_KEYS:
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

    def _headline(self, text: str, sentence: tuple[int, int], at: int) -> bool:
        """Whether the words around ``at`` in ``sentence`` (start, end) are a title-case headline (found out
        when asked). Around the name, not from the sentence's start: a text without full stops runs its
        headline on into prose ("... Bombs to Attack Aleppo The chairman told ...")."""
        start = max(sentence[0], at - _HEADLINE_BEFORE)
        known = self._headlines.get(start)
        if known is None:
            known = self._headlines[start] = title_case(text, start, sentence[1])
        return known

    def _foreign_border_town(self, text: str, start: int) -> bool:
        """ "the Turkish border town of Kilis": a town across the border, when the nationality is not the
        gazetteer's country's ("the Syrian border town of Kobani" is at home)."""
        m = BORDER_TOWN_BEFORE_RE.search(text, max(0, start - 40), start)
        return m is not None and not any(fold(m["people"]).startswith(home[:4]) for home in self._home)

    def _whole_name(self, text: str, s: int, e: int, hint: str | None) -> int:
        """The end of the whole name a gazetteer match begins: "Salah Eddin" is one name (a district the
        gazetteer spells "Salah al-Din"), not the village "Salah" followed by a word. The match is extended
        over one or two capitalised words after it when the longer name resolves as written or normalised."""
        if not text[e + 1 : e + 2].isupper():
            return e  # no capitalised word right after (the common case)
        tail = _NAME_TAIL_RE.match(text, e)
        if tail is None:
            return e
        for group in ("two", "one"):
            word = tail[group]
            if word is None or fold(word) in NOT_NAME_TAIL:
                continue
            longer = self._resolve(text[s : tail.end(group)], hint)
            if longer is not None and longer.match in _SURE_MATCHES:
                return tail.end(group)
        return e

    def _resolve_here(self, text: str, s: int, e: int, hint: str | None) -> Candidate | None:
        """The place ``text[s:e]`` names, in the governorate the text puts it in when it says ("Shadadi in
        Hasakeh"), else ``hint``'s first. A neighbourhood of another city than the one the text names is not
        it: "the Midan district of Aleppo" is not Damascus's Midan (the name is then one the gazetteer lacks,
        located by Aleppo). Only for a city's part: "Douma in Damascus province" means the countryside."""
        cand = self._resolve(text[s:e], self._local_hint(text, e, hint))
        if cand is None or not (cand.feature_code == "PPLX" or cand.precision == 2):
            return cand  # (only a section of a city or a landmark in one)
        part_of = _PART_OF_CITY_RE.match(text, e, min(len(text), e + 60))
        if part_of is None or not (part_of["part"] or _PART_END_RE.search(text, s, e)):
            return cand
        city = self.geocoder.resolve_governorate(part_of["name"])
        if city and cand.admin1_code not in (None, "", city):
            return None
        return cand

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
            # "the Aleppo district of Sukkari": perhaps the noun of the place named next (if a city's)
            noun_of_next = (
                d is not None and d.group().strip() == "district" and _OF_AFTER_RE.match(text, d.end())
            )
            if d and not noun_of_next:
                e = d.end()
            article = _ARTICLE_BEFORE_RE.search(text[max(0, s - 4) : s])
            if article and text[s - len(article.group()) - 1 : s - len(article.group())] in (
                "",
                " ",
                "(",
                "\n",
            ):
                s -= len(article.group())  # "Al-Shadadi": the article is part of the name as written
            if fold(text[s:e]) in GENERIC_PREFIX and _NEXT_CAPITAL_RE.match(text, e):
                continue  # "Tal" of "Tal Jibbin": the run path reads the whole name
            if _GROUP_BEFORE_RE.search(text, max(0, s - 12), s):
                continue  # "Fatah Halab", "Liwa Al-Quds": a place in the name of an armed group
            generic = _GENERIC_BEFORE_RE.search(text, max(0, s - 40), s)
            if generic and not (mentions and mentions[-1].end > generic.start()):
                # "Hamis" of "Tal Hamis", "Al-Nimr" of "Jabal Maskar Al-Nimr" (not "Aleppo" after "Deir
                # Ezzor", a name of its own)
                continue
            if mentions and s < mentions[-1].end:
                continue  # inside the longer name just read ("Eddin" of "Salah Eddin")
            if not d:
                e = self._whole_name(text, s, e, hint)
            cand = self._resolve_here(text, s, e, hint)
            if cand is None or is_person(text, s, e):
                continue
            if d and noun_of_next and cand.feature_code not in _CITY_CODES:
                e = d.end()  # "the Sukari district of the city": the district's own designator
            if ORIGIN_SUFFIX_RE.match(text, e) or TIME_ZONE_RE.match(text, e):
                continue  # "Aleppo-based", "Damascus time": an origin or a clock, not a place of events
            if in_route_name(text, s, e):
                continue  # "the Aleppo-Damascus Highway": the run path reads the road's whole name
            if cand.feature_code not in _BIG_PLACES and (
                _speaks(text, s, e) or _PARTY_AFTER_RE.match(text, e)
            ):
                # "Mourad said", "the Baath regime": a village does not speak nor rule; a city may stand for
                # its government
                continue
            prep, noun = cue(text, s, current[0])
            if "alternate name" in cand.why and cand.precision == 1 and not (prep in STRONG_PREPS or noun):
                continue  # a village's alternate name without a cue is more often a word or a person
            area = noun in AREA_CUES or area_after(text, e)
            if d and d.group().split()[0].lower() in _AREA_DESIGNATORS:
                area = True
            mentions.append(
                PlaceMention(s, e, text[s:e], cand, cand.match or "exact", prep, noun, s == current[0], area)
            )
        covered = sorted((m.start, m.end) for m in mentions)
        starts = [c[0] for c in covered]
        for sent_start, sent_end in sentences if run_sentences is None else run_sentences:
            for run_start, run_end, run_words in capitalised_runs(text[sent_start:sent_end], sent_start):
                if len(run_words) == 1 and run_words[0].text.lower() in STOP:
                    continue  # "The", "Syrian": the commonest capitalised words, never a place alone
                k = bisect_left(starts, run_end)  # covered spans starting before the run ends
                if overlaps_before(covered, k - 1, run_start):
                    continue
                mention = self._run_mention(text, run_start, run_words, (sent_start, sent_end), hint)
                if mention is not None:
                    mentions.append(mention)
        if any(word in text for word in UNNAMED_SITE_WORDS):
            mentions.extend(
                unnamed_sites(text, sentences if run_sentences is None else run_sentences, mentions)
            )
        mentions.sort(key=lambda m: m.start)
        if "(" in text:
            mentions = [m for m in mentions if not BANNED_IN_RE.search(text, max(0, m.start - 60), m.start)]
        return coordinate(text, mentions)

    def _run_mention(
        self,
        text: str,
        run_start: int,
        run_words: list[Word],
        sentence: tuple[int, int],
        hint: str | None,
    ) -> PlaceMention | None:
        sent_start = sentence[0]
        ws = list(run_words)
        last = ws[-1]
        if ORIGIN_SUFFIX_RE.search(last.text) or HOLDER_SUFFIX_RE.search(last.text):
            return None  # "UK-based", "Damascus-born", "ISIS-held"
        if last.text.endswith(("'s", "’s")):
            ws[-1] = Word(last.start, last.end - 2, last.text[:-2])
        lowered = [fold(w.text) for w in ws]
        # Drop leading title/org words ("President", "Syrian") and leading months/days ("Thursday").
        if len(ws) > 1 and lowered[0] in GROUP_WORDS:
            return None  # "Fatah Halab": the name of an armed group, not the place in it
        while len(ws) > 1 and (
            # "Abu Zindin" keeps its "Abu", "Ash Shaddadi" its article, "Mount Hermon" its "Mount"
            (
                lowered[0] in STOP
                and lowered[0] not in GENERIC_PREFIX
                and lowered[0] not in ARTICLES
                and lowered[0] not in MOUNT_WORDS
            )
            or lowered[0] in MONTHS_DAYS
            or (len(ws[0].text) >= 4 and ws[0].text.isupper())
        ):  # "President ...", "Thursday ...", a dateline "BEIRUT ..."
            ws, lowered = ws[1:], lowered[1:]
        if not ws or all(w in STOP or w in MONTHS_DAYS for w in lowered):
            return None
        if any(w in ORG_WORDS for w in lowered) and not (
            len(ws) > 1 and lowered[-1] in PLACE_WORDS and not self._headline(text, sentence, ws[0].start)
        ):
            return None  # "the Syrian Army", not "the Association Quarter" (a site named after one)
        if len(ws) == 1 and DEMONYM_COMPOUND_RE.fullmatch(ws[0].text):
            return None  # "a US-Kurdish operation", "Russian-Syrian talks": who, not where
        if lowered[-1] == "time" or TIME_ZONE_RE.match(text, ws[-1].end):
            return None  # "(Damascus Time)"
        if len(ws) > 6 or all(w in PLACE_WORDS for w in lowered):
            return None  # "(Kurdish Mountains)", "the 3000 Housing Project": designators alone name nothing
        start, end = ws[0].start, ws[-1].end
        name = text[start:end]
        prep, noun = cue(text, start, sent_start)
        at_start = start == sent_start
        designated = any(w in PLACE_WORDS for w in lowered) or bool(LOWER_DESIGNATOR_RE.match(text, end))
        strong_cue = prep in STRONG_PREPS or bool(noun)
        if (
            not designated
            and JOINED_NAMES_RE.search(name)
            and ROUTE_AFTER_RE.match(text, end, min(len(text), end + 60))
        ):
            return None  # "the Syria-Turkey border": a line between places, not a place of events
        if not is_person(text, start, end):
            # The whole run, then its sub-spans, longest first ("Syrias Deir el-Zour" → "Deir el-Zour").
            one_name = lowered[0] in GENERIC_PREFIX  # "Tal Jibbin": not "Jibbin"
            for i, j in _subspans(len(ws)):
                if one_name and i > 0:
                    continue
                s_, e_ = ws[i].start, ws[j - 1].end
                sub = text[s_:e_]
                key_ = fold(sub)
                if key_ in STOP or key_ in PERSONS or key_ in _STOP_KEYS:
                    continue
                if j - i == 1 and len(ws) > 1 and key_ in GENERIC_PREFIX:
                    continue  # "Tal" of "Tal Jibbin": a generic word, not the place
                cand = self._resolve_here(text, s_, e_, hint)
                if cand is None:
                    continue
                key = name_key(sub)
                # (the cue of "on Mount Qasioun" is the mountain's, named without the word)
                sub_prep, sub_noun = (
                    (prep, noun) if i == 0 or (i == 1 and lowered[0] in MOUNT_WORDS) else ("", "")
                )
                ok = cand.match in ("exact", "normalised", "part-of") or (
                    cand.match == "variant" and len(key) >= 4 and (strong_cue or designated or len(sub) >= 8)
                )
                if cand.match == "fuzzy" and strong_cue and i == 0 and len(key) >= 5 and cand.score >= 0.45:
                    ok = True
                whole = i == 0 and j == len(ws)
                if (
                    ok
                    and cand.match not in ("exact", "normalised")
                    and (not whole or self._headline(text, sentence, s_))
                ):
                    ok = False  # a spelling variant of a headline word or of part of a name is a guess
                if (
                    ok
                    and cand.match == "normalised"
                    and j - i == 1
                    and not (strong_cue and i == 0)
                    and (s_ == sent_start or self._headline(text, sentence, s_))
                ):
                    ok = False  # "Mass killing", "Many of them": a capitalised word respelled is a guess
                if ok and cand.match not in ("exact", "normalised") and i == 0 and lowered[0] in MOUNT_WORDS:
                    ok = not cand.feature_code.startswith("PPL")  # "Mount Hermon" ~ a village: a guess
                if ok and not whole and designated and cand.precision <= 4:
                    break  # "Kuweires Military Airport": a site named after a town is not the town
                if (
                    ok
                    and cand.feature_code not in _BIG_PLACES
                    and (_speaks(text, s_, e_) or _PARTY_AFTER_RE.match(text, e_))
                ):
                    return None  # "..., Harasta said": a person; "the Baath regime": a party
                if ok:
                    area = sub_noun in AREA_CUES or area_after(text, e_)
                    return PlaceMention(
                        s_, e_, sub, cand, cand.match, sub_prep, sub_noun, s_ == sent_start, area
                    )
        # (an Arabic word that opens a toponym, "Kafr Zita", "Tal Hamis", names a place with no cue at all)
        toponym = len(ws) >= 2 and TOPONYM_START_RE.match(name) is not None and not at_start
        # "Israel's invasion of Lebanon", "the bombing of Yemen": a country an event is of
        folded = fold(name)
        invaded = (
            prep == "of"
            and folded in country_names()
            and _EVENT_OF_RE.search(text, max(0, start - 70), start) is not None
        )
        # A big city abroad, named with a cue ("in Istanbul") or as what a noun belongs to ("the Sydney
        # offices of the UN"; not a capital so: "the Moscow talks" are its government's); not with neither
        # ("Salvador told reporters": a person).
        city = (
            len(ws) <= 3
            and folded in self._cities_abroad
            and (
                strong_cue
                or (
                    _THE_BEFORE_RE.search(text, max(0, start - 4), start) is not None
                    and (noun_after := _NOUN_AFTER_RE.match(text, end)) is not None
                    and noun_after["noun"] not in ORG_WORDS  # (not "the Phoenix brigade": a unit's name)
                    and folded not in capital_names()
                )
            )
        )
        if designated or (prep in STRONG_PREPS and not at_start) or noun or toponym or invaded or city:
            letters = [c for c in name if c.isalpha()]
            if len(letters) < 4 and all(c.isupper() for c in letters):
                return None  # an unknown abbreviation (US, UN) is not a place
            if len(name) < 3 or fold(name) in STOP:
                return None
            if len(ws) == 1 and lowered[0].endswith("s") and lowered[0][:-1] in NOT_NAME_TAIL:
                return None  # "in Tuesdays attack": a possessive without its apostrophe
            if not (noun or (designated and prep in STRONG_PREPS)) and self._headline(text, sentence, start):
                # a headline capitalises every word: "... Members in Week", "Airstrikes Destroy Hospital"
                return None
            key = fold(name)
            if len(ws) > 1 and lowered[0] in MOUNT_WORDS:
                key = key.partition(" ")[2]  # "Mount Lebanon": a mountain of the country named
            stem = key[:-1] if key[-1:] == "s" else key  # "Syrias ...", the apostrophe lost
            country = key in country_names() or stem in country_names()
            # "in Turkey", when the gazetteer is Syria's; "the Turkish border town of Kilis"
            abroad = (
                (country or city)
                and key not in self._home
                and stem not in self._home
                and key not in NOT_ABROAD
            ) or (self._foreign_border_town(text, start))
            return PlaceMention(
                start,
                end,
                name,
                None,
                "unresolved",
                prep,
                noun,
                at_start,
                vague=country or (abroad and not city),  # (a city abroad is as precise as a town)
                abroad=abroad,
            )
        return None
